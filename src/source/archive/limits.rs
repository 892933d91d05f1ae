//! Expansion limits: the budget one scanned object shares across every nesting level, and the
//! metered reader that enforces it on each member's bytes.

use std::cell::Cell;
use std::io::{self, Read};

use super::guard;

/// Expanded bytes a decompression unit may produce before the ratio limit applies: small
/// members of extreme ratio (a page of zeros) are normal and harmless.
const RATIO_GRACE_BYTES: u64 = 16 << 20;

/// The largest dictionary a stream may declare (xz, 7z). xz -9 and 7-Zip -mx9 use 64 MiB;
/// more is only ever set by hand, and a hostile header would otherwise choose our memory use.
pub(super) const MAX_DICTIONARY_BYTES: u64 = 256 << 20;

/// What limits the expansion of one top-level object.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Expanded bytes per top-level object, all levels together.
    pub max_total_bytes: u64,
    /// Members per top-level object, all levels together.
    pub max_members: u64,
    /// A member expanding past this many times its compressed size (once past 16 MiB) is cut off.
    pub max_ratio: u64,
    /// Tried on encrypted zip and 7z members, in order.
    pub passwords: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 1 << 30,
            max_members: 10_000,
            max_ratio: 1000,
            passwords: vec!["infected".to_string()],
        }
    }
}

/// What is left of the limits of one top-level object, shared by every nesting level below it:
/// the caller creates one per file it scans and passes it to each nested call.
pub struct Budget {
    max_total_bytes: u64,
    max_members: u64,
    bytes_left: Cell<u64>,
    members_left: Cell<u64>,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            max_total_bytes: limits.max_total_bytes,
            max_members: limits.max_members,
            bytes_left: Cell::new(limits.max_total_bytes),
            members_left: Cell::new(limits.max_members),
        }
    }

    pub fn bytes_left(&self) -> u64 {
        self.bytes_left.get()
    }

    pub fn members_left(&self) -> u64 {
        self.members_left.get()
    }

    /// Counts one member; false when none is left.
    pub(super) fn take_member(&self) -> bool {
        match self.members_left.get().checked_sub(1) {
            Some(left) => {
                self.members_left.set(left);
                true
            }
            None => false,
        }
    }

    fn spend(&self, bytes: u64) {
        self.bytes_left
            .set(self.bytes_left.get().saturating_sub(bytes));
    }

    pub(super) fn members_exhausted(&self) -> String {
        format!("member limit of {} reached", self.max_members)
    }

    fn bytes_exhausted(&self) -> String {
        format!("expansion limit of {} bytes reached", self.max_total_bytes)
    }
}

/// The compressed input and expanded output of one decompression unit (a zip entry, a gzip
/// stream, a solid 7z block, a cab folder), for the ratio limit.
pub(super) struct Gauge {
    compressed: u64,
    expanded: u64,
}

impl Gauge {
    pub(super) fn new(compressed: u64) -> Gauge {
        Gauge {
            compressed,
            expanded: 0,
        }
    }

    fn allowance(&self, max_ratio: u64) -> u64 {
        let ceiling = max_ratio
            .saturating_mul(self.compressed)
            .max(RATIO_GRACE_BYTES);
        ceiling.saturating_sub(self.expanded)
    }
}

/// Why a metered reader stopped delivering.
pub(super) enum Failure {
    /// A limit was reached: the whole listing stops.
    Limit(String),
    /// The member's data is broken (decoder error or panic).
    Damage(String),
}

/// A member's bytes as the visitor sees them: every byte is charged to the budget and the unit's
/// gauge, and the first failure is kept so the listing can report it even if the visitor
/// swallowed the error.
pub(super) struct Metered<'a> {
    inner: &'a mut dyn Read,
    budget: &'a Budget,
    gauge: &'a mut Gauge,
    max_ratio: u64,
    delivered: u64,
    /// The decoder reported the end of the member.
    ended: bool,
    failure: Option<Failure>,
}

impl<'a> Metered<'a> {
    pub(super) fn new(
        inner: &'a mut dyn Read,
        budget: &'a Budget,
        gauge: &'a mut Gauge,
        max_ratio: u64,
    ) -> Metered<'a> {
        Metered {
            inner,
            budget,
            gauge,
            max_ratio,
            delivered: 0,
            ended: false,
            failure: None,
        }
    }

    pub(super) fn delivered(&self) -> u64 {
        self.delivered
    }

    pub(super) fn ended(&self) -> bool {
        self.ended
    }

    pub(super) fn into_failure(self) -> Option<Failure> {
        self.failure
    }

    fn fail(&mut self, failure: Failure) -> io::Error {
        let message = match &failure {
            Failure::Limit(message) | Failure::Damage(message) => message.clone(),
        };
        self.failure = Some(failure);
        io::Error::other(message)
    }

    fn limit_reached(&mut self) -> io::Error {
        let message = if self.budget.bytes_left() == 0 {
            self.budget.bytes_exhausted()
        } else {
            format!(
                "compression ratio limit of {} reached ({} bytes expanded from {} compressed)",
                self.max_ratio, self.gauge.expanded, self.gauge.compressed
            )
        };
        self.fail(Failure::Limit(message))
    }

    /// Reads from the decoder with its panics and errors turned into a recorded failure.
    fn pull(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let capacity = buf.len();
        let inner = &mut *self.inner;
        match guard(|| inner.read(buf)) {
            Ok(Ok(count)) if count <= capacity => Ok(count),
            Ok(Ok(count)) => Err(self.fail(Failure::Damage(format!(
                "decoder claimed {count} bytes read into a {capacity}-byte buffer"
            )))),
            Ok(Err(error)) => {
                let message = format!("data unreadable after {} bytes: {error}", self.delivered);
                Err(self.fail(Failure::Damage(message)))
            }
            Err(panic) => {
                let message = format!("decoder panicked after {} bytes: {panic}", self.delivered);
                Err(self.fail(Failure::Damage(message)))
            }
        }
    }
}

impl Read for Metered<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(Failure::Limit(message) | Failure::Damage(message)) = &self.failure {
            return Err(io::Error::other(message.clone()));
        }
        if buf.is_empty() {
            return Ok(0);
        }
        let allowance = self
            .budget
            .bytes_left()
            .min(self.gauge.allowance(self.max_ratio));
        if allowance == 0 {
            // At the limit a member that ends exactly there is fine; one with more is cut off.
            let mut probe = [0u8; 1];
            return match self.pull(&mut probe)? {
                0 => {
                    self.ended = true;
                    Ok(0)
                }
                _ => Err(self.limit_reached()),
            };
        }
        let wanted = usize::try_from(allowance).map_or(buf.len(), |a| a.min(buf.len()));
        let count = self.pull(&mut buf[..wanted])?;
        self.ended |= count == 0;
        let count_u64 = count as u64;
        self.budget.spend(count_u64);
        self.gauge.expanded = self.gauge.expanded.saturating_add(count_u64);
        self.delivered = self.delivered.saturating_add(count_u64);
        Ok(count)
    }
}
