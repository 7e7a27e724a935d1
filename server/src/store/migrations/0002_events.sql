-- Analytics events, one row per event id.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    page_id TEXT,
    visitor_id TEXT NOT NULL,
    name TEXT NOT NULL,
    client_ts INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    data TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_name ON events (name, received_at);
