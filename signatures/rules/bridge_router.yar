// The ThreatNeedle "bridge router" (Kaspersky ICS CERT / GReAT, Feb 2021): the attackers took
// over a Linux (CentOS) router VM that joined the corporate and the restricted, air-gapped
// segment, administered it through Webmin, configured Apache as a proxy between the segments,
// set up logrotate so that logs were wiped, and used SSH tunnels (PuTTY PSCP, a custom tunnelling
// tool) to move data. Written by the needle project; see docs/signatures.md.
//
// Each of these is ordinary administration on its own: many routers run Apache, Webmin or SSH
// tunnels legitimately. The rules therefore read configuration text only, are restricted by
// content so that distribution defaults do not fire, and score as notices (40-55) or, where two
// traits meet in one file, a low warning (60). They are named Bridge_Router_* so that a
// responder sees the pattern when several of them fire on one host. The report describes the
// behaviour, not the exact lines; the directives keyed on here are the needle project's reading
// of how each behaviour is configured.

rule Bridge_Router_Apache_Proxy_Between_Private_Segments
{
    meta:
        description = "Bridge router: Apache forward proxy (ProxyRequests On) that also tunnels (AllowCONNECT) or proxies to a private address"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 60
        mitre_attack = "T1090.001, T1599"
        keys_on = "an active (uncommented) ProxyRequests On line and either AllowCONNECT or a ProxyPass/ProxyPassReverse/ProxyPassMatch/ProxyRemote line to a 10/8, 172.16/12 or 192.168/16 address, in a text file under 256 KB that is not HTML"
    strings:
        $forward = /(^|\n)[ \t]*ProxyRequests[ \t]+On\b/ nocase
        $connect = /(^|\n)[ \t]*AllowCONNECT\b/ nocase
        $to_private = /(^|\n)[ \t]*(ProxyPass|ProxyPassReverse|ProxyPassMatch|ProxyRemote)[ \t][^\r\n]{0,300}https?:\/\/(10\.[0-9]{1,3}|172\.(1[6-9]|2[0-9]|3[01])|192\.168)\.[0-9]{1,3}\.[0-9]{1,3}\b/ nocase
        $html = "<html" nocase
    condition:
        filesize < 256KB and not $html and $forward and ($connect or $to_private)
}

rule Bridge_Router_Apache_Open_Forward_Proxy
{
    meta:
        description = "Bridge router: Apache configured as a forward proxy (ProxyRequests On)"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 50
        mitre_attack = "T1090.001"
        keys_on = "an active ProxyRequests On line in a text file under 256 KB that is not HTML; not counted when the private-segment rule matched"
    strings:
        $forward = /(^|\n)[ \t]*ProxyRequests[ \t]+On\b/ nocase
        $html = "<html" nocase
    condition:
        filesize < 256KB and not $html and $forward and
        not Bridge_Router_Apache_Proxy_Between_Private_Segments
}

rule Bridge_Router_Apache_Reverse_Proxy_To_Private_Address
{
    meta:
        description = "Bridge router: Apache reverse proxy to a private (RFC 1918) address"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 40
        mitre_attack = "T1090.001"
        keys_on = "an active ProxyPass/ProxyPassReverse/ProxyPassMatch/ProxyRemote line to a 10/8, 172.16/12 or 192.168/16 address, in a text file under 256 KB that is not HTML and has no ProxyRequests On"
    strings:
        $forward = /(^|\n)[ \t]*ProxyRequests[ \t]+On\b/ nocase
        $to_private = /(^|\n)[ \t]*(ProxyPass|ProxyPassReverse|ProxyPassMatch|ProxyRemote)[ \t][^\r\n]{0,300}https?:\/\/(10\.[0-9]{1,3}|172\.(1[6-9]|2[0-9]|3[01])|192\.168)\.[0-9]{1,3}\.[0-9]{1,3}\b/ nocase
        $html = "<html" nocase
    condition:
        filesize < 256KB and not $html and $to_private and not $forward
}

