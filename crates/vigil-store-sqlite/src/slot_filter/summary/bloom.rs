//! The Bloom filter of a block summary: written once with the block, then probed in place
//! on the stored bytes by every read that considers the block.
//!
//! Its layout is part of the file format, so it is spelled out here rather than borrowed
//! from a crate whose bit layout may change between versions:
//! - the filter is a power-of-two number of 64-bit words;
//! - a key (a 64-bit hash, already well mixed) lives in one word: the word its low bits
//!   name, and in it the [`BITS`] bits named by six-bit fields of its bits 24 and up;
//! - a key is present when all of its bits are set.
//!
//! One word per key makes a probe one load from the stored bytes. Because the word index is
//! the low bits of the hash, a filter folds in half by OR-ing its halves together and every
//! key keeps its bits. A block has far fewer distinct (column, value) pairs than
//! records × columns (the same app, status and user recur), so the writer sizes the filter
//! for the worst case, inserts, and folds while the result stays sparse enough
//! ([`MAX_FILL`]).

/// Bits set per key.
pub(crate) const BITS: u32 = 6;

/// Bits per key the unfolded filter starts with.
const START_BITS_PER_KEY: usize = 16;

/// The densest a folded filter may be. Six bits per key in a word 35 % full miss about one
/// probe in five hundred for an absent key.
const MAX_FILL: f64 = 0.35;

/// The word of `hash` in a filter of `words` words (a power of two) and its bits there.
fn place(hash: u64, words: usize) -> (usize, u64) {
    let index = (hash as usize) & (words - 1);
    let mut fields = hash >> 24;
    let mut mask = 0u64;
    for _ in 0..BITS {
        mask |= 1 << (fields & 63);
        fields >>= 6;
    }
    (index, mask)
}

/// A filter being built.
#[derive(Debug, Clone)]
pub(crate) struct BloomBuilder {
    words: Vec<u64>,
}

impl BloomBuilder {
    /// A filter for at most `keys` keys.
    pub(crate) fn for_keys(keys: usize) -> BloomBuilder {
        let words = (keys.max(1) * START_BITS_PER_KEY)
            .div_ceil(64)
            .next_power_of_two();
        BloomBuilder {
            words: vec![0; words],
        }
    }

    pub(crate) fn insert(&mut self, hash: u64) {
        let (index, mask) = place(hash, self.words.len());
        if let Some(word) = self.words.get_mut(index) {
            *word |= mask;
        }
    }

    /// The finished filter's words: folded while the fold stays at most [`MAX_FILL`] full.
    pub(crate) fn finish(mut self) -> Vec<u64> {
        while self.words.len() > 1 {
            let half = self.words.len() / 2;
            let set: u32 = (0..half)
                .map(|i| (self.words[i] | self.words[i + half]).count_ones())
                .sum();
            if f64::from(set) > MAX_FILL * (half * 64) as f64 {
                break;
            }
            let (low, high) = self.words.split_at_mut(half);
            for (l, h) in low.iter_mut().zip(high.iter()) {
                *l |= *h;
            }
            self.words.truncate(half);
        }
        self.words
    }
}

/// A stored filter: its words, little-endian, read where they lie.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BloomView<'a> {
    bytes: &'a [u8],
    words: usize,
}

impl<'a> BloomView<'a> {
    /// The view of `bytes`, a whole number of words; `None` unless their count is a power of
    /// two.
    pub(crate) fn new(bytes: &'a [u8]) -> Option<BloomView<'a>> {
        let words = bytes.len() / 8;
        (bytes.len().is_multiple_of(8) && words.is_power_of_two())
            .then_some(BloomView { bytes, words })
    }

    /// Whether `hash` may have been inserted (`false` proves it was not).
    pub(crate) fn contains(&self, hash: u64) -> bool {
        let (index, mask) = place(hash, self.words);
        let at = index * 8;
        match self
            .bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
        {
            Some(word) => u64::from_le_bytes(word) & mask == mask,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix(n: u64) -> u64 {
        let mut h = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }

    fn stored(words: &[u64]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn finds_every_key_and_few_others_after_folding() {
        for (capacity, keys) in [(6_000usize, 1_300u64), (6_000, 6_000), (10, 3), (1, 1)] {
            let mut builder = BloomBuilder::for_keys(capacity);
            for n in 0..keys {
                builder.insert(mix(n));
            }
            let words = builder.finish();
            let bytes = stored(&words);
            let view = BloomView::new(&bytes).unwrap();
            assert!(
                (0..keys).all(|n| view.contains(mix(n))),
                "{capacity}/{keys}"
            );
            if keys > 1_000 {
                // Few distinct keys fold the filter below its starting size.
                let start = (capacity * START_BITS_PER_KEY)
                    .div_ceil(64)
                    .next_power_of_two();
                assert!(keys == 6_000 || words.len() < start, "{capacity}/{keys}");
                let false_hits = (1_000_000..1_100_000)
                    .filter(|n| view.contains(mix(*n)))
                    .count();
                assert!(
                    false_hits < 1_500,
                    "{capacity}/{keys}: {false_hits} false hits"
                );
            }
        }
    }

    #[test]
    fn refuses_a_filter_of_the_wrong_size() {
        assert!(BloomView::new(&[0; 24]).is_none());
        assert!(BloomView::new(&[0; 7]).is_none());
        assert!(BloomView::new(&[]).is_none());
        assert!(BloomView::new(&[0; 16]).is_some());
    }
}
