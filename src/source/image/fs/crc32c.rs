//! CRC-32C (Castagnoli), the checksum of v5 XFS metadata (computed over the whole structure
//! with its own checksum field taken as zero, stored little-endian) and of btrfs superblocks and
//! tree blocks (computed over what follows the checksum field). Table-driven: it only runs over
//! metadata.

const POLYNOMIAL: u32 = 0x82F6_3B78;

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

fn update(mut crc: u32, bytes: &[u8]) -> u32 {
    for &byte in bytes {
        crc = TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc
}

/// CRC-32C of `bytes`.
pub(super) fn crc32c(bytes: &[u8]) -> u32 {
    !update(!0, bytes)
}

/// CRC-32C of `bytes` with the four bytes at `field` counted as zeros.
pub(super) fn crc32c_skipping(bytes: &[u8], field: usize) -> u32 {
    let field = field.min(bytes.len());
    let after = (field + 4).min(bytes.len());
    let mut crc = update(!0, &bytes[..field]);
    crc = update(crc, &[0u8; 4][..after - field]);
    !update(crc, &bytes[after..])
}

/// Whether the little-endian checksum stored at `field` of `bytes` is right.
pub(super) fn matches(bytes: &[u8], field: usize) -> bool {
    let Some(stored) = bytes.get(field..field + 4) else {
        return false;
    };
    let stored = u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]);
    stored == crc32c_skipping(bytes, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_gives_the_standard_check_value() {
        // The catalogue check value of CRC-32/ISCSI.
        assert_eq!(update(!0, b"123456789") ^ !0, 0xE306_9283);
    }

    #[test]
    fn the_checksum_field_counts_as_zero() {
        let mut block = b"abcd\0\0\0\0efgh".to_vec();
        let crc = crc32c_skipping(&block, 4);
        assert_eq!(crc, !update(!0, &block));
        block[4..8].copy_from_slice(&crc.to_le_bytes());
        assert!(matches(&block, 4));
        block[10] ^= 1;
        assert!(!matches(&block, 4));
        assert!(!matches(&block, 11), "a field past the end never matches");
    }
}
