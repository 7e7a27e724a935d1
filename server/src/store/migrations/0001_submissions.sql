-- Results, one row per envelope id.
CREATE TABLE submissions (
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
CREATE INDEX submissions_by_page ON submissions (page_id, received_at);
