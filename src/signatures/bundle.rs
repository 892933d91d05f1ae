//! Precompiled rule bundles: YARA-X `Rules::serialize` output behind a header that says what
//! made it, so a bundle from another YARA-X version, a truncated or corrupted file, or a file
//! that is not a bundle is refused with a clear error before YARA-X ever parses it.
//!
//! Layout (little-endian):
//! `NEEDLE-RULES\0` magic, u32 format version, needle version and YARA-X version (u32 length +
//! UTF-8 each), 32-byte digest of the rule sources, u32 rule count, u32 rule file count,
//! u64 payload length, u64 length of the payload inflated, 32-byte SHA-256 of the payload,
//! payload: the serialised rules, deflated.
//!
//! The payload is deflated so that a bundle holds none of its patterns in clear and is scanned
//! like any file: a scan that meets needle's own compiled rules (a bundle, a rule-cache entry)
//! finds nothing in them, with no allowance a forger could borrow. Format 1 stored the payload
//! as it is (and no inflated length); such a file is recognised ([`holds_rules_in_clear`]) and
//! not rule-scanned.
//!
//! A bundle is trusted like a rule file (it holds compiled code): the checks catch accidents,
//! not a forger who recomputes the digests.

use std::io::{Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use sha2::{Digest, Sha256};

use crate::panics;

const MAGIC: &[u8] = b"NEEDLE-RULES\0";
const FORMAT_VERSION: u32 = 2;
/// The format whose payload is the serialised rules in clear.
const CLEAR_TEXT_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("not a needle rule bundle")]
    NotABundle,
    #[error("truncated rule bundle")]
    Truncated,
    #[error(
        "rule bundle format {0} is not supported (this needle reads format {FORMAT_VERSION}): compile it again with `needle rules compile`"
    )]
    Format(u32),
    #[error(
        "rule bundle built with YARA-X {found}, this needle uses YARA-X {expected}: compile it again with `needle rules compile`"
    )]
    YaraVersion { found: String, expected: String },
    #[error("rule bundle is corrupted (payload digest mismatch)")]
    Corrupted,
    #[error("rule bundle is corrupted (its payload does not inflate to its stated length: {0})")]
    Inflate(String),
    #[error("rule bundle cannot be loaded: {0}")]
    Deserialize(String),
    #[error("cannot serialise rules: {0}")]
    Serialize(String),
}

/// What a bundle's header says about it.
#[derive(Debug, Clone)]
pub struct BundleInfo {
    pub needle_version: String,
    pub yara_x_version: String,
    pub sources_digest: [u8; 32],
    pub rule_count: u32,
    pub rule_files: u32,
}

/// Whether `bytes` start like a bundle (to tell bundles from rule sources).
pub fn is_bundle(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Whether the file at `path` starts like a bundle.
pub fn file_is_bundle(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; MAGIC.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| is_bundle(&head))
}

/// Serialises `rules` into a bundle.
pub fn write(
    rules: &yara_x::Rules,
    sources_digest: [u8; 32],
    rule_files: u32,
) -> Result<Vec<u8>, BundleError> {
    let serialised = rules
        .serialize()
        .map_err(|e| BundleError::Serialize(e.to_string()))?;
    let deflated = deflate(&serialised).map_err(|e| BundleError::Serialize(e.to_string()))?;
    let rule_count = super::yara::count_rules(rules) as u32;
    Ok(assemble(
        (sources_digest, rule_count, rule_files),
        Some(serialised.len() as u64),
        &deflated,
    ))
}

