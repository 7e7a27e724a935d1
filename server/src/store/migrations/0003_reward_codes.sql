-- Reward codes of survey pools, each handed to at most one submission.
CREATE TABLE reward_codes (
    pool TEXT NOT NULL,
    code TEXT NOT NULL,
    submission_id TEXT UNIQUE,
    assigned_at INTEGER,
    PRIMARY KEY (pool, code)
) STRICT;
CREATE INDEX reward_codes_free ON reward_codes (pool, submission_id);
CREATE INDEX submissions_by_visitor ON submissions (page_id, visitor_id);
