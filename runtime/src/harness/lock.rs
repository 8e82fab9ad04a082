//! One recorder per fixture at a time: an in-process lock (tests on threads) plus a file
//! lock (`cargo nextest` runs each test in a process of its own). A fixture recorded in
//! this run is not recorded again: the others wait for the lock, then replay it.
//!
//! "This run" is this process, or, under nextest, every process of the run (nextest gives
//! them one `NEXTEST_RUN_ID`, which the recorder writes into the lock file).
//!
//! Lock files live in a directory private to the user (see [`lock_directory`]), are never
//! opened through a symbolic link and are never truncated unless they are the user's own,
//! so another user of a shared machine can neither block a recording nor make the
//! harness write through a link.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use super::error::HarnessError;
use super::normalize;
use crate::config::Config;
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
        let name = lock_file_name(&key);
        let directory = lock_directory().map_err(|source| HarnessError::Lock {
            what: what.to_owned(),
            lock_file: PathBuf::from(&name),
            source,
        })?;
        let path = directory.join(name);
        let lock_error = |source| HarnessError::Lock {
            what: what.to_owned(),
            lock_file: path.clone(),
            source,
        };
        let file = open_lock_file(&path).map_err(lock_error)?;
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

/// The name of the lock file of `key`: a hash of it, so that any path makes a plain name.
fn lock_file_name(key: &Path) -> String {
    format!("{:016x}.lock", fnv1a(key.to_string_lossy().as_bytes()))
}

/// The directory of the lock files, private to the user: `moto-recorded-locks` in
/// `XDG_RUNTIME_DIR` when it is set, else in the build's target directory (the directory
/// of the running test binary that holds cargo's `CACHEDIR.TAG`), else a directory of the
/// user's own in the temporary directory. Made and checked once per process.
fn lock_directory() -> io::Result<PathBuf> {
    static DIRECTORY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIRECTORY
        .get_or_init(|| find_lock_directory().map_err(|error| error.to_string()))
        .clone()
        .map_err(io::Error::other)
}

fn find_lock_directory() -> io::Result<PathBuf> {
    let runtime_dir = Config::global()
        .ok()
        .and_then(|config| config.runtime_dir.clone());
    let base = match runtime_dir.filter(|directory| directory.is_dir()) {
        Some(directory) => directory,
        None => match target_directory() {
            Some(directory) => directory,
            None => return private_directory(&std::env::temp_dir().join(user_scoped_name())),
        },
    };
    private_directory(&base.join("moto-recorded-locks"))
}

/// The cargo target directory the running binary was built in, if it was.
pub(crate) fn target_directory() -> Option<PathBuf> {
    let executable = std::env::current_exe().ok()?;
    executable
        .ancestors()
        .skip(1)
        .find(|directory| directory.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
}

/// `moto-recorded-locks-<uid>`: a name no other user's process picks.
fn user_scoped_name() -> String {
    match own_uid() {
        Ok(uid) => format!("moto-recorded-locks-{uid}"),
        Err(_) => "moto-recorded-locks".to_owned(),
    }
}

/// Makes `directory` (private to the user when new) and checks that it is one: a real
/// directory, not a link, owned by the user and writable by nobody else.
fn private_directory(directory: &Path) -> io::Result<PathBuf> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(directory)?;
    let metadata = std::fs::symlink_metadata(directory)?;
    if !metadata.is_dir() {
        return Err(io::Error::other(format!(
            "{} is not a directory (a symbolic link?): remove it",
            directory.display()
        )));
    }
    check_owned(directory, &metadata)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if metadata.permissions().mode() & 0o022 != 0 {
            return Err(io::Error::other(format!(
                "{} can be written by other users: remove it, or make it private \
                 (chmod 700)",
                directory.display()
            )));
        }
    }
    Ok(directory.to_path_buf())
}

/// Opens (or makes) a lock file without following a symbolic link, and checks it is the
/// user's own.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let refuse_link = || {
        io::Error::other(format!(
            "{} is a symbolic link: lock files are never opened through links; remove it",
            path.display()
        ))
    };
    if std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
        return Err(refuse_link());
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    // The name must still be the file that was opened: nothing swapped a link in between.
    let opened = file.metadata()?;
    let named = std::fs::symlink_metadata(path)?;
    if named.file_type().is_symlink() || !same_file(&opened, &named) {
        return Err(refuse_link());
    }
    check_owned(path, &opened)?;
    Ok(file)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.is_file() && b.is_file()
}

/// The user's id: the owner of a file this process has just made.
#[cfg(unix)]
fn own_uid() -> io::Result<u32> {
    use std::os::unix::fs::MetadataExt as _;
    static UID: OnceLock<Result<u32, String>> = OnceLock::new();
    UID.get_or_init(|| {
        tempfile::tempfile()
            .and_then(|file| file.metadata())
            .map(|metadata| metadata.uid())
            .map_err(|error| error.to_string())
    })
    .clone()
    .map_err(io::Error::other)
}

#[cfg(not(unix))]
fn own_uid() -> io::Result<u32> {
    Err(io::Error::other("no user ids on this platform"))
}

/// Refuses `path` unless the user owns it (on Unix; elsewhere the temporary directory is
/// already the user's own).
fn check_owned(path: &Path, metadata: &std::fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if metadata.uid() != own_uid()? {
            return Err(io::Error::other(format!(
                "{} belongs to another user: remove it, or set XDG_RUNTIME_DIR to a \
                 directory of your own",
                path.display()
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, metadata);
    Ok(())
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
    fn lock_files_live_in_a_private_directory_of_the_users_own() {
        let directory = lock_directory().unwrap();
        assert!(directory.ends_with("moto-recorded-locks"), "{directory:?}");
        assert_ne!(directory, std::env::temp_dir().join("moto-recorded-locks"));
        let metadata = std::fs::symlink_metadata(&directory).unwrap();
        assert!(metadata.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(metadata.permissions().mode() & 0o022, 0);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_that_is_a_link_is_refused_and_its_target_untouched() {
        let directory = tempfile::tempdir().unwrap();
        let target = directory.path().join("precious.txt");
        std::fs::write(&target, "keep me").unwrap();
        let link = directory.path().join("fixture.lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = open_lock_file(&link).unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }

    #[cfg(unix)]
    #[test]
    fn a_directory_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt as _;
        let directory = tempfile::tempdir().unwrap();
        let shared = directory.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        let error = private_directory(&shared).unwrap_err();
        assert!(
            error.to_string().contains("can be written by other users"),
            "{error}"
        );
        let link = directory.path().join("link");
        std::os::unix::fs::symlink(&shared, &link).unwrap();
        let error = private_directory(&link).unwrap_err();
        assert!(error.to_string().contains("not a directory"), "{error}");
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
