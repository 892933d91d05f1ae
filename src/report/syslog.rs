//! Syslog (`--syslog udp://HOST:PORT` or `tcp://HOST:PORT`): one message per finding, then one
//! for the summary, to a SIEM's collector. RFC 5424 with structured data (the default), RFC 3164
//! for old collectors, or RFC 5424 carrying the JSON record as its message. Over TCP, messages
//! are framed by octet counting (RFC 6587). Facility local0; the severity follows the level.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::time::{Duration, SystemTime};

use super::model::Finding;
use super::{Record, Reporter, Summary};
use crate::evidence::{Level, Verdict};

/// How messages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyslogFormat {
    Rfc5424,
    Rfc3164,
    /// RFC 5424 whose message is the JSON record (what SIEMs parse best).
    Json,
}

/// Facility local0 (16).
const FACILITY: u8 = 16;
/// The structured-data id: needle's own SD-ID under the example enterprise number of RFC 5612.
const SD_ID: &str = "needle@32473";

enum Transport {
    Udp(UdpSocket),
    Tcp(TcpStream),
}

pub struct Syslog {
    target: SocketAddr,
    tcp: bool,
    /// None after a TCP connection broke; the next message reconnects.
    transport: Option<Transport>,
    format: SyslogFormat,
    /// This machine's name: the syslog HOSTNAME is who sends (the scanned host is in the data).
    hostname: String,
    /// Messages that could not be sent, and the last reason: a collector going away does not
    /// stop the scan, and the caller reports the loss at the end.
    pub lost: u64,
    pub last_error: Option<String>,
}

impl Syslog {
    /// Connects to `url` (`udp://host:port` or `tcp://host:port`); an address that does not
    /// resolve or a TCP collector that does not answer is an error before the scan starts.
    pub fn connect(url: &str, format: SyslogFormat, hostname: String) -> io::Result<Syslog> {
        let invalid = || {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not a syslog address: {url} (udp://HOST:PORT or tcp://HOST:PORT)"),
            )
        };
        let (scheme, address) = url.split_once("://").ok_or_else(invalid)?;
        let tcp = match scheme {
            "udp" => false,
            "tcp" => true,
            _ => return Err(invalid()),
        };
        let target = address.to_socket_addrs()?.next().ok_or_else(invalid)?;
        let transport = Some(open(target, tcp)?);
        // RFC 5424's HOSTNAME is printable ASCII without spaces.
        let hostname: String = hostname
            .chars()
            .map(|c| if c.is_ascii_graphic() { c } else { '-' })
            .collect();
        let hostname = if hostname.is_empty() {
            "-".to_string()
        } else {
            hostname
        };
        Ok(Syslog {
            target,
            tcp,
            transport,
            format,
            hostname,
            lost: 0,
            last_error: None,
        })
    }

    /// Sends one message; over TCP a broken connection is opened again once.
    fn send(&mut self, message: &str) {
        let mut result = self.try_send(message);
        if result.is_err() && self.tcp {
            self.transport = None;
            result = self.try_send(message);
        }
        if let Err(e) = result {
            self.transport = None;
            self.lost += 1;
            self.last_error = Some(e.to_string());
        }
    }

    fn try_send(&mut self, message: &str) -> io::Result<()> {
        if self.transport.is_none() {
            self.transport = Some(open(self.target, self.tcp)?);
        }
        match &mut self.transport {
            Some(Transport::Udp(socket)) => socket.send(message.as_bytes()).map(|_| ()),
            Some(Transport::Tcp(stream)) => {
                // Octet counting (RFC 6587): the length, a space, the message.
                write!(stream, "{} {message}", message.len())?;
                stream.flush()
            }
            None => Ok(()),
        }
    }

    fn message(
        &self,
        severity: u8,
        message_id: &str,
        data: &[(&str, String)],
        text: &str,
        json: &str,
    ) -> String {
        let priority = FACILITY * 8 + severity;
        let pid = std::process::id();
        match self.format {
            SyslogFormat::Rfc3164 => {
                let stamp = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
                format!(
                    "<{priority}>{} {} needle[{pid}]: {text}",
                    bsd_timestamp(&stamp),
                    self.hostname
                )
            }
            SyslogFormat::Rfc5424 | SyslogFormat::Json => {
                let stamp = humantime::format_rfc3339_millis(SystemTime::now());
                let (structured, message) = match self.format {
                    SyslogFormat::Json => ("-".to_string(), json.to_string()),
                    _ => (structured_data(data), format!("\u{feff}{text}")),
                };
                format!(
                    "<{priority}>1 {stamp} {} needle {pid} {message_id} {structured} {message}",
                    self.hostname
                )
            }
        }
    }

