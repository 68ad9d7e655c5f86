//! A full reachability evaluation on a background thread, for designs large enough that it would
//! hold up frames: the views show its progress and a Cancel button meanwhile.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::model::Model;
use crate::reach::{Progress, Reachability};
use crate::ui::reach::state::Evaluation;

/// What the background thread shares with the views.
#[derive(Debug, Default)]
struct Shared {
    cancel: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// A running evaluation of one revision (the result says which).
#[derive(Debug)]
pub struct Job {
    shared: Arc<Shared>,
    result: Receiver<Evaluation>,
}

/// What [`Job::poll`] found.
#[derive(Debug)]
pub enum Poll {
    Running,
    Done(Box<Evaluation>),
    /// The thread ended without a result (cancelled, or it could not run).
    Gone,
}

impl Job {
    /// Starts evaluating a copy of `model` (at `revision`) on its own thread.
    #[must_use]
    pub fn start(model: &Model, revision: u64) -> Job {
        let shared = Arc::new(Shared::default());
        let (send, result) = mpsc::channel();
        let model = model.clone();
        let watched = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("kubedraft-reach".to_owned())
            .spawn(move || {
                let mut watch = |progress: Progress| {
                    watched.done.store(progress.done, Ordering::Relaxed);
                    watched.total.store(progress.total, Ordering::Relaxed);
                    !watched.cancel.load(Ordering::Relaxed)
                };
                if let Some(reach) = Reachability::compute_watched(&model, &mut watch) {
                    // The pairs to draw are found here too: quadratic in the workloads.
                    let evaluation = Evaluation::new(revision, Arc::new(reach));
                    // The views may have stopped waiting (a newer revision): nothing to do then.
                    let _ = send.send(evaluation);
                }
            });
        if spawned.is_err() {
            // No thread (resources exhausted): the receiver reports the job gone, and the views
            // say the evaluation did not finish.
            shared.cancel.store(true, Ordering::Relaxed);
        }
        Job { shared, result }
    }

    /// How far the evaluation has come.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.shared.done.load(Ordering::Relaxed),
            total: self.shared.total.load(Ordering::Relaxed),
        }
    }

    /// Asks the thread to stop at its next step.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }

    /// The result, when the thread has finished.
    #[must_use]
    pub fn poll(&self) -> Poll {
        match self.result.try_recv() {
            Ok(evaluation) => Poll::Done(Box::new(evaluation)),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Gone,
        }
    }
}

impl Drop for Job {
    /// A job nobody waits for stops working.
    fn drop(&mut self) {
        self.cancel();
    }
}
