//! Fast, non-cryptographic hash maps for the per-pass indexes: keys are names and labels of the
//! design itself, so hash flooding is not a concern, and `SipHash` showed up in the benchmark
//! profile. `rustc-hash` is already in the build (eframe's dependencies use it), so it costs no
//! build time.

/// A hash map keyed with `FxHash`.
pub type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A hash set keyed with `FxHash`.
pub type FastSet<T> = rustc_hash::FxHashSet<T>;
