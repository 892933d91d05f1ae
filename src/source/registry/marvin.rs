//! Marvin32, the keyed hash that guards transaction-log entries (64-bit form, as .NET computes it).

/// Hashes `data` with `seed`; the low half of the seed is the first state word.
pub(crate) fn marvin32(seed: u64, data: &[u8]) -> u64 {
    let mut state = State {
        lo: seed as u32,
        hi: (seed >> 32) as u32,
    };
    let words = data.chunks_exact(4);
    let tail = words.remainder();
    for word in words {
        state.mix(<[u8; 4]>::try_from(word).map_or(0, u32::from_le_bytes));
    }
    // The 0-3 leftover bytes are closed with a 0x80 marker byte above them.
    let last = tail
        .iter()
        .rev()
        .fold(0x80u32, |acc, &byte| (acc << 8) | u32::from(byte));
    state.mix(last);
    state.mix(0);
    (u64::from(state.hi) << 32) | u64::from(state.lo)
}

struct State {
    lo: u32,
    hi: u32,
}

impl State {
    fn mix(&mut self, word: u32) {
        self.lo = self.lo.wrapping_add(word);
        self.hi ^= self.lo;
        self.lo = self.lo.rotate_left(20).wrapping_add(self.hi);
        self.hi = self.hi.rotate_left(9) ^ self.lo;
        self.lo = self.lo.rotate_left(27).wrapping_add(self.hi);
        self.hi = self.hi.rotate_left(19);
    }
}
