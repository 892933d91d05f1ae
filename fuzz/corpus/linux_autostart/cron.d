17 * * * * root cd / && run-parts --report /etc/cron.hourly