rule Bridge_Router_Logrotate_Script_Deletes_Logs
{
    meta:
        description = "Bridge router: logrotate configuration whose script deletes, shreds or empties logs"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 60
        mitre_attack = "T1070.002, T1070.004"
        keys_on = "a prerotate/postrotate/firstaction/lastaction script, closed by endscript, that runs rm on a /var/log path, shred, truncate -s 0, cat /dev/null > or a > /var/log/ redirection, in a file under 64 KB"
    strings:
        $wipe = /(^|\n)[ \t]*(prerotate|postrotate|firstaction|lastaction)\b[^\x00]{0,2000}(\brm[ \t]+(-[A-Za-z-]+[ \t]+)*[^\r\n;|&]{0,200}\/var\/log|\bshred[ \t]|\btruncate[ \t]+(-[A-Za-z]+[ \t]+)*(-s[ \t]*0|--size[ =]0)|\bcat[ \t]+\/dev\/null[ \t]*>|[^2&]>[ \t]*\/var\/log\/)[^\x00]{0,2000}\n[ \t]*endscript\b/
    condition:
        filesize < 64KB and $wipe
}

rule Bridge_Router_Logrotate_Keeps_No_Security_Log
{
    meta:
        description = "Bridge router: logrotate configured to keep no rotated copy (rotate 0) of a security or proxy log"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 45
        mitre_attack = "T1070.002"
        keys_on = "a logrotate block for /var/log/secure, auth.log, messages, syslog, wtmp, btmp, lastlog, audit/, webmin/, httpd/ or apache2/ with a rotate 0 line inside, in a file under 64 KB; not counted when the script rule matched"
    strings:
        $rotate0 = /\/var\/log\/(secure|auth\.log|messages|syslog|wtmp|btmp|lastlog|audit\/|webmin\/|httpd\/|apache2\/)[^{}\x00]{0,500}\{[^}\x00]{0,1000}\n[ \t]*rotate[ \t]+0[ \t]*(\r?\n|#)/
    condition:
        filesize < 64KB and $rotate0 and not Bridge_Router_Logrotate_Script_Deletes_Logs
}

rule Bridge_Router_Webmin_Root_Login
{
    meta:
        description = "Bridge router: Webmin user list with a root login"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 40
        mitre_attack = "T1078.003, T1021"
        keys_on = "a line starting root: in a file named miniserv.users (Webmin's login list), under 1 MB"
    strings:
        $root = /(^|\n)root:/
    condition:
        filename == "miniserv.users" and filesize < 1MB and $root
}

rule Bridge_Router_Webmin_Used_As_Root
{
    meta:
        description = "Bridge router: Webmin access log with requests made as root"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 50
        mitre_attack = "T1078.003, T1021"
        keys_on = "a common-log-format line whose user field is root (ADDRESS - root [DATE]) in a file named miniserv.log or miniserv.log.N (Webmin's access log), under 64 MB"
    strings:
        $root_request = /(^|\n)[0-9A-Fa-f.:]{3,45} - root \[[0-9]{2}\/[A-Za-z]{3}\/[0-9]{4}:/
    condition:
        (filename == "miniserv.log" or filename matches /^miniserv\.log\.[0-9]+$/) and
        filesize < 64MB and $root_request
}

rule Bridge_Router_Persistent_SSH_Tunnel
{
    meta:
        description = "Bridge router: SSH port forwarding kept open without a shell (ssh -N with -R/-L, or autossh) in a script, unit, crontab or history"
        reference = "https://securelist.com/lazarus-threatneedle/100803/"
        author = "needle project"
        date = "2026-12-07"
        score = 45
        mitre_attack = "T1572, T1021.004"
        keys_on = "a line running ssh or autossh with a -R or -L forward (port:host:port) and either -N or autossh, in a text file under 256 KB that is neither HTML nor a manual page"
    strings:
        $ssh_no_shell = /\bssh[ \t]([^\r\n]{0,300}[ \t])?-[A-Za-z]*N[A-Za-z]*([ \t]|\r?\n|$)/
        $autossh      = /\bautossh[ \t]/
        $forward      = /[ \t]-[A-Za-z]*[RL][ \t]*([0-9A-Za-z.*\[\]-]{1,64}:)?[0-9]{1,5}:[^ \t\r\n:]{1,255}:[0-9]{1,5}\b/
        $html = "<html" nocase
        $roff = /^\.(TH|Dd|\\")/
    condition:
        filesize < 256KB and not $html and not $roff and
        $forward and ($ssh_no_shell or $autossh)
}
