-- The group each visitor of a group picker page was sent to last.
CREATE TABLE group_assignments (
    page_id TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (page_id, visitor_id)
) STRICT;
CREATE INDEX group_assignments_by_group ON group_assignments (page_id, group_id);
