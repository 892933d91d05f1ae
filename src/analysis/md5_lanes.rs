//! Multi-buffer MD5: one MD5 stream is a serial dependency chain, so the only way to hash faster
//! is to run independent inputs side by side, one per SIMD lane (16 with AVX-512, 8 with AVX2).
//!
//! A lane that finishes its input starts the next pending one (inputs are started longest first),
//! so the SIMD work is about total blocks / lanes. Each lane reads its input's full blocks straight
//! from the slice, then its 1 or 2 padded final blocks from a small buffer, so every digest comes
//! out of the kernel exactly. Once too few lanes are busy for SIMD to pay off, the remaining
//! inputs are finished one at a time from their lane state with the md-5 crate's compression,
//! or, when the caller allows it ([`Md5Input::may_pause`]), a long one is paused: its progress
//! is handed back so that it shares the lanes with the next batch's inputs instead of running
//! alone on one core.

// Without x86_64 only the scalar path is compiled in.
#![cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]

use std::cmp::Reverse;

use md5::block_api::compress;

/// Which implementation [`md5_many_with`] uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lanes {
    /// The md-5 crate, one input at a time.
    Scalar,
    /// 8 lanes of 32 bits.
    Avx2,
    /// 16 lanes of 32 bits.
    Avx512,
}

impl Lanes {
    /// The widest path this CPU supports.
    pub fn detect() -> Lanes {
        [Lanes::Avx512, Lanes::Avx2]
            .into_iter()
            .find(|lanes| lanes.is_available())
            .unwrap_or(Lanes::Scalar)
    }

    /// Whether this CPU can run the path.
    pub fn is_available(self) -> bool {
        match self {
            Lanes::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Lanes::Avx2 => is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Lanes::Avx512 => is_x86_feature_detected!("avx512f"),
            #[cfg(not(target_arch = "x86_64"))]
            Lanes::Avx2 | Lanes::Avx512 => false,
        }
    }
}

/// MD5 of each input, in order. Uses AVX-512 (16 lanes) or AVX2 (8 lanes) when the CPU has them
/// (runtime detection), else the md-5 crate one input at a time.
pub fn md5_many(inputs: &[&[u8]]) -> Vec<[u8; 16]> {
    md5_many_with(inputs, Lanes::detect())
}

/// [`md5_many`] on a chosen path; a path this CPU lacks falls back to the scalar one.
pub fn md5_many_with(inputs: &[&[u8]], lanes: Lanes) -> Vec<[u8; 16]> {
    let inputs: Vec<Md5Input> = inputs.iter().map(|data| Md5Input::new(data)).collect();
    md5_batch_with(&inputs, lanes)
        .into_iter()
        .zip(&inputs)
        .map(|(outcome, input)| outcome.finish(input.data))
        .collect()
}

/// One input of [`md5_batch`].
#[derive(Clone, Copy)]
pub struct Md5Input<'a> {
    pub data: &'a [u8],
    /// Where an earlier batch paused this input's MD5 (None: from the start).
    pub resume: Option<Md5Progress>,
    /// Whether it may come back [`Md5Outcome::Paused`] when it is left alone in the lanes with
    /// at least [`PAUSE_MIN_BLOCKS`] to go.
    pub may_pause: bool,
}

impl<'a> Md5Input<'a> {
    /// An input hashed from its start to its end.
    pub fn new(data: &'a [u8]) -> Self {
        Md5Input {
            data,
            resume: None,
            may_pause: false,
        }
    }

    fn resumed(data: &'a [u8], progress: Md5Progress) -> Self {
        Md5Input {
            data,
            resume: Some(progress),
            may_pause: false,
        }
    }
}

/// An MD5 stopped after a whole number of 64-byte blocks of its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Md5Progress {
    state: [u32; 4],
    blocks_done: usize,
}

/// What [`md5_batch`] made of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Md5Outcome {
    Done([u8; 16]),
    /// Left alone in the lanes with much to go: give it to the next batch
    /// ([`Md5Input::resume`]), or [`Md5Outcome::finish`] it on one core.
    Paused(Md5Progress),
}

