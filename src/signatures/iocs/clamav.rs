//! ClamAV hash databases, one signature a line: `.hdb` (`MD5:SIZE:NAME`) and `.hsb`
//! (`SHA1:SIZE:NAME` or `SHA256:SIZE:NAME`), optionally followed by `:MIN_FLEVEL[:MAX_FLEVEL]`.
//! SIZE is the file size in bytes, or `*` when unknown; it is checked but not matched (the hash
//! alone decides). The signature name is the description; the score is the hash default. Files
//! are read line by line, so a large database is never held whole.

use std::io::BufRead;
use std::sync::Arc;

use super::{Cite, IocProblem, IocSet};

/// Which hashes a database holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    /// `.hdb` (and `.hdu`, the PUA variant): MD5.
    Md5,
    /// `.hsb` (and `.hsu`): SHA-1 or SHA-256.
    Sha,
}

impl Database {
    fn holds(self, hex_digits: usize) -> bool {
        match self {
            Database::Md5 => hex_digits == 32,
            Database::Sha => hex_digits == 40 || hex_digits == 64,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Database::Md5 => "an .hdb database holds MD5 hashes (32 hex digits)",
            Database::Sha => "an .hsb database holds SHA-1 or SHA-256 hashes (40 or 64 hex digits)",
        }
    }
}

/// One signature line, split and checked.
#[derive(Debug, PartialEq, Eq)]
struct Signature<'a> {
    hash: &'a str,
    name: &'a str,
}

fn parse_line(line: &str, database: Database) -> Result<Signature<'_>, String> {
    let fields: Vec<&str> = line.split(':').collect();
    if !(3..=5).contains(&fields.len()) {
        return Err("expected HASH:SIZE:NAME (optionally :MIN_FLEVEL[:MAX_FLEVEL])".to_string());
    }
    let hash = fields[0];
    if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("not a hex hash: {hash:?}"));
    }
    if !database.holds(hash.len()) {
        return Err(format!(
            "{}, not {}: {hash:?}",
            database.expected(),
            hash.len()
        ));
    }
    let size = fields[1];
    if size != "*" && size.parse::<u64>().is_err() {
        return Err(format!("size is neither a number nor '*': {size:?}"));
    }
    let name = fields[2];
    if name.is_empty() {
        return Err("empty signature name".to_string());
    }
    if let Some(level) = fields[3..].iter().find(|f| f.parse::<u32>().is_err()) {
        return Err(format!("functionality level is not a number: {level:?}"));
    }
    Ok(Signature { hash, name })
}

/// The database a line such as `HASH:SIZE:NAME` belongs to, if it is a valid signature line: to
/// tell a ClamAV database by its first line when its name does not.
pub fn detect_line(line: &[u8]) -> Option<Database> {
    let line = std::str::from_utf8(line).ok()?.trim();
    [Database::Md5, Database::Sha]
        .into_iter()
        .find(|&database| parse_line(line, database).is_ok())
}

