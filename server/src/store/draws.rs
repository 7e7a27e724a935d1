//! Prize draws: the draws with their claim codes, the stock of each prize, and
//! bonus draws granted.
//!
//! A draw is one write transaction: look the idempotency key up,
//! count the visitor's chances, draw among the prizes still in stock with a roll
//! from the operating system, take the prize out of stock, record the draw with
//! its claim code. On SQLite concurrent draws queue on the database; on
//! PostgreSQL each person's draws take turns (an advisory lock), and stock is
//! taken by a conditional update, so no number of servers can hand out more of
//! a prize than there is.
//!
//! Stock is seeded from the config the first time a page is drawn (`ON CONFLICT DO
//! NOTHING`), and a prize added to the config later gets its row on the next draw.
//! After that the stored count is the truth: changing a prize's `inventory` in
//! the config of a running campaign does not change what is left (edit
//! `prize_stock` to restock).

use campaign_core::config::LotteryPage;
use campaign_core::lottery::{
    self, CLAIM_CODE_SYMBOLS, ChanceSource, DrawLimits, DrawRefusal, DrawUsage,
};
use campaign_core::wire::{ChanceSpent, Claim, DrawRow, DrawnPrize};

use crate::iso8601_utc;
use crate::store::connection::Store;
use crate::store::db::{Db, DbResult, Row, args};
use crate::store::page::{Page, page_size};

/// Claim codes tried before giving up; with 50 random bits a second is already
/// never needed, and if all collided the UNIQUE constraint would refuse the draw
/// (a `500` the client may retry) rather than share a code.
pub const CLAIM_CODE_TRIES: usize = 4;

/// One recorded draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DrawRecord {
    pub(crate) id: String,
    pub(crate) page_id: String,
    pub(crate) visitor_id: String,
    /// What the draw spent.
    pub(crate) source: ChanceSource,
    pub(crate) prize_id: String,
    /// The prize's name when it was drawn, so claims still read right after the
    /// config renames or drops the prize.
    pub(crate) prize_name: String,
    pub(crate) blank: bool,
    pub(crate) claim_code: Option<String>,
    pub(crate) drawn_at: i64,
    pub(crate) redeemed_at: Option<i64>,
    /// The staff credential that redeemed it.
    pub(crate) redeemed_by: Option<String>,
}

const DRAW_COLUMNS: &str = "id, page_id, visitor_id, source, prize_id, prize_name, blank, claim_code, drawn_at, redeemed_at, redeemed_by";

impl DrawRecord {
    fn from_row(row: &Row) -> DbResult<DrawRecord> {
        DrawRecord::from_row_at(row, 0)
    }

    /// The record in the columns of [`DRAW_COLUMNS`] from index `at` on.
    fn from_row_at(row: &Row, at: usize) -> DbResult<DrawRecord> {
        Ok(DrawRecord {
            id: row.get(at)?,
            page_id: row.get(at + 1)?,
            visitor_id: row.get(at + 2)?,
            source: match row.get::<String>(at + 3)?.as_str() {
                "bonus" => ChanceSource::Bonus,
                _ => ChanceSource::Daily,
            },
            prize_id: row.get(at + 4)?,
            prize_name: row.get(at + 5)?,
            blank: row.get(at + 6)?,
            claim_code: row.get(at + 7)?,
            drawn_at: row.get(at + 8)?,
            redeemed_at: row.get(at + 9)?,
            redeemed_by: row.get(at + 10)?,
        })
    }
}

/// What a draw request asks the store to do; the randomness comes with it, so
/// the transaction itself is deterministic.
pub(crate) struct NewDraw {
    pub(crate) id: String,
    pub(crate) page: LotteryPage,
    pub(crate) visitor_id: String,
    pub(crate) now: i64,
    pub(crate) roll: u64,
    pub(crate) claim_codes: [[u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES],
    /// In `device` campaigns, the client's address key and the prizes it may
    /// win a day: visitor ids cost a script nothing, its addresses do.
    pub(crate) address_cap: Option<AddressCap>,
    /// The channel (渠道码) the visit came through.
    pub(crate) channel: Option<String>,
}

/// The daily cap on prizes won from one network address.
pub(crate) struct AddressCap {
    pub(crate) address: String,
    pub(crate) wins_per_day: u32,
}

pub(crate) enum DrawOutcome {
    /// A new draw; `remaining` is the chances left after it.
    New {
        draw: DrawRecord,
        remaining: u32,
    },
    /// The key was used before by the same visitor on the same page: that draw,
    /// unchanged, and nothing spent.
    Replay {
        draw: DrawRecord,
        remaining: u32,
    },
    /// The key belongs to another visitor's or page's draw.
    IdConflict,
    Refused(DrawRefusal),
    /// The client's address has won its prizes for today.
    AddressCapped,
}

pub(crate) enum Redemption {
    Redeemed(DrawRecord),
    AlreadyRedeemed(DrawRecord),
    Unknown,
}

/// Bonus draws to grant, once per (page, visitor, source).
pub(crate) struct BonusGrant {
    pub(crate) page_id: String,
    pub(crate) limits: DrawLimits,
    pub(crate) visitor_id: String,
    /// `quiz:<quiz page id>` or `share:<China day>`.
    pub(crate) source: String,
    pub(crate) draws: u32,
    /// The submission that earned it (quizzes).
    pub(crate) earned_by: Option<String>,
    pub(crate) now: i64,
}

/// A bonus grant's result: whether this call added the row, and who earned it.
pub(crate) struct Granted {
    pub(crate) inserted: bool,
    pub(crate) earned_by: Option<String>,
    pub(crate) remaining: u32,
}

/// A visitor's standing on one lottery page.
pub(crate) struct DrawStanding {
    pub(crate) usage: DrawUsage,
    pub(crate) shared_today: bool,
}

fn source_name(source: ChanceSource) -> &'static str {
    match source {
        ChanceSource::Daily => "daily",
        ChanceSource::Bonus => "bonus",
    }
}

