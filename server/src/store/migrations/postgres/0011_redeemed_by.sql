-- As SQLite's 0011_redeemed_by.sql.
ALTER TABLE draws ADD COLUMN redeemed_by TEXT;
