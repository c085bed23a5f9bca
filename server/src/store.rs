//! The SQLite store: one row per tenant with its current document, and an
//! append-only history of the applied commands.
//!
//! One connection behind a mutex, used from `spawn_blocking`: every write is
//! a short transaction, so a single writer is as fast as SQLite gets, and it
//! keeps the read-compare-write of a command trivially serialised. Other
//! processes may open the same file; `BEGIN IMMEDIATE` and the busy timeout
//! keep that correct too.

use domain::{Command, DecodeError, DomainError, Setup, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Duration;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS setups (
    tenant   TEXT PRIMARY KEY NOT NULL,
    revision INTEGER NOT NULL,
    doc      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant   TEXT NOT NULL,
    revision INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    command  TEXT NOT NULL
);
-- One command per revision: a lost or duplicated write cannot go unnoticed.
CREATE UNIQUE INDEX IF NOT EXISTS history_tenant_revision ON history (tenant, revision);
";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the stored setup of tenant {tenant:?} cannot be read, so it is left untouched: {error}"
    )]
    Unreadable { tenant: String, error: DecodeError },
    #[error("the stored setup of tenant {tenant:?} says revision {in_doc} but its row says {in_row}; it is left untouched")]
    RevisionMismatch {
        tenant: String,
        in_doc: u64,
        in_row: i64,
    },
    #[error("history entry {seq} of tenant {tenant:?} cannot be read: {error}")]
    UnreadableHistory {
        tenant: String,
        seq: i64,
        error: String,
    },
    #[error("the command cannot be serialised: {0}")]
    Serialise(String),
    #[error("cannot start the checkpoint thread: {0}")]
    Thread(String),
    #[error("revision {0} is too large to store")]
    RevisionOverflow(u64),
}

/// Why a command was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The caller's revision is not the current one; nothing was written.
    #[error("the setup is at revision {}, not {expected}", current.revision)]
    Stale { expected: u64, current: Current },
    /// The domain refused the command; nothing was written.
    #[error("{0}")]
    Rejected(DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ApplyError {
    fn from(e: rusqlite::Error) -> Self {
        ApplyError::Store(StoreError::Sqlite(e))
    }
}

/// A tenant's current document, as JSON that [`domain::decode`] accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub revision: u64,
    pub doc: String,
}

/// One line of a tenant's audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryEntry {
    pub seq: i64,
    pub revision: u64,
    pub at: i64,
    /// As stored, so entries written by another version still show.
    pub command: serde_json::Value,
}

/// Decoded documents kept between commands, keyed by tenant. An entry is
/// used only when the stored text is byte-for-byte the text it was made from,
/// so a write by another process is never missed; it saves decoding (and
/// re-validating) the document on every command.
#[derive(Default)]
struct Cache {
    entries: HashMap<String, Cached>,
    bytes: usize,
}

struct Cached {
    /// The text as stored: the cache key.
    stored: String,
    /// `domain::encode(&setup)`, when it differs from the stored text (a
    /// document written in an older layout is served in the current one).
    reencoded: Option<String>,
    setup: Setup,
}

impl Cached {
    /// The document as served.
    fn doc(&self) -> &str {
        self.reencoded.as_deref().unwrap_or(&self.stored)
    }
}

/// Past this many bytes of cached documents, the cache starts over.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

impl Cache {
    /// The decoded `doc`, decoding it only if the cache does not hold it.
    fn get(&mut self, tenant: &str, doc: String) -> Result<&Cached, StoreError> {
        if self.entries.get(tenant).is_some_and(|c| c.stored == doc) {
            return Ok(&self.entries[tenant]);
        }
        let setup = domain::decode(&doc).map_err(|error| StoreError::Unreadable {
            tenant: tenant.to_owned(),
            error,
        })?;
        let reencoded = Some(domain::encode(&setup)).filter(|current| *current != doc);
        Ok(self.put(tenant, doc, reencoded, setup))
    }

    fn put(
        &mut self,
        tenant: &str,
        stored: String,
        reencoded: Option<String>,
        setup: Setup,
    ) -> &Cached {
        let size = |c: &Cached| c.stored.len() + c.reencoded.as_ref().map_or(0, String::len);
        if let Some(old) = self.entries.remove(tenant) {
            self.bytes -= size(&old);
        }
        let entry = Cached {
            stored,
            reencoded,
            setup,
        };
        if self.bytes + size(&entry) > CACHE_BYTES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += size(&entry);
        self.entries
            .entry(tenant.to_owned())
            .insert_entry(entry)
            .into_mut()
    }
}