impl Md5Outcome {
    /// The digest, finishing a paused input on one core.
    pub fn finish(self, data: &[u8]) -> [u8; 16] {
        match self {
            Md5Outcome::Done(digest) => digest,
            Md5Outcome::Paused(progress) => {
                Stream::new(0, &Md5Input::resumed(data, progress)).finish_scalar()
            }
        }
    }
}

/// An input left alone in the lanes is paused only with at least this much to go (1 MiB): less
/// costs about a millisecond on one core, not worth holding its buffer for the next batch.
pub const PAUSE_MIN_BLOCKS: usize = 16 * 1024;

/// MD5 of each input, resuming and pausing as [`Md5Input`] says, on the widest lanes this CPU
/// has.
pub fn md5_batch(inputs: &[Md5Input]) -> Vec<Md5Outcome> {
    md5_batch_with(inputs, Lanes::detect())
}

fn md5_batch_with(inputs: &[Md5Input], lanes: Lanes) -> Vec<Md5Outcome> {
    let mut out = vec![Md5Outcome::Done([0; 16]); inputs.len()];
    match lanes {
        #[cfg(target_arch = "x86_64")]
        Lanes::Avx512 if lanes.is_available() => {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            unsafe { x86::md5_avx512(inputs, &mut out) }
        }
        #[cfg(target_arch = "x86_64")]
        Lanes::Avx2 if lanes.is_available() => {
            // SAFETY: the CPU supports AVX2 (checked just above).
            unsafe { x86::md5_avx2(inputs, &mut out) }
        }
        _ => {
            for (index, (outcome, input)) in out.iter_mut().zip(inputs).enumerate() {
                *outcome = Md5Outcome::Done(Stream::new(index, input).finish_scalar());
            }
        }
    }
    out
}

const IV: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/// One input in a lane: its remaining full blocks, borrowed from the input, then its padded
/// final blocks `tail[next_tail..tail_len]`.
struct Stream<'a> {
    index: usize,
    /// The state it starts from: MD5's initial value, or where it was paused.
    start: [u32; 4],
    blocks: &'a [[u8; 64]],
    /// How many full blocks the input has.
    full_blocks: usize,
    tail: [[u8; 64]; 2],
    next_tail: usize,
    tail_len: usize,
    may_pause: bool,
}

impl<'a> Stream<'a> {
    fn new(index: usize, input: &Md5Input<'a>) -> Self {
        let data = input.data;
        let (blocks, rest) = data.as_chunks::<64>();
        let mut tail = [[0u8; 64]; 2];
        tail[0][..rest.len()].copy_from_slice(rest);
        tail[0][rest.len()] = 0x80;
        // The 8-byte bit length must fit after the 0x80 byte, else it goes into a second block.
        let tail_len = if rest.len() < 56 { 1 } else { 2 };
        let bits = (data.len() as u64).wrapping_mul(8);
        tail[tail_len - 1][56..].copy_from_slice(&bits.to_le_bytes());
        let (start, done) = input
            .resume
            .map_or((IV, 0), |p| (p.state, p.blocks_done.min(blocks.len())));
        Stream {
            index,
            start,
            blocks: &blocks[done..],
            full_blocks: blocks.len(),
            tail,
            next_tail: 0,
            tail_len,
            may_pause: input.may_pause,
        }
    }

    fn block(&self) -> &[u8; 64] {
        self.blocks.first().unwrap_or(&self.tail[self.next_tail])
    }

    /// Moves past the current block; true once the last one has been processed.
    fn advance(&mut self) -> bool {
        match self.blocks.split_first() {
            Some((_, rest)) => self.blocks = rest,
            None => self.next_tail += 1,
        }
        self.next_tail == self.tail_len
    }

    /// Finishes the stream on one core from its start state.
    fn finish_scalar(&self) -> [u8; 16] {
        self.finish_from(self.start)
    }

    /// Finishes the stream from `state` on one core.
    fn finish_from(&self, mut state: [u32; 4]) -> [u8; 16] {
        compress(&mut state, self.blocks);
        compress(&mut state, &self.tail[self.next_tail..self.tail_len]);
        digest_bytes(state)
    }

    /// What a stream left alone in the lanes at `state` comes to: paused when its input allows
    /// it and it still has many full blocks to go, else finished on one core.
    fn leave(&self, state: [u32; 4]) -> Md5Outcome {
        if self.may_pause && self.next_tail == 0 && self.blocks.len() >= PAUSE_MIN_BLOCKS {
            Md5Outcome::Paused(Md5Progress {
                state,
                blocks_done: self.full_blocks - self.blocks.len(),
            })
        } else {
            Md5Outcome::Done(self.finish_from(state))
        }
    }
}

