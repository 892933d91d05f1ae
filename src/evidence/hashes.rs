//! MD5, SHA-1 and SHA-256 of a file in one pass over its bytes.

use std::io::{self, Read};
use std::sync::mpsc;
use std::thread;

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
///
/// When MD5 and a SHA digest are both wanted, MD5 runs on a thread of its own beside the SHA
/// digests: it is the slowest of the three (about 480 MB/s against 1.4-1.5 GB/s for each SHA with
/// the CPU's SHA instructions) and one serial chain, so a long stream then costs about its MD5
/// time instead of the sum of the three (docs/performance.md).
pub fn hash_stream(
    reader: &mut dyn Read,
    kinds: HashKinds,
    buffer: &mut [u8],
    first_block: &mut dyn FnMut(&[u8]),
) -> io::Result<(Hashes, u64)> {
    if kinds.md5 && (kinds.sha1 || kinds.sha256) {
        return hash_stream_beside_md5(reader, kinds, buffer.len(), first_block);
    }
    let mut hasher = MultiHasher::new(kinds);
    let mut total = 0u64;
    loop {
        let n = match read_retrying(reader, buffer)? {
            0 => break,
            n => n,
        };
        if total == 0 {
            first_block(&buffer[..n]);
        }
        hasher.update(&buffer[..n]);
        total += n as u64;
    }
    Ok((hasher.finish(), total))
}

/// `reader.read`, again when interrupted by a signal.
fn read_retrying(reader: &mut dyn Read, buffer: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buffer) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Buffers in flight between the reading thread and the MD5 thread: one being hashed by MD5,
/// one queued, one being read and SHA-hashed.
const STREAM_BUFFERS: usize = 3;

/// [`hash_stream`] with MD5 on a scoped thread: the calling thread reads each chunk into a
/// buffer of `chunk` bytes, feeds it to SHA-1/SHA-256 and hands it to the MD5 thread, which
/// gives it back when done. A panic of the MD5 thread is raised again here.
fn hash_stream_beside_md5(
    reader: &mut dyn Read,
    kinds: HashKinds,
    chunk: usize,
    first_block: &mut dyn FnMut(&[u8]),
) -> io::Result<(Hashes, u64)> {
    let chunk = chunk.max(1);
    let (to_md5, md5_input) = mpsc::sync_channel::<(Vec<u8>, usize)>(STREAM_BUFFERS - 2);
    let (give_back, returned) = mpsc::channel::<Vec<u8>>();
    thread::scope(|scope| {
        let md5 = scope.spawn(move || {
            let mut md5 = Md5::new();
            for (buffer, filled) in md5_input {
                md5.update(&buffer[..filled]);
                // The reader may have stopped early (a read error): then nobody takes it back.
                let _ = give_back.send(buffer);
            }
            <[u8; 16]>::from(md5.finalize())
        });
        let mut shas = MultiHasher::new(HashKinds {
            md5: false,
            ..kinds
        });
        let mut unused = STREAM_BUFFERS;
        let mut total = 0u64;
        let read = loop {
            let mut buffer = if unused > 0 {
                unused -= 1;
                vec![0u8; chunk]
            } else {
                match returned.recv() {
                    Ok(buffer) => buffer,
                    // The MD5 thread is gone: it panicked, which join() below raises again.
                    Err(_) => break Ok(()),
                }
            };
            let filled = match read_retrying(reader, &mut buffer) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => break Err(e),
            };
            if total == 0 {
                first_block(&buffer[..filled]);
            }
            shas.update(&buffer[..filled]);
            total += filled as u64;
            if to_md5.send((buffer, filled)).is_err() {
                break Ok(());
            }
        };
        drop(to_md5);
        let md5 = md5
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read?;
        let mut hashes = shas.finish();
        hashes.md5 = Some(md5);
        Ok((hashes, total))
    })
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

    /// Every split of the digests between the two paths of hash_stream, over a reader that
    /// returns short reads, interruptions and a final error.
    #[test]
    fn streamed_digests_agree_for_every_choice_of_digests() {
        let data: Vec<u8> = (0..1_000_003u32).map(|i| (i % 253) as u8).collect();
        for md5 in [false, true] {
            for sha1 in [false, true] {
                for sha256 in [false, true] {
                    let kinds = HashKinds { md5, sha1, sha256 };
                    let mut reader = Choppy {
                        rest: &data,
                        calls: 0,
                        fail_at_end: false,
                    };
                    let mut buffer = vec![0u8; 65_536];
                    let mut first = Vec::new();
                    let (streamed, total) =
                        hash_stream(&mut reader, kinds, &mut buffer, &mut |b| {
                            first.extend_from_slice(b)
                        })
                        .expect("only interruptions, no error");
                    assert_eq!(total, data.len() as u64);
                    assert_eq!(streamed, hash_selected(&data, kinds), "{kinds:?}");
                    assert_eq!(first, data[..first.len()]);
                    assert!(!first.is_empty());
                }
            }
        }
        let mut failing = Choppy {
            rest: &data,
            calls: 0,
            fail_at_end: true,
        };
        let error = hash_stream(&mut failing, HashKinds::ALL, &mut [0u8; 4096], &mut |_| {})
            .expect_err("the reader's error is returned");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }

    /// Gives at most 7,777 bytes per read, is interrupted every third call, and optionally
    /// fails instead of reporting the end.
    struct Choppy<'a> {
        rest: &'a [u8],
        calls: usize,
        fail_at_end: bool,
    }

    impl Read for Choppy<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            if self.rest.is_empty() && self.fail_at_end {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let n = buffer.len().min(self.rest.len()).min(7_777);
            buffer[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }
}
