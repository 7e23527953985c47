//! A small JSON reader that remembers where every value starts.
//!
//! Written here rather than taken from serde_json for two reasons: the
//! positions (every diagnostic gets a line and column, and decoding can
//! report every wrong type at once instead of stopping at the first), and
//! size — serde's derived deserialisers were most of the WebAssembly module.
//! It accepts exactly RFC 8259 JSON; nesting is bounded by [`MAX_DEPTH`].

use crate::prelude::*;
use core::cell::Cell;

/// The deepest nesting accepted (a guard against stack exhaustion).
pub const MAX_DEPTH: usize = 128;

/// A JSON value and where it starts (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The value.
    pub value: Value,
    /// Line of the first character.
    pub line: usize,
    /// Column of the first character.
    pub column: usize,
}

/// The kinds of JSON value. Object members keep their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in file order.
    Object(Vec<(String, Json)>),
}

impl Value {
    /// What a reader would call this kind of value.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error: where and what.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses JSON text. Every value keeps its line and column
/// (`values_keep_their_one_based_line_and_column` below).
pub fn parse(src: &str) -> Result<Json, SyntaxError> {
    let mut p = Parser {
        s: src.as_bytes(),
        i: 0,
        line: 1,
        line_start: 0,
        src,
        counted: Cell::new((0, 1)),
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.error("unexpected text after the end of the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    line: usize,
    line_start: usize,
    /// The last column computed: (byte index, column). Parsing only moves
    /// forward, so the next column counts on from here instead of from the
    /// line's start — which made a 4 MB file on one line (minified JSON)
    /// take time quadratic in its length.
    counted: Cell<(usize, usize)>,
}

impl Parser<'_> {
    fn column(&self) -> usize {
        let (at, col) = self.counted.get();
        let (from, base) = if at >= self.line_start && at <= self.i {
            (at, col)
        } else {
            (self.line_start, 1)
        };
        let Some(col) = self.src.get(from..self.i).map(|t| base + t.chars().count()) else {
            return 1;
        };
        self.counted.set((self.i, col));
        col
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: self.line,
            column: self.column(),
            message: message.into(),
        }
    }

    fn found(&self) -> String {
        match self.src.get(self.i..).and_then(|r| r.chars().next()) {
            None => "the end of the file".into(),
            Some(c) => format!("'{c}'"),
        }
    }

    fn ws(&mut self) {
        while let Some(&c) = self.s.get(self.i) {
            match c {
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        let (line, column) = (self.line, self.column());
        let value = match self.s.get(self.i) {
            None => return Err(self.error("the file ended where a value was expected")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self.error(format!("expected a value but found {}", self.found())))
            }
        };
        Ok(Json {
            value,
            line,
            column,
        })
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.error(format!("expected a value but found {}", self.found())))
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > s
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        if !digits(self) {
            return Err(self.error("a number needs digits"));
        }
        if self.s[int_start] == b'0' && self.i - int_start > 1 {
            self.i = int_start;
            return Err(self.error("numbers may not start with 0"));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.error("a number needs digits after the decimal point"));
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.error("a number needs digits in its exponent"));
            }
        }
        let text = &self.src[start..self.i];
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => {
                self.i = start;
                Err(self.error(format!("the number {text} is too large")))
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Err(self.error("a string is not closed with \""));
            };
            match c {
                b'"' => {
                    out.push_str(&self.src[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.src[run..self.i]);
                    self.i += 1;
                    let e = self.s.get(self.i).copied();
                    self.i += 1;
                    match e {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.error(
                                        "a \\u escape for a surrogate must come in a pair",
                                    ));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("invalid low surrogate in \\u escape"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(ch.ok_or_else(|| self.error("invalid \\u escape"))?);
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.error(format!(
                                "unknown escape \\{}",
                                self.found().trim_matches('\'')
                            )));
                        }
                    }
                    run = self.i;
                }
                0..=0x1f => {
                    return Err(self.error(if c == b'\n' {
                        "a string is not closed before the end of the line".to_string()
                    } else {
                        "control characters must be escaped in strings".to_string()
                    }))
                }
                _ => self.i += 1,
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self
            .src
            .get(self.i..self.i + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match h {
            Some(v) if self.s[self.i..self.i + 4].iter().all(u8::is_ascii_hexdigit) => {
                self.i += 4;
                Ok(v)
            }
            _ => Err(self.error("\\u must be followed by four hex digits")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            if self.s.get(self.i) == Some(&b']') {
                return Err(self.error("a list may not end with a comma"));
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(
                        self.error(format!("expected ',' or ']' but found {}", self.found()))
                    )
                }
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.i += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error("an object may not end with a comma")),
                _ => {
                    return Err(self.error(format!(
                        "expected a \"quoted\" field name but found {}",
                        self.found()
                    )))
                }
            }
            let (line, column) = (self.line, self.column());
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(SyntaxError {
                    line,
                    column,
                    message: format!("the field \"{key}\" appears twice in this object"),
                });
            }
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.error(format!(
                    "expected ':' after \"{key}\" but found {}",
                    self.found()
                )));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(
                        self.error(format!("expected ',' or '}}' but found {}", self.found()))
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> (usize, usize, String) {
        let e = parse(s).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn values_keep_their_one_based_line_and_column() {
        let j = parse("{\n  \"a\": [1, true]\n}").unwrap();
        let Value::Object(members) = &j.value else {
            panic!()
        };
        assert_eq!((members[0].1.line, members[0].1.column), (2, 8));
        assert_eq!(parse("[1,]").unwrap_err().column, 4);
    }

    #[test]
    fn values_of_every_kind() {
        let j = parse(
            r#"{"a": null, "b": [true, false], "c": -1.5e2, "d": "x\"\u00e9\ud83d\ude00\n"}"#,
        )
        .unwrap();
        let Value::Object(m) = j.value else { panic!() };
        assert_eq!(m[0].1.value, Value::Null);
        assert_eq!(m[2].1.value, Value::Number(-150.0));
        assert_eq!(m[3].1.value, Value::String("x\"é😀\n".into()));
    }

    #[test]
    fn positions_count_characters() {
        let j = parse("{\"é\": [1,\n   2]}").unwrap();
        let Value::Object(m) = j.value else { panic!() };
        let Value::Array(a) = &m[0].1.value else {
            panic!()
        };
        assert_eq!((a[0].line, a[0].column), (1, 8));
        assert_eq!((a[1].line, a[1].column), (2, 4));
    }

    #[test]
    fn syntax_errors_are_located_and_plain() {
        assert_eq!(
            err("{\"a\": 1,}"),
            (1, 9, "an object may not end with a comma".into())
        );
        assert_eq!(
            err("{\"a\" 1}"),
            (1, 6, "expected ':' after \"a\" but found '1'".into())
        );
        assert_eq!(err("[1 2]").2, "expected ',' or ']' but found '2'");
        assert_eq!(
            err("{\"a\": 1, \"a\": 2}").2,
            "the field \"a\" appears twice in this object"
        );
        assert_eq!(err("\"abc").2, "a string is not closed with \"");
        assert_eq!(err("01").2, "numbers may not start with 0");
        assert_eq!(err("1e999").2, "the number 1e999 is too large");
        assert_eq!(err("[").2, "the file ended where a value was expected");
        assert_eq!(
            err("{} x").2,
            "unexpected text after the end of the JSON value"
        );
        assert_eq!(
            err("{'a': 1}").2,
            "expected a \"quoted\" field name but found '''"
        );
        assert!(parse("\"\\x\"").is_err());
        assert!(parse("\"\\ud800\"").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        assert!(parse(&"[".repeat(100_000))
            .unwrap_err()
            .message
            .contains("nested"));
        assert!(parse(&format!("{}{}", "[".repeat(100), "]".repeat(100))).is_ok());
    }
}