fn digest_bytes(state: [u32; 4]) -> [u8; 16] {
    let mut digest = [0u8; 16];
    for (bytes, word) in digest.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_le_bytes());
    }
    digest
}

/// Hashes `inputs` into `out` with `N` lanes; `gather` transposes one block per lane into
/// `m[word][lane]`.
#[inline(always)]
fn run<const N: usize>(
    inputs: &[Md5Input],
    out: &mut [Md5Outcome],
    gather: impl Fn([&[u8; 64]; N]) -> [[u32; N]; 16],
) {
    // Longest first: long inputs overlap each other and the short ones fill in around them.
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| Reverse(remaining(&inputs[i])));
    let mut pending = order.into_iter().map(|i| Stream::new(i, &inputs[i]));
    let mut lanes: [Option<Stream>; N] = std::array::from_fn(|_| pending.next());
    let mut busy = lanes.iter().flatten().count();
    let mut state = IV.map(|word| [word; N]);
    for (l, stream) in lanes.iter().enumerate() {
        if let Some(stream) = stream {
            start_lane(&mut state, l, stream.start);
        }
    }
    // Idle lanes hash this; their results are never read.
    let idle = [0u8; 64];
    // With one busy lane a SIMD step is ~15% slower than a scalar block (with two it is 1.6x
    // ahead), so a lone remaining input is finished on one core.
    while busy > 1 {
        // First the full blocks every busy lane still has, with no per-block bookkeeping.
        let run = lanes
            .iter()
            .flatten()
            .map(|s| s.blocks.len())
            .min()
            .unwrap_or(0);
        for i in 0..run {
            let blocks = std::array::from_fn(|l| lanes[l].as_ref().map_or(&idle, |s| &s.blocks[i]));
            compress_lanes(&mut state, &gather(blocks));
        }
        for stream in lanes.iter_mut().flatten() {
            stream.blocks = &stream.blocks[run..];
        }
        // Then one step that takes some lane into its final blocks or to its end.
        let blocks = std::array::from_fn(|l| lanes[l].as_ref().map_or(&idle, Stream::block));
        compress_lanes(&mut state, &gather(blocks));
        for (l, lane) in lanes.iter_mut().enumerate() {
            if let Some(stream) = lane
                && stream.advance()
            {
                out[stream.index] = Md5Outcome::Done(digest_bytes(state.map(|word| word[l])));
                *lane = pending.next();
                busy -= usize::from(lane.is_none());
                start_lane(&mut state, l, lane.as_ref().map_or(IV, |s| s.start));
            }
        }
    }
    for (l, lane) in lanes.iter().enumerate() {
        if let Some(stream) = lane {
            out[stream.index] = stream.leave(state.map(|word| word[l]));
        }
    }
}

/// Bytes of `input` still to hash.
fn remaining(input: &Md5Input) -> usize {
    let done = input.resume.map_or(0, |p| p.blocks_done.saturating_mul(64));
    input.data.len().saturating_sub(done)
}

/// Puts `start` into lane `l` of the lanes' state.
fn start_lane<const N: usize>(state: &mut [[u32; N]; 4], l: usize, start: [u32; 4]) {
    for (word, value) in state.iter_mut().zip(start) {
        word[l] = value;
    }
}

/// The additive constants of the 64 steps (RFC 1321, 3.4).
const K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// Rotation of step `i`.
const fn shift(i: usize) -> u32 {
    [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21][i / 16 * 4 + i % 4]
}

/// Message word of step `i`.
const fn word(i: usize) -> usize {
    let j = i % 16;
    match i / 16 {
        0 => j,
        1 => (5 * j + 1) % 16,
        2 => (3 * j + 5) % 16,
        _ => (7 * j) % 16,
    }
}

