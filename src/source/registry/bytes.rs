//! Little-endian field readers that return `None` instead of panicking on short input.

pub(crate) fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let end = at.checked_add(2)?;
    let field: [u8; 2] = bytes.get(at..end)?.try_into().ok()?;
    Some(u16::from_le_bytes(field))
}

pub(crate) fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let end = at.checked_add(4)?;
    let field: [u8; 4] = bytes.get(at..end)?.try_into().ok()?;
    Some(u32::from_le_bytes(field))
}

pub(crate) fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let end = at.checked_add(8)?;
    let field: [u8; 8] = bytes.get(at..end)?.try_into().ok()?;
    Some(u64::from_le_bytes(field))
}

/// Writes `value` at `at` if the slice is long enough; callers only write fields
/// they have already checked to be in range.
pub(crate) fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    if let Some(field) = at.checked_add(4).and_then(|end| bytes.get_mut(at..end)) {
        field.copy_from_slice(&value.to_le_bytes());
    }
}

/// UTF-16LE to a String, replacing unpaired surrogates; a trailing odd byte is dropped.
pub(crate) fn utf16_lossy(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|pair| <[u8; 2]>::try_from(pair).map_or(0, u16::from_le_bytes));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Like [`utf16_lossy`], stopping at the first NUL character.
pub(crate) fn utf16_until_nul(bytes: &[u8]) -> String {
    let end = bytes
        .chunks_exact(2)
        .position(|pair| pair == [0, 0])
        .map_or(bytes.len(), |units| units * 2);
    utf16_lossy(bytes.get(..end).unwrap_or(bytes))
}
