//! Set difference of sorted, disjoint, inclusive integer intervals: the one piece of interval
//! arithmetic that address sets and port sets share.

/// The parts of `minuend` not covered by any interval of `subtrahend`.
///
/// Both inputs are sorted by start and hold disjoint inclusive `(first, last)` pairs; the result
/// is too. The bounds are widened to `u64` so `last + 1` never overflows for `u32` addresses.
pub(crate) fn difference(
    minuend: impl IntoIterator<Item = (u64, u64)>,
    subtrahend: &(impl Iterator<Item = (u64, u64)> + Clone),
) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    for (mut start, end) in minuend {
        for (c, d) in subtrahend.clone() {
            if d < start || c > end {
                continue;
            }
            if c > start {
                out.push((start, c - 1));
            }
            start = d + 1;
            if start > end {
                break;
            }
        }
        if start <= end {
            out.push((start, end));
        }
    }
    out
}
