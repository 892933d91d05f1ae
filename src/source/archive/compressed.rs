//! Single-stream compressed files (gzip, bzip2, xz, zstd): one member, the decompressed stream.

use std::io::{self, Read};

use bzip2::read::MultiBzDecoder;
use flate2::read::MultiGzDecoder;
use lzma_rust2::XzReader;
use ruzstd::decoding::StreamingDecoder;

use super::limits::{Gauge, MAX_DICTIONARY_BYTES};
use super::{Kind, Offer, Session};

pub(super) fn list(kind: Kind, data: &[u8], session: &mut Session) {
    let name = match kind {
        Kind::Gzip => gzip_name(data).unwrap_or_default(),
        _ => String::new(),
    };
    let mut reader: Box<dyn Read + '_> = match kind {
        // Concatenated gzip members are one file, as gunzip writes them out.
        Kind::Gzip => Box::new(MultiGzDecoder::new(data)),
        Kind::Bzip2 => Box::new(MultiBzDecoder::new(data)),
        Kind::Xz => Box::new(XzReader::new_mem_limit(
            data,
            true,
            u32::try_from(MAX_DICTIONARY_BYTES / 1024).unwrap_or(u32::MAX),
        )),
        _ => Box::new(ZstdFrames::new(data)),
    };
    let mut gauge = Gauge::new(data.len() as u64);
    session.offer(
        &name,
        None,
        Offer::Data {
            reader: &mut *reader,
            gauge: &mut gauge,
            drain: false,
        },
    );
}

/// The FNAME field of a gzip header: ISO 8859-1 by the RFC, but UTF-8 when it is valid UTF-8,
/// since that is what current tools write.
fn gzip_name(data: &[u8]) -> Option<String> {
    const FEXTRA: u8 = 0x04;
    const FNAME: u8 = 0x08;
    let flags = *data.get(3)?;
    if flags & FNAME == 0 {
        return None;
    }
    let mut offset = 10usize;
    if flags & FEXTRA != 0 {
        let length = u16::from_le_bytes([*data.get(offset)?, *data.get(offset + 1)?]);
        offset = offset.checked_add(2 + usize::from(length))?;
    }
    let field = data.get(offset..)?;
    let end = field.iter().position(|&byte| byte == 0)?;
    let raw = &field[..end];
    Some(match std::str::from_utf8(raw) {
        Ok(text) => text.to_string(),
        Err(_) => raw.iter().map(|&byte| char::from(byte)).collect(),
    })
}

/// A zstd stream of one or more frames, skippable frames passed over, decoded as one.
struct ZstdFrames<'d> {
    rest: &'d [u8],
    frame: Option<StreamingDecoder<&'d [u8], ruzstd::decoding::FrameDecoder>>,
}

impl<'d> ZstdFrames<'d> {
    fn new(data: &'d [u8]) -> ZstdFrames<'d> {
        ZstdFrames {
            rest: data,
            frame: None,
        }
    }

    /// Starts the next frame; false at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        const SKIPPABLE: std::ops::RangeInclusive<u32> = 0x184D_2A50..=0x184D_2A5F;
        loop {
            let Some(magic) = self.rest.first_chunk::<4>() else {
                return if self.rest.is_empty() {
                    Ok(false)
                } else {
                    Err(io::Error::other("trailing bytes after the last zstd frame"))
                };
            };
            if !SKIPPABLE.contains(&u32::from_le_bytes(*magic)) {
                break;
            }
            let length = self
                .rest
                .get(4..8)
                .and_then(|field| field.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or_else(|| io::Error::other("truncated skippable zstd frame"))?;
            let end = usize::try_from(length)
                .ok()
                .and_then(|length| length.checked_add(8))
                .filter(|&end| end <= self.rest.len())
                .ok_or_else(|| io::Error::other("skippable zstd frame runs past the end"))?;
            self.rest = &self.rest[end..];
        }
        let decoder = StreamingDecoder::new(self.rest).map_err(io::Error::other)?;
        self.frame = Some(decoder);
        Ok(true)
    }
}

impl Read for ZstdFrames<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if let Some(frame) = &mut self.frame {
                let count = frame.read(buf)?;
                if count > 0 {
                    return Ok(count);
                }
                if let Some(finished) = self.frame.take() {
                    self.rest = finished.into_inner();
                }
            }
            if !self.next_frame()? {
                return Ok(0);
            }
        }
    }
}

/// Decodes a zstd stream held in memory (a zip method-93 entry, a btrfs compressed extent).
pub(crate) fn zstd_reader(data: &[u8]) -> impl Read + '_ {
    ZstdFrames::new(data)
}
