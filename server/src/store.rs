//! SQLite storage. One connection behind a mutex: the reference server's load is
//! a campaign's, and SQLite serialises writes anyway. Blocking calls run on
//! tokio's blocking pool so they never stall request handling.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use campaign_core::{Envelope, Event};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

/// What happened to a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// First time this id was seen: a new row (and its reward, if the page gives one).
    New(Option<Reward>),
    /// The same envelope again (a retry or a double tap): nothing written, and
    /// the reward it was given the first time.
    Duplicate(Option<Reward>),
    /// The id is already used by a different envelope.
    Conflict,
    /// The page takes one submission per visitor, and this visitor sent one.
    AlreadySubmitted,
}

/// A reward handed out for a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reward {
    Code(String),
    /// The pool had no code left.
    Exhausted,
}

/// Rules a page puts on its submissions.
#[derive(Debug, Clone, Default)]
pub struct SubmissionRules {
    /// Refuse a second submission (another id) from the same visitor.
    pub once_per_visitor: bool,
    /// Hand the submission one code from this pool.
    pub reward_pool: Option<String>,
    /// The group a group picker submission sends its visitor to. Each visitor
    /// counts once per page, in the group they were sent to last.
    pub group: Option<String>,
}

/// A stored submission, as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub id: String,
    pub page_id: String,
    pub page_kind: String,
    pub visitor_id: String,
    pub referral_code: Option<String>,
    pub client_ts: i64,
    pub received_at: i64,
    pub payload: serde_json::Value,
}

