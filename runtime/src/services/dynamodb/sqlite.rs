//! The SQLite under dynoxide: the one place this crate opens a database, and the
//! process-wide settings it leaves alone.
//!
//! SQLite's memory statistics are on by default: every allocation is counted under one
//! process-wide mutex, which databases used side by side (tests in parallel, and the pool
//! thread opening the next one) queue on. Turning them off at run time
//! (`sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0)`) is not done, because it cannot be done
//! soundly from a library: SQLite allows `sqlite3_config` only before SQLite is
//! initialised and only while no other thread calls into SQLite at all, and neither can
//! be guaranteed here. A `Once` orders only this crate's own calls; any other library in
//! the process (rusqlite initialises SQLite on the first connection it opens, on whatever
//! thread) may be starting SQLite at that same moment, as in a test binary whose other
//! tests open their own SQLite databases, and that race is undefined behaviour.
//!
//! A build that wants the statistics off can compile SQLite that way instead, which
//! needs no call at run time: `LIBSQLITE3_FLAGS=-DSQLITE_DEFAULT_MEMSTATUS=0`, read by
//! libsqlite3-sys's bundled build.

use std::sync::Arc;

use dynoxide::Database;
use dynoxide::errors::DynoxideError;

use super::pool::ClockSlot;

/// An empty in-memory dynoxide database reading `clock`.
pub(super) fn open_memory(clock: Arc<ClockSlot>) -> Result<Database, DynoxideError> {
    Database::memory_with_clock(clock)
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;

    #[test]
    fn memory_statistics_are_as_sqlite_was_compiled() {
        let database = super::super::pool::take(&Clock::default());
        assert!(database.is_ok(), "a database opens");
        // SAFETY: a NUL-terminated option name; SQLite only reads it.
        #[allow(unsafe_code)]
        let compiled_off =
            unsafe { libsqlite3_sys::sqlite3_compileoption_used(c"DEFAULT_MEMSTATUS=0".as_ptr()) }
                != 0;
        // SAFETY: takes no arguments and only reads a counter, under SQLite's own mutex.
        #[allow(unsafe_code)]
        let counted = unsafe { libsqlite3_sys::sqlite3_memory_used() };
        // Nothing here turns them off at run time: an open database holds counted memory
        // unless SQLite was built with the statistics off.
        assert_eq!(counted > 0, !compiled_off, "{counted} bytes counted");
        // This workspace builds SQLite with them off (`.cargo/config.toml`): check that
        // the build flag reached the bundled SQLite.
        if option_env!("LIBSQLITE3_FLAGS").is_some_and(|flags| flags.contains("MEMSTATUS=0")) {
            assert!(
                compiled_off,
                "LIBSQLITE3_FLAGS did not reach SQLite's build"
            );
        }
    }
}
