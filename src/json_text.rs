//! Values as JSON text, for the reader runtime's boundary: a minimal
//! `serde::Serializer` that writes into a `String`, which the page reads with
//! its own `JSON.parse` (`src/wasm_reader.rs`).
//!
//! Written here rather than taken from serde_json or serde-wasm-bindgen for
//! size only (docs/performance.md, "The reader runtime's diet"): serde_json's
//! writer is generic over formatters and I/O, and serde-wasm-bindgen builds
//! each object through JavaScript calls with a cache of field-name strings;
//! both keep std in the module. This writer knows one output, compact JSON,
//! and the views' own `Serialize` (derived) say what is written, so a field
//! added to a view reaches the page without touching this file. The text is
//! what serde_json writes for the same value (a unit test holds every view
//! of the shipped guides to it, byte for byte): strings escaped as serde_json
//! escapes them, numbers shortest-round-trip (ryu; only an exponent is
//! written without its `+`, `1e21`, which reads back as the same number),
//! non-finite numbers as `null`, map keys as the strings they are (the views'
//! maps have string keys).

use crate::prelude::*;
use serde::ser::{self, Serialize};

/// `value` as compact JSON text, as `serde_json::to_string` writes it.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut w = Writer(String::new());
    // The only error is a map key that is not a string, which no value sent
    // to the page has; the text written up to it is returned as is.
    let _ = value.serialize(&mut w);
    w.0
}

struct Writer(String);

/// The one error: a value JSON text cannot hold as written here.
#[derive(Debug)]
pub struct Unsupported;

impl core::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("not representable as JSON text")
    }
}

impl ser::StdError for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: core::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

impl Writer {
    fn string(&mut self, s: &str) {
        let out = &mut self.0;
        out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            out.push_str(&s[start..i]);
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            } else {
                out.push_str(esc);
            }
            start = i + 1;
        }
        out.push_str(&s[start..]);
        out.push('"');
    }

    fn unsigned(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &buf[i..] {
            self.0.push(d as char);
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.0.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    fn float(&mut self, v: f64) {
        if v.is_finite() {
            self.0.push_str(ryu::Buffer::new().format_finite(v));
        } else {
            self.0.push_str("null");
        }
    }

    /// `{"variant":` — the opening of an externally tagged enum variant.
    fn tag(&mut self, variant: &str) {
        self.0.push('{');
        self.string(variant);
        self.0.push(':');
    }
}

/// A JSON array or object being written: whether the next item is the first.
pub struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    /// What closes it: `]`, `}`, or `]}` / `}}` for an enum variant's.
    close: &'static str,
}

impl<'a> Compound<'a> {
    fn open(w: &'a mut Writer, open: char, close: &'static str) -> Self {
        w.0.push(open);
        Compound {
            w,
            first: true,
            close,
        }
    }
    fn comma(&mut self) {
        if !self.first {
            self.w.0.push(',');
        }
        self.first = false;
    }
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Unsupported> {
        self.comma();
        self.w.string(key);
        self.w.0.push(':');
        value.serialize(&mut *self.w)
    }
    fn close(self) -> Result<(), Unsupported> {
        self.w.0.push_str(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        // As serde_json: the f32's own shortest digits, not its f64 widening's.
        if v.is_finite() {
            self.0.push_str(ryu::Buffer::new().format_finite(v));
        } else {
            self.0.push_str("null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unsupported> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.tag(variant);
        value.serialize(&mut *self)?;
        self.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Unsupported> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        Ok(Compound::open(self, '[', "]"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.tag(variant);
        Ok(Compound::open(self, '[', "]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        Ok(Compound::open(self, '{', "}"))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Unsupported> {
        Ok(Compound::open(self, '{', "}"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Unsupported> {
        self.tag(variant);
        Ok(Compound::open(self, '{', "}}"))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        // A key is written as its value is: a string key as a JSON string
        // (the only kind the views have), anything else refused.
        self.comma();
        let at = self.w.0.len();
        key.serialize(&mut *self.w)?;
        if !self.w.0[at..].starts_with('"') {
            return Err(Unsupported);
        }
        self.w.0.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::to_json;
    use crate::facade::guide::Guide;
    use crate::model::pack;
    use std::collections::BTreeMap;

    fn same<T: serde::Serialize + ?Sized>(value: &T) {
        assert_eq!(to_json(value), serde_json::to_string(value).unwrap());
    }

    /// Every view, info and error kind of random runs through the shipped
    /// guides, from their compiled files as the reader runtime loads them,
    /// is the text serde_json writes, byte for byte.
    #[test]
    fn views_are_what_serde_json_writes() {
        for file in [
            "scenarios/us-china-2015.json",
            "scenarios/wto-disputes.json",
        ] {
            let json = std::fs::read_to_string(file).unwrap();
            let full = Guide::from_json(&json, 1).unwrap();
            let langs = full.scenario().meta.languages.clone();
            let files = pack::pack(full.scenario());
            for seed in 0..12 {
                let mut g = Guide::from_packed(&files[0].bytes, seed).unwrap();
                for f in &files[1..] {
                    g.add_language(&f.bytes).unwrap();
                }
                for lang in &langs {
                    same(&g.info(lang));
                }
                let mut n = seed as usize;
                while !g.is_finished() {
                    for lang in &langs {
                        same(&g.view(lang));
                    }
                    let v = g.view(&langs[0]);
                    let open: Vec<_> = v.choices.iter().filter(|c| c.enabled).collect();
                    n = n.wrapping_mul(31).wrapping_add(7);
                    g.choose(&open[n % open.len()].id.clone()).unwrap();
                }
                same(&g.view(&langs[0]));
                same(&g.choose("no-such-choice").unwrap_err().kind());
            }
        }
    }

    #[test]
    fn strings_numbers_and_shapes_are_what_serde_json_writes() {
        same("quote \" backslash \\ controls \n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f} é 中文 😀");
        same(&[
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1.0 / 3.0,
            1e-7,
            123456789.125,
            1e15,
        ]);
        same(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        // serde_json writes an exponent with a sign (`1e+21`), ryu without: the same number.
        assert_eq!(to_json(&[1e21, f64::MAX]), "[1e21,1.7976931348623157e308]");
        same(&[0.1f32, 1.0 / 3.0]);
        same(&[u64::MAX, 0, 7]);
        same(&[i64::MIN, -1, i64::MAX]);
        same(&(Some(1u8), None::<u8>, 'x', (), "s"));
        same(&BTreeMap::from([("b", vec![1, 2]), ("a", vec![])]));
        // Over many bit patterns, the number read back (by Rust's exact
        // parser, as by JSON.parse) is the number written.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            let text = to_json(&v);
            if v.is_finite() {
                assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
            } else {
                assert_eq!(text, "null");
            }
        }
    }

    #[test]
    fn a_map_key_that_is_not_a_string_is_refused() {
        use serde::Serialize;
        let mut w = super::Writer(String::new());
        assert!(BTreeMap::from([(1, 2)]).serialize(&mut w).is_err());
    }
}
