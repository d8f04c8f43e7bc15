//! The Python literal subset that `.npy` headers are written in: strings,
//! integers, `True`/`False`, tuples, lists and dicts (NumPy writes the header
//! with `repr` and reads it with `ast.literal_eval`).
//!
//! Hostile input is the design case. The parser is a recursive descent over
//! bytes with a hard nesting limit ([`MAX_DEPTH`]) so no input can exhaust
//! the stack; integers are parsed with checked arithmetic; every allocation
//! is bounded by the length of the text itself. Anything outside the subset
//! (names, calls, operators, floats, bytes/raw/f-strings, comments,
//! triple quotes) is a syntax error naming the byte offset.

use crate::error::NpyError;
use std::fmt;

/// Deepest nesting of brackets accepted (a record nested ten levels deep
/// needs 21).
pub const MAX_DEPTH: usize = 64;

/// A parsed literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Literal {
    Str(String),
    Int(i128),
    Bool(bool),
    Tuple(Vec<Literal>),
    List(Vec<Literal>),
    Dict(Vec<(String, Literal)>),
}

impl Literal {
    /// The value as a non-negative integer that fits `usize`.
    pub fn as_usize(&self) -> Option<usize> {
        match self {
            Literal::Int(v) => usize::try_from(*v).ok(),
            _ => None,
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = |f: &mut fmt::Formatter<'_>, items: &[Literal], open, close, tuple| {
            write!(f, "{open}")?;
            for (k, x) in items.iter().enumerate() {
                if k > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{x}")?;
            }
            if tuple && items.len() == 1 {
                write!(f, ",")?;
            }
            write!(f, "{close}")
        };
        match self {
            Literal::Str(s) => {
                let mut out = String::new();
                write_py_str(&mut out, s);
                f.write_str(&out)
            }
            Literal::Int(v) => write!(f, "{v}"),
            Literal::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Literal::Tuple(items) => seq(f, items, '(', ')', true),
            Literal::List(items) => seq(f, items, '[', ']', false),
            Literal::Dict(items) => {
                write!(f, "{{")?;
                for (k, (key, v)) in items.iter().enumerate() {
                    if k > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}: {v}", Literal::Str(key.clone()))?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// Parses `text` as exactly one literal, surrounded by optional whitespace.
pub fn parse(text: &str) -> Result<Literal, NpyError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        at: 0,
    };
    let v = p.value(0)?;
    p.skip_ws();
    if p.at != p.s.len() {
        return Err(p.error("unexpected text after the literal"));
    }
    Ok(v)
}

struct Parser<'t> {
    s: &'t [u8],
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> NpyError {
        NpyError::Syntax {
            offset: self.at,
            what: what.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.s.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Literal, NpyError> {
        if depth >= MAX_DEPTH {
            return Err(NpyError::TooDeep { limit: MAX_DEPTH });
        }
        match self.peek() {
            None => Err(self.error("expected a value, found the end of the header")),
            Some(b'\'' | b'"') => Ok(Literal::Str(self.string()?)),
            Some(b'0'..=b'9' | b'-' | b'+') => self.int(),
            Some(b'(') => {
                let (items, trailing_comma) = self.seq(b')', depth)?;
                if items.len() == 1 && !trailing_comma {
                    return Err(self.error("a parenthesised value is not a tuple (write `(x,)`)"));
                }
                Ok(Literal::Tuple(items))
            }
            Some(b'[') => Ok(Literal::List(self.seq(b']', depth)?.0)),
            Some(b'{') => self.dict(depth),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let start = self.at;
                while self
                    .s
                    .get(self.at)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    self.at += 1;
                }
                match &self.s[start..self.at] {
                    b"True" => Ok(Literal::Bool(true)),
                    b"False" => Ok(Literal::Bool(false)),
                    _ => {
                        self.at = start;
                        Err(self.error(
                            "only literals are allowed (no names, calls or prefixed strings)",
                        ))
                    }
                }
            }
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    /// Items up to `close`, comma separated, optional trailing comma; the
    /// flag says whether the last item was followed by a comma.
    fn seq(&mut self, close: u8, depth: usize) -> Result<(Vec<Literal>, bool), NpyError> {
        self.at += 1; // the opening bracket
        let mut items = Vec::new();
        let mut trailing = false;
        loop {
            if self.eat(close) {
                return Ok((items, trailing));
            }
            if !items.is_empty() && !trailing {
                return Err(self.error("expected ',' or a closing bracket"));
            }
            items.push(self.value(depth + 1)?);
            trailing = self.eat(b',');
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, NpyError> {
        self.at += 1;
        let mut items: Vec<(String, Literal)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut trailing = false;
        loop {
            if self.eat(b'}') {
                return Ok(Literal::Dict(items));
            }
            if !items.is_empty() && !trailing {
                return Err(self.error("expected ',' or '}'"));
            }
            if !matches!(self.peek(), Some(b'\'' | b'"')) {
                return Err(self.error("dictionary keys must be strings"));
            }
            let key = self.string()?;
            if !seen.insert(key.clone()) {
                return Err(NpyError::Header(format!("key {key:?} appears twice")));
            }
            if !self.eat(b':') {
                return Err(self.error("expected ':' after a dictionary key"));
            }
            let v = self.value(depth + 1)?;
            items.push((key, v));
            trailing = self.eat(b',');
        }
    }

    fn int(&mut self) -> Result<Literal, NpyError> {
        let neg = match self.s[self.at] {
            b'-' => {
                self.at += 1;
                true
            }
            b'+' => {
                self.at += 1;
                false
            }
            _ => false,
        };
        let start = self.at;
        let mut v: i128 = 0;
        while let Some(d) = self.s.get(self.at).filter(|c| c.is_ascii_digit()) {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(i128::from(d - b'0')))
                .filter(|v| *v <= i128::from(u64::MAX))
                .ok_or_else(|| self.error("integer too large"))?;
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("expected digits"));
        }
        if self.s[start] == b'0' && self.at - start > 1 {
            return Err(self.error("integers must not have leading zeros"));
        }
        if self
            .s
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
        {
            return Err(self.error("only plain decimal integers are allowed"));
        }
        Ok(Literal::Int(if neg { -v } else { v }))
    }

    fn string(&mut self) -> Result<String, NpyError> {
        let q = self.s[self.at];
        if self.s.get(self.at + 1) == Some(&q) && self.s.get(self.at + 2) == Some(&q) {
            return Err(self.error("triple-quoted strings are not allowed"));
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run of ordinary characters (whole UTF-8 sequences:
            // the delimiters below are ASCII, so a run ends on a boundary).
            let start = self.at;
            while self
                .s
                .get(self.at)
                .is_some_and(|&c| c != q && c != b'\\' && c != b'\n' && c != b'\r')
            {
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            match self.s.get(self.at) {
                None | Some(b'\n' | b'\r') => return Err(self.error("unterminated string")),
                Some(&c) if c == q => {
                    self.at += 1;
                    return Ok(out);
                }
                _ => {
                    let esc = self.s.get(self.at + 1).copied();
                    self.at += 2;
                    match esc {
                        Some(b'\\') => out.push('\\'),
                        Some(b'\'') => out.push('\''),
                        Some(b'"') => out.push('"'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        // Python's `\0` starts an octal escape: only a lone one is accepted.
                        Some(b'0') if !self.s.get(self.at).is_some_and(u8::is_ascii_digit) => {
                            out.push('\0')
                        }
                        Some(b'x') => out.push(self.hex(2)?),
                        Some(b'u') => out.push(self.hex(4)?),
                        Some(b'U') => out.push(self.hex(8)?),
                        _ => {
                            self.at -= 2;
                            return Err(self.error("unsupported escape sequence"));
                        }
                    }
                }
            }
        }
    }

    fn hex(&mut self, n: usize) -> Result<char, NpyError> {
        let digits = self
            .s
            .get(self.at..self.at + n)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.error("bad hexadecimal escape"))?;
        // The digits are ASCII hex, so this is valid UTF-8 and fits u32 (n <= 8).
        let v =
            u32::from_str_radix(std::str::from_utf8(digits).unwrap_or("0"), 16).unwrap_or(u32::MAX);
        self.at += n;
        char::from_u32(v).ok_or_else(|| self.error("escape is not a Unicode scalar value"))
    }
}

/// Writes `s` as Python's `repr` of a `str` would.
pub(crate) fn write_py_str(out: &mut String, s: &str) {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(q);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_numpy_writes() {
        let h = "{'descr': [('name', '|S32'), ('a\\'b', '<f4', (3,))], 'fortran_order': False, 'shape': (10, 3), }   \n";
        let Literal::Dict(d) = parse(h).unwrap() else {
            panic!("not a dict")
        };
        assert_eq!(d.len(), 3);
        assert_eq!(d[1], ("fortran_order".into(), Literal::Bool(false)));
        assert_eq!(
            d[2].1,
            Literal::Tuple(vec![Literal::Int(10), Literal::Int(3)])
        );
        assert_eq!(parse("()").unwrap(), Literal::Tuple(vec![]));
        assert_eq!(
            parse("(5,)").unwrap(),
            Literal::Tuple(vec![Literal::Int(5)])
        );
        assert_eq!(parse("'\\u6e29'").unwrap(), Literal::Str("温".into()));
        assert_eq!(parse("\"it's\"").unwrap().to_string(), "\"it's\"");
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "(5)",
            "[1 2]",
            "{1: 2}",
            "{'a': 1, 'a': 2}",
            "__import__('os')",
            "1.5",
            "0x10",
            "1_000",
            "b'x'",
            "'''x'''",
            "'abc",
            "'\\q'",
            "'\\x4'",
            "'\\ud800'",
            "None",
            "{'a' 1}",
            "[1,,]",
            "(,)",
            "99999999999999999999999",
            "007",
            "1 2",
            "'\n'",
            "{'a': 1} x",
        ] {
            assert!(parse(bad).is_err(), "accepted {bad:?}");
        }
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(parse(&deep), Err(NpyError::TooDeep { limit: MAX_DEPTH }));
    }
}
