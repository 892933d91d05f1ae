//! MD5, SHA-1 and SHA-256 of a file in one pass over its bytes.

use std::io::{self, Read};

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The three digests IOC lists use, of one file. A digest is absent when nothing needed it
/// (see [`HashKinds`]); files that end up in the report always carry all three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    pub md5: Option<[u8; 16]>,
    pub sha1: Option<[u8; 20]>,
    pub sha256: Option<[u8; 32]>,
}

impl Hashes {
    /// Lower-case hex, empty when the digest was not computed.
    pub fn md5_hex(&self) -> String {
        self.md5.map(hex::encode).unwrap_or_default()
    }
    pub fn sha1_hex(&self) -> String {
        self.sha1.map(hex::encode).unwrap_or_default()
    }
    pub fn sha256_hex(&self) -> String {
        self.sha256.map(hex::encode).unwrap_or_default()
    }

    /// Computes the digests still missing from `data` (the whole file).
    pub fn complete(&mut self, data: &[u8]) {
        let missing = HashKinds::missing_from(self);
        if missing.any() {
            self.merge(hash_selected(data, missing));
        }
    }

    /// Takes the digests of `other` that this one lacks.
    pub fn merge(&mut self, other: Hashes) {
        self.md5 = self.md5.or(other.md5);
        self.sha1 = self.sha1.or(other.sha1);
        self.sha256 = self.sha256.or(other.sha256);
    }
}

/// Which digests to compute for every file: those the loaded IOC lists and rules can use. The
/// others are computed only for files that end up in the report (MD5, the slowest of the three,
/// is skipped whenever nothing needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashKinds {
    pub md5: bool,
    pub sha1: bool,
    pub sha256: bool,
}

impl HashKinds {
    pub const ALL: HashKinds = HashKinds {
        md5: true,
        sha1: true,
        sha256: true,
    };

    /// The digests `hashes` lacks.
    pub fn missing_from(hashes: &Hashes) -> HashKinds {
        HashKinds {
            md5: hashes.md5.is_none(),
            sha1: hashes.sha1.is_none(),
            sha256: hashes.sha256.is_none(),
        }
    }

    pub fn any(self) -> bool {
        self.md5 || self.sha1 || self.sha256
    }
}

/// Feeds the three hashers chunk by chunk, so each chunk is still in cache for the second and
/// third digest instead of streaming the whole file through memory three times.
struct MultiHasher {
    md5: Option<Md5>,
    sha1: Option<Sha1>,
    sha256: Option<Sha256>,
}

const CHUNK: usize = 64 * 1024;

impl MultiHasher {
    fn new(kinds: HashKinds) -> Self {
        MultiHasher {
            md5: kinds.md5.then(Md5::new),
            sha1: kinds.sha1.then(Sha1::new),
            sha256: kinds.sha256.then(Sha256::new),
        }
    }

    fn update(&mut self, data: &[u8]) {
        for chunk in data.chunks(CHUNK) {
            if let Some(h) = &mut self.md5 {
                h.update(chunk);
            }
            if let Some(h) = &mut self.sha1 {
                h.update(chunk);
            }
            if let Some(h) = &mut self.sha256 {
                h.update(chunk);
            }
        }
    }

    fn finish(self) -> Hashes {
        Hashes {
            md5: self.md5.map(|h| h.finalize().into()),
            sha1: self.sha1.map(|h| h.finalize().into()),
            sha256: self.sha256.map(|h| h.finalize().into()),
        }
    }
}

/// All three digests of bytes already in memory.
pub fn hash_bytes(data: &[u8]) -> Hashes {
    hash_selected(data, HashKinds::ALL)
}

/// The chosen digests of bytes already in memory.
pub fn hash_selected(data: &[u8], kinds: HashKinds) -> Hashes {
    let mut hasher = MultiHasher::new(kinds);
    hasher.update(data);
    hasher.finish()
}

/// Hashes a stream through `buffer` (whose length is the read size), keeping memory bounded
/// whatever the stream's length. Calls `first_block` with the first bytes read, for sniffing.
/// Returns the hashes and the number of bytes hashed.
pub fn hash_stream(
    reader: &mut dyn Read,
    kinds: HashKinds,
    buffer: &mut [u8],
    first_block: &mut dyn FnMut(&[u8]),
) -> io::Result<(Hashes, u64)> {
    let mut hasher = MultiHasher::new(kinds);
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
    fn selected_digests_and_completion() {
        let data = b"some file content";
        let only_md5 = hash_selected(
            data,
            HashKinds {
                md5: true,
                sha1: false,
                sha256: false,
            },
        );
        assert!(only_md5.md5.is_some() && only_md5.sha1.is_none() && only_md5.sha256.is_none());
        assert_eq!(only_md5.sha1_hex(), "");
        let mut completed = only_md5.clone();
        completed.complete(data);
        assert_eq!(completed, hash_bytes(data));
    }

    #[test]
    fn streamed_and_in_memory_hashes_agree() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let mut buffer = vec![0u8; 4096];
        let mut first = Vec::new();
        let (streamed, total) = hash_stream(
            &mut data.as_slice(),
            HashKinds::ALL,
            &mut buffer,
            &mut |b| first.extend_from_slice(b),
        )
        .expect("reading from a slice cannot fail");
        assert_eq!(total, data.len() as u64);
        assert_eq!(streamed, hash_bytes(&data));
        assert_eq!(first, data[..4096]);
    }
}