pub(crate) fn share_source(day: i64) -> String {
    format!("share:{day}")
}

pub(crate) fn quiz_source(quiz_id: &str) -> String {
    format!("quiz:{quiz_id}")
}

impl Store {
    /// Draws for a visitor, or replays the draw stored under the request's key.
    pub(crate) async fn draw(&self, request: NewDraw) -> anyhow::Result<DrawOutcome> {
        self.write(move |db| draw_in(db, &request)).await
    }

    pub(crate) async fn draw_standing(
        &self,
        page_id: String,
        visitor_id: String,
        now: i64,
    ) -> anyhow::Result<DrawStanding> {
        self.read(move |db| standing(db, &page_id, &visitor_id, lottery::draw_day(now)))
            .await
    }

    /// Grants `draws` bonus draws from `source` once: a second grant from the same
    /// source changes nothing.
    pub(crate) async fn grant_bonus(&self, grant: BonusGrant) -> anyhow::Result<Granted> {
        self.write(move |db| {
            let BonusGrant {
                page_id,
                limits,
                visitor_id,
                source,
                draws,
                earned_by,
                now,
            } = &grant;
            let inserted = *draws > 0
                && db.execute(
                    "INSERT INTO draw_bonuses (page_id, visitor_id, source, draws, earned_by, granted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    args![page_id, visitor_id, source, draws, earned_by, now],
                )? == 1;
            let earned_by: Option<String> = db
                .value_opt(
                    "SELECT earned_by FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2 AND source = ?3",
                    args![page_id, visitor_id, source],
                )?
                .flatten();
            let standing = standing(db, page_id, visitor_id, lottery::draw_day(*now))?;
            Ok(Granted {
                inserted,
                earned_by,
                remaining: lottery::remaining_chances(limits, &standing.usage),
            })
        })
        .await
    }

    /// Marks a claim code redeemed, once, by the staff credential `by`: of
    /// two redemptions at the same moment, on one server or two, one is told
    /// it came second, and by whom the first was made.
    pub(crate) async fn redeem_claim(
        &self,
        code: String,
        now: i64,
        by: String,
    ) -> anyhow::Result<Redemption> {
        self.write(move |db| {
            Ok(match draw_by_claim(db, &code)? {
                None => Redemption::Unknown,
                Some(draw) if draw.redeemed_at.is_some() => Redemption::AlreadyRedeemed(draw),
                Some(mut draw) => {
                    let changed = db.execute(
                        "UPDATE draws SET redeemed_at = ?2, redeemed_by = ?3
                         WHERE id = ?1 AND redeemed_at IS NULL",
                        args![draw.id, now, by],
                    )?;
                    if changed == 1 {
                        draw.redeemed_at = Some(now);
                        draw.redeemed_by = Some(by.clone());
                        Redemption::Redeemed(draw)
                    } else {
                        match draw_by_claim(db, &code)? {
                            Some(first) => Redemption::AlreadyRedeemed(first),
                            None => Redemption::Unknown,
                        }
                    }
                }
            })
        })
        .await
    }

    pub(crate) async fn claim(&self, code: String) -> anyhow::Result<Option<DrawRecord>> {
        self.read(move |db| draw_by_claim(db, &code)).await
    }

