-- Invite codes, judged referral visits and uploaded posters.
--
-- - `invite_codes`: one code per member of a referral page. Codes are unique
--   across pages, so a code alone names its page and its owner.
-- - `referral_visits`: one row per (code, visitor): the verdict on the first
--   visit of that visitor with that code (`counted`, `pending`, `review`,
--   `self_invite`, `known_visitor`, `already_attributed`; unknown codes are not
--   stored). `counted`, `pending` and `review` rows are attributions: the
--   partial unique index allows one per visitor and page. `goal_met_at` is when
--   the friend met the page's goal (the visit, or the goal page's submission),
--   also for rows held for review. `ip` is the address of the first visit, for
--   burst detection and for staff.
-- - `posters`: uploaded poster images, by a random 128-bit id.
-- - Two indexes on earlier tables answer "was this visitor seen before?".
CREATE TABLE invite_codes (
    code TEXT PRIMARY KEY,
    page_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (page_id, visitor_id)
) STRICT;
CREATE INDEX invite_codes_by_visitor ON invite_codes (visitor_id, created_at);
CREATE TABLE referral_visits (
    code TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    page_id TEXT NOT NULL,
    inviter_visitor_id TEXT NOT NULL,
    status TEXT NOT NULL,
    landing_page_id TEXT,
    ip TEXT,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    visits INTEGER NOT NULL,
    goal_met_at INTEGER,
    PRIMARY KEY (code, visitor_id)
) STRICT;
CREATE UNIQUE INDEX referral_visits_one_attribution ON referral_visits (page_id, visitor_id)
    WHERE status IN ('counted', 'pending', 'review');
CREATE INDEX referral_visits_by_code ON referral_visits (code, status, first_seen_at);
CREATE INDEX referral_visits_by_visitor ON referral_visits (visitor_id, first_seen_at);
CREATE TABLE posters (
    id TEXT PRIMARY KEY,
    png BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    ip TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX posters_by_ip ON posters (ip, created_at);
CREATE INDEX events_by_visitor ON events (visitor_id, received_at);
CREATE INDEX submissions_by_visitor_time ON submissions (visitor_id, received_at);
