//! The recorder: Moto's semantics (start, stop, reset, download, upload, replay) for one
//! backend, logging canonical entries in memory (per test) or to a file (the process-wide
//! recorder and `moto-server`, appended as requests happen, as Moto does).
//!
//! [`reads`] tells which recorded requests change nothing, so that fixtures can leave
//! them out.
//!
//! A request is captured when it arrives and written once its status is known; entries
//! are written in arrival order even when responses finish out of order.

pub mod reads;
mod replay;

use std::collections::VecDeque;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub use replay::{
    ClientError, ReplayError, ReplayFailure, ReplayReport, ReplayResponse, ReplayTarget,
    RequestSummary, TransportError, check, refuse_recorder_calls, replay,
};

use crate::recording::{
    Canonicalizer, CapturedRequest, Entry, ParseError, RECORDER_PATH_PREFIX, Recording, WriteError,
    split_url, write_file_atomically,
};

/// Where a recorder keeps its log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// In memory, for one test's backend.
    Memory,
    /// Appended to a file, as Moto's recorder does (`MOTO_RECORDER_FILEPATH`).
    File(PathBuf),
}

/// A recorder operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    /// The log file could not be read or written.
    #[error("recorder file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// An uploaded or stored log has a malformed line; an upload leaves the log as it was.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A replayed entry failed.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// Writing the uploaded log failed; the previous log is kept.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Records requests into a log and replays logs; safe to share between threads.
#[derive(Debug)]
pub struct Recorder {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    enabled: bool,
    storage: Storage,
    /// The log text for [`Storage::Memory`].
    memory: String,
    /// The log file of [`Storage::File`], kept open between appends.
    file: Option<std::fs::File>,
    canonicalizer: Canonicalizer,
    /// Captured entries not yet written, oldest first; `done` once their status is known.
    pending: VecDeque<Pending>,
    /// Sequence number of `pending[0]`.
    first_pending: u64,
    /// Bumped by `reset`, so requests captured before it are not written after it.
    generation: u64,
    /// The last failure to append to the log file, reported by `download`.
    append_error: Option<String>,
}

#[derive(Debug)]
struct Pending {
    entry: Entry,
    done: bool,
}

/// A captured request waiting for its response status. Dropping it without
/// [`complete`](PendingRecord::complete) writes the entry without a status.
#[derive(Debug)]
#[must_use = "complete the record with the response status"]
pub struct PendingRecord<'a> {
    recorder: &'a Recorder,
    sequence: u64,
    generation: u64,
    finished: bool,
}

impl PendingRecord<'_> {
    /// Records the response status and writes the entry (and any earlier ones now ready).
    pub fn complete(mut self, status: u16) {
        self.finish(Some(status));
    }

    fn finish(&mut self, status: Option<u16>) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        let mut state = self.recorder.lock();
        if state.generation != self.generation {
            return;
        }
        let Some(index) = self
            .sequence
            .checked_sub(state.first_pending)
            .and_then(|index| usize::try_from(index).ok())
        else {
            return;
        };
        if let Some(pending) = state.pending.get_mut(index) {
            pending.entry.status = status;
            pending.done = true;
        }
        state.flush();
    }
}

impl Drop for PendingRecord<'_> {
    fn drop(&mut self) {
        self.finish(None);
    }
}

impl Recorder {
    /// A recorder keeping its log in `storage`, recording from the start if `enabled`.
    pub fn new(storage: Storage, enabled: bool) -> Recorder {
        Recorder {
            state: Mutex::new(State {
                enabled,
                storage,
                memory: String::new(),
                file: None,
                canonicalizer: Canonicalizer::new(),
                pending: VecDeque::new(),
                first_pending: 0,
                generation: 0,
                append_error: None,
            }),
        }
    }

    /// An in-memory recorder, off.
    pub fn in_memory() -> Recorder {
        Recorder::new(Storage::Memory, false)
    }