    fn finding(&mut self, finding: &Finding) {
        let severity = match finding.level {
            Level::Alert => 1,
            Level::Warning => 4,
            Level::Notice => 5,
        };
        let reasons: Vec<String> = finding.reasons.iter().map(|r| r.id.clone()).collect();
        let mut data = vec![
            ("level", finding.level.name().to_string()),
            ("score", finding.score.to_string()),
            ("path", finding.facts.path.path.clone()),
            ("sha256", finding.facts.sha256.clone()),
            ("md5", finding.facts.md5.clone()),
            ("reasons", reasons.join(",")),
        ];
        // The sender is the scanning machine; a finding in a disk image names the image.
        if let Some(image) = &finding.facts.image {
            data.push(("image", image.image.clone()));
        }
        let text = format!(
            "{} score {} {}: {}",
            finding.level.name().to_uppercase(),
            finding.score,
            finding.facts.path.path,
            reasons.join(", ")
        );
        let json = record_json(&Record::Finding(Box::new(finding.clone())));
        let message = self.message(severity, "finding", &data, &text, &json);
        self.send(&message);
    }

    fn summary(&mut self, summary: &Summary) {
        let severity = match summary.verdict {
            Verdict::Compromised => 1,
            Verdict::Suspicious => 4,
            // Nothing could be read: an error (3) for the host, not an information.
            Verdict::Unknown => 3,
            Verdict::Clean => 6,
        };
        let data = [
            ("host", summary.host.clone()),
            ("verdict", summary.verdict.name().to_string()),
            ("alerts", summary.findings.alert.to_string()),
            ("warnings", summary.findings.warning.to_string()),
            ("notices", summary.findings.notice.to_string()),
            ("errors", summary.errors.to_string()),
            ("files", summary.files_scanned.to_string()),
            ("interrupted", summary.interrupted.to_string()),
        ];
        let text = format!(
            "{} is {}: {} alerts, {} warnings, {} notices, {} errors, {} files",
            summary.host,
            summary.verdict.name().to_uppercase(),
            summary.findings.alert,
            summary.findings.warning,
            summary.findings.notice,
            summary.errors,
            summary.files_scanned
        );
        let json = record_json(&Record::Summary(Box::new(summary.clone())));
        let message = self.message(severity, "summary", &data, &text, &json);
        self.send(&message);
    }
}

impl Reporter for Syslog {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        match record {
            Record::Finding(finding) => self.finding(finding),
            Record::Summary(summary) => self.summary(summary),
            _ => {}
        }
        Ok(())
    }
}

fn open(target: SocketAddr, tcp: bool) -> io::Result<Transport> {
    if tcp {
        let stream = TcpStream::connect_timeout(&target, Duration::from_secs(10))?;
        stream.set_write_timeout(Some(Duration::from_secs(10)))?;
        return Ok(Transport::Tcp(stream));
    }
    let local = if target.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let socket = UdpSocket::bind(local)?;
    socket.connect(target)?;
    Ok(Transport::Udp(socket))
}

fn record_json(record: &Record) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// `[needle@32473 key="value" ...]`, values escaped as RFC 5424 says (`"`, `\` and `]`).
fn structured_data(data: &[(&str, String)]) -> String {
    let mut out = format!("[{SD_ID}");
    for (key, value) in data {
        let escaped = value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(']', "\\]");
        out.push_str(&format!(" {key}=\"{escaped}\""));
    }
    out.push(']');
    out
}

/// `Mmm dd hh:mm:ss` (RFC 3164) from an RFC 3339 UTC time.
fn bsd_timestamp(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = rfc3339
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    let day = rfc3339
        .get(8..10)
        .and_then(|d| d.parse::<u8>().ok())
        .unwrap_or(1);
    let time = rfc3339.get(11..19).unwrap_or("00:00:00");
    format!("{month} {day:>2} {time}")
}

/// Writes every record to each reporter in turn (the chosen format, and syslog).
pub struct Tee<'a> {
    pub reporters: Vec<&'a mut dyn Reporter>,
}

impl Reporter for Tee<'_> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        for reporter in &mut self.reporters {
            reporter.write(record)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        for reporter in &mut self.reporters {
            reporter.finish()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structured_data_is_escaped_and_bsd_time_is_padded() {
        let data = [("path", r#"C:\a "b" ]c"#.to_string())];
        assert_eq!(
            structured_data(&data),
            r#"[needle@32473 path="C:\\a \"b\" \]c"]"#
        );
        assert_eq!(bsd_timestamp("2026-12-07T05:04:03Z"), "Dec  7 05:04:03");
    }
}
