//! A fast, non-cryptographic hasher for the per-pass indexes (keys are names and labels of the
//! design itself, so hash flooding is not a concern; `SipHash` showed up in the benchmark profile).

use std::hash::{BuildHasherDefault, Hasher};

/// The multiply-rotate hash of Firefox and rustc (`FxHash`), written out here.
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word.iter_mut().zip(rest).for_each(|(w, b)| *w = *b);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<T> = std::collections::HashSet<T, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let mut map: FastMap<(&str, &str), usize> = FastMap::default();
        for (i, key) in ["app", "app.kubernetes.io/name", "tier", ""]
            .iter()
            .enumerate()
        {
            map.insert((key, "web"), i);
        }
        assert_eq!(map.get(&("tier", "web")), Some(&2));
        assert_eq!(map.get(&("", "web")), Some(&3));
        assert_eq!(map.get(&("tier", "db")), None);
        assert_eq!(map.len(), 4);
    }
}
