//! Work on large inputs spread over the machine's cores, with results in a fixed order so that
//! output never depends on how threads were scheduled.

/// How many threads large inputs use: the machine's cores, at most four, or `KUBEDRAFT_THREADS`.
#[must_use]
pub fn threads() -> usize {
    // Asked once: on Linux the answer reads the cgroup's CPU quota from /proc and /sys, which
    // cost more than a small rule pass.
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        // KUBEDRAFT_THREADS=N sets it (1: everything on the calling thread).
        std::env::var("KUBEDRAFT_THREADS")
            .ok()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
    })
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

/// `work` applied to each of `items` on up to [`threads`] threads, each thread taking the next
/// item nobody has taken yet (so that one large item does not leave the other threads idle);
/// the results are in the order of `items`, whatever thread made them.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let count = threads().min(items.len());
    if count < 2 {
        return items.iter().map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parts = on_threads(count, |_| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break;
            };
            done.push((index, work(item)));
        }
        done
    });
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(index, _)| *index);
    all.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_of_its_items() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that threads finish out of order.
        let squares = map(&items, |n| {
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u64], |n| *n).is_empty());
    }
}
