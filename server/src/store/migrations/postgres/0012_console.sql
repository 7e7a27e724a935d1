-- As SQLite's 0012_console.sql.
ALTER TABLE events ADD COLUMN channel TEXT;
ALTER TABLE submissions ADD COLUMN channel TEXT;
ALTER TABLE draws ADD COLUMN channel TEXT;
ALTER TABLE referral_visits ADD COLUMN decided_by TEXT;
ALTER TABLE referral_visits ADD COLUMN decided_at BIGINT;
ALTER TABLE referral_visits ADD COLUMN decision_reason TEXT;
CREATE INDEX events_by_page ON events (page_id, name, received_at);
