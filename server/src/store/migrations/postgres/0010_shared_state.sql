-- As SQLite's 0010_shared_state.sql, which says what each table is for.
CREATE TABLE rate_windows (
    key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE TABLE shared_cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    until BIGINT NOT NULL
);