    /// A recorder appending to the file at `path`, on if `enabled`.
    pub fn file(path: impl Into<PathBuf>, enabled: bool) -> Recorder {
        Recorder::new(Storage::File(path.into()), enabled)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Every update leaves the state consistent, so a panic elsewhere does not matter.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the log is kept.
    pub fn storage(&self) -> Storage {
        self.lock().storage.clone()
    }

    /// Starts recording incoming requests.
    pub fn start(&self) {
        self.lock().enabled = true;
    }

    /// Stops recording; requests already captured are still written.
    pub fn stop(&self) {
        self.lock().enabled = false;
    }

    /// Whether incoming requests are being recorded.
    pub fn is_recording(&self) -> bool {
        self.lock().enabled
    }

    /// Captures a request if recording is on and it is not for the recorder itself
    /// (`/moto-api/recorder/...`) or a view of the state (`/moto-api/data.json`). Call before dispatching it; complete the returned
    /// record with the response status.
    pub fn capture(&self, request: &CapturedRequest<'_>) -> Option<PendingRecord<'_>> {
        if is_recorder_request(request.uri) {
            return None;
        }
        let mut state = self.lock();
        if !state.enabled {
            return None;
        }
        let entry = state.canonicalizer.captured(request, None);
        let sequence = state.first_pending + state.pending.len() as u64;
        state.pending.push_back(Pending { entry, done: false });
        Some(PendingRecord {
            recorder: self,
            sequence,
            generation: state.generation,
            finished: false,
        })
    }

    /// Empties the log (creating the file if needed); requests in flight are not written.
    pub fn reset(&self) -> Result<(), RecorderError> {
        let mut state = self.lock();
        state.generation += 1;
        state.first_pending += state.pending.len() as u64;
        state.pending.clear();
        state.canonicalizer = Canonicalizer::new();
        state.append_error = None;
        state.memory.clear();
        state.file = None;
        if let Storage::File(path) = &state.storage {
            std::fs::write(path, b"").map_err(|source| io_error(path, source))?;
        }
        Ok(())
    }

    /// The log as text, exactly as stored. A file that does not exist yet is an empty log.
    pub fn download(&self) -> Result<String, RecorderError> {
        let state = self.lock();
        if let Some(message) = &state.append_error
            && let Storage::File(path) = &state.storage
        {
            return Err(io_error(path, std::io::Error::other(message.clone())));
        }
        match &state.storage {
            Storage::Memory => Ok(state.memory.clone()),
            Storage::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => Ok(text),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
                Err(source) => Err(io_error(path, source)),
            },
        }
    }

    /// The log, parsed.
    pub fn recording(&self) -> Result<Recording, RecorderError> {
        let text = self.download()?;
        Ok(Recording::parse(self.source_name(), text.as_bytes())?)
    }

    /// Replaces the log with `bytes`, which must be a valid recording; a malformed one
    /// (including bytes that are not UTF-8) is rejected with the line's error and the
    /// previous log is kept.
    pub fn upload(&self, bytes: impl AsRef<[u8]>) -> Result<Recording, RecorderError> {
        let bytes = bytes.as_ref();
        let recording = Recording::parse("uploaded recording", bytes)?;
        // Parsing checked every line is UTF-8, so nothing is replaced here.
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        // Later appends must start on a line of their own.
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let mut state = self.lock();
        // The file is replaced: later appends open the new one.
        state.file = None;
        match &state.storage {
            Storage::Memory => state.memory = text,
            // Stored verbatim, as Moto does, and atomically, so a failed write keeps the old log.
            Storage::File(path) => write_file_atomically(path, text.as_bytes())?,
        }
        Ok(recording)
    }

    /// Replays the log into `target`, checked (see [`replay`]). Recording is suspended
    /// meanwhile, so the replay does not record itself.
    pub fn replay(&self, target: &mut dyn ReplayTarget) -> Result<ReplayReport, RecorderError> {
        let recording = self.recording()?;
        let _suspended = self.suspend();
        Ok(replay(&recording, target)?)
    }

    /// Turns recording off until the guard is dropped, then restores the previous setting.
    pub fn suspend(&self) -> SuspendedRecording<'_> {
        let was_enabled = std::mem::replace(&mut self.lock().enabled, false);
        SuspendedRecording {
            recorder: self,
            was_enabled,
        }
    }

    fn source_name(&self) -> String {
        match &self.lock().storage {
            Storage::Memory => "recorder log".to_owned(),
            Storage::File(path) => path.display().to_string(),
        }
    }
}

/// Keeps recording off while it lives; see [`Recorder::suspend`].
#[derive(Debug)]
pub struct SuspendedRecording<'a> {
    recorder: &'a Recorder,
    was_enabled: bool,
}

impl Drop for SuspendedRecording<'_> {
    fn drop(&mut self) {
        if self.was_enabled {
            self.recorder.lock().enabled = true;
        }
    }
}

impl State {
    /// Writes every finished entry at the front of the queue, in order.
    fn flush(&mut self) {
        let mut lines = String::new();
        while self.pending.front().is_some_and(|pending| pending.done) {
            if let Some(pending) = self.pending.pop_front() {
                self.first_pending += 1;
                lines.push_str(&Recording::new(vec![pending.entry]).to_jsonl());
            }
        }
        if lines.is_empty() {
            return;
        }
        match &self.storage {
            Storage::Memory => self.memory.push_str(&lines),
            Storage::File(path) => {
                if let Err(error) = append(&mut self.file, path, &lines) {
                    self.append_error = Some(error.to_string());
                    self.file = None;
                }
            }
        }
    }
}

/// Appends `lines` to the log at `path` through `open`, the file kept open between
/// appends: opening it for every request, under the recorder's lock, cost a recording
/// server about a tenth of its throughput. A file removed or replaced since it was opened is
/// opened again by its path, as if each append opened it, as each of Moto's does.
fn append(open: &mut Option<std::fs::File>, path: &Path, lines: &str) -> std::io::Result<()> {
    if open.as_ref().is_some_and(was_unlinked) {
        *open = None;
    }
    let file = match open {
        Some(file) => file,
        None => open.insert(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?,
        ),
    };
    file.write_all(lines.as_bytes())
}

/// Whether no path leads to `file` any more (removed, or renamed over).
#[cfg(unix)]
fn was_unlinked(file: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    file.metadata().is_ok_and(|metadata| metadata.nlink() == 0)
}

/// Elsewhere (Windows lets an open file be removed or renamed over too) there is no
/// cheap check: the log is opened again for every append.
#[cfg(not(unix))]
fn was_unlinked(_file: &std::fs::File) -> bool {
    true
}

fn io_error(path: &Path, source: std::io::Error) -> RecorderError {
    RecorderError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Whether a request target is for the recorder's own endpoints, which are never recorded.
fn is_recorder_request(uri: &str) -> bool {
    let path = split_url(uri).map_or(uri, |parts| parts.path);
    // The state views only read; recording them would fill fixtures with page loads.
    path.starts_with(RECORDER_PATH_PREFIX) || STATE_VIEW_PATHS.contains(&path)
}

/// The control-plane paths that show the state and change nothing.
const STATE_VIEW_PATHS: [&str; 3] = [
    "/moto-api/",
    "/moto-api/data.json",
    "/moto-api/dashboard.json",
];
