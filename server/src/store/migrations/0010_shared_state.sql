-- State that several servers of one campaign share, so that it holds across
-- them (on SQLite, where one server runs, it is used only for the cache).
--
-- - `rate_windows`: requests counted per key and minute, for the limits that
--   matter across servers: each person's, and the campaign's ceilings.
--   Windows older than two minutes are removed with the hourly purge.
-- - `shared_cache`: values fetched from elsewhere that every server may use
--   until `until` (WeChat's access token and JS-SDK ticket: WeChat invalidates
--   an access token a few minutes after a newer one is fetched, so servers
--   must share one).
CREATE TABLE rate_windows (
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
) STRICT;
CREATE TABLE shared_cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    until INTEGER NOT NULL
) STRICT;
