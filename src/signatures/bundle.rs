//! Precompiled rule bundles: YARA-X `Rules::serialize` output behind a header that says what
//! made it, so a bundle from another YARA-X version, a truncated or corrupted file, or a file
//! that is not a bundle is refused with a clear error before YARA-X ever parses it.
//!
//! Layout (little-endian):
//! `NEEDLE-RULES\0` magic, u32 format version, needle version and YARA-X version (u32 length +
//! UTF-8 each), 32-byte digest of the rule sources, u32 rule count, u32 rule file count,
//! u64 payload length, 32-byte SHA-256 of the payload, payload.
//!
//! A bundle is trusted like a rule file (it holds compiled code): the checks catch accidents,
//! not a forger who recomputes the digests.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::panics;

const MAGIC: &[u8] = b"NEEDLE-RULES\0";
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("not a needle rule bundle")]
    NotABundle,
    #[error("truncated rule bundle")]
    Truncated,
    #[error("rule bundle format {0} is not supported (this needle reads format {FORMAT_VERSION})")]
    Format(u32),
    #[error(
        "rule bundle built with YARA-X {found}, this needle uses YARA-X {expected}: compile it again with `needle rules compile`"
    )]
    YaraVersion { found: String, expected: String },
    #[error("rule bundle is corrupted (payload digest mismatch)")]
    Corrupted,
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
    let payload = rules
        .serialize()
        .map_err(|e| BundleError::Serialize(e.to_string()))?;
    let mut out = Vec::with_capacity(payload.len() + 256);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    for text in [env!("CARGO_PKG_VERSION"), env!("NEEDLE_YARA_X_VERSION")] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&sources_digest);
    out.extend_from_slice(&(super::yara::count_rules(rules) as u32).to_le_bytes());
    out.extend_from_slice(&rule_files.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Checks a bundle's header and payload digest, then hands the payload to YARA-X (a panic
/// there is caught and reported).
pub fn read(bytes: &[u8]) -> Result<(yara_x::Rules, BundleInfo), BundleError> {
    let (info, payload) = parse(bytes)?;
    if info.yara_x_version != env!("NEEDLE_YARA_X_VERSION") {
        return Err(BundleError::YaraVersion {
            found: info.yara_x_version,
            expected: env!("NEEDLE_YARA_X_VERSION").to_string(),
        });
    }
    let rules = panics::catch(|| yara_x::Rules::deserialize(payload))
        .map_err(|panic| BundleError::Deserialize(format!("YARA-X panicked: {panic}")))?
        .map_err(|e| BundleError::Deserialize(e.to_string()))?;
    Ok((rules, info))
}

/// Whether `bytes` are a whole needle bundle, of any needle or YARA-X version: header and payload
/// digest intact. Such a file is needle's own compiled rules (a bundle, a rule-cache entry, a
/// stale one after an upgrade), which hold every pattern in clear and must not be reported as
/// matching them. The digest is not keyed: this tells needle's files from damaged copies, not
/// from a forgery, and a forged bundle is still only data for YARA-X.
pub fn is_intact(bytes: &[u8]) -> bool {
    is_bundle(bytes) && parse(bytes).is_ok()
}

/// Header fields and payload, with the payload digest checked; the YARA-X version is left to
/// the caller.
fn parse(bytes: &[u8]) -> Result<(BundleInfo, &[u8]), BundleError> {
    let mut rest = bytes.strip_prefix(MAGIC).ok_or(BundleError::NotABundle)?;
    let format = u32::from_le_bytes(take(&mut rest)?);
    if format != FORMAT_VERSION {
        return Err(BundleError::Format(format));
    }
    let needle_version = take_text(&mut rest)?;
    let yara_x_version = take_text(&mut rest)?;
    let sources_digest = take(&mut rest)?;
    let rule_count = u32::from_le_bytes(take(&mut rest)?);
    let rule_files = u32::from_le_bytes(take(&mut rest)?);
    let payload_len = u64::from_le_bytes(take(&mut rest)?);
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
    Ok((info, rest))
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

    fn sample() -> Vec<u8> {
        let rules = yara_x::compile("rule Sample { strings: $a = \"bundle-test\" condition: $a }")
            .expect("compiles");
        write(&rules, [7; 32], 1).expect("serialises")
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
