//! Checking many changes on worker threads, with the same result and order as
//! checking them one by one.
//!
//! Parsing and evaluating a change needs nothing but the change and the bar, which
//! are shared read-only. The one thing a worker cannot do itself is ask whether a
//! file exists at the checked revision: libgit2 handles may not be shared between
//! threads. Workers send those questions to the calling thread, which owns the
//! snapshot and answers them (each path once) until every worker is done.

use std::collections::HashMap;
use std::sync::{Mutex, mpsc};

use super::{Bar, check_one};
use crate::decide::{ChangeReport, InputError};
use crate::read::Entry;
use crate::read::Files;

/// Fewer changes than this are checked on the calling thread: starting threads
/// would cost more than it saves.
const MIN_PARALLEL: usize = 64;

type Checked = Result<ChangeReport, InputError>;

/// A question for the thread that owns the snapshot: does this path exist?
type Question = (String, mpsc::Sender<bool>);

/// Checks `entries` in order, on as many threads as the machine offers.
pub(super) fn check_all(bar: &Bar, entries: Vec<Entry>, files: &dyn Files) -> Vec<Checked> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(entries.len() / MIN_PARALLEL);
    if workers <= 1 {
        let evaluator = bar.engine.evaluator();
        return entries
            .into_iter()
            .map(|entry| check_one(bar, &evaluator, entry, files))
            .collect();
    }
    let total = entries.len();
    // Each worker takes the next change when it is done with one, so a worker
    // slowed by the machine (or by a few large changes) holds no one up.
    let next = Mutex::new(entries.into_iter().enumerate());
    let take = || next.lock().ok()?.next();
    let label = files.label();
    let (ask, questions) = mpsc::channel::<Question>();
    let mut results: Vec<Option<Checked>> = (0..total).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let remote = Remote {
                    ask: ask.clone(),
                    label: label.clone(),
                    known: Default::default(),
                };
                scope.spawn(move || {
                    let evaluator = bar.engine.evaluator();
                    std::iter::from_fn(take)
                        .map(|(i, entry)| (i, check_one(bar, &evaluator, entry, &remote)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // The workers hold the only senders now: the loop ends when they all finish.
        drop(ask);
        let mut answers: HashMap<String, bool> = HashMap::new();
        for (path, reply) in questions {
            let exists = *answers
                .entry(path)
                .or_insert_with_key(|path| files.exists(path));
            // A worker that stopped waiting has panicked; its join reports that.
            let _ = reply.send(exists);
        }
        for handle in handles {
            match handle.join() {
                Ok(checked) => {
                    for (i, result) in checked {
                        if let Some(slot) = results.get_mut(i) {
                            *slot = Some(result);
                        }
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// The files at the checked revision, as a worker sees them: through questions to
/// the thread that owns the snapshot, remembered per worker.
struct Remote {
    ask: mpsc::Sender<Question>,
    label: String,
    known: std::cell::RefCell<HashMap<String, bool>>,
}

impl Files for Remote {
    fn exists(&self, path: &str) -> bool {
        if let Some(&known) = self.known.borrow().get(path) {
            return known;
        }
        let (reply, answer) = mpsc::channel();
        // The owner answers until every worker is done, so both only fail if it panicked.
        let exists =
            self.ask.send((path.to_owned(), reply)).is_ok() && answer.recv().unwrap_or(false);
        self.known.borrow_mut().insert(path.to_owned(), exists);
        exists
    }

    fn label(&self) -> String {
        self.label.clone()
    }
}
