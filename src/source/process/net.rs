//! The host's sockets (`/proc/net/tcp`, `tcp6`, `udp`, `udp6`) and the processes that own them
//! (the `socket:[INODE]` links under `/proc/PID/fd`).

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;

/// One socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Socket {
    /// `tcp`, `tcp6`, `udp`, `udp6`.
    pub protocol: &'static str,
    pub local: SocketAddr,
    pub remote: SocketAddr,
    /// TCP state (`ESTABLISHED`, `LISTEN`...); UDP sockets say `UDP`.
    pub state: &'static str,
    pub inode: u64,
}

impl fmt::Display for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.state == "LISTEN" || self.remote.port() == 0 {
            write!(f, "{} {} {}", self.protocol, self.local, self.state)
        } else {
            write!(
                f,
                "{} {} -> {} {}",
                self.protocol, self.local, self.remote, self.state
            )
        }
    }
}

/// Every socket the kernel lists, in all four tables (a table that cannot be read is left out).
pub fn sockets(proc_root: &Path) -> Vec<Socket> {
    let mut all = Vec::new();
    for protocol in ["tcp", "tcp6", "udp", "udp6"] {
        if let Ok(text) = std::fs::read_to_string(proc_root.join("net").join(protocol)) {
            all.extend(table(protocol, &text));
        }
    }
    all
}

/// The sockets of one table (`text` of `/proc/net/tcp`...): a heading line, then a socket a
/// line; lines that do not parse are passed over.
pub(crate) fn table(protocol: &'static str, text: &str) -> Vec<Socket> {
    text.lines()
        .skip(1)
        .filter_map(|l| parse_line(protocol, l))
        .collect()
}

fn parse_line(protocol: &'static str, line: &str) -> Option<Socket> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let local = address(fields.get(1)?)?;
    let remote = address(fields.get(2)?)?;
    let state = if protocol.starts_with("udp") {
        "UDP"
    } else {
        tcp_state(fields.get(3)?)
    };
    Some(Socket {
        protocol,
        local,
        remote,
        state,
        inode: fields.get(9)?.parse().ok()?,
    })
}

/// `0100007F:1F90` (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian)
/// order, then the port in hex.
fn address(text: &str) -> Option<SocketAddr> {
    let (ip, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let ip = match ip.len() {
        8 => IpAddr::V4(Ipv4Addr::from(
            u32::from_str_radix(ip, 16).ok()?.to_le_bytes(),
        )),
        32 => {
            let mut bytes = [0u8; 16];
            for (word, chunk) in bytes.chunks_mut(4).enumerate() {
                let value = u32::from_str_radix(ip.get(word * 8..word * 8 + 8)?, 16).ok()?;
                chunk.copy_from_slice(&value.to_le_bytes());
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

fn tcp_state(code: &str) -> &'static str {
    match code {
        "01" => "ESTABLISHED",
        "02" => "SYN_SENT",
        "03" => "SYN_RECV",
        "04" => "FIN_WAIT1",
        "05" => "FIN_WAIT2",
        "06" => "TIME_WAIT",
        "07" => "CLOSE",
        "08" => "CLOSE_WAIT",
        "09" => "LAST_ACK",
        "0A" => "LISTEN",
        "0B" => "CLOSING",
        _ => "UNKNOWN",
    }
}

/// Which process owns each socket inode, from the processes' open descriptors (those that can
/// be read).
pub fn owners(proc_root: &Path, pids: &[u32]) -> HashMap<u64, u32> {
    let mut owners = HashMap::new();
    for &pid in pids {
        let Ok(fds) = std::fs::read_dir(proc_root.join(pid.to_string()).join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else {
                continue;
            };
            let text = target.to_string_lossy();
            if let Some(inode) = text
                .strip_prefix("socket:[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|inode| inode.parse().ok())
            {
                owners.entry(inode).or_insert(pid);
            }
        }
    }
    owners
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_net_lines_parse_for_both_families() {
        let v4 = "   0: 0100007F:1F90 0200007F:01BB 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000 100 0 0 10 0";
        let socket = parse_line("tcp", v4).expect("parses");
        assert_eq!(socket.local, "127.0.0.1:8080".parse().expect("addr"));
        assert_eq!(socket.remote, "127.0.0.2:443".parse().expect("addr"));
        assert_eq!(socket.state, "ESTABLISHED");
        assert_eq!(socket.inode, 4242);
        assert_eq!(
            socket.to_string(),
            "tcp 127.0.0.1:8080 -> 127.0.0.2:443 ESTABLISHED"
        );
        let v6 = "   1: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1";
        let listener = parse_line("tcp6", v6).expect("parses");
        assert_eq!(listener.local, "[::1]:22".parse().expect("addr"));
        assert_eq!(listener.to_string(), "tcp6 [::1]:22 LISTEN");
        assert!(parse_line("tcp", "garbage").is_none());
    }

    #[test]
    fn a_socket_of_this_process_is_owned_by_it() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let root = Path::new("/proc");
        let socket = sockets(root)
            .into_iter()
            .find(|s| s.local.port() == port && s.state == "LISTEN")
            .expect("listed");
        let owners = owners(root, &[std::process::id()]);
        assert_eq!(owners.get(&socket.inode), Some(&std::process::id()));
    }
}
