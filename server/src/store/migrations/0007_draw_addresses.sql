-- The network address a prize was won from, for the daily cap per address of
-- `device` campaigns (`ceilings.prize_wins_per_address_per_day`). Set only
-- there: campaigns with identity count people, not addresses. Cleared after
-- two days, since the cap needs today's draws only.
ALTER TABLE draws ADD COLUMN address TEXT;
CREATE INDEX draws_wins_by_address ON draws (address, day) WHERE address IS NOT NULL AND blank = 0;
