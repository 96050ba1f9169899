//! Work across many repositories and pull requests at once: a fixed number of
//! threads take the next item until none is left, and the answers come back in
//! the items' order. The client bounds the requests in flight
//! ([`crate::github::MAX_IN_FLIGHT`]); this bounds the threads asking.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::read::Workspace;

/// Threads working at once: as many as requests may be in flight.
pub const WORKERS: usize = crate::github::MAX_IN_FLIGHT;

/// Told how far a long look across repositories has gone (a progress bar). Called
/// from many threads.
pub trait Progress: Sync {
    /// A stage begins with `total` items: "repositories", "pull requests".
    fn stage(&self, what: &str, total: usize);
    /// One more item of the stage is done.
    fn tick(&self);
}

/// Shows nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &str, _: usize) {}
    fn tick(&self) {}
}

/// `f` over every item, at most [`WORKERS`] at once, answers in the items' order.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    progress: &dyn Progress,
    what: &str,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_with(items, progress, what, || (), |(), item| f(item))
}

/// Like [`map`], each thread with its own `state`, made once by `init` (a local
/// clone, which cannot be shared between threads).
pub fn map_with<T: Sync, R: Send, S>(
    items: &[T],
    progress: &dyn Progress,
    what: &str,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    progress.stage(what, items.len());
    let workers = WORKERS.min(items.len());
    let answers: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut state = init();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let (Some(item), Some(slot)) = (items.get(at), answers.get(at)) else {
                break;
            };
            let answer = f(&mut state, item);
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(answer);
            progress.tick();
        }
    };
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(work);
            }
        });
    }
    // Every slot is filled: a thread that panicked re-panics at the end of the scope.
    answers
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

/// `f` over every pull request in `items`, like [`map`], each thread with its own
/// copy of the local clone `local` (git2 handles cannot be shared between threads).
pub fn pulls<T: Sync, R: Send>(
    items: &[T],
    local: Option<&Workspace>,
    progress: &dyn Progress,
    f: impl Fn(Option<&Workspace>, &T) -> R + Sync,
) -> Vec<R> {
    let root: Option<PathBuf> = local.map(|w| w.root().to_path_buf());
    map_with(
        items,
        progress,
        "pull requests",
        || {
            root.as_ref()
                .and_then(|r| Workspace::discover(r).ok())
                .filter(Workspace::is_git)
        },
        |ws, item| f(ws.as_ref(), item),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..57).collect();
        let got = map(&items, &Quiet, "numbers", |n| {
            std::thread::sleep(std::time::Duration::from_micros(u64::from(57 - n)));
            n * 2
        });
        assert_eq!(got, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_workers_at_once() {
        let now = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let items: Vec<u32> = (0..40).collect();
        map(&items, &Quiet, "numbers", |_| {
            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(n, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(5));
            now.fetch_sub(1, Ordering::SeqCst);
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= WORKERS && peak > 1, "peak {peak}");
    }
}
