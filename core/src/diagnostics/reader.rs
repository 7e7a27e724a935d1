//! A serde deserializer over a parsed JSON document that reports where an error
//! happened and what kind of error it is.
//!
//! serde's derived code reports unknown fields, unknown variants and missing fields
//! through dedicated hooks of `serde::de::Error`; this reader's error type keeps them
//! as data (the field, and the names that would have been accepted) instead of
//! prose, and each map or list level adds its key or index as the error passes
//! through it on the way out. The path therefore costs nothing unless something
//! is wrong, and no visitor is wrapped (which keeps the wasm small).

use std::fmt;

use serde::de::{
    self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::{Map, Value};

use super::path::{Path, Segment};
use crate::primitives::text::{Text, phrase, text};

/// What went wrong while reading, and where (relative to the value read).
///
/// One pointer wide: every typed value's reader returns `Result<_, ReadError>`,
/// and a small error keeps each of those (one per type, in every bundle)
/// from copying a large one about on its way out.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError(Box<Failure>);

#[derive(Debug, Clone, PartialEq)]
struct Failure {
    /// Segments from the innermost outwards; see [`ReadError::path`].
    reversed_path: Vec<Segment>,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    UnknownField {
        name: String,
        expected: &'static [&'static str],
    },
    UnknownVariant {
        name: String,
        expected: &'static [&'static str],
    },
    MissingField(&'static str),
    /// A value of the wrong type or range: what was found, what was expected.
    WrongValue {
        found: Text,
        expected: Text,
    },
    Other(Text),
}

impl ReadError {
    #[inline(never)]
    fn new(problem: Problem) -> Self {
        ReadError(Box::new(Failure {
            reversed_path: Vec::new(),
            problem,
        }))
    }

    #[inline(never)]
    fn within(mut self, segment: Segment) -> Self {
        self.0.reversed_path.push(segment);
        self
    }

    /// [`ReadError::within`] the field `key` (out of line, as `within`).
    #[inline(never)]
    fn within_key(self, key: &str) -> Self {
        self.within(Segment::Key(key.to_owned()))
    }

    /// What is wrong (for the stand-ins of thorough diagnostics).
    #[cfg(feature = "thorough-diagnostics")]
    pub fn problem(&self) -> &Problem {
        &self.0.problem
    }

    /// What is wrong, taken out.
    pub fn into_problem(self) -> Problem {
        self.0.problem
    }

    /// Where the problem is, relative to the value read.
    pub fn path(&self) -> Path {
        Path(self.0.reversed_path.iter().rev().cloned().collect())
    }

    /// What is wrong, for a person.
    pub fn message(&self) -> Text {
        match &self.0.problem {
            Problem::UnknownField { name, .. } => {
                text!("未知字段 `{name}`", "unknown field `{name}`")
            }
            Problem::UnknownVariant { name, .. } => {
                text!("未知的值 `{name}`", "unknown value `{name}`")
            }
            Problem::MissingField(name) => {
                text!(
                    "缺少必填字段 `{name}`",
                    "required field `{name}` is missing"
                )
            }
            Problem::WrongValue { found, expected } => text!(
                "应为{expected}，实际是{found}",
                "found {found}, expected {expected}";
                found = found,
                expected = expected
            ),
            Problem::Other(message) => message.clone(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message().en())
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ReadError::new(Problem::Other(Text::from_custom(message.to_string())))
    }

    #[cold]
    #[inline(never)]
    fn invalid_type(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        ReadError::new(Problem::WrongValue {
            found: describe_found(&found),
            expected: describe_expected(&expected.to_string()),
        })
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::invalid_type(found, expected)
    }

    #[cold]
    #[inline(never)]
    fn unknown_field(name: &str, expected: &'static [&'static str]) -> Self {
        ReadError::new(Problem::UnknownField {
            name: name.to_owned(),
            expected,
        })
    }

    #[cold]
    #[inline(never)]
    fn unknown_variant(name: &str, expected: &'static [&'static str]) -> Self {
        ReadError::new(Problem::UnknownVariant {
            name: name.to_owned(),
            expected,
        })
    }

    #[cold]
    #[inline(never)]
    fn missing_field(name: &'static str) -> Self {
        ReadError::new(Problem::MissingField(name))
    }

    /// A list where an object (or a list of another length) belongs: serde's
    /// English words, and the Chinese in a marketer's terms. (Without Chinese,
    /// serde's own method says the same.)
    #[cfg(feature = "diagnostics-zh")]
    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        let expected = expected.to_string();
        let wanted = describe_expected(&expected);
        ReadError::new(Problem::Other(Text::new(
            format!(
                "应为{wanted}，实际是含 {len} 项的列表",
                wanted = wanted.zh()
            ),
            format!("invalid length {len}, expected {expected}"),
        )))
    }
}

/// `{}` where a variant is named by the object's one key. Kept out of line: each
/// enum's reader would carry its own copy.
#[cold]
#[inline(never)]
fn no_variant_named() -> ReadError {
    ReadError::new(Problem::Other(
        phrase!("空对象没有写明是哪一种", "an empty object names no variant").into(),
    ))
}

/// Words for a found value. Numbers with a fraction are not printed: formatting
/// floats would pull a large formatter into the wasm for one error message.
fn describe_found(found: &Unexpected<'_>) -> Text {
    match found {
        Unexpected::Bool(value) => text!("布尔值 `{value}`", "`{value}`"),
        Unexpected::Unsigned(value) => text!("数字 {value}", "the number {value}"),
        Unexpected::Signed(value) => text!("数字 {value}", "the number {value}"),
        Unexpected::Float(_) => text!("带小数的数字", "a number with a fraction"),
        Unexpected::Str(found) => text!("文本 \"{found}\"", "the text \"{found}\""),
        Unexpected::Unit => text!("空值 `null`", "`null`"),
        Unexpected::Seq => text!("列表", "a list"),
        Unexpected::Map => text!("对象", "an object"),
        _ => text!("其他类型的值", "a value of another type"),
    }
}