fn deflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// A bundle of this needle and YARA-X: of format 2 with the payload's `inflated_len`, else of
/// format 1 (tests only).
fn assemble(
    (sources_digest, rule_count, rule_files): ([u8; 32], u32, u32),
    inflated_len: Option<u64>,
    payload: &[u8],
) -> Vec<u8> {
    let format = inflated_len.map_or(CLEAR_TEXT_FORMAT, |_| FORMAT_VERSION);
    let mut out = Vec::with_capacity(payload.len() + 256);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&format.to_le_bytes());
    for text in [env!("CARGO_PKG_VERSION"), env!("NEEDLE_YARA_X_VERSION")] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&sources_digest);
    out.extend_from_slice(&rule_count.to_le_bytes());
    out.extend_from_slice(&rule_files.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    if let Some(len) = inflated_len {
        out.extend_from_slice(&len.to_le_bytes());
    }
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

/// Checks a bundle's header and payload digest, inflates the payload, then hands it to YARA-X (a
/// panic there is caught and reported).
pub fn read(bytes: &[u8]) -> Result<(yara_x::Rules, BundleInfo), BundleError> {
    let (info, payload) = parse(bytes)?;
    let Payload::Deflated {
        bytes: deflated,
        inflated_len,
    } = payload
    else {
        return Err(BundleError::Format(CLEAR_TEXT_FORMAT));
    };
    if info.yara_x_version != env!("NEEDLE_YARA_X_VERSION") {
        return Err(BundleError::YaraVersion {
            found: info.yara_x_version,
            expected: env!("NEEDLE_YARA_X_VERSION").to_string(),
        });
    }
    let serialised = inflate(deflated, inflated_len)?;
    let rules = panics::catch(|| yara_x::Rules::deserialize(&serialised))
        .map_err(|panic| BundleError::Deserialize(format!("YARA-X panicked: {panic}")))?
        .map_err(|e| BundleError::Deserialize(e.to_string()))?;
    Ok((rules, info))
}

/// The payload inflated: exactly `len` bytes, read no further (a forged length or a deflate
/// bomb costs no more than the length the header states).
fn inflate(deflated: &[u8], len: u64) -> Result<Vec<u8>, BundleError> {
    let mut decoder = DeflateDecoder::new(deflated);
    let mut out = Vec::new();
    let mut beyond = [0u8; 1];
    let more = decoder
        .by_ref()
        .take(len)
        .read_to_end(&mut out)
        .and_then(|_| decoder.read(&mut beyond))
        .map_err(|e| BundleError::Inflate(e.to_string()))?;
    if out.len() as u64 != len || more != 0 {
        let over = if more != 0 { " or more" } else { "" };
        return Err(BundleError::Inflate(format!(
            "{}{over} bytes instead of {len}",
            out.len()
        )));
    }
    Ok(out)
}

/// Whether `bytes` are a whole bundle of format 1, header and payload digest intact: compiled
/// rules of an older needle (a bundle a user keeps, a stale rule-cache entry), which hold every
/// pattern in clear and would match the rules they hold. Such a file is not rule-scanned, and
/// is reported as such; hash and name IOCs still apply. The digest is not keyed, so a forger can
/// make any payload look like one: the report then lists it among the files not rule-scanned,
/// as it would a file above `--max-size`.
pub fn holds_rules_in_clear(bytes: &[u8]) -> bool {
    is_bundle(bytes) && matches!(parse(bytes), Ok((_, Payload::Clear)))
}

/// A bundle's payload, its digest checked.
enum Payload<'a> {
    /// Format 1: the serialised rules as they are (not kept: such a bundle is only recognised).
    Clear,
    /// Format 2: the serialised rules deflated.
    Deflated { bytes: &'a [u8], inflated_len: u64 },
}

/// Header fields and payload, with the payload's length and digest checked; the YARA-X version
/// is left to the caller.
fn parse(bytes: &[u8]) -> Result<(BundleInfo, Payload<'_>), BundleError> {
    let mut rest = bytes.strip_prefix(MAGIC).ok_or(BundleError::NotABundle)?;
    let format = u32::from_le_bytes(take(&mut rest)?);
    if format != FORMAT_VERSION && format != CLEAR_TEXT_FORMAT {
        return Err(BundleError::Format(format));
    }
    let needle_version = take_text(&mut rest)?;
    let yara_x_version = take_text(&mut rest)?;
    let sources_digest = take(&mut rest)?;
    let rule_count = u32::from_le_bytes(take(&mut rest)?);
    let rule_files = u32::from_le_bytes(take(&mut rest)?);
    let payload_len = u64::from_le_bytes(take(&mut rest)?);
    let inflated_len = match format {
        CLEAR_TEXT_FORMAT => None,
        _ => Some(u64::from_le_bytes(take(&mut rest)?)),
    };
    let payload_digest: [u8; 32] = take(&mut rest)?;
    if rest.len() as u64 != payload_len {
        return Err(BundleError::Truncated);
    }
    if Sha256::digest(rest).as_slice() != payload_digest {
        return Err(BundleError::Corrupted);
    }
    let info = BundleInfo {
        needle_version,
        yara_x_version,
        sources_digest,
        rule_count,
        rule_files,
    };
    let payload = match inflated_len {
        None => Payload::Clear,
        Some(inflated_len) => Payload::Deflated {
            bytes: rest,
            inflated_len,
        },
    };
    Ok((info, payload))
}

fn take<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], BundleError> {
    if rest.len() < N {
        return Err(BundleError::Truncated);
    }
    let (head, tail) = rest.split_at(N);
    *rest = tail;
    head.try_into().map_err(|_| BundleError::Truncated)
}