const MIGRATIONS: &[&str] = &[
    "CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        page_id TEXT NOT NULL,
        page_kind TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        referral_code TEXT,
        client_ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        payload TEXT NOT NULL
    ) STRICT;
    CREATE INDEX submissions_by_page ON submissions (page_id, received_at);",
    "CREATE TABLE events (
        id TEXT PRIMARY KEY,
        page_id TEXT,
        visitor_id TEXT NOT NULL,
        name TEXT NOT NULL,
        client_ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_name ON events (name, received_at);",
    "CREATE TABLE reward_codes (
        pool TEXT NOT NULL,
        code TEXT NOT NULL,
        submission_id TEXT UNIQUE,
        assigned_at INTEGER,
        PRIMARY KEY (pool, code)
    ) STRICT;
    CREATE INDEX reward_codes_free ON reward_codes (pool, submission_id);
    CREATE INDEX submissions_by_visitor ON submissions (page_id, visitor_id);",
    "CREATE TABLE group_assignments (
        page_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        group_id TEXT NOT NULL,
        submission_id TEXT NOT NULL,
        assigned_at INTEGER NOT NULL,
        PRIMARY KEY (page_id, visitor_id)
    ) STRICT;
    CREATE INDEX group_assignments_by_group ON group_assignments (page_id, group_id);",
    // Prize draws (see `games.rs`). `draws.id` is the draw request's idempotency
    // key; `prize_id` is set for blanks too (the wheel stops on them), and
    // `claim_code` only for real prizes. `prize_stock` is seeded from the config
    // when a page is first drawn (a prize added later gets its row then); stored
    // counts are kept when the config's inventory changes. `draw_bonuses` holds
    // one row per bonus source (`quiz:<quiz page id>`, `share:<China day>`), so
    // each is granted once.
    "CREATE TABLE draws (
        id TEXT PRIMARY KEY,
        page_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        day INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('daily', 'bonus')),
        prize_id TEXT NOT NULL,
        prize_name TEXT NOT NULL,
        blank INTEGER NOT NULL,
        claim_code TEXT UNIQUE,
        drawn_at INTEGER NOT NULL,
        redeemed_at INTEGER
    ) STRICT;
    CREATE INDEX draws_by_visitor ON draws (page_id, visitor_id, day);
    CREATE INDEX draws_by_time ON draws (page_id, drawn_at);
    CREATE TABLE prize_stock (
        page_id TEXT NOT NULL,
        prize_id TEXT NOT NULL,
        remaining INTEGER CHECK (remaining >= 0),
        PRIMARY KEY (page_id, prize_id)
    ) STRICT;
    CREATE TABLE draw_bonuses (
        page_id TEXT NOT NULL,
        visitor_id TEXT NOT NULL,
        source TEXT NOT NULL,
        draws INTEGER NOT NULL,
        earned_by TEXT,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (page_id, visitor_id, source)
    ) STRICT;",
    // Invite codes, judged referral visits and uploaded posters: the SQL and
    // what each column means are in `referrals.rs`.
    crate::referrals::MIGRATION,
];

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let connection = Connection::open(path)?;
        Store::prepare(connection)
    }

    pub fn in_memory() -> anyhow::Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut connection: Connection) -> anyhow::Result<Store> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: usize =
            connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let transaction = connection.transaction()?;
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            transaction.execute_batch(migration)?;
            transaction.pragma_update(None, "user_version", index + 1)?;
        }
        transaction.commit()?;
        Ok(Store {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` with the connection on the blocking pool.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let connection = self.connection.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut guard = connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut guard)
        })
        .await?;
        Ok(result?)
    }

    /// Stores `envelope` once per id, applying the page's `rules` in the same
    /// transaction, so concurrent submissions cannot both pass a once-per-visitor
    /// check or take the same code.
    pub async fn insert_submission(
        &self,
        envelope: Envelope,
        received_at: i64,
        rules: SubmissionRules,
    ) -> anyhow::Result<Stored> {
        self.run(move |connection| {
            let transaction = connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let payload = envelope.payload.to_string();
            let existing: Option<bool> = transaction
                .query_row(
                    "SELECT campaign_id = ?2 AND page_id = ?3 AND visitor_id = ?4 AND payload = ?5
                     FROM submissions WHERE id = ?1",
                    params![envelope.id, envelope.campaign_id, envelope.page_id, envelope.visitor_id, payload],
                    |row| row.get(0),
                )
                .optional()?;
            let outcome = match existing {
                Some(true) => Stored::Duplicate(assigned_reward(&transaction, &envelope.id, &rules)?),
                Some(false) => Stored::Conflict,
                None if rules.once_per_visitor && has_other_submission(&transaction, &envelope)? => {
                    Stored::AlreadySubmitted
                }
                None => {
                    transaction.execute(
                        "INSERT INTO submissions
                         (id, campaign_id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            envelope.id,
                            envelope.campaign_id,
                            envelope.page_id,
                            envelope.page_kind.as_str(),
                            envelope.visitor_id,
                            envelope.referral_code,
                            envelope.client_ts,
                            received_at,
                            payload,
                        ],
                    )?;
                    if let Some(pool) = &rules.reward_pool {
                        transaction.execute(
                            "UPDATE reward_codes SET submission_id = ?1, assigned_at = ?3
                             WHERE rowid = (SELECT rowid FROM reward_codes
                                            WHERE pool = ?2 AND submission_id IS NULL ORDER BY rowid LIMIT 1)",
                            params![envelope.id, pool, received_at],
                        )?;
                    }
                    if let Some(group) = &rules.group {
                        transaction.execute(
                            "INSERT INTO group_assignments (page_id, visitor_id, group_id, submission_id, assigned_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)
                             ON CONFLICT (page_id, visitor_id) DO UPDATE SET
                                group_id = excluded.group_id,
                                submission_id = excluded.submission_id,
                                assigned_at = excluded.assigned_at",
                            params![envelope.page_id, envelope.visitor_id, group, envelope.id, received_at],
                        )?;
                    }
                    Stored::New(assigned_reward(&transaction, &envelope.id, &rules)?)
                }
            };
            transaction.commit()?;
            Ok(outcome)
        })
        .await
    }

    /// Members sent to each group of a group picker page, by group id.
    pub async fn group_fill(&self, page_id: &str) -> anyhow::Result<BTreeMap<String, u32>> {
        let page_id = page_id.to_owned();
        self.run(move |connection| {
            let mut statement = connection.prepare_cached(
                "SELECT group_id, COUNT(*) FROM group_assignments WHERE page_id = ?1 GROUP BY group_id",
            )?;
            let rows = statement.query_map(params![page_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        })
        .await
    }

    /// Adds codes to a pool; codes already there are kept as they are. Returns
    /// how many were new.
    pub async fn import_reward_codes(
        &self,
        pool: String,
        codes: Vec<String>,
    ) -> anyhow::Result<usize> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            let mut added = 0;
            {
                let mut statement = transaction.prepare(
                    "INSERT INTO reward_codes (pool, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?;
                for code in &codes {
                    added += statement.execute(params![pool, code])?;
                }
            }
            transaction.commit()?;
            Ok(added)
        })
        .await
    }

    /// Codes of `pool` not yet handed out.
    pub async fn reward_codes_left(&self, pool: String) -> anyhow::Result<i64> {
        self.run(move |connection| {
            connection.query_row(
                "SELECT COUNT(*) FROM reward_codes WHERE pool = ?1 AND submission_id IS NULL",
                params![pool],
                |row| row.get(0),
            )
        })
        .await
    }

    /// Submissions, oldest first, optionally of one page.
    pub async fn submissions(&self, page_id: Option<String>) -> anyhow::Result<Vec<Submission>> {
        self.run(move |connection| {
            let mut statement = connection.prepare(
                "SELECT id, page_id, page_kind, visitor_id, referral_code, client_ts, received_at, payload
                 FROM submissions WHERE ?1 IS NULL OR page_id = ?1
                 ORDER BY received_at, rowid",
            )?;
            let rows = statement.query_map(params![page_id], |row| {
                let payload: String = row.get(7)?;
                Ok(Submission {
                    id: row.get(0)?,
                    page_id: row.get(1)?,
                    page_kind: row.get(2)?,
                    visitor_id: row.get(3)?,
                    referral_code: row.get(4)?,
                    client_ts: row.get(5)?,
                    received_at: row.get(6)?,
                    payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                })
            })?;
            rows.collect()
        })
        .await
    }

    /// Stores events once per id; returns how many were new.
    pub async fn insert_events(
        &self,
        events: Vec<Event>,
        received_at: i64,
    ) -> anyhow::Result<usize> {
        self.run(move |connection| {
            let transaction = connection.transaction()?;
            let mut inserted = 0;
            {
                let mut statement = transaction.prepare(
                    "INSERT INTO events (id, page_id, visitor_id, name, client_ts, received_at, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                )?;
                for event in &events {
                    inserted += statement.execute(params![
                        event.id,
                        event.page_id,
                        event.visitor_id,
                        event.name,
                        event.client_ts,
                        received_at,
                        event.data.to_string(),
                    ])?;
                }
            }
            transaction.commit()?;
            Ok(inserted)
        })
        .await
    }

    /// How many stored events have `name`.
    pub async fn count_events(&self, name: String) -> anyhow::Result<i64> {
        self.run(move |connection| {
            connection.query_row(
                "SELECT COUNT(*) FROM events WHERE name = ?1",
                params![name],
                |row| row.get(0),
            )
        })
        .await
    }
}

fn has_other_submission(connection: &Connection, envelope: &Envelope) -> rusqlite::Result<bool> {
    connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM submissions WHERE page_id = ?1 AND visitor_id = ?2 AND id != ?3)",
        params![envelope.page_id, envelope.visitor_id, envelope.id],
        |row| row.get(0),
    )
}

fn assigned_reward(
    connection: &Connection,
    submission_id: &str,
    rules: &SubmissionRules,
) -> rusqlite::Result<Option<Reward>> {
    if rules.reward_pool.is_none() {
        return Ok(None);
    }
    let code: Option<String> = connection
        .query_row(
            "SELECT code FROM reward_codes WHERE submission_id = ?1",
            params![submission_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(Some(code.map_or(Reward::Exhausted, Reward::Code)))
}
