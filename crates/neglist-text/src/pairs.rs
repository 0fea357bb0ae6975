//! A bit filter in front of a set of character pairs: most pairs side by
//! side in a text are in no set a matcher keeps, and one bit says so
//! without a search or a hash lookup. A set bit still asks the set.

/// A pair as one key: the first character in the high half.
pub fn key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// One bit a hash of a pair, set for each pair of a set. Empty (the
/// default), it passes every pair.
#[derive(Debug, Clone, Default)]
pub struct PairFilter {
    bits: Vec<u64>,
    /// 64 − log2 of the number of bits.
    shift: u32,
}

impl PairFilter {
    /// A filter of 2^`log2_bits` bits (at least 64) over `keys`.
    pub fn new(log2_bits: u32, keys: impl IntoIterator<Item = u64>) -> Self {
        let log2_bits = log2_bits.max(6);
        let mut f = PairFilter {
            bits: vec![0; 1 << (log2_bits - 6)],
            shift: 64 - log2_bits,
        };
        for k in keys {
            let i = f.bit(k);
            f.bits[i >> 6] |= 1 << (i & 63);
        }
        f
    }

    fn bit(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// False only if the pair of `k` is in no set this filter was built
    /// over.
    pub fn may_contain(&self, k: u64) -> bool {
        if self.bits.is_empty() {
            return true;
        }
        let i = self.bit(k);
        self.bits[i >> 6] & (1 << (i & 63)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_passes_every_pair_it_was_built_over() {
        let pairs: Vec<u64> = "虚拟货币挖矿保安服务"
            .chars()
            .zip("拟货币挖矿保安服务业".chars())
            .map(|(a, b)| key(a, b))
            .collect();
        let f = PairFilter::new(10, pairs.iter().copied());
        assert!(pairs.iter().all(|k| f.may_contain(*k)));
        // A small filter over few pairs turns most others away.
        let others = ('一'..'龥')
            .filter(|c| !f.may_contain(key(*c, '一')))
            .count();
        assert!(others > 15_000, "{others}");
        assert!(PairFilter::default().may_contain(key('a', 'b')));
    }
}
