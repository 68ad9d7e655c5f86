//! Phase timings for measuring: with `KUBEDRAFT_TIMINGS` set, each phase the CLI passes through
//! prints its wall time to stderr (`timing: parse: 312.4 ms`). Off, a phase costs one relaxed load.
//! See docs/ARCHITECTURE.md, "Speed".

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("KUBEDRAFT_TIMINGS").is_some())
}

/// Runs `work`, printing how long it took when timings are on.
pub fn phase<R>(name: &str, work: impl FnOnce() -> R) -> R {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let result = work();
    crate::say!(
        "timing: {name}: {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    result
}
