//! Lists read a page at a time.

/// One page of a list, read by cursor so that no request loads a whole table
/// (or holds the connection while it does).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// The cursor (a row id) to ask for the next page with; `None` on the last.
    pub next: Option<i64>,
}

impl<T> Page<T> {
    /// `rows` as read with [`page_size`]: one more than `limit` means another
    /// page follows, starting after the last row kept.
    pub(crate) fn of(mut rows: Vec<(i64, T)>, limit: usize) -> Page<T> {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more {
            rows.last().map(|(id, _)| *id)
        } else {
            None
        };
        Page {
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            next,
        }
    }
}

/// The `LIMIT` that tells whether a page of `limit` rows has a successor.
pub(crate) fn page_size(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1
}
