//! Locations in a JSON document, printed the way marketers read them:
//! `pages[2].theme.primary`.

use std::fmt;

use serde_json::{Map, Value};

/// A location in a JSON document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

impl Path {
    pub fn key(&self, key: &str) -> Path {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    pub fn index(&self, index: usize) -> Path {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    pub fn join(&self, other: &Path) -> Path {
        let mut path = self.clone();
        path.0.extend(other.0.iter().cloned());
        path
    }

    /// Whether this path is `prefix` or lies inside it.
    pub fn starts_with(&self, prefix: &Path) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// Puts `value` where this path points (a key of an object, or an item of a
    /// list, which it replaces); false when the parent is not there.
    pub fn set_in(&self, root: &mut Value, value: Value) -> bool {
        let Some((last, parents)) = self.0.split_last() else {
            *root = value;
            return true;
        };
        let mut node = root;
        for segment in parents {
            let next = match segment {
                Segment::Key(key) => node.get_mut(key.as_str()),
                Segment::Index(index) => node.get_mut(*index),
            };
            match next {
                Some(next) => node = next,
                None => return false,
            }
        }
        match (last, node) {
            (Segment::Key(key), Value::Object(object)) => {
                object.insert(key.clone(), value);
                true
            }
            (Segment::Index(index), Value::Array(items)) => match items.get_mut(*index) {
                Some(item) => {
                    *item = value;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    /// Removes the value this path points at; false when there is nothing to remove.
    pub fn remove_from(&self, root: &mut Value) -> bool {
        let Some((Segment::Key(last), parents)) = self.0.split_last() else {
            return false;
        };
        let mut node = root;
        for segment in parents {
            let next = match segment {
                Segment::Key(key) => node.get_mut(key.as_str()),
                Segment::Index(index) => node.get_mut(*index),
            };
            match next {
                Some(next) => node = next,
                None => return false,
            }
        }
        node.as_object_mut()
            .and_then(|object: &mut Map<String, Value>| object.remove(last))
            .is_some()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain_key(key) => {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => write!(
                    f,
                    "[\"{}\"]",
                    key.replace('\\', "\\\\").replace('"', "\\\"")
                )?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_like_json_paths() {
        let path = Path::default()
            .key("pages")
            .index(2)
            .key("theme")
            .key("primary");
        assert_eq!(path.to_string(), "pages[2].theme.primary");
        assert_eq!(Path::default().key("a b").to_string(), "[\"a b\"]");
    }
}
