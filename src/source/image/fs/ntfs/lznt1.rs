//! LZNT1, the compression of NTFS compressed files (MS-XCA 2.5): a compression unit is a series
//! of chunks, each a 2-byte header and data that expands to at most 4 KiB. Written here because
//! the `ntfs` crate returns the compressed bytes as they are. Every read and write is checked:
//! the input comes from the evidence.

use std::io;

/// Size of the output of one chunk.
pub(super) const CHUNK_SIZE: usize = 4096;

/// Expands the chunks in `input` into `output` (one compression unit), chunk after chunk, each
/// chunk filling its 4 KiB slot (zeros after a short chunk, as Windows and ntfs-3g do). Stops at a
/// zero header, at the end of `input` or when `output` is full; the caller zeroes what is left.
/// Returns how many bytes of `output` were written.
pub(crate) fn decompress(input: &[u8], output: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    let mut written = 0;
    while written < output.len() && read + 2 <= input.len() {
        let header = u16::from_le_bytes([input[read], input[read + 1]]);
        if header == 0 {
            break;
        }
        let length = usize::from(header & 0x0FFF) + 1;
        let data = input.get(read + 2..read + 2 + length).ok_or_else(|| {
            invalid(format!(
                "LZNT1 chunk at byte {read} ({length} bytes) runs past the compressed data"
            ))
        })?;
        let end = (written + CHUNK_SIZE).min(output.len());
        let slot = &mut output[written..end];
        let produced = if header & 0x8000 == 0 {
            // A chunk stored raw.
            let target = slot.get_mut(..length).ok_or_else(|| {
                invalid(format!(
                    "LZNT1 raw chunk at byte {read} is larger than 4 KiB"
                ))
            })?;
            target.copy_from_slice(data);
            length
        } else {
            expand_chunk(data, slot)
                .map_err(|message| invalid(format!("LZNT1 chunk at byte {read}: {message}")))?
        };
        slot[produced..].fill(0);
        read += 2 + length;
        written = end;
    }
    Ok(written)
}

/// Room after a chunk's 4 KiB in the decoding buffer: a back-reference is copied in 16-byte
/// blocks, the last of which may run up to 15 bytes past its end.
const SLACK: usize = 16;

/// Expands one compressed chunk: groups of a flag byte and eight items, each a literal byte
/// (flag bit 0) or a 16-bit back-reference (flag bit 1) whose split between length and
/// displacement depends on how much of the chunk is already written. Decodes into a buffer with
/// slack, so copies need no byte-by-byte tail, then hands the bytes produced to `out`.
fn expand_chunk(data: &[u8], out: &mut [u8]) -> Result<usize, String> {
    let mut buf = [0u8; CHUNK_SIZE + SLACK];
    let mut read = 0;
    let mut written = 0;
    while read < data.len() {
        let flags = data[read];
        read += 1;
        if flags == 0 && read + 8 <= data.len() {
            // Eight literals: the common case, copied at once.
            if written + 8 > CHUNK_SIZE {
                return Err("output overflows 4 KiB".into());
            }
            buf[written..written + 8].copy_from_slice(&data[read..read + 8]);
            read += 8;
            written += 8;
            continue;
        }
        for bit in 0..8 {
            if read >= data.len() {
                break;
            }
            if flags & (1 << bit) == 0 {
                if written == CHUNK_SIZE {
                    return Err("output overflows 4 KiB".into());
                }
                buf[written] = data[read];
                read += 1;
                written += 1;
                continue;
            }
            let token = match data.get(read..read + 2) {
                Some(&[low, high]) => u16::from_le_bytes([low, high]),
                _ => return Err("truncated back-reference".into()),
            };
            read += 2;
            if written == 0 {
                return Err("back-reference before the start of the chunk".into());
            }
            // The more of the chunk is written, the more bits the displacement takes: 4 at
            // first, one more each time the position doubles past 16.
            let position = written - 1;
            let length_bits = if position < 0x10 {
                12
            } else {
                15 - position.ilog2()
            };
            let length = usize::from(token & ((1 << length_bits) - 1)) + 3;
            let distance = usize::from(token >> length_bits) + 1;
            if distance > written {
                return Err(format!(
                    "back-reference {distance} bytes back from byte {written} of the chunk"
                ));
            }
            let end = written + length;
            if end > CHUNK_SIZE {
                return Err("output overflows 4 KiB".into());
            }
            copy_back(&mut buf, written, end, distance);
            written = end;
        }
    }
    out.get_mut(..written)
        .ok_or("output overflows its slot")?
        .copy_from_slice(&buf[..written]);
    Ok(written)
}

