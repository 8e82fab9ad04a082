//! How the SQLite under dynoxide is set up for a process that opens many small
//! databases side by side (a backend per test, and the pool opening the next ones).

use std::sync::Once;

/// Turns SQLite's memory statistics off, once, before the first database opens.
///
/// SQLite counts every allocation under one process-wide mutex while the statistics are
/// on, so the databases of tests running in parallel, and the pool thread opening the
/// next one, queue on it: a test replaying a DynamoDB fixture took about a quarter longer
/// with them on. Nothing here reads them. They are only used by `sqlite3_memory_used`,
/// `sqlite3_status64` and the heap limits. If SQLite has already been started in
/// this process (another library opened a database first), SQLite refuses the change
/// and everything stays as it was.
pub(super) fn configure() {
    static CONFIGURED: Once = Once::new();
    CONFIGURED.call_once(|| {
        // SAFETY: `SQLITE_CONFIG_MEMSTATUS` takes exactly one `int`. `sqlite3_config` is
        // not thread-safe, but it only changes anything before SQLite is initialised, and
        // this runs (once) before the first database is opened through dynoxide; if
        // another thread has initialised SQLite meanwhile, the call returns
        // `SQLITE_MISUSE` and changes nothing.
        #[allow(unsafe_code)]
        let _ = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                std::ffi::c_int::from(false),
            )
        };
    });
}

#[cfg(test)]
mod tests {
    use crate::clock::Clock;

    #[test]
    fn memory_statistics_are_off_once_a_database_is_open() {
        let database = super::super::pool::take(&Clock::default());
        assert!(database.is_ok(), "a database opens");
        // SAFETY: takes no arguments and only reads a counter.
        #[allow(unsafe_code)]
        let counted = unsafe { libsqlite3_sys::sqlite3_memory_used() };
        // With the statistics on, an open database holds some memory by this count.
        assert_eq!(counted, 0);
    }
}
