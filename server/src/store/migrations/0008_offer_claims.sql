-- An offers page hands each person one coupon: at most one claim per page and
-- person (the verified person's key, or the visitor id where nothing is won),
-- held by the database so it holds across servers too.
CREATE UNIQUE INDEX submissions_one_claim_per_offer
    ON submissions (page_id, visitor_id) WHERE page_kind = 'offers';
