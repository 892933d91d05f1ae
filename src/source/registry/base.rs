//! The hive base block (file header): parsing, checksum and the fields log replay rewrites.

use super::HiveError;
use super::bytes::{put_u32, u32_at, u64_at, utf16_until_nul};

/// A primary file's base block occupies the first 4096 bytes; hive bins follow.
pub(crate) const BASE_BLOCK_SIZE: usize = 4096;
/// Only the first sector carries fields; logs keep just this much of it.
pub(crate) const BASE_BLOCK_SECTOR: usize = 512;

pub(crate) const FILE_TYPE_PRIMARY: u32 = 0;

const SEQUENCE_PRIMARY_AT: usize = 4;
const SEQUENCE_SECONDARY_AT: usize = 8;
const FILE_TYPE_AT: usize = 28;
const BINS_SIZE_AT: usize = 40;
const FILE_NAME_AT: usize = 48;
const FILE_NAME_LEN: usize = 64;
const FLAGS_AT: usize = 144;
const CHECKSUM_AT: usize = 508;

#[derive(Debug, Clone)]
pub(crate) struct BaseBlock {
    pub(crate) primary_sequence: u32,
    pub(crate) secondary_sequence: u32,
    pub(crate) last_written: u64,
    pub(crate) major_version: u32,
    pub(crate) minor_version: u32,
    pub(crate) file_type: u32,
    pub(crate) root_cell: u32,
    pub(crate) bins_size: u32,
    pub(crate) flags: u32,
    pub(crate) stored_checksum: u32,
    pub(crate) computed_checksum: u32,
    pub(crate) file_name: String,
}

impl BaseBlock {
    /// Reads the first sector of a primary file or of a transaction log.
    pub(crate) fn parse(bytes: &[u8]) -> Result<BaseBlock, HiveError> {
        let sector = bytes.get(..BASE_BLOCK_SECTOR).ok_or_else(|| {
            HiveError::NotAHive(format!(
                "{} bytes is shorter than a base block sector ({BASE_BLOCK_SECTOR})",
                bytes.len()
            ))
        })?;
        if sector.get(..4) != Some(b"regf".as_slice()) {
            return Err(HiveError::NotAHive("no \"regf\" signature".into()));
        }
        let field = |at: usize| u32_at(sector, at).unwrap_or_default();
        Ok(BaseBlock {
            primary_sequence: field(SEQUENCE_PRIMARY_AT),
            secondary_sequence: field(SEQUENCE_SECONDARY_AT),
            last_written: u64_at(sector, 12).unwrap_or_default(),
            major_version: field(20),
            minor_version: field(24),
            file_type: field(FILE_TYPE_AT),
            root_cell: field(36),
            bins_size: field(BINS_SIZE_AT),
            flags: field(FLAGS_AT),
            stored_checksum: field(CHECKSUM_AT),
            computed_checksum: checksum(sector),
            file_name: utf16_until_nul(
                sector
                    .get(FILE_NAME_AT..FILE_NAME_AT + FILE_NAME_LEN)
                    .unwrap_or_default(),
            ),
        })
    }

    pub(crate) fn checksum_ok(&self) -> bool {
        self.stored_checksum == self.computed_checksum
    }

    pub(crate) fn sequences_match(&self) -> bool {
        self.primary_sequence == self.secondary_sequence
    }
}

/// XOR-32 of the first 508 bytes; 0 and -1 are reserved, so Windows stores 1 and -2.
pub(crate) fn checksum(sector: &[u8]) -> u32 {
    let sum = sector
        .get(..CHECKSUM_AT)
        .unwrap_or_default()
        .chunks_exact(4)
        .map(|word| <[u8; 4]>::try_from(word).map_or(0, u32::from_le_bytes))
        .fold(0u32, |acc, word| acc ^ word);
    match sum {
        0 => 1,
        u32::MAX => u32::MAX - 1,
        other => other,
    }
}

/// The base-block fields a recovered hive gets from the logs it was rebuilt from.
pub(crate) struct RecoveredFields {
    pub(crate) sequence: u32,
    pub(crate) bins_size: u32,
    pub(crate) flags: u32,
}

/// Rewrites `block` (a full base block) as a clean primary base block with `fields`.
pub(crate) fn write_recovered(block: &mut [u8], fields: &RecoveredFields) {
    put_u32(block, SEQUENCE_PRIMARY_AT, fields.sequence);
    put_u32(block, SEQUENCE_SECONDARY_AT, fields.sequence);
    put_u32(block, FILE_TYPE_AT, FILE_TYPE_PRIMARY);
    put_u32(block, BINS_SIZE_AT, fields.bins_size);
    put_u32(block, FLAGS_AT, fields.flags);
    let sum = checksum(block);
    put_u32(block, CHECKSUM_AT, sum);
}
