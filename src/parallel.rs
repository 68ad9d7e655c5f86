//! Work on large inputs spread over the machine's cores, with results in a fixed order so that
//! output never depends on how threads were scheduled.

/// How many threads large inputs use: the machine's cores, at most four.
#[must_use]
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Runs `work(0)`, …, `work(count - 1)` on scoped threads of their own and returns the results in
/// that order. A panic in a thread goes on in the caller, as it would on one thread.
pub fn on_threads<R: Send>(count: usize, work: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .map(|index| scope.spawn(move || work(index)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
