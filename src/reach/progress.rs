//! How far a long evaluation has come.

/// How far a full evaluation has come: `done` of `total` steps (a step is one policy compiled and
/// matched, one workload's ingress or egress row, or one row of the matrix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// The part done, from 0 to 1.
    #[must_use]
    // Step counts are far below 2^52, and a fraction needs no more than f32 precision.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    pub fn fraction(self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64) as f32
        }
    }
}
