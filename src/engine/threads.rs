//! Running the jobs of a matcher build in parallel, on threads of their own.
//!
//! Not on rayon's pool: a matcher is built under a `OnceLock` when a
//! document first needs it, while other documents, linted on the pool, wait
//! for the same lock. A rayon worker that waited for jobs of its own would
//! steal work meanwhile, possibly one of those documents, and re-enter the
//! lock it holds: a deadlock. Plain scoped threads only ever run these jobs.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A job of a build.
pub type Job<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// Runs every job, on as many threads as rayon's pool has (the cores, or
/// `RAYON_NUM_THREADS`), this one included, and returns the results in job
/// order.
/// Put the longest job first: jobs are taken in order.
pub fn run_all<T: Send>(jobs: Vec<Job<'_, T>>) -> Vec<T> {
    let count = jobs.len();
    let threads = rayon::current_num_threads().clamp(1, count.max(1));
    let jobs: Vec<Mutex<Option<Job<'_, T>>>> =
        jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = jobs.get(i) else { break };
            let job = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(job) = job {
                let result = job();
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    (results.into_iter())
        .filter_map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_job_order() {
        let jobs: Vec<Job<'_, usize>> = (0..50usize)
            .map(|i| {
                Box::new(move || {
                    // Later jobs finish first.
                    std::thread::sleep(std::time::Duration::from_micros(50 - i as u64));
                    i * 2
                }) as Job<'_, usize>
            })
            .collect();
        assert_eq!(run_all(jobs), (0..50).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn no_jobs_no_results() {
        assert!(run_all::<u8>(Vec::new()).is_empty());
    }
}