/// Writes `buf[at..end]` from `distance` bytes back (0 < distance <= at, end <= CHUNK_SIZE); the
/// copy may overlap itself (a repeated pattern). May write garbage up to 15 bytes past `end`,
/// into bytes not yet produced.
fn copy_back(buf: &mut [u8; CHUNK_SIZE + SLACK], at: usize, end: usize, distance: usize) {
    match distance {
        1 => {
            let byte = buf[at - 1];
            buf[at..end].fill(byte);
        }
        16.. => copy_blocks::<16>(buf, at, end, distance),
        8..16 => copy_blocks::<8>(buf, at, end, distance),
        _ => {
            for at in at..end {
                buf[at] = buf[at - distance];
            }
        }
    }
}

/// The copy in blocks of `N <= distance` bytes: each block's source lies wholly before its
/// destination, so a block is a plain move (overshooting `end` by less than `N`).
fn copy_blocks<const N: usize>(
    buf: &mut [u8; CHUNK_SIZE + SLACK],
    mut at: usize,
    end: usize,
    distance: usize,
) {
    while at < end {
        let mut block = [0u8; N];
        block.copy_from_slice(&buf[at - distance..at - distance + N]);
        buf[at..at + N].copy_from_slice(&block);
        at += N;
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(compressed: bool, data: &[u8]) -> Vec<u8> {
        let header = 0x3000 | (data.len() as u16 - 1) | if compressed { 0x8000 } else { 0 };
        let mut bytes = header.to_le_bytes().to_vec();
        bytes.extend_from_slice(data);
        bytes
    }

    #[test]
    fn expands_literals_and_an_overlapping_back_reference() {
        // "abc", then 9 bytes copied from 3 back: token (3 - 1) << 12 | (9 - 3).
        let input = chunk(true, &[0b0000_1000, b'a', b'b', b'c', 0x06, 0x20]);
        let mut output = vec![0xAA; 2 * CHUNK_SIZE];
        assert_eq!(decompress(&input, &mut output).unwrap(), CHUNK_SIZE);
        assert_eq!(&output[..12], b"abcabcabcabc");
        assert!(output[12..CHUNK_SIZE].iter().all(|&b| b == 0));
        // The next slot is left to the caller.
        assert_eq!(output[CHUNK_SIZE], 0xAA);
    }

    #[test]
    fn back_reference_split_depends_on_position() {
        // Past 16 bytes written, one bit moves from the length to the displacement: at position
        // 17 a token has 11 bits of length and 5 of displacement.
        let mut data = vec![0];
        data.extend_from_slice(b"01234567");
        data.push(0);
        data.extend_from_slice(b"89abcdef");
        // 'g', then 5 bytes copied from 17 back: (17 - 1) << 11 | (5 - 3).
        let token: u16 = (16 << 11) | 2;
        data.extend_from_slice(&[0b0000_0010, b'g']);
        data.extend_from_slice(&token.to_le_bytes());
        let mut output = vec![0; CHUNK_SIZE];
        decompress(&chunk(true, &data), &mut output).unwrap();
        assert_eq!(&output[..23], b"0123456789abcdefg01234\0");
    }

    #[test]
    fn raw_chunks_and_end_marker() {
        let mut input = chunk(false, &[7u8; CHUNK_SIZE]);
        input.extend_from_slice(&chunk(false, b"tail"));
        input.extend_from_slice(&[0, 0, 0xFF, 0xFF]);
        let mut output = vec![1; 4 * CHUNK_SIZE];
        assert_eq!(decompress(&input, &mut output).unwrap(), 2 * CHUNK_SIZE);
        assert!(output[..CHUNK_SIZE].iter().all(|&b| b == 7));
        assert_eq!(&output[CHUNK_SIZE..CHUNK_SIZE + 4], b"tail");
        assert!(
            output[CHUNK_SIZE + 4..2 * CHUNK_SIZE]
                .iter()
                .all(|&b| b == 0)
        );
    }

    #[test]
    fn stops_when_the_unit_is_full() {
        let mut input = Vec::new();
        for _ in 0..3 {
            input.extend_from_slice(&chunk(false, &[5u8; CHUNK_SIZE]));
        }
        let mut output = vec![0; 2 * CHUNK_SIZE];
        assert_eq!(decompress(&input, &mut output).unwrap(), 2 * CHUNK_SIZE);
    }

    #[test]
    fn hostile_chunks_are_errors() {
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("chunk past the end", {
                let mut c = chunk(true, &[0, b'a', b'b']);
                c.truncate(3);
                c
            }),
            (
                "reference at the start",
                chunk(true, &[0b0000_0001, 0x00, 0x10]),
            ),
            (
                "reference too far back",
                chunk(true, &[0b0000_0010, b'a', 0x00, 0x10]),
            ),
            (
                "truncated reference",
                chunk(true, &[0b0000_0010, b'a', 0x00]),
            ),
            // 'a', then 4098 bytes copied from 1 back: past the 4 KiB of a chunk.
            ("overflow", chunk(true, &[0b0000_0010, b'a', 0xFF, 0x0F])),
            // 'a' and 4095 copied fill the chunk exactly; one more reference overflows it.
            (
                "full chunk then a reference",
                chunk(true, &[0b0000_0110, b'a', 0xFC, 0x0F, 0x01, 0x00]),
            ),
            ("full chunk then a literal", {
                chunk(true, &[0b0000_0010, b'a', 0xFC, 0x0F, b'z'])
            }),
        ];
        for (name, input) in cases {
            let mut output = vec![0; 16 * CHUNK_SIZE];
            assert!(decompress(&input, &mut output).is_err(), "{name}");
        }
    }

    /// Random valid chunks built together with their expansion (literals, and references of
    /// every distance class: 1, 2-7, 8-15, 16 and more), and single-bit mutations of them.
    #[test]
    fn random_valid_chunks_expand_exactly_and_mutations_never_panic() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000u32 {
            let (mut body, mut expected) = (Vec::new(), Vec::new());
            let target = (next() % CHUNK_SIZE as u64) as usize + 1;
            while expected.len() < target && body.len() < 4000 {
                let flag_at = body.len();
                body.push(0);
                for bit in 0..8 {
                    let written = expected.len();
                    if written >= target {
                        break;
                    }
                    let position = written.saturating_sub(1);
                    let length_bits = if position < 0x10 {
                        12
                    } else {
                        15 - position.ilog2()
                    };
                    let max_distance = (1usize << (16 - length_bits)).min(written);
                    let max_length = ((1usize << length_bits) + 2).min(CHUNK_SIZE - written);
                    if written == 0 || max_length < 3 || next() % 3 == 0 {
                        let byte = next() as u8 & 0x0F;
                        body.push(byte);
                        expected.push(byte);
                        continue;
                    }
                    let distance = (next() as usize % max_distance) + 1;
                    let length = 3 + (next() as usize % (max_length.min(40) - 2));
                    let token = (((distance - 1) << length_bits) | (length - 3)) as u16;
                    body.extend_from_slice(&token.to_le_bytes());
                    body[flag_at] |= 1 << bit;
                    for _ in 0..length {
                        expected.push(expected[expected.len() - distance]);
                    }
                }
            }
            let mut input = chunk(true, &body);
            let mut output = vec![0xEE; 2 * CHUNK_SIZE];
            if round % 2 == 0 {
                assert_eq!(decompress(&input, &mut output).unwrap(), CHUNK_SIZE);
                assert_eq!(output[..expected.len()], expected, "round {round}");
                assert!(output[expected.len()..CHUNK_SIZE].iter().all(|&b| b == 0));
            } else {
                let at = 2 + (next() as usize % body.len());
                input[at] ^= 1 << (next() % 8);
                let _ = decompress(&input, &mut output);
            }
        }
    }
}
