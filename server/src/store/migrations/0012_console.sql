-- The campaign console: the channel (渠道码, a link's `?ch=`) each event,
-- result and draw came through; who decided on an invitation held for review,
-- when and why; and an index that counts a page's events by name and day.
ALTER TABLE events ADD COLUMN channel TEXT;
ALTER TABLE submissions ADD COLUMN channel TEXT;
ALTER TABLE draws ADD COLUMN channel TEXT;
ALTER TABLE referral_visits ADD COLUMN decided_by TEXT;
ALTER TABLE referral_visits ADD COLUMN decided_at INTEGER;
ALTER TABLE referral_visits ADD COLUMN decision_reason TEXT;
CREATE INDEX events_by_page ON events (page_id, name, received_at);
