-- Prize draws. `draws.id` is the draw request's idempotency key; `prize_id` is
-- set for blanks too (the wheel stops on them), and `claim_code` only for real
-- prizes. `prize_stock` is seeded from the config when a page is first drawn (a
-- prize added later gets its row then); stored counts are kept when the config's
-- inventory changes. `draw_bonuses` holds one row per bonus source
-- (`quiz:<quiz page id>`, `share:<China day>`), so each is granted once.
CREATE TABLE draws (
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
) STRICT;