    /// Up to `limit` draws before the cursor `before` (a row id), newest
    /// first, optionally of one page.
    pub(crate) async fn draws(
        &self,
        page_id: Option<String>,
        before: Option<i64>,
        limit: usize,
        won_only: bool,
    ) -> anyhow::Result<Page<DrawRecord>> {
        self.read(move |db| {
            let rows = db
                .query(
                    &format!(
                        "SELECT rowid, {DRAW_COLUMNS} FROM draws
                         WHERE (CAST(?1 AS TEXT) IS NULL OR page_id = ?1) AND rowid < ?2
                           AND (?4 = 0 OR claim_code IS NOT NULL)
                         ORDER BY rowid DESC LIMIT ?3"
                    ),
                    args![
                        page_id,
                        before.unwrap_or(i64::MAX),
                        page_size(limit),
                        won_only
                    ],
                )?
                .iter()
                .map(|row| Ok((row.get::<i64>(0)?, DrawRecord::from_row_at(row, 1)?)))
                .collect::<DbResult<_>>()?;
            Ok(Page::of(rows, limit))
        })
        .await
    }
}

fn draw_in(db: &Db<'_>, request: &NewDraw) -> DbResult<DrawOutcome> {
    let page = &request.page;
    let day = lottery::draw_day(request.now);
    // One draw at a time per person and page, on every server: the chances
    // counted below are the chances this draw spends.
    db.lock(&format!("draw:{}:{}", page.id, request.visitor_id))?;
    let existing = db
        .query_opt(
            &format!("SELECT {DRAW_COLUMNS} FROM draws WHERE id = ?1"),
            args![request.id],
        )?
        .map(|row| DrawRecord::from_row(&row))
        .transpose()?;
    if let Some(draw) = existing {
        if draw.page_id != page.id || draw.visitor_id != request.visitor_id {
            return Ok(DrawOutcome::IdConflict);
        }
        let usage = standing(db, &page.id, &request.visitor_id, day)?.usage;
        return Ok(DrawOutcome::Replay {
            draw,
            remaining: lottery::remaining_chances(&page.limits, &usage),
        });
    }
    let mut usage = standing(db, &page.id, &request.visitor_id, day)?.usage;
    let source = match lottery::next_chance(&page.limits, &usage) {
        Ok(source) => source,
        Err(refusal) => return Ok(DrawOutcome::Refused(refusal)),
    };
    if let Some(cap) = &request.address_cap {
        db.lock(&format!("draw-address:{}", cap.address))?;
        // Counted before the roll, so a capped address spends nothing and
        // cannot learn what it would have won.
        let won: u32 = db.value(
            "SELECT COUNT(*) FROM draws WHERE address = ?1 AND day = ?2 AND blank = 0",
            args![cap.address, day],
        )?;
        if won >= cap.wins_per_day {
            return Ok(DrawOutcome::AddressCapped);
        }
    }
    // The stock is taken with a conditional update, which holds with many
    // draws at once: the one that finds a prize gone (another server took its
    // last piece between the read and the update) draws again among what is
    // left, with the same roll. Each retry has one prize fewer in stock.
    let mut tries = page.prizes.len() + 1;
    let prize = loop {
        let stock = stock(db, page)?;
        let Some((index, prize)) = lottery::draw(&page.prizes, &stock, request.roll)
            .and_then(|index| Some((index, page.prizes.get(index)?)))
        else {
            return Ok(DrawOutcome::Refused(DrawRefusal::PrizesGone));
        };
        if stock.get(index).copied().flatten().is_none() {
            break prize;
        }
        let taken = db.execute(
            "UPDATE prize_stock SET remaining = remaining - 1
             WHERE page_id = ?1 AND prize_id = ?2 AND remaining > 0",
            args![page.id, prize.id],
        )?;
        if taken == 1 {
            break prize;
        }
        tries -= 1;
        if tries == 0 {
            return Ok(DrawOutcome::Refused(DrawRefusal::PrizesGone));
        }
    };
    let claim_code = if prize.blank {
        None
    } else {
        Some(free_claim_code(db, &request.claim_codes)?)
    };
    let draw = DrawRecord {
        id: request.id.clone(),
        page_id: page.id.clone(),
        visitor_id: request.visitor_id.clone(),
        source,
        prize_id: prize.id.clone(),
        prize_name: prize.name.clone(),
        blank: prize.blank,
        claim_code,
        drawn_at: request.now,
        redeemed_at: None,
        redeemed_by: None,
    };
    db.execute(
        "INSERT INTO draws (id, page_id, visitor_id, day, source, prize_id, prize_name, blank, claim_code, drawn_at, address, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        args![
            draw.id,
            draw.page_id,
            draw.visitor_id,
            day,
            source_name(draw.source),
            draw.prize_id,
            draw.prize_name,
            draw.blank,
            draw.claim_code,
            draw.drawn_at,
            request.address_cap.as_ref().map(|cap| cap.address.as_str()),
            request.channel,
        ],
    )?;
    usage.draws_total += 1;
    match source {
        ChanceSource::Daily => usage.daily_draws_today += 1,
        ChanceSource::Bonus => usage.bonus_draws += 1,
    }
    Ok(DrawOutcome::New {
        draw,
        remaining: lottery::remaining_chances(&page.limits, &usage),
    })
}