struct Inner {
    conn: Connection,
    cache: Cache,
    checkpointer: Option<Checkpointer>,
}

struct Checkpointer {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Drop for Inner {
    /// Waits for the last checkpoint, so that the database file is complete
    /// and the WAL file gone when the process ends.
    fn drop(&mut self) {
        if let Some(Checkpointer { stop, thread }) = self.checkpointer.take() {
            drop(stop);
            let _ = thread.join();
        }
    }
}

/// How often the background thread moves the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// Checkpoints the WAL from its own connection and thread, so the fsync that
/// a checkpoint needs never happens inside a request's commit. With SQLite's
/// automatic checkpoints one commit in a few hundred waited for it, and the
/// bench's p99 latency was 7–21 ms; with this thread it is ~3 ms. A PASSIVE
/// checkpoint blocks neither the writer nor readers. When the store is
/// dropped, a last (TRUNCATE) checkpoint runs and the thread ends.
fn start_checkpointer(path: &Path) -> Result<Checkpointer, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let (stop, stopped) = mpsc::channel::<()>();
    let checkpoint = move |mode: &str| {
        let sql = format!("PRAGMA wal_checkpoint({mode})");
        if let Err(error) = conn.query_row(&sql, [], |_| Ok(())) {
            eprintln!("warning: SQLite checkpoint failed (it will be retried): {error}");
        }
    };
    let thread = std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || loop {
            match stopped.recv_timeout(CHECKPOINT_EVERY) {
                Err(mpsc::RecvTimeoutError::Timeout) => checkpoint("PASSIVE"),
                Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    checkpoint("TRUNCATE");
                    break;
                }
            }
        })
        .map_err(|e| StoreError::Thread(e.to_string()))?;
    Ok(Checkpointer { stop, thread })
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
}

