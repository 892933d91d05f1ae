//! Archives and compressed files held in memory: recognising them by content and streaming
//! their members, one nesting level per call, within limits shared by all levels.

mod cab;
mod compressed;
mod limits;
mod sevenz;
mod tar;
#[cfg(test)]
mod tests;
mod zip;

use std::any::Any;
use std::io::{self, Read};
use std::panic::{self, AssertUnwindSafe};

pub(crate) use self::compressed::zstd_reader;
pub use self::limits::{Budget, Limits};
use self::limits::{Failure, Gauge, Metered};

/// The formats recognised, by content (magic bytes), never by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
    SevenZip,
    Cab,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Zip => "zip",
            Kind::Tar => "tar",
            Kind::Gzip => "gzip",
            Kind::Bzip2 => "bzip2",
            Kind::Xz => "xz",
            Kind::Zstd => "zstd",
            Kind::SevenZip => "7z",
            Kind::Cab => "cab",
        }
    }
}

/// Recognises an archive or compressed file by its first bytes.
pub fn detect(data: &[u8]) -> Option<Kind> {
    const MAGICS: &[(&[u8], Kind)] = &[
        (b"PK\x03\x04", Kind::Zip),
        (b"PK\x05\x06", Kind::Zip),
        (b"PK\x07\x08", Kind::Zip),
        (b"\x1f\x8b", Kind::Gzip),
        (b"\xfd7zXZ\x00", Kind::Xz),
        (b"\x28\xb5\x2f\xfd", Kind::Zstd),
        (b"7z\xbc\xaf\x27\x1c", Kind::SevenZip),
        (b"MSCF", Kind::Cab),
    ];
    if let Some(&(_, kind)) = MAGICS.iter().find(|(magic, _)| data.starts_with(magic)) {
        return Some(kind);
    }
    if data.len() >= 4 && data.starts_with(b"BZh") && (b'1'..=b'9').contains(&data[3]) {
        return Some(Kind::Bzip2);
    }
    tar::is_tar(data).then_some(Kind::Tar)
}

/// One member, handed to the visitor while the listing runs.
pub struct Member<'a> {
    /// Path inside the archive, '/'-separated, as stored (lossy UTF-8 for other encodings); the
    /// gzip FNAME or "" for single-stream compressed files.
    pub name: String,
    /// The size the archive records, if it records one.
    pub declared_size: Option<u64>,
    pub content: Content<'a>,
}