fn take_text(rest: &mut &[u8]) -> Result<String, BundleError> {
    let len = u32::from_le_bytes(take(rest)?) as usize;
    if rest.len() < len || len > 256 {
        return Err(BundleError::Truncated);
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    String::from_utf8(head.to_vec()).map_err(|_| BundleError::NotABundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_rules() -> yara_x::Rules {
        yara_x::compile("rule Sample { strings: $a = \"bundle-test\" condition: $a }")
            .expect("compiles")
    }

    fn sample() -> Vec<u8> {
        write(&sample_rules(), [7; 32], 1).expect("serialises")
    }

    fn holds(bytes: &[u8], text: &[u8]) -> bool {
        bytes.windows(text.len()).any(|w| w == text)
    }

    #[test]
    fn a_bundle_holds_none_of_its_patterns_in_clear() {
        let serialised = sample_rules().serialize().expect("serialises");
        assert!(
            holds(&serialised, b"bundle-test"),
            "the pattern is in YARA-X's output"
        );
        let bundle = sample();
        assert!(!holds(&bundle, b"bundle-test"));
        assert!(!holds_rules_in_clear(&bundle));
    }

    #[test]
    fn format_1_bundles_are_recognised_and_refused() {
        let serialised = sample_rules().serialize().expect("serialises");
        let clear = assemble(([7; 32], 1, 1), None, &serialised);
        assert!(holds_rules_in_clear(&clear));
        let error = read(&clear).expect_err("refused");
        assert!(matches!(error, BundleError::Format(1)), "{error}");
        assert!(
            error.to_string().contains("needle rules compile"),
            "{error}"
        );
        // Damaged, it is any file holding the patterns.
        let mut flipped = clear.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(!holds_rules_in_clear(&flipped));
        assert!(!holds_rules_in_clear(&clear[..clear.len() - 1]));
    }

    #[test]
    fn a_payload_that_does_not_inflate_to_its_stated_length_is_refused() {
        let deflated = deflate(&[b'x'; 1000]).expect("deflates");
        for stated in [0, 999, 1001, u64::MAX] {
            let bundle = assemble(([7; 32], 1, 1), Some(stated), &deflated);
            let error = read(&bundle).expect_err("refused");
            assert!(
                matches!(error, BundleError::Inflate(_)),
                "{stated}: {error}"
            );
        }
        let bundle = assemble(([7; 32], 1, 1), Some(1000), &deflated);
        let error = read(&bundle).expect_err("not rules");
        assert!(matches!(error, BundleError::Deserialize(_)), "{error}");
        let garbage = assemble(([7; 32], 1, 1), Some(1000), &[0xff; 64]);
        let error = read(&garbage).expect_err("refused");
        assert!(matches!(error, BundleError::Inflate(_)), "{error}");
    }

    #[test]
    fn round_trip_keeps_rules_and_header() {
        let (rules, info) = read(&sample()).expect("reads back");
        assert_eq!(rules.iter().len(), 1);
        assert_eq!(
            (info.rule_count, info.rule_files, info.sources_digest),
            (1, 1, [7; 32])
        );
        assert_eq!(info.needle_version, env!("CARGO_PKG_VERSION"));
        let mut scanner = yara_x::Scanner::new(&rules);
        assert_eq!(
            scanner
                .scan(b"xx bundle-test xx")
                .expect("scans")
                .matching_rules()
                .len(),
            1
        );
    }

    #[test]
    fn damaged_bundles_are_refused_with_the_right_error() {
        let bundle = sample();
        assert!(matches!(
            read(b"rule x { condition: true }"),
            Err(BundleError::NotABundle)
        ));
        for cut in [MAGIC.len() + 2, 40, bundle.len() - 1] {
            assert!(
                matches!(read(&bundle[..cut]), Err(BundleError::Truncated)),
                "cut at {cut}"
            );
        }
        let mut flipped = bundle.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0xff;
        assert!(matches!(read(&flipped), Err(BundleError::Corrupted)));
        let mut other_version = bundle.clone();
        let offset = MAGIC.len() + 4 + 4 + env!("CARGO_PKG_VERSION").len() + 4;
        other_version[offset] = b'0';
        assert!(matches!(
            read(&other_version),
            Err(BundleError::YaraVersion { .. })
        ));
    }
}