/// What is left of each prize, in prize order as [`lottery::draw`] takes it,
/// seeding rows for prizes not yet stocked.
///
/// The rows are read first and only missing ones inserted: on PostgreSQL an
/// `INSERT ... ON CONFLICT` that meets a row another draw is taking stock
/// from waits for that draw to commit, which would make every draw of the
/// page wait for every other. A plain read does not wait.
fn stock(db: &Db<'_>, page: &LotteryPage) -> DbResult<Vec<Option<u32>>> {
    let read = || -> DbResult<Vec<(String, Option<u32>)>> {
        db.query(
            "SELECT prize_id, remaining FROM prize_stock WHERE page_id = ?1",
            args![page.id],
        )?
        .iter()
        .map(|row| Ok((row.get(0)?, row.get(1)?)))
        .collect()
    };
    let mut stored = read()?;
    let missing: Vec<_> = page
        .prizes
        .iter()
        .filter(|prize| !stored.iter().any(|(id, _)| *id == prize.id))
        .collect();
    if !missing.is_empty() {
        for prize in missing {
            db.execute(
                "INSERT INTO prize_stock (page_id, prize_id, remaining) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                args![page.id, prize.id, prize.inventory],
            )?;
        }
        stored = read()?;
    }
    Ok(page
        .prizes
        .iter()
        .map(|prize| {
            stored
                .iter()
                .find(|(id, _)| *id == prize.id)
                .and_then(|(_, remaining)| *remaining)
        })
        .collect())
}

fn free_claim_code(
    db: &Db<'_>,
    candidates: &[[u8; CLAIM_CODE_SYMBOLS]; CLAIM_CODE_TRIES],
) -> DbResult<String> {
    let mut code = String::new();
    for random in candidates {
        code = lottery::claim_code(*random);
        let taken: bool = db.value(
            "SELECT EXISTS (SELECT 1 FROM draws WHERE claim_code = ?1)",
            args![code],
        )?;
        if !taken {
            break;
        }
    }
    Ok(code)
}

fn standing(db: &Db<'_>, page_id: &str, visitor_id: &str, day: i64) -> DbResult<DrawStanding> {
    let row = db.query_one(
        "SELECT
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2 AND source = 'daily' AND day = ?3),
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2),
            (SELECT CAST(COALESCE(SUM(draws), 0) AS BIGINT) FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2),
            (SELECT COUNT(*) FROM draws WHERE page_id = ?1 AND visitor_id = ?2 AND source = 'bonus'),
            EXISTS (SELECT 1 FROM draw_bonuses WHERE page_id = ?1 AND visitor_id = ?2 AND source = ?4)",
        args![page_id, visitor_id, day, share_source(day)],
    )?;
    Ok(DrawStanding {
        usage: DrawUsage {
            daily_draws_today: row.get(0)?,
            draws_total: row.get(1)?,
            bonus_earned: row.get(2)?,
            bonus_draws: row.get(3)?,
        },
        shared_today: row.get(4)?,
    })
}

fn draw_by_claim(db: &Db<'_>, code: &str) -> DbResult<Option<DrawRecord>> {
    db.query_opt(
        &format!("SELECT {DRAW_COLUMNS} FROM draws WHERE claim_code = ?1"),
        args![code],
    )?
    .map(|row| DrawRecord::from_row(&row))
    .transpose()
}

impl DrawRecord {
    /// The prize as drawn.
    pub(crate) fn prize(&self) -> DrawnPrize {
        DrawnPrize {
            id: self.prize_id.clone(),
            name: self.prize_name.clone(),
            blank: self.blank,
        }
    }

    /// The claim this draw is, as staff read it.
    pub(crate) fn claim(&self) -> Claim {
        Claim {
            code: self.claim_code.clone().unwrap_or_default(),
            page_id: self.page_id.clone(),
            visitor_id: self.visitor_id.clone(),
            prize: self.prize(),
            drawn_at: iso8601_utc(self.drawn_at),
            redeemed_at: self.redeemed_at.map(iso8601_utc),
            redeemed_by: self.redeemed_by.clone(),
        }
    }

    /// The draw as the staff list shows it.
    pub(crate) fn row(&self) -> DrawRow {
        DrawRow {
            draw_id: self.id.clone(),
            page_id: self.page_id.clone(),
            visitor_id: self.visitor_id.clone(),
            source: match self.source {
                ChanceSource::Daily => ChanceSpent::Daily,
                ChanceSource::Bonus => ChanceSpent::Bonus,
            },
            prize: self.prize(),
            claim_code: self.claim_code.clone(),
            drawn_at: iso8601_utc(self.drawn_at),
            redeemed_at: self.redeemed_at.map(iso8601_utc),
            redeemed_by: self.redeemed_by.clone(),
        }
    }
}