pub fn load(
    set: &mut IocSet,
    origin: u32,
    name: &str,
    database: Database,
    reader: &mut dyn BufRead,
) -> Vec<IocProblem> {
    let problem = |line: usize, message: String| IocProblem {
        origin: name.to_string(),
        line: Some(line),
        message,
    };
    let mut problems = Vec::new();
    let mut any = false;
    let mut description: Arc<str> = Arc::from("");
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        number += 1;
        match reader.read_until(b'\n', &mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                problems.push(problem(number, format!("read error: {e}")));
                break;
            }
        }
        let Ok(text) = std::str::from_utf8(&buffer) else {
            problems.push(problem(number, "line is not UTF-8 text".to_string()));
            continue;
        };
        let line = text.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let added = parse_line(line, database).and_then(|signature| {
            if *description != *signature.name {
                description = signature.name.into();
            }
            set.add_hash(
                signature.hash,
                None,
                description.clone(),
                Cite::line(origin, number),
            )
        });
        match added {
            Ok(()) => any = true,
            Err(message) => problems.push(problem(number, message)),
        }
    }
    if !any && problems.is_empty() {
        problems.push(IocProblem {
            origin: name.to_string(),
            line: None,
            message: "no indicators in file".to_string(),
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::hashes::hash_bytes;

    use crate::signatures::iocs::tests::loaded;

    fn lines(problems: &[IocProblem]) -> Vec<Option<usize>> {
        problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn signature_lines() {
        let md5 = "44d88612fea8a8f36de82e1278abb02f";
        assert_eq!(
            parse_line(&format!("{md5}:68:Eicar-Signature"), Database::Md5),
            Ok(Signature {
                hash: md5,
                name: "Eicar-Signature"
            })
        );
        assert!(parse_line(&format!("{md5}:*:Eicar:73"), Database::Md5).is_ok());
        assert!(parse_line(&format!("{md5}:*:Eicar:73:255"), Database::Md5).is_ok());
        for bad in [
            format!("{md5}:68"),
            format!("{md5}:68:"),
            format!("{md5}:-1:Eicar"),
            format!("{md5}:big:Eicar"),
            format!("{md5}:68:Eicar:new"),
            format!("{md5}:68:Eicar:1:2:3"),
            format!("{md5}x:68:Eicar"),
            format!("{md5};Eicar"),
        ] {
            assert!(parse_line(&bad, Database::Md5).is_err(), "{bad}");
        }
        // Each database holds its own hash lengths.
        let sha1 = hash_bytes(b"x").sha1_hex();
        assert!(parse_line(&format!("{sha1}:1:X"), Database::Md5).is_err());
        assert!(parse_line(&format!("{sha1}:1:X"), Database::Sha).is_ok());
        assert!(parse_line(&format!("{md5}:1:X"), Database::Sha).is_err());
    }

    #[test]
    fn hdb_and_hsb_files_cite_their_lines() {
        let abc = hash_bytes(b"abc");
        let (set, problems) = loaded(
            "daily.hdb",
            &format!(
                "{}:3:Test.Abc.Md5\n\n{}:3:Test.Sha1\n",
                abc.md5_hex(),
                abc.sha1_hex()
            ),
        );
        assert_eq!(lines(&problems), [Some(3)]);
        assert!(problems[0].message.contains("MD5"), "{problems:?}");
        let reasons = set.match_hashes(&abc);
        assert_eq!(reasons.len(), 1);
        assert_eq!(
            (
                reasons[0].score,
                reasons[0].description.as_str(),
                reasons[0].source.as_deref()
            ),
            (100, "Test.Abc.Md5", Some("daily.hdb:1"))
        );

        let (set, problems) = loaded(
            "main.hsb",
            &format!(
                "{}:*:Test.Sha1:73\r\n{}:3:Test.Sha256\r\nzz:3:Bad\r\n",
                abc.sha1_hex(),
                abc.sha256_hex()
            ),
        );
        assert_eq!(lines(&problems), [Some(3)]);
        let reasons = set.match_hashes(&abc);
        assert_eq!(
            reasons
                .iter()
                .map(|r| (r.description.as_str(), r.source.as_deref()))
                .collect::<Vec<_>>(),
            [
                ("Test.Sha1", Some("main.hsb:1")),
                ("Test.Sha256", Some("main.hsb:2"))
            ]
        );
    }

    #[test]
    fn told_by_first_line_when_the_name_does_not() {
        let abc = hash_bytes(b"abc");
        let (set, problems) = loaded("feed.txt", &format!("{}:*:Test.Sha256\n", abc.sha256_hex()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.counts().sha256, 1);
        assert_eq!(detect_line(b"hello:1:x"), None);
        assert_eq!(
            detect_line(format!("{};x", abc.md5_hex()).as_bytes()),
            None,
            "a LOKI hash line"
        );
    }

    #[test]
    fn empty_and_unreadable_lines() {
        let (_, problems) = loaded("empty.hdb", "");
        assert_eq!(
            (problems[0].line, problems[0].message.as_str()),
            (None, "no indicators in file")
        );
        let mut set = IocSet::default();
        let problems = set.load("bad.hsb", &mut &b"\xff\xfe:1:x\n"[..]);
        assert_eq!(
            (problems[0].line, problems[0].message.as_str()),
            (Some(1), "line is not UTF-8 text")
        );
    }
}
