//! Empty DynamoDB databases made ahead of time.
//!
//! Opening an in-memory dynoxide database (SQLite, with dynoxide's schema) takes about
//! half a millisecond, most of a test's setup when its fixture touches DynamoDB. A
//! thread of the process keeps a couple of empty ones ready, so a backend's first
//! DynamoDB request in a region takes one instead of waiting for it. They are all
//! alike and empty, so which one a backend gets changes nothing it answers; each reads
//! the clock of the backend that takes it.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use dynoxide::Database;

use crate::clock::Clock;

/// How many empty databases are kept ready.
const READY: usize = 2;

/// A database and the clock it reads, which is set when a backend takes it.
pub(super) struct PooledDatabase {
    pub(super) database: Database,
    pub(super) clock: Arc<ClockSlot>,
}

/// dynoxide's clock: the backend clock of whoever holds the database.
#[derive(Default)]
pub(super) struct ClockSlot(Mutex<Clock>);

impl ClockSlot {
    fn set(&self, clock: &Clock) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = clock.clone();
    }

    fn now(&self) -> std::time::SystemTime {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).now()
    }
}

impl dynoxide::storage_backend::Clock for ClockSlot {
    fn now_unix_secs(&self) -> u64 {
        self.now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or_default()
    }

    fn now_unix_secs_f64(&self) -> f64 {
        self.now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64())
            .unwrap_or_default()
    }
}

struct Pool {
    ready: Mutex<Vec<PooledDatabase>>,
    wanted: Condvar,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        // If the thread cannot start, every database is simply made on demand.
        let _ = std::thread::Builder::new()
            .name("moto-recorded-dynamodb-pool".to_owned())
            .spawn(refill);
        Pool {
            ready: Mutex::new(Vec::new()),
            wanted: Condvar::new(),
        }
    })
}

fn lock(pool: &Pool) -> MutexGuard<'_, Vec<PooledDatabase>> {
    pool.ready.lock().unwrap_or_else(PoisonError::into_inner)
}

fn open() -> Result<PooledDatabase, dynoxide::errors::DynoxideError> {
    let clock = Arc::new(ClockSlot::default());
    let database = super::sqlite::open_memory(clock.clone())?;
    Ok(PooledDatabase { database, clock })
}

/// The refill thread: opens databases while fewer than [`READY`] wait.
fn refill() {
    let pool = pool();
    loop {
        let mut ready = lock(pool);
        while ready.len() >= READY {
            ready = pool
                .wanted
                .wait(ready)
                .unwrap_or_else(PoisonError::into_inner);
        }
        drop(ready);
        match open() {
            Ok(database) => lock(pool).push(database),
            // Leave it to `take`, which reports the error to the request.
            Err(_) => return,
        }
    }
}

/// An empty database reading `clock`: a ready one, or a new one if none is.
pub(super) fn take(clock: &Clock) -> Result<Database, dynoxide::errors::DynoxideError> {
    let pool = pool();
    let taken = lock(pool).pop();
    pool.wanted.notify_one();
    let pooled = match taken {
        Some(pooled) => pooled,
        None => open()?,
    };
    pooled.clock.set(clock);
    Ok(pooled.database)
}
