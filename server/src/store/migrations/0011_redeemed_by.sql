-- Which staff credential redeemed a claim code (`admin`, or the name of a
-- staff token), so a second attempt can say who redeemed it first, and the
-- branch can account for every prize handed over.
ALTER TABLE draws ADD COLUMN redeemed_by TEXT;
