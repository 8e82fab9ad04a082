//! One recorder per fixture at a time: an in-process lock (tests on threads) plus a file
//! lock (`cargo nextest` runs each test in a process of its own). A fixture recorded in
//! this run is not recorded again: the others wait for the lock, then replay it.
//!
//! "This run" is this process, or, under nextest, every process of the run (nextest gives
//! them one `NEXTEST_RUN_ID`, which the recorder writes into the lock file).

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use super::error::HarnessError;
use crate::random::fnv1a;

/// Fixtures being recorded by a thread of this process.
static BUSY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static RELEASED: Condvar = Condvar::new();
/// Fixtures recorded by this process.
static RECORDED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

/// One holder at a time for a key, across threads and processes; released on drop.
#[derive(Debug)]
pub(crate) struct NamedLock {
    key: PathBuf,
    file: File,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data stays consistent even if a holder panicked mid-test.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl NamedLock {
    /// Waits until no other holder of `key`, in this process or another, is left;
    /// `what` names the key in errors.
    pub(crate) fn acquire(key: PathBuf, what: &str) -> Result<Self, HarnessError> {
        {
            let mut busy = lock(&BUSY);
            while busy.contains(&key) {
                busy = RELEASED.wait(busy).unwrap_or_else(PoisonError::into_inner);
            }
            busy.push(key.clone());
        }
        // From here on, dropping the half-built lock must release the in-process part.
        let in_process = InProcess(key.clone());
        let path = lock_file_path(&key);
        let lock_error = |source| HarnessError::Lock {
            what: what.to_owned(),
            lock_file: path.clone(),
            source,
        };
        if let Some(directory) = path.parent() {
            std::fs::create_dir_all(directory).map_err(lock_error)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(lock_error)?;
        file.lock().map_err(lock_error)?;
        std::mem::forget(in_process);
        Ok(NamedLock { key, file })
    }
}

impl Drop for NamedLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        release(&self.key);
    }
}

/// Holds the right to record one fixture; released on drop, even when the test panics.
#[derive(Debug)]
pub(crate) struct FixtureLock {
    lock: NamedLock,
    run_id: Option<String>,
}

impl FixtureLock {
    /// Waits until no other test, in this process or another, is recording `fixture`.
    pub(crate) fn acquire(fixture: &Path, run_id: Option<&str>) -> Result<Self, HarnessError> {
        let fixture = normalize(fixture);
        let what = format!("fixture {} for recording", fixture.display());
        Ok(FixtureLock {
            lock: NamedLock::acquire(fixture, &what)?,
            run_id: run_id.filter(|id| !id.is_empty()).map(str::to_owned),
        })
    }

    /// Whether the fixture was already recorded in this run.
    pub(crate) fn recorded_this_run(&mut self) -> bool {
        if lock(&RECORDED)
            .as_ref()
            .is_some_and(|recorded| recorded.contains(&self.lock.key))
        {
            return true;
        }
        let Some(run_id) = &self.run_id else {
            return false;
        };
        let mut written = String::new();
        let file = &mut self.lock.file;
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_string(&mut written));
        read.is_ok() && written.trim() == run_id
    }

    /// Notes that the fixture was recorded in this run.
    pub(crate) fn mark_recorded(&mut self) {
        lock(&RECORDED)
            .get_or_insert_with(HashSet::new)
            .insert(self.lock.key.clone());
        if let Some(run_id) = &self.run_id {
            // Best effort: without it, another process of the run records once more.
            let file = &mut self.lock.file;
            let _ = file
                .set_len(0)
                .and_then(|()| file.seek(SeekFrom::Start(0)))
                .and_then(|_| file.write_all(run_id.as_bytes()));
        }
    }
}

/// Releases the in-process part if acquiring the file lock fails.
struct InProcess(PathBuf);

impl Drop for InProcess {
    fn drop(&mut self) {
        release(&self.0);
    }
}

fn release(fixture: &Path) {
    lock(&BUSY).retain(|busy| busy != fixture);
    RELEASED.notify_all();
}

/// The lock file of `fixture`: in the temporary directory, so that nothing is added to
/// the project, named by a hash of the fixture's path.
fn lock_file_path(fixture: &Path) -> PathBuf {
    std::env::temp_dir()
        .join("moto-recorded-locks")
        .join(format!(
            "{:016x}.lock",
            fnv1a(fixture.to_string_lossy().as_bytes())
        ))
}

/// `path` without `.` and `..` components, so that one fixture has one lock however it
/// is spelled.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn paths_are_normalized() {
        assert_eq!(
            normalize(Path::new("/crate/tests/../tests/./fixtures/a.jsonl")),
            PathBuf::from("/crate/tests/fixtures/a.jsonl")
        );
    }

    #[test]
    fn one_holder_at_a_time_and_the_run_is_remembered() {
        let directory = tempfile::tempdir().unwrap();
        let fixture = directory.path().join("shared.jsonl");
        let holders = Arc::new(AtomicUsize::new(0));
        let recorded = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let fixture = fixture.clone();
                let holders = holders.clone();
                let recorded = recorded.clone();
                std::thread::spawn(move || {
                    let mut lock = FixtureLock::acquire(&fixture, None).unwrap();
                    assert_eq!(holders.fetch_add(1, Ordering::SeqCst), 0);
                    if !lock.recorded_this_run() {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        recorded.fetch_add(1, Ordering::SeqCst);
                        lock.mark_recorded();
                    }
                    holders.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(recorded.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_run_id_in_the_lock_file_is_seen_by_other_processes() {
        let directory = tempfile::tempdir().unwrap();
        let fixture = directory.path().join("nextest.jsonl");
        let mut first = FixtureLock::acquire(&fixture, Some("run-1")).unwrap();
        assert!(!first.recorded_this_run());
        first.mark_recorded();
        drop(first);
        // What another process of the same run sees: the file, not this process's set.
        lock(&RECORDED)
            .get_or_insert_with(HashSet::new)
            .remove(&normalize(&fixture));
        let mut same_run = FixtureLock::acquire(&fixture, Some("run-1")).unwrap();
        assert!(same_run.recorded_this_run());
        drop(same_run);
        let mut next_run = FixtureLock::acquire(&fixture, Some("run-2")).unwrap();
        assert!(!next_run.recorded_this_run());
    }
}