pub enum Content<'a> {
    /// The member's bytes. Reading past the budget or the ratio limit gives an io::Error whose
    /// message says which limit was hit; the listing then stops and reports it.
    Data(&'a mut dyn Read),
    /// Encrypted and no password in the list opened it.
    Encrypted,
    /// A compression method or feature not supported here, named.
    Unsupported(String),
    /// The member's entry cannot be read (damaged header, bad offset...).
    Damaged(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// What happened while listing, besides the members: damage, limits hit, members passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub member: Option<String>,
    pub message: String,
}

/// Lists the members of the archive `data` (of kind `kind`), in archive order; each member's
/// content must be read inside `visit`. Directories, symlinks and other non-file entries are
/// not members. Stops early when `visit` returns `Flow::Stop` or a limit is hit.
pub fn members(
    kind: Kind,
    data: &[u8],
    limits: &Limits,
    budget: &Budget,
    visit: &mut dyn FnMut(Member<'_>) -> Flow,
) -> Vec<Problem> {
    let mut session = Session {
        limits,
        budget,
        visit,
        problems: Vec::new(),
        visitor_panic: None,
    };
    let listed = guard(|| match kind {
        Kind::Zip => zip::list(data, &mut session),
        Kind::Tar => tar::list(data, &mut session),
        Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd => {
            compressed::list(kind, data, &mut session)
        }
        Kind::SevenZip => sevenz::list(data, &mut session),
        Kind::Cab => cab::list(data, &mut session),
    });
    if let Some(payload) = session.visitor_panic.take() {
        // The caller's own panic is not ours to swallow.
        panic::resume_unwind(payload);
    }
    if let Err(panic) = listed {
        session.problem(None, format!("{} reader panicked: {panic}", kind.name()));
    }
    session.problems
}

/// How much of an encrypted member a candidate password must decode: the whole member when it is
/// no larger, so that its checksum is checked.
const PASSWORD_TRIAL_BYTES: u64 = 1 << 20;

/// What a candidate password did to an encrypted member, in order of how far it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Trial {
    Fails,
    /// The encryption's own key check passed (or some bytes decoded), the data did not.
    Opens,
    /// The member decodes: to its end when it is at most [`PASSWORD_TRIAL_BYTES`] long (where
    /// the reader checks its CRC or authentication code), else that far.
    Decodes,
}

/// Decodes `member`, decrypted with a candidate password, as far as [`Trial::Decodes`] asks.
fn trial_decode(member: &mut dyn Read, size: u64) -> Trial {
    // One byte more than the trial: a member that fits is read to its end.
    let mut trial = member.take(PASSWORD_TRIAL_BYTES + 1);
    let mut buffer = [0u8; 8192];
    let mut decoded = 0u64;
    loop {
        match trial.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => decoded += n as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) if decoded > 0 => return Trial::Opens,
            Err(_) => return Trial::Fails,
        }
    }
    match decoded {
        n if n == size.min(PASSWORD_TRIAL_BYTES + 1) => Trial::Decodes,
        0 => Trial::Fails,
        _ => Trial::Opens,
    }
}

/// The password to decrypt a member with: the first that decodes it, else the first that opens
/// it (the member is then damaged, and reported so rather than as encrypted). Encryption checks
/// little of the key (ZipCrypto one byte, WinZip AES two, 7z AES none), so a wrong password
/// opens a member now and then, and the decompressor may turn the noise into kilobytes before
/// failing: taking the first that opens would report a member damaged that a later password
/// decodes.
fn pick_password(passwords: &[String], mut trial: impl FnMut(&str) -> Trial) -> Option<String> {
    let mut opens = None;
    for password in passwords {
        match trial(password) {
            Trial::Decodes => return Some(password.clone()),
            Trial::Opens if opens.is_none() => opens = Some(password.clone()),
            Trial::Opens | Trial::Fails => {}
        }
    }
    opens
}

/// Runs crate code that may panic on hostile input; the panic becomes an error message.
fn guard<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(run)).map_err(|payload| panic_message(&*payload))
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic without a message".to_string()
    }
}

/// What a format reader offers the visitor for one member.
enum Offer<'r> {
    /// The member's bytes. `drain` asks for what the visitor leaves unread to be decoded (and
    /// charged) before going on, for formats where the next member comes after it in one stream.
    Data {
        reader: &'r mut dyn Read,
        gauge: &'r mut Gauge,
        drain: bool,
    },
    Encrypted,
    Unsupported(String),
    Damaged(String),
}

/// How a member went, as far as the format reader must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Go on with the next member.
    Next,
    /// The member's data broke off (already reported): a format whose members share one
    /// stream cannot go on.
    Broken,
    /// The visitor asked to stop, or a limit was reached (already reported).
    Stop,
}

/// The state of one `members` call, shared by the format readers.
struct Session<'s> {
    limits: &'s Limits,
    budget: &'s Budget,
    visit: &'s mut dyn FnMut(Member<'_>) -> Flow,
    problems: Vec<Problem>,
    visitor_panic: Option<Box<dyn Any + Send>>,
}