/// One MD5 compression per lane. Written over plain arrays so that, inlined into a
/// `target_feature` function, LLVM turns each `for l in 0..N` into one SIMD op per lane group.
#[inline(always)]
fn compress_lanes<const N: usize>(state: &mut [[u32; N]; 4], m: &[[u32; N]; 16]) {
    let [mut a, mut b, mut c, mut d] = *state;
    // Opaque to the optimiser, so it adds K[i] to a and m off the critical path instead of
    // moving the constant to the last add after f.
    let k = std::hint::black_box(&K);
    // a = b + ((a + f(b, c, d) + m[word(i)] + K[i]) <<< shift(i))
    macro_rules! step {
        ($f:expr, $a:ident, $b:ident, $c:ident, $d:ident, $i:expr) => {{
            const I: usize = $i;
            for l in 0..N {
                let f = $f($b[l], $c[l], $d[l]);
                let x = $a[l]
                    .wrapping_add(f)
                    .wrapping_add(m[word(I)][l].wrapping_add(k[I]));
                $a[l] = $b[l].wrapping_add(x.rotate_left(shift(I)));
            }
        }};
    }
    macro_rules! steps4 {
        ($f:expr, $i:expr) => {
            step!($f, a, b, c, d, $i);
            step!($f, d, a, b, c, $i + 1);
            step!($f, c, d, a, b, $i + 2);
            step!($f, b, c, d, a, $i + 3);
        };
    }
    macro_rules! round {
        ($f:expr, $i:expr) => {
            steps4!($f, $i);
            steps4!($f, $i + 4);
            steps4!($f, $i + 8);
            steps4!($f, $i + 12);
        };
    }
    round!(|b: u32, c: u32, d: u32| d ^ (b & (c ^ d)), 0);
    round!(|b: u32, c: u32, d: u32| c ^ (d & (b ^ c)), 16);
    round!(|b: u32, c: u32, d: u32| b ^ c ^ d, 32);
    round!(|b: u32, c: u32, d: u32| c ^ (b | !d), 48);
    for (s, x) in state.iter_mut().zip([a, b, c, d]) {
        for l in 0..N {
            s[l] = s[l].wrapping_add(x[l]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{Md5Input, Md5Outcome, run};

    #[target_feature(enable = "avx512f")]
    pub(super) fn md5_avx512(inputs: &[Md5Input], out: &mut [Md5Outcome]) {
        run::<16>(inputs, out, |blocks| transpose16(&blocks));
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn md5_avx2(inputs: &[Md5Input], out: &mut [Md5Outcome]) {
        run::<8>(inputs, out, |blocks| transpose8(&blocks));
    }

    /// `m[word][lane]` from one block per lane: a 16x16 transpose of 32-bit words in registers.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn transpose16(blocks: &[&[u8; 64]; 16]) -> [[u32; 16]; 16] {
        let mut r = [_mm512_setzero_si512(); 16];
        for (row, block) in r.iter_mut().zip(blocks) {
            // SAFETY: the block is 64 readable bytes; loadu needs no alignment.
            *row = unsafe { _mm512_loadu_si512(block.as_ptr().cast()) };
        }
        // Per 128-bit chunk j, t[2k] holds words 4j, 4j+1 and t[2k+1] words 4j+2, 4j+3 of lanes
        // 2k, 2k+1; then u[4k+q] holds word 4j+q of lanes 4k..4k+4.
        let t: [__m512i; 16] = std::array::from_fn(|i| {
            let (x, y) = (r[i & !1], r[i | 1]);
            if i % 2 == 0 {
                _mm512_unpacklo_epi32(x, y)
            } else {
                _mm512_unpackhi_epi32(x, y)
            }
        });
        let u: [__m512i; 16] = std::array::from_fn(|i| {
            let (x, y) = (t[(i & !3) + (i & 2) / 2], t[(i & !3) + (i & 2) / 2 + 2]);
            if i % 2 == 0 {
                _mm512_unpacklo_epi64(x, y)
            } else {
                _mm512_unpackhi_epi64(x, y)
            }
        });
        // Now a 4x4 transpose of 128-bit chunks among u[q], u[4+q], u[8+q], u[12+q].
        let mut out = [_mm512_setzero_si512(); 16];
        for q in 0..4 {
            let v0 = _mm512_shuffle_i32x4::<0x44>(u[q], u[4 + q]);
            let v1 = _mm512_shuffle_i32x4::<0xee>(u[q], u[4 + q]);
            let v2 = _mm512_shuffle_i32x4::<0x44>(u[8 + q], u[12 + q]);
            let v3 = _mm512_shuffle_i32x4::<0xee>(u[8 + q], u[12 + q]);
            out[q] = _mm512_shuffle_i32x4::<0x88>(v0, v2);
            out[4 + q] = _mm512_shuffle_i32x4::<0xdd>(v0, v2);
            out[8 + q] = _mm512_shuffle_i32x4::<0x88>(v1, v3);
            out[12 + q] = _mm512_shuffle_i32x4::<0xdd>(v1, v3);
        }
        // SAFETY: same size, and every bit pattern is a valid u32.
        unsafe { std::mem::transmute(out) }
    }

    /// `m[word][lane]` from one block per lane: two 8x8 transposes of 32-bit words in registers.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn transpose8(blocks: &[&[u8; 64]; 8]) -> [[u32; 8]; 16] {
        let mut out = [_mm256_setzero_si256(); 16];
        for half in 0..2 {
            let mut r = [_mm256_setzero_si256(); 8];
            for (row, block) in r.iter_mut().zip(blocks) {
                // SAFETY: the 32 bytes from 32 * half are inside the 64-byte block.
                *row = unsafe { _mm256_loadu_si256(block[32 * half..].as_ptr().cast()) };
            }
            // As in transpose16, with 8 rows of 8 words.
            let t: [__m256i; 8] = std::array::from_fn(|i| {
                let (x, y) = (r[i & !1], r[i | 1]);
                if i % 2 == 0 {
                    _mm256_unpacklo_epi32(x, y)
                } else {
                    _mm256_unpackhi_epi32(x, y)
                }
            });
            let u: [__m256i; 8] = std::array::from_fn(|i| {
                let (x, y) = (t[(i & !3) + (i & 2) / 2], t[(i & !3) + (i & 2) / 2 + 2]);
                if i % 2 == 0 {
                    _mm256_unpacklo_epi64(x, y)
                } else {
                    _mm256_unpackhi_epi64(x, y)
                }
            });
            for q in 0..4 {
                out[8 * half + q] = _mm256_permute2x128_si256::<0x20>(u[q], u[4 + q]);
                out[8 * half + 4 + q] = _mm256_permute2x128_si256::<0x31>(u[q], u[4 + q]);
            }
        }
        // SAFETY: same size, and every bit pattern is a valid u32.
        unsafe { std::mem::transmute(out) }
    }
}

#[cfg(test)]
mod tests {
    use md5::{Digest, Md5};

    use super::*;
    use crate::test_rng::Rng;

    /// Deterministic bytes.
    fn bytes(len: usize, seed: u64) -> Vec<u8> {
        Rng::new(seed).bytes(len)
    }

    /// Checks every path this CPU has against the md-5 crate.
    fn check(inputs: &[Vec<u8>]) {
        let slices: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
        let expected: Vec<[u8; 16]> = slices.iter().map(|s| Md5::digest(s).into()).collect();
        for lanes in [Lanes::Scalar, Lanes::Avx2, Lanes::Avx512] {
            if !lanes.is_available() {
                println!("skipping {lanes:?}: not supported by this CPU");
                continue;
            }
            let got = md5_many_with(&slices, lanes);
            for (i, (got, expected)) in got.iter().zip(&expected).enumerate() {
                assert_eq!(
                    got,
                    expected,
                    "{lanes:?}, input {i} of {} bytes",
                    slices[i].len()
                );
            }
            assert_eq!(got.len(), expected.len());
        }
        assert_eq!(md5_many(&slices), expected);
    }

    #[test]
    fn known_digests() {
        let digests = md5_many(&[b"", b"abc", b"message digest"]);
        let hex: Vec<String> = digests.iter().map(hex::encode).collect();
        assert_eq!(
            hex,
            [
                "d41d8cd98f00b204e9800998ecf8427e",
                "900150983cd24fb0d6963f7d28e17f72",
                "f96b697d7cb7938d525a2f31aaf161d0"
            ]
        );
    }

    #[test]
    fn every_length_up_to_300() {
        // All in one batch (lanes refill), and in batches of 16 consecutive lengths.
        let inputs: Vec<Vec<u8>> = (0..=300).map(|len| bytes(len, len as u64)).collect();
        check(&inputs);
        for batch in inputs.chunks(16) {
            check(batch);
        }
    }

    #[test]
    fn random_lengths_up_to_a_few_mb() {
        let lengths = bytes(64, 7);
        let inputs: Vec<Vec<u8>> = lengths
            .chunks(4)
            .enumerate()
            .map(|(i, b)| {
                let len = u32::from_le_bytes([b[0], b[1], b[2] & 0x3f, 0]) as usize;
                bytes(len, i as u64 + 100)
            })
            .collect();
        check(&inputs);
    }

    #[test]
    fn uneven_batches() {
        for count in [1, 7, 8, 9, 16, 17, 40] {
            let mut inputs: Vec<Vec<u8>> =
                (0..count).map(|i| bytes(i * 37 % 200, i as u64)).collect();
            inputs[count / 2] = bytes(5 << 20, 1);
            if count > 8 {
                inputs[1] = bytes(300_000, 2);
                inputs[count - 1] = bytes(1_000_003, 3);
            }
            check(&inputs);
        }
    }

    /// A long input paused in one batch and resumed in the next ones, alongside other inputs,
    /// comes out with the right digest on every path; so does one finished on one core.
    #[test]
    fn a_long_input_paused_and_resumed_across_batches() {
        let long = bytes(5 << 20, 11);
        let expected: [u8; 16] = Md5::digest(&long).into();
        let shorts: Vec<Vec<u8>> = (0..12).map(|i| bytes(40_000 + i * 999, i as u64)).collect();
        let short_digests: Vec<[u8; 16]> = shorts.iter().map(|s| Md5::digest(s).into()).collect();
        for lanes in [Lanes::Scalar, Lanes::Avx2, Lanes::Avx512] {
            if !lanes.is_available() {
                println!("skipping {lanes:?}: not supported by this CPU");
                continue;
            }
            let mut resume = None;
            let mut pauses = 0;
            let digest = loop {
                let mut batch = vec![Md5Input {
                    data: &long,
                    resume,
                    may_pause: true,
                }];
                batch.extend(shorts.iter().map(|s| Md5Input::new(s)));
                let outcomes = md5_batch_with(&batch, lanes);
                for (outcome, expected) in outcomes[1..].iter().zip(&short_digests) {
                    assert_eq!(*outcome, Md5Outcome::Done(*expected), "{lanes:?}");
                }
                match outcomes[0] {
                    Md5Outcome::Done(digest) => break digest,
                    Md5Outcome::Paused(progress) => {
                        pauses += 1;
                        assert!(
                            resume
                                .is_none_or(|r: Md5Progress| r.blocks_done < progress.blocks_done),
                            "{lanes:?}: each batch moves it on"
                        );
                        assert_eq!(
                            Md5Outcome::Paused(progress).finish(&long),
                            expected,
                            "{lanes:?}: finished on one core from batch {pauses}"
                        );
                        resume = Some(progress);
                    }
                }
            };
            assert_eq!(digest, expected, "{lanes:?} after {pauses} pauses");
            // 12 short inputs of ~45 KB fill 16 lanes for ~700 blocks per batch: several
            // batches go by before the 5 MiB input is done, each leaving it paused.
            if lanes == Lanes::Scalar {
                assert_eq!(pauses, 0, "one core never pauses");
            } else {
                assert!(pauses > 1, "{lanes:?}: paused {pauses} times");
            }
        }
    }

    #[test]
    fn an_input_that_may_not_pause_or_has_little_left_is_finished() {
        let long = bytes(3 << 20, 5);
        let short = bytes(1000, 6);
        let little = bytes(PAUSE_MIN_BLOCKS * 64 - 1, 7);
        for (input, may_pause) in [(&long, false), (&little, true)] {
            let batch = [
                Md5Input {
                    data: input,
                    resume: None,
                    may_pause,
                },
                Md5Input::new(&short),
            ];
            let outcomes = md5_batch(&batch);
            assert_eq!(outcomes[0], Md5Outcome::Done(Md5::digest(input).into()));
            assert_eq!(outcomes[1], Md5Outcome::Done(Md5::digest(&short).into()));
        }
    }

    #[test]
    fn empty_batch_and_empty_inputs() {
        check(&[]);
        check(&vec![Vec::new(); 20]);
    }
}
