-- A course's sign-ups and its check-ins. Both are results too: each row names
-- the envelope (in `submissions`) it came with, stored in the same transaction.
--
-- - `course_signups`: one per course page and person, in the cohort the server
--   chose while counting the cohorts' seats inside that transaction. `name` is
--   the form's name answer, printed on the certificate.
-- - `checkins`: one per check-in page, person and course day (the unique key is
--   what keeps "once per day" true across servers). Day one's row carries the
--   hometown; `hidden_at` is when staff took its line off the wall.
CREATE TABLE course_signups (
    page_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    cohort_id TEXT NOT NULL,
    submission_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    signed_up_at INTEGER NOT NULL,
    PRIMARY KEY (page_id, visitor_id)
) STRICT;
CREATE INDEX course_signups_by_cohort ON course_signups (page_id, cohort_id);
CREATE TABLE checkins (
    id TEXT PRIMARY KEY,
    page_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    timing TEXT NOT NULL CHECK (timing IN ('on_time', 'make_up')),
    checked_at INTEGER NOT NULL,
    province TEXT,
    city TEXT,
    line TEXT,
    hidden_at INTEGER,
    UNIQUE (page_id, visitor_id, day)
) STRICT;
CREATE INDEX checkins_wall ON checkins (page_id, checked_at) WHERE province IS NOT NULL;