/// Words for what serde expected, in a marketer's terms.
fn describe_expected(expected: &str) -> Text {
    match expected {
        "u8" => text!("介于 0 到 255 之间的整数", "a whole number from 0 to 255"),
        "u16" => text!(
            "介于 0 到 65535 之间的整数",
            "a whole number from 0 to 65535"
        ),
        "u32" | "u64" | "usize" => text!("不小于 0 的整数", "a whole number of 0 or more"),
        "i32" | "i64" => text!("整数", "a whole number"),
        "f32" | "f64" => text!("数字", "a number"),
        #[cfg(feature = "diagnostics-zh")]
        "a string" => text!("文本", "a string"),
        "a sequence" => text!("列表 `[...]`", "a list `[...]`"),
        "a boolean" => text!("布尔值 `true` 或 `false`", "`true` or `false`"),
        #[cfg(feature = "diagnostics-zh")]
        "`null`" => text!("空值 `null`", "`null`"),
        _ if expected.starts_with("struct ") || expected == "a map" => {
            text!("对象 `{{...}}`", "an object `{{...}}`")
        }
        #[cfg(feature = "diagnostics-zh")]
        "a name, or an object with one key naming the variant" => text!(
            "一个名称，或只有一个键（写名称）的对象",
            "a name, or an object with one key naming the variant"
        ),
        // serde's words for a shape no config field has, said as serde says it
        // (and, without Chinese, the words of the arms above).
        _ => Text::from_custom(expected.to_owned()),
    }
}

/// Reads a `T` from `value`.
pub fn read<T: de::DeserializeOwned>(value: &Value) -> Result<T, ReadError> {
    T::deserialize(Reader(value))
}

struct Reader<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for Reader<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(value) => visitor.visit_bool(*value),
            Value::Number(number) => {
                if let Some(value) = number.as_u64() {
                    visitor.visit_u64(value)
                } else if let Some(value) = number.as_i64() {
                    visitor.visit_i64(value)
                } else {
                    visitor.visit_f64(number.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(text) => visitor.visit_str(text),
            Value::Array(items) => visitor.visit_seq(ListReader {
                items: items.iter().enumerate(),
            }),
            Value::Object(fields) => visitor.visit_map(ObjectReader::new(fields)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        // Unit variants are names written as strings, such as `"zh-CN"`; variants
        // with data are objects with one key, such as `{"number": 3}`.
        match self.0 {
            Value::String(name) => visitor.visit_enum(name.as_str().into_deserializer()),
            Value::Object(fields) if fields.len() == 1 => match fields.iter().next() {
                Some((variant, value)) => visitor.visit_enum(VariantReader { variant, value }),
                None => Err(no_variant_named()),
            },
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a name, or an object with one key naming the variant",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_unit()
    }

    // A struct or a map is read from an object only. Forwarded to
    // `deserialize_any`, every struct's derived reader would also keep its
    // `visit_seq` (a struct written as a list, which no config does): a second
    // reader per type in every bundle, 9 KB of the course page's gzip.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.0 {
            Value::Object(fields) => visitor.visit_map(ObjectReader::new(fields)),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct identifier
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(value) => Unexpected::Bool(*value),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(text) => Unexpected::Str(text),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

struct ListReader<'a, I: Iterator<Item = (usize, &'a Value)>> {
    items: I,
}

impl<'de, 'a, I: Iterator<Item = (usize, &'a Value)>> SeqAccess<'de> for ListReader<'a, I> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        match self.items.next() {
            Some((index, item)) => seed
                .deserialize(Reader(item))
                .map(Some)
                .map_err(|err| err.within(Segment::Index(index))),
            None => Ok(None),
        }
    }
}

struct ObjectReader<'a> {
    fields: serde_json::map::Iter<'a>,
    current: Option<(&'a String, &'a Value)>,
}

impl<'a> ObjectReader<'a> {
    fn new(fields: &'a Map<String, Value>) -> Self {
        ObjectReader {
            fields: fields.iter(),
            current: None,
        }
    }
}

impl<'de> MapAccess<'de> for ObjectReader<'_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        self.current = self.fields.next();
        match self.current {
            Some((key, _)) => seed
                .deserialize(key.as_str().into_deserializer())
                .map(Some)
                .map_err(|err: ReadError| err.within_key(key)),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        match self.current {
            Some((key, value)) => seed
                .deserialize(Reader(value))
                .map_err(|err| err.within_key(key)),
            // serde never asks for a value before its key: no person meets this.
            None => Err(de::Error::custom("a value was read before its key")),
        }
    }
}

/// An enum variant written as `{"variant": value}`.
struct VariantReader<'a> {
    variant: &'a String,
    value: &'a Value,
}

impl<'de, 'a> de::EnumAccess<'de> for VariantReader<'a> {
    type Error = ReadError;
    type Variant = VariantReader<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), ReadError> {
        let variant = seed
            .deserialize(self.variant.as_str().into_deserializer())
            .map_err(|err: ReadError| err.within_key(self.variant))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantReader<'_> {
    type Error = ReadError;

    fn unit_variant(self) -> Result<(), ReadError> {
        match self.value {
            Value::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(other), &"`null`")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, ReadError> {
        seed.deserialize(Reader(self.value))
            .map_err(|err| err.within_key(self.variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_any(Reader(self.value), visitor)
            .map_err(|err| err.within_key(self.variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        de::Deserializer::deserialize_any(Reader(self.value), visitor)
            .map_err(|err| err.within_key(self.variant))
    }
}
