//! MD5, SHA-1 and SHA-256 of a file in one pass over its bytes.

use std::io::{self, Read};

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The three digests IOC lists use, of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    pub md5: [u8; 16],
    pub sha1: [u8; 20],
    pub sha256: [u8; 32],
}

impl Hashes {
    pub fn md5_hex(&self) -> String {
        hex::encode(self.md5)
    }
    pub fn sha1_hex(&self) -> String {
        hex::encode(self.sha1)
    }
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
}

/// Feeds the three hashers chunk by chunk, so each chunk is still in cache for the second and
/// third digest instead of streaming the whole file through memory three times.
struct MultiHasher {
    md5: Md5,
    sha1: Sha1,
    sha256: Sha256,
}

const CHUNK: usize = 64 * 1024;

impl MultiHasher {
    fn new() -> Self {
        MultiHasher {
            md5: Md5::new(),
            sha1: Sha1::new(),
            sha256: Sha256::new(),
        }
    }

    fn update(&mut self, data: &[u8]) {
        for chunk in data.chunks(CHUNK) {
            self.md5.update(chunk);
            self.sha1.update(chunk);
            self.sha256.update(chunk);
        }
    }

    fn finish(self) -> Hashes {
        Hashes {
            md5: self.md5.finalize().into(),
            sha1: self.sha1.finalize().into(),
            sha256: self.sha256.finalize().into(),
        }
    }
}

/// Hashes bytes already in memory.
pub fn hash_bytes(data: &[u8]) -> Hashes {
    let mut hasher = MultiHasher::new();
    hasher.update(data);
    hasher.finish()
}

/// Hashes a stream through `buffer` (whose length is the read size), keeping memory bounded
/// whatever the stream's length. Calls `first_block` with the first bytes read, for sniffing.
/// Returns the hashes and the number of bytes hashed.
pub fn hash_stream(
    reader: &mut dyn Read,
    buffer: &mut [u8],
    first_block: &mut dyn FnMut(&[u8]),
) -> io::Result<(Hashes, u64)> {
    let mut hasher = MultiHasher::new();
    let mut total = 0u64;
    loop {
        let n = match reader.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if total == 0 {
            first_block(&buffer[..n]);
        }
        hasher.update(&buffer[..n]);
        total += n as u64;
    }
    Ok((hasher.finish(), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests_of_abc() {
        let hashes = hash_bytes(b"abc");
        assert_eq!(hashes.md5_hex(), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hashes.sha1_hex(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hashes.sha256_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn streamed_and_in_memory_hashes_agree() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let mut buffer = vec![0u8; 4096];
        let mut first = Vec::new();
        let (streamed, total) = hash_stream(&mut data.as_slice(), &mut buffer, &mut |b| {
            first.extend_from_slice(b)
        })
        .expect("reading from a slice cannot fail");
        assert_eq!(total, data.len() as u64);
        assert_eq!(streamed, hash_bytes(&data));
        assert_eq!(first, data[..4096]);
    }
}