impl Store {
    /// Opens (or creates) the database file and its tables, in WAL mode.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // WAL: readers never block the writer. synchronous=NORMAL with WAL
        // syncs at checkpoints, not on every commit: a power cut can lose the
        // last commits, never corrupt the file.
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        let checkpointer = if mode.eq_ignore_ascii_case("wal") {
            conn.execute_batch("PRAGMA wal_autocheckpoint=0;")?;
            Some(start_checkpointer(path)?)
        } else {
            eprintln!("warning: SQLite kept journal mode {mode:?} instead of WAL");
            None
        };
        conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store {
            inner: Arc::new(Mutex::new(Inner {
                conn,
                cache: Cache::default(),
                checkpointer,
            })),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock dropped its transaction, which rolled
        // back: the connection is still sound, and the cache is only ever
        // filled with documents that were committed or read.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The tenant's document; a tenant never written gets a new one at
    /// revision 0 (not stored).
    pub fn load(&self, tenant: &str) -> Result<Current, StoreError> {
        let mut inner = self.lock();
        let Inner { conn, cache, .. } = &mut *inner;
        match read_row(conn, tenant)? {
            None => Ok(new_current()),
            Some(row) => Ok(current(cache.get(tenant, row.doc)?, tenant, row.revision)?),
        }
    }

    /// Applies `command` if the stored revision is `expected`, all in one
    /// `BEGIN IMMEDIATE` transaction: read, compare, apply, write the
    /// document, append to the history, commit.
    pub fn apply(
        &self,
        tenant: &str,
        expected: u64,
        command: Command,
        now: Timestamp,
    ) -> Result<Current, ApplyError> {
        let command_json =
            serde_json::to_string(&command).map_err(|e| StoreError::Serialise(e.to_string()))?;
        let mut inner = self.lock();
        let Inner { conn, cache, .. } = &mut *inner;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Dropping `tx` on any early return rolls back: nothing is written.
        let fresh;
        let setup = match at_revision(&tx, cache, tenant, expected)? {
            None => {
                fresh = Setup::new();
                &fresh
            }
            Some(cached) => &cached.setup,
        };
        let next = setup.apply(command, now).map_err(ApplyError::Rejected)?;
        let revision = i64::try_from(next.revision)
            .map_err(|_| StoreError::RevisionOverflow(next.revision))?;
        let doc = domain::encode(&next);
        tx.prepare_cached(
            "INSERT INTO setups (tenant, revision, doc) VALUES (?1, ?2, ?3)
             ON CONFLICT (tenant) DO UPDATE SET revision = excluded.revision, doc = excluded.doc",
        )?
        .execute(params![tenant, revision, doc])?;
        tx.prepare_cached(
            "INSERT INTO history (tenant, revision, at, command) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![tenant, revision, now.0, command_json])?;
        tx.commit()?;
        let applied = Current {
            revision: next.revision,
            doc: doc.clone(),
        };
        cache.put(tenant, doc, None, next);
        Ok(applied)
    }

    /// Whether `command` would be applied now, without applying it: the
    /// same revision check and rules as [`Store::apply`], nothing written.
    /// Gives the current document when it would be. For the checks that
    /// must not spend a DNS lookup on a command that cannot be recorded.
    pub fn check(
        &self,
        tenant: &str,
        expected: u64,
        command: Command,
        now: Timestamp,
    ) -> Result<Current, ApplyError> {
        let mut inner = self.lock();
        let Inner { conn, cache, .. } = &mut *inner;
        match at_revision(conn, cache, tenant, expected)? {
            None => {
                Setup::new()
                    .apply(command, now)
                    .map_err(ApplyError::Rejected)?;
                Ok(new_current())
            }
            Some(cached) => {
                cached
                    .setup
                    .apply(command, now)
                    .map_err(ApplyError::Rejected)?;
                Ok(Current {
                    revision: cached.setup.revision,
                    doc: cached.doc().to_owned(),
                })
            }
        }
    }

    /// The tenant's applied commands, oldest first.
    pub fn history(&self, tenant: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let inner = self.lock();
        let mut statement = inner.conn.prepare_cached(
            "SELECT seq, revision, at, command FROM history WHERE tenant = ?1 ORDER BY seq",
        )?;
        let rows = statement.query_map(params![tenant], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (seq, revision, at, command) = row?;
            let bad = |error: String| StoreError::UnreadableHistory {
                tenant: tenant.to_owned(),
                seq,
                error,
            };
            let revision = u64::try_from(revision)
                .map_err(|_| bad(format!("negative revision {revision}")))?;
            let command = serde_json::from_str(&command).map_err(|e| bad(e.to_string()))?;
            entries.push(HistoryEntry {
                seq,
                revision,
                at,
                command,
            });
        }
        Ok(entries)
    }
}

struct Row {
    revision: i64,
    doc: String,
}

fn read_row(conn: &Connection, tenant: &str) -> Result<Option<Row>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT revision, doc FROM setups WHERE tenant = ?1")?
        .query_row(params![tenant], |row| {
            Ok(Row {
                revision: row.get(0)?,
                doc: row.get(1)?,
            })
        })
        .optional()?)
}

/// The tenant's stored document if it is at revision `expected` (`None`:
/// never written, and `expected` is 0); `Stale` with the current one if not.
fn at_revision<'c>(
    conn: &Connection,
    cache: &'c mut Cache,
    tenant: &str,
    expected: u64,
) -> Result<Option<&'c Cached>, ApplyError> {
    match read_row(conn, tenant)? {
        None if expected == 0 => Ok(None),
        None => Err(ApplyError::Stale {
            expected,
            current: new_current(),
        }),
        Some(row) => {
            let cached = cache.get(tenant, row.doc)?;
            check_row(cached, tenant, row.revision)?;
            if cached.setup.revision != expected {
                return Err(ApplyError::Stale {
                    expected,
                    current: current(cached, tenant, row.revision)?,
                });
            }
            Ok(Some(cached))
        }
    }
}

/// What a tenant that was never written reads.
fn new_current() -> Current {
    let setup = Setup::new();
    Current {
        revision: setup.revision,
        doc: domain::encode(&setup),
    }
}

/// The `revision` column and the document must agree.
fn check_row(cached: &Cached, tenant: &str, in_row: i64) -> Result<(), StoreError> {
    if i64::try_from(cached.setup.revision).ok() == Some(in_row) {
        Ok(())
    } else {
        Err(StoreError::RevisionMismatch {
            tenant: tenant.to_owned(),
            in_doc: cached.setup.revision,
            in_row,
        })
    }
}

fn current(cached: &Cached, tenant: &str, in_row: i64) -> Result<Current, StoreError> {
    check_row(cached, tenant, in_row)?;
    Ok(Current {
        revision: cached.setup.revision,
        doc: cached.doc().to_owned(),
    })
}
