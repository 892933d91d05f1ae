//! LZO as btrfs stores it: a little-endian 4-byte total length, then segments, each a 4-byte
//! length and LZO1X data decoding to at most one sector; a segment's length never straddles a
//! sector, the bytes left before the next sector then being padding. The LZO1X decoder is our
//! own: the pure-Rust crates either index and subtract unchecked on hostile input (panics) or
//! are GPL-licensed. Every read, match distance and output length is checked.

/// Bytes of a length field.
const LEN_BYTES: usize = 4;

/// Decodes a btrfs LZO extent `input` into `expected` bytes at most.
pub(super) fn decompress_btrfs(
    input: &[u8],
    expected: usize,
    sector_size: usize,
) -> Result<Vec<u8>, String> {
    let total = read_len(input, 0)?;
    if total > input.len() || total < LEN_BYTES {
        return Err(format!(
            "a stream of {total} bytes in an extent of {}",
            input.len()
        ));
    }
    let mut out = Vec::with_capacity(expected);
    let mut at = LEN_BYTES;
    while at < total && out.len() < expected {
        let left_in_sector = sector_size - at % sector_size;
        if left_in_sector < LEN_BYTES {
            at += left_in_sector;
            continue;
        }
        let segment = read_len(input, at)?;
        at += LEN_BYTES;
        let end = at
            .checked_add(segment)
            .filter(|&end| end <= total)
            .ok_or_else(|| format!("a segment of {segment} bytes runs past the stream"))?;
        lzo1x(&input[at..end], &mut out, sector_size)?;
        at = end;
    }
    out.truncate(expected);
    Ok(out)
}

fn read_len(input: &[u8], at: usize) -> Result<usize, String> {
    input
        .get(at..at + LEN_BYTES)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or_else(|| "a length field is cut short".to_string())
}

/// Decodes one LZO1X stream `input`, appending at most `limit` bytes to `out`; matches reach
/// back only into what this stream decoded.
pub(super) fn lzo1x(input: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<(), String> {
    let mut decoder = Decoder {
        input,
        at: 0,
        out,
        start: 0,
        limit,
    };
    decoder.start = decoder.out.len();
    decoder.run()?;
    if decoder.at != input.len() {
        return Err(format!(
            "{} bytes after the end of the stream",
            input.len() - decoder.at
        ));
    }
    Ok(())
}

struct Decoder<'a> {
    input: &'a [u8],
    at: usize,
    out: &'a mut Vec<u8>,
    /// Where this stream's output starts in `out`.
    start: usize,
    limit: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Result<usize, String> {
        let byte = *self
            .input
            .get(self.at)
            .ok_or_else(|| "the stream is cut short".to_string())?;
        self.at += 1;
        Ok(usize::from(byte))
    }

    /// A little-endian 16-bit field.
    fn word(&mut self) -> Result<usize, String> {
        Ok(self.byte()? | self.byte()? << 8)
    }

    /// The length in the bits `mask` of `instruction`; where they are zero, a longer one
    /// follows: `mask` plus 255 per zero byte plus the first non-zero one.
    fn length(&mut self, instruction: usize, mask: usize) -> Result<usize, String> {
        if instruction & mask != 0 {
            return Ok(instruction & mask);
        }
        let mut length = mask;
        loop {
            match self.byte()? {
                0 => length = length.saturating_add(255),
                byte => return Ok(length.saturating_add(byte)),
            }
        }
    }

    fn room(&self, count: usize) -> Result<(), String> {
        if self.out.len() - self.start + count > self.limit {
            return Err(format!("decodes to more than {} bytes", self.limit));
        }
        Ok(())
    }

    fn literals(&mut self, count: usize) -> Result<(), String> {
        self.room(count)?;
        let bytes = self
            .at
            .checked_add(count)
            .and_then(|end| self.input.get(self.at..end))
            .ok_or_else(|| "literals run past the stream".to_string())?;
        self.out.extend_from_slice(bytes);
        self.at += count;
        Ok(())
    }

    /// Copies `length` bytes from `distance` back (the copy may overlap what it writes).
    fn copy(&mut self, distance: usize, length: usize) -> Result<(), String> {
        if distance == 0 || distance > self.out.len() - self.start {
            return Err(format!(
                "a match reaches {distance} bytes back, before the start"
            ));
        }
        self.room(length)?;
        let from = self.out.len() - distance;
        for index in from..from + length {
            let byte = self.out[index];
            self.out.push(byte);
        }
        Ok(())
    }

    fn run(&mut self) -> Result<(), String> {
        // Literals copied by the last instruction: 0, 1 to 3 after a match, 4 for a run.
        let mut state;
        let first = *self.input.first().ok_or("an empty stream")?;
        if first > 17 {
            self.at = 1;
            let count = usize::from(first) - 17;
            self.literals(count)?;
            state = count.min(4);
        } else {
            state = 0;
        }
        loop {
            let instruction = self.byte()?;
            let (distance, length, trailing) = if instruction >= 64 {
                let distance = 1 + ((instruction >> 2) & 7) + (self.byte()? << 3);
                (distance, (instruction >> 5) + 1, instruction & 3)
            } else if instruction >= 32 {
                let length = self.length(instruction, 31)? + 2;
                let word = self.word()?;
                (1 + (word >> 2), length, word & 3)
            } else if instruction >= 16 {
                let length = self.length(instruction, 7)? + 2;
                let word = self.word()?;
                let distance = ((instruction & 8) << 11) + (word >> 2);
                if distance == 0 {
                    return Ok(());
                }
                (distance + 16384, length, word & 3)
            } else if state == 0 {
                let count = self.length(instruction, 15)? + 3;
                self.literals(count)?;
                state = 4;
                continue;
            } else if state < 4 {
                let distance = 1 + (instruction >> 2) + (self.byte()? << 2);
                (distance, 2, instruction & 3)
            } else {
                let distance = 2049 + (instruction >> 2) + (self.byte()? << 2);
                (distance, 3, instruction & 3)
            };
            self.copy(distance, length)?;
            self.literals(trailing)?;
            state = trailing;
        }
    }
}
