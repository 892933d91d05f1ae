//! The `signatures/` pack built into the binary by `build.rs` (deflate-compressed archive).

use std::io::Read;

use flate2::read::DeflateDecoder;

static PACK: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/signatures.deflate"));

/// One file of the embedded pack: its path relative to `signatures/` and its content.
pub struct EmbeddedFile {
    pub name: String,
    pub content: Vec<u8>,
}

/// Unpacks the embedded pack. The archive is produced by our own build script, so a failure
/// here is a build defect, reported as an error rather than a panic all the same.
pub fn files() -> Result<Vec<EmbeddedFile>, String> {
    let mut archive = Vec::new();
    DeflateDecoder::new(PACK)
        .read_to_end(&mut archive)
        .map_err(|e| format!("embedded signature pack is corrupt: {e}"))?;
    let mut files = Vec::new();
    let mut rest = archive.as_slice();
    while !rest.is_empty() {
        let name_len = take_u32(&mut rest)? as usize;
        let name = String::from_utf8(take(&mut rest, name_len)?.to_vec())
            .map_err(|_| "embedded signature pack: file name is not UTF-8".to_string())?;
        let content_len = usize::try_from(take_u64(&mut rest)?)
            .map_err(|_| "embedded signature pack: file too large".to_string())?;
        let content = take(&mut rest, content_len)?.to_vec();
        files.push(EmbeddedFile { name, content });
    }
    Ok(files)
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if rest.len() < n {
        return Err("embedded signature pack is truncated".to_string());
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn take_u32(rest: &mut &[u8]) -> Result<u32, String> {
    let bytes = take(rest, 4)?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn take_u64(rest: &mut &[u8]) -> Result<u64, String> {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(take(rest, 8)?);
    Ok(u64::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pack_holds_rules_and_iocs() {
        let files = super::files().expect("the embedded pack unpacks");
        assert!(
            files
                .iter()
                .any(|f| f.name.starts_with("rules/") && f.name.ends_with(".yar"))
        );
        assert!(files.iter().any(|f| f.name.starts_with("iocs/")));
    }
}
