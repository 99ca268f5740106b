//! JSON text laid out byte for byte as Python's `json.dump(obj, f, indent=2)` lays it out.
//!
//! Open Library's Python code rewrites the same state file. When both writers produce the same
//! bytes for the same data, a diff of the file only ever shows what really changed.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Serializes `value` as Python's `json.dumps(value, indent=2)` would: two-space indentation,
/// `": "` between key and value, every non-ASCII character escaped (`ensure_ascii=True`), floats
/// spelled as Python's `repr`, and no trailing newline.
pub fn to_python_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter::new());
    value.serialize(&mut serializer)?;
    Ok(out)
}

/// Python's layout is serde_json's pretty layout with a two-space indent; only strings and
/// floats are spelled differently, so everything else is handed to the pretty formatter.
struct PythonFormatter {
    pretty: PrettyFormatter<'static>,
}

impl PythonFormatter {
    fn new() -> Self {
        Self { pretty: PrettyFormatter::with_indent(b"  ") }
    }
}

impl Formatter for PythonFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float_repr(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }

    /// serde_json has already escaped `"`, `\` and control characters the way Python does;
    /// what is left is DEL and everything beyond ASCII, which `ensure_ascii` escapes too.
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain_from = 0;
        for (at, ch) in fragment.char_indices() {
            if (' '..='~').contains(&ch) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[plain_from..at])?;
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            plain_from = at + ch.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[plain_from..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// Python's `repr(float)`: the shortest digits that read back as the same float (Rust finds the
/// same ones), in positional form when the decimal exponent is in -4..16 and in exponent form
/// (`1e+16`, `1.5e-05`) otherwise. Positional form always keeps a fractional part (`100.0`).
fn python_float_repr(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    // `{:e}` gives the shortest round-trip digits as `d.ddde±x`.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if value.is_sign_negative() { "-" } else { "" };

    if !(-4..16).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs());
    }
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exponent as usize + 1;
    if digits.len() <= int_len {
        let zeros = "0".repeat(int_len - digits.len());
        format!("{sign}{digits}{zeros}.0")
    } else {
        let (int_part, fraction) = digits.split_at(int_len);
        format!("{sign}{int_part}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &serde_json::Value) -> String {
        String::from_utf8(to_python_json(value).unwrap()).unwrap()
    }

    #[test]
    fn floats_are_spelled_as_python_repr_spells_them() {
        let cases = [
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e-4, "0.0001"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-0.0, "-0.0"),
            (1e22, "1e+22"),
            (1234567890123456.0, "1234567890123456.0"),
            (-2.5, "-2.5"),
            (512.75, "512.75"),
        ];
        for (value, expected) in cases {
            assert_eq!(python_float_repr(value), expected, "for {value:?}");
        }
    }

    #[test]
    fn strings_escape_everything_beyond_printable_ascii() {
        let value = json!(["\u{7f}", "\u{0}\u{1f}\u{8}\u{c}\n\r\t", "é😀", "a\"b\\c/d"]);
        let expected = "[\n  \"\\u007f\",\n  \"\\u0000\\u001f\\b\\f\\n\\r\\t\",\n  \
                        \"\\u00e9\\ud83d\\ude00\",\n  \"a\\\"b\\\\c/d\"\n]";
        assert_eq!(text(&value), expected);
    }

    #[test]
    fn empty_containers_and_nesting_match_python_layout() {
        let value = json!({"a": [], "b": {}, "c": [1, {"d": null}], "e": true});
        let expected = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \
                        \"d\": null\n    }\n  ],\n  \"e\": true\n}";
        assert_eq!(text(&value), expected);
    }
}