impl Session<'_> {
    fn problem(&mut self, member: Option<&str>, message: String) {
        self.problems.push(Problem {
            member: member.map(str::to_string),
            message,
        });
    }

    fn passwords(&self) -> &[String] {
        &self.limits.passwords
    }

    fn members_left(&self) -> u64 {
        self.budget.members_left()
    }

    /// Hands one member to the visitor, charging it to the budget.
    fn offer(&mut self, name: &str, declared_size: Option<u64>, offer: Offer<'_>) -> Outcome {
        if !self.budget.take_member() {
            let message = format!(
                "{}; stopped before this member",
                self.budget.members_exhausted()
            );
            self.problem(Some(name), message);
            return Outcome::Stop;
        }
        let (reader, gauge, drain) = match offer {
            Offer::Data {
                reader,
                gauge,
                drain,
            } => (reader, gauge, drain),
            Offer::Encrypted => return self.call_visitor(name, declared_size, Content::Encrypted),
            Offer::Unsupported(what) => {
                return self.call_visitor(name, declared_size, Content::Unsupported(what));
            }
            Offer::Damaged(why) => {
                return self.call_visitor(name, declared_size, Content::Damaged(why));
            }
        };
        let mut metered = Metered::new(reader, self.budget, gauge, self.limits.max_ratio);
        let mut outcome = self.call_visitor(name, declared_size, Content::Data(&mut metered));
        if outcome == Outcome::Next && drain {
            // An error here is recorded in `metered` and reported below.
            let _ = io::copy(&mut metered, &mut io::sink());
        }
        let delivered = metered.delivered();
        let ended = metered.ended();
        match metered.into_failure() {
            Some(Failure::Limit(message)) => {
                self.problem(
                    Some(name),
                    format!("{message} after {delivered} bytes of this member; stopped"),
                );
                outcome = Outcome::Stop;
            }
            Some(Failure::Damage(message)) => {
                self.problem(Some(name), message);
                if outcome == Outcome::Next {
                    outcome = Outcome::Broken;
                }
            }
            None => {
                if let Some(declared) = declared_size
                    && ended
                    && delivered < declared
                {
                    let message =
                        format!("data ends after {delivered} of its declared {declared} bytes");
                    self.problem(Some(name), message);
                }
            }
        }
        outcome
    }

    fn call_visitor(
        &mut self,
        name: &str,
        declared_size: Option<u64>,
        content: Content<'_>,
    ) -> Outcome {
        let member = Member {
            name: name.to_string(),
            declared_size,
            content,
        };
        let visit = &mut *self.visit;
        match panic::catch_unwind(AssertUnwindSafe(|| visit(member))) {
            Ok(Flow::Continue) => Outcome::Next,
            Ok(Flow::Stop) => Outcome::Stop,
            Err(payload) => {
                self.visitor_panic = Some(payload);
                Outcome::Stop
            }
        }
    }

    /// Decodes and drops `amount` bytes that the format forces us through to reach a member,
    /// charged like member bytes. Returns how many bytes there were, or, after a limit
    /// (`Outcome::Stop`) or damage (`Outcome::Broken`), reported naming `before`, how it ended.
    fn discard(
        &mut self,
        reader: &mut dyn Read,
        amount: u64,
        gauge: &mut Gauge,
        before: &str,
    ) -> Result<u64, Outcome> {
        let mut metered = Metered::new(reader, self.budget, gauge, self.limits.max_ratio);
        let copied = io::copy(&mut (&mut metered).take(amount), &mut io::sink());
        match (metered.into_failure(), copied) {
            (Some(Failure::Limit(message)), _) => {
                let message =
                    format!("{message} while decoding the data before this member; stopped");
                self.problem(Some(before), message);
                Err(Outcome::Stop)
            }
            (Some(Failure::Damage(message)), _) => {
                self.problem(Some(before), format!("data before this member: {message}"));
                Err(Outcome::Broken)
            }
            (None, Ok(count)) => Ok(count),
            (None, Err(error)) => {
                self.problem(Some(before), format!("data before this member: {error}"));
                Err(Outcome::Broken)
            }
        }
    }
}
