//! Printing an array as NumPy does: `format!("{a}")` is NumPy's `str(a)`
//! (what `print(a)` shows), `format!("{a:#}")` is `repr(a)`, and a precision
//! (`{a:.3}`, `{a:#.3}`) is NumPy's `precision` print option (default 8).
//!
//! The rules are NumPy 2's default print options, followed step by step:
//!
//! * **Summary**: beyond 1,000 elements only the first and last three
//!   entries of each axis are shown, with `...` between them; `repr` then
//!   adds `shape=(…)`.
//! * **Floats** are formatted once over the shown, finite values: scientific
//!   when the largest magnitude reaches `10^min(8, digits)` of the type (1e8
//!   for `float64`, 1e6 for `float32`, 1e3 for `float16`), the smallest is
//!   below 1e-4, or they span more than three decades; otherwise positional.
//!   Positional values use the shortest digits that read back as the same
//!   value, at most `precision` after the point, aligned on the point;
//!   scientific values all get as many digits as the longest needs, taken
//!   from the exact binary value (so `float32` 1e-5 shows `9.9999997e-06`
//!   beside a value that needs seven digits). Ties round to even, as NumPy.
//! * **Integers** are right-aligned to the widest; `True` gets a space to
//!   line up with `False`; bytes print as Python's `b'…'`.
//! * **Lines** wrap at 75 characters with the hanging indent of the opening
//!   brackets; axes are separated by one blank line per axis below.
//! * `repr` names the dtype unless it is `float64`, `int64` or `bool`, and
//!   the shape of an empty array that is not `(0,)`.
//! * The `str` of a 0-d array is the `str` of its scalar (`1e-05`, `1.0`).
//! * Described data ([`DynView`], [`DynArray`]) prints the same way:
//!   records as tuples with one formatter per field column, sub-array
//!   fields as lists, and a non-native type named (`dtype='>f8'`).
//!
//! Element access goes through [`ArrayRef::get`]: printing is for people,
//! at most a few thousand values, and never on a hot path.

use crate::dtype::{DType, Kind, NpyScalar, Scalar};
use crate::{Array, ArrayRef, ArrayView, ArrayViewMut, ByteOrder, DynArray, DynView, DynViewMut};
use std::fmt;

/// NumPy's `linewidth`.
const LINE_WIDTH: usize = 75;
/// NumPy's `threshold`: arrays with more elements are summarised.
const THRESHOLD: usize = 1000;
/// NumPy's `edgeitems`: entries kept at each end of a summarised axis.
const EDGE_ITEMS: usize = 3;
/// NumPy's default `precision`.
const PRECISION: usize = 8;

/// Which float type a value came from: its shortest digits depend on it.
#[derive(Clone, Copy, PartialEq)]
enum Width {
    F16,
    F32,
    F64,
}

impl Width {
    /// `10^min(8, finfo.precision)`: the magnitude from which NumPy prints
    /// the type in scientific notation.
    fn exp_cutoff(self) -> f64 {
        match self {
            Width::F16 => 1e3,
            Width::F32 => 1e6,
            Width::F64 => 1e8,
        }
    }
}

/// One element, read out of its bytes by its NumPy type.
enum Value {
    Float(f64, Width),
    Int(i128),
    Bool(bool),
    Bytes(Vec<u8>),
    /// A record's fields, in order.
    Record(Vec<Value>),
    /// A sub-array field: its shape and elements in C order.
    Sub(Vec<usize>, Vec<Value>),
}

fn value_of<T: NpyScalar>(x: T) -> Value {
    scalar_value(&T::SCALAR, bytemuck::bytes_of(&x))
}

/// The value of one item of `dtype` held in `b` (exactly its bytes).
fn dtype_value(dtype: &DType, b: &[u8]) -> Value {
    match dtype {
        DType::Scalar(s) => scalar_value(s, b),
        DType::Record(r) => Value::Record(
            r.fields()
                .iter()
                .map(|f| {
                    let size = f.dtype.itemsize();
                    let at = |k: usize| {
                        let start = f.offset + k * size;
                        dtype_value(&f.dtype, &b[start..start + size])
                    };
                    if f.shape.is_empty() {
                        at(0)
                    } else {
                        Value::Sub(
                            f.shape.clone(),
                            (0..f.shape.iter().product()).map(at).collect(),
                        )
                    }
                })
                .collect(),
        ),
    }
}

fn scalar_value(scalar: &Scalar, b: &[u8]) -> Value {
    let swapped: Vec<u8>;
    let b = if scalar.order.is_some_and(|o| o != ByteOrder::NATIVE) {
        swapped = b.iter().rev().copied().collect();
        &swapped[..]
    } else {
        b
    };
    match (scalar.kind, b.len()) {
        (Kind::Float, 2) => Value::Float(
            f64::from(half::f16::from_ne_bytes([b[0], b[1]])),
            Width::F16,
        ),
        (Kind::Float, 4) => Value::Float(f64::from(f32::from_ne_bytes(arr(b))), Width::F32),
        (Kind::Float, _) => Value::Float(f64::from_ne_bytes(arr(b)), Width::F64),
        (Kind::Int, 1) => Value::Int(i128::from(b[0] as i8)),
        (Kind::Int, 2) => Value::Int(i128::from(i16::from_ne_bytes(arr(b)))),
        (Kind::Int, 4) => Value::Int(i128::from(i32::from_ne_bytes(arr(b)))),
        (Kind::Int, _) => Value::Int(i128::from(i64::from_ne_bytes(arr(b)))),
        (Kind::UInt, 1) => Value::Int(i128::from(b[0])),
        (Kind::UInt, 2) => Value::Int(i128::from(u16::from_ne_bytes(arr(b)))),
        (Kind::UInt, 4) => Value::Int(i128::from(u32::from_ne_bytes(arr(b)))),
        (Kind::UInt, _) => Value::Int(i128::from(u64::from_ne_bytes(arr(b)))),
        (Kind::Bool, _) => Value::Bool(b[0] != 0),
        (Kind::Bytes | Kind::Void, _) => Value::Bytes(b.to_vec()),
    }
}

/// The first `N` bytes as an array (the caller matched the length).
fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&b[..N]);
    out
}

/// NumPy's short name of a type, as `repr` shows it after `dtype=`:
/// `float32`, `'>f8'` (not native), `'|S4'`, a record's field list.
fn dtype_name(dtype: &DType) -> String {
    let s = match dtype {
        DType::Scalar(s) => s,
        DType::Record(_) => return record_type_str(dtype),
    };
    let bits = s.size * 8;
    match (s.kind, s.order) {
        (_, Some(o)) if o != ByteOrder::NATIVE => dtype.descr(),
        (Kind::Float, _) => format!("float{bits}"),
        (Kind::Int, _) => format!("int{bits}"),
        (Kind::UInt, _) => format!("uint{bits}"),
        (Kind::Bool, _) => "bool".to_string(),
        (Kind::Bytes | Kind::Void, _) => dtype.descr(),
    }
}

/// NumPy's `str` of a type inside a record's field list: one-byte types
/// without an order character (`'u1'`, `'S5'`, `'?'` for bool).
fn record_type_str(dtype: &DType) -> String {
    match dtype {
        DType::Scalar(s) if s.kind == Kind::Bool => "'?'".to_string(),
        DType::Scalar(s) => format!("'{}'", s.type_str().trim_start_matches('|')),
        DType::Record(r) => {
            let fields: Vec<String> = r
                .fields()
                .iter()
                .map(|f| {
                    let mut t = format!("('{}', {}", f.name, record_type_str(&f.dtype));
                    if !f.shape.is_empty() {
                        t.push_str(", ");
                        crate::dtype::write_py_tuple(&mut t, &f.shape);
                    }
                    t.push(')');
                    t
                })
                .collect();
            format!("[{}]", fields.join(", "))
        }
    }
}

/// Whether `repr` leaves the dtype out (NumPy's `dtype_is_implied`).
fn dtype_is_implied(dtype: &DType) -> bool {
    match dtype {
        DType::Scalar(s) => {
            s.order.is_none_or(|o| o == ByteOrder::NATIVE)
                && matches!(
                    (s.kind, s.size),
                    (Kind::Float, 8) | (Kind::Int, 8) | (Kind::Bool, _)
                )
        }
        DType::Record(_) => false,
    }
}

// ---- digits ---------------------------------------------------------------

/// Decimal digits `d₀d₁…` and exponent `e` of a finite, non-negative value
/// `d₀.d₁… × 10^e`, parsed from Rust's `{:e}` output.
struct Digits {
    digits: String,
    exp: i32,
}

fn parse_sci(s: &str) -> Digits {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    Digits {
        digits: mantissa.chars().filter(|c| c.is_ascii_digit()).collect(),
        exp: exp.parse().unwrap_or(0),
    }
}

/// The shortest digits that read back as the same value of its type.
fn shortest(v: f64, w: Width) -> Digits {
    match w {
        Width::F64 => parse_sci(&format!("{v:e}")),
        Width::F32 => parse_sci(&format!("{:e}", v as f32)),
        Width::F16 => {
            let bits = half::f16::from_f64(v).to_bits();
            // Five significant digits always identify a binary16 value.
            (0..5)
                .map(|p| format!("{v:.p$e}"))
                .find(|s| {
                    s.parse::<f64>()
                        .is_ok_and(|r| half::f16::from_f64(r).to_bits() == bits)
                })
                .map_or_else(|| parse_sci(&format!("{v:.4e}")), |s| parse_sci(&s))
        }
    }
}

/// The exact binary value rounded (ties to even) to `frac + 1` significant digits.
fn exact_sci(v: f64, frac: usize) -> Digits {
    parse_sci(&format!("{v:.frac$e}"))
}

/// Digits after the point when written positionally.
fn positional_frac_len(d: &Digits) -> usize {
    (d.digits.len() as i64 - 1 - i64::from(d.exp)).max(0) as usize
}

/// Writes digits positionally: (integer part, fraction part), no sign.
fn to_positional(d: &Digits) -> (String, String) {
    let n = d.digits.len() as i64;
    let e = i64::from(d.exp);
    if e < 0 {
        let zeros = "0".repeat((-e - 1) as usize);
        ("0".to_string(), format!("{zeros}{}", d.digits))
    } else if e + 1 >= n {
        let zeros = "0".repeat((e + 1 - n) as usize);
        (format!("{}{zeros}", d.digits), String::new())
    } else {
        let (i, f) = d.digits.split_at((e + 1) as usize);
        (i.to_string(), f.to_string())
    }
}

fn sign_of(v: f64) -> &'static str {
    if v.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// NumPy's `dragon4_positional(unique=True, trim='.')` with a precision:
/// (signed integer part, fraction part without trailing zeros).
fn positional(v: f64, w: Width, precision: usize) -> (String, String) {
    let a = v.abs();
    let d = shortest(a, w);
    let (int, frac) = if positional_frac_len(&d) > precision {
        let s = format!("{a:.precision$}");
        let (i, f) = s.split_once('.').unwrap_or((&s, ""));
        (i.to_string(), f.trim_end_matches('0').to_string())
    } else {
        to_positional(&d)
    };
    (format!("{}{int}", sign_of(v)), frac)
}

/// Scientific digits of `v`: the shortest, or rounded to at most
/// `max_frac` and at least `min_frac` digits after the point.
fn scientific(v: f64, w: Width, max_frac: usize, min_frac: usize) -> (String, String, i32) {
    let a = v.abs();
    let mut d = shortest(a, w);
    let frac = d.digits.len() - 1;
    if frac > max_frac {
        d = exact_sci(a, max_frac);
        let kept = d.digits.trim_end_matches('0').len().max(1);
        d.digits.truncate(kept.max(1 + min_frac));
    } else if frac < min_frac {
        d = exact_sci(a, min_frac);
    }
    let (first, rest) = d.digits.split_at(1);
    (format!("{}{first}", sign_of(v)), rest.to_string(), d.exp)
}

fn exp_string(exp: i32, digits: usize) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("e{sign}{:0digits$}", exp.unsigned_abs())
}

// ---- one formatter per array (NumPy's FloatingFormat, IntegerFormat, …) ----

enum Formatter {
    Float(FloatFormat),
    Int {
        width: usize,
    },
    Bool {
        true_str: &'static str,
    },
    Bytes,
    /// One formatter per field, each fitted to its column.
    Record(Vec<Formatter>),
    /// One formatter for every element of a sub-array field.
    Sub(Box<Formatter>),
}

struct FloatFormat {
    width: Width,
    exp_format: bool,
    precision: usize,
    pad_left: usize,
    pad_right: usize,
    exp_digits: usize,
}

impl FloatFormat {
    fn new(values: &[f64], width: Width, precision: usize) -> FloatFormat {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let nonzero = finite.iter().map(|v| v.abs()).filter(|&v| v != 0.0);
        let (min, max) = nonzero.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let exp_format = max > 0.0 && (max >= width.exp_cutoff() || min < 1e-4 || max / min > 1e3);
        let mut f = FloatFormat {
            width,
            exp_format,
            precision,
            pad_left: 0,
            pad_right: 0,
            exp_digits: 0,
        };
        if finite.is_empty() {
            // Only NaN and infinities: their width alone counts.
        } else if exp_format {
            let parts: Vec<_> = finite
                .iter()
                .map(|&v| scientific(v, width, precision, 0))
                .collect();
            f.exp_digits = parts
                .iter()
                .map(|(_, _, e)| e.unsigned_abs().to_string().len().max(2))
                .max()
                .unwrap_or(2);
            f.precision = parts.iter().map(|(_, fr, _)| fr.len()).max().unwrap_or(0);
            f.pad_left = parts.iter().map(|(i, _, _)| i.len()).max().unwrap_or(0);
            f.pad_right = f.exp_digits + 2 + f.precision;
        } else {
            let parts: Vec<_> = finite
                .iter()
                .map(|&v| positional(v, width, precision))
                .collect();
            f.pad_left = parts.iter().map(|(i, _)| i.len()).max().unwrap_or(0);
            f.pad_right = parts.iter().map(|(_, fr)| fr.len()).max().unwrap_or(0);
        }
        if finite.len() != values.len() {
            let neg_inf = values.iter().any(|v| v.is_infinite() && *v < 0.0);
            let offset = f.pad_right + 1;
            f.pad_left = f
                .pad_left
                .max(3usize.saturating_sub(offset))
                .max((3 + usize::from(neg_inf)).saturating_sub(offset));
        }
        f
    }

    fn format(&self, v: f64) -> String {
        if !v.is_finite() {
            let s = if v.is_nan() {
                "nan"
            } else if v < 0.0 {
                "-inf"
            } else {
                "inf"
            };
            return format!("{s:>w$}", w = self.pad_left + self.pad_right + 1);
        }
        if self.exp_format {
            let (int, frac, exp) = scientific(v, self.width, self.precision, self.precision);
            format!(
                "{int:>l$}.{frac}{}",
                exp_string(exp, self.exp_digits),
                l = self.pad_left
            )
        } else {
            let (int, frac) = positional(v, self.width, self.precision);
            format!(
                "{int:>l$}.{frac:<r$}",
                l = self.pad_left,
                r = self.pad_right
            )
        }
    }
}

/// Python's `repr` of a bytes value, as NumPy shows `|S` items (trailing
/// NULs dropped).
fn bytes_repr(b: &[u8]) -> String {
    let end = b.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    let b = &b[..end];
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut s = format!("b{quote}");
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            c if c == quote as u8 => {
                s.push('\\');
                s.push(quote);
            }
            0x20..=0x7e => s.push(c as char),
            c => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push(quote);
    s
}

impl Formatter {
    fn new(values: &[&Value], zero_d: bool, precision: usize) -> Formatter {
        match values.first() {
            Some(Value::Float(_, w)) => {
                let v: Vec<f64> = values
                    .iter()
                    .map(|x| if let Value::Float(v, _) = x { *v } else { 0.0 })
                    .collect();
                Formatter::Float(FloatFormat::new(&v, *w, precision))
            }
            Some(Value::Int(_)) => {
                let width = values
                    .iter()
                    .map(|x| {
                        if let Value::Int(i) = x {
                            i.to_string().len()
                        } else {
                            0
                        }
                    })
                    .max()
                    .unwrap_or(0);
                Formatter::Int { width }
            }
            Some(Value::Bytes(_)) => Formatter::Bytes,
            Some(Value::Record(first)) => Formatter::Record(
                (0..first.len())
                    .map(|k| {
                        let column: Vec<&Value> = values
                            .iter()
                            .filter_map(|v| match v {
                                Value::Record(f) => f.get(k),
                                _ => None,
                            })
                            .collect();
                        Formatter::new(&column, zero_d, precision)
                    })
                    .collect(),
            ),
            Some(Value::Sub(..)) => {
                let all: Vec<&Value> = values
                    .iter()
                    .flat_map(|v| match v {
                        Value::Sub(_, e) => e.iter().collect::<Vec<_>>(),
                        _ => Vec::new(),
                    })
                    .collect();
                Formatter::Sub(Box::new(Formatter::new(&all, false, precision)))
            }
            Some(Value::Bool(_)) | None => Formatter::Bool {
                true_str: if zero_d { "True" } else { " True" },
            },
        }
    }

    fn format(&self, v: &Value) -> String {
        match (self, v) {
            (Formatter::Float(f), Value::Float(x, _)) => f.format(*x),
            (Formatter::Int { width }, Value::Int(i)) => format!("{i:>width$}"),
            (Formatter::Bool { true_str }, Value::Bool(b)) => {
                if *b { true_str } else { "False" }.to_string()
            }
            (_, Value::Bytes(b)) => bytes_repr(b),
            (Formatter::Record(fields), Value::Record(values)) => {
                let parts: Vec<String> = fields
                    .iter()
                    .zip(values)
                    .map(|(f, v)| f.format(v))
                    .collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            (Formatter::Sub(f), Value::Sub(shape, values)) => {
                let cells: Vec<String> = values.iter().map(|v| f.format(v)).collect();
                nested_list(shape, &cells)
            }
            _ => String::new(),
        }
    }
}

/// A sub-array's cells as nested `[a, b]` lists by its shape.
fn nested_list(shape: &[usize], cells: &[String]) -> String {
    match shape.split_first() {
        None => cells.first().cloned().unwrap_or_default(),
        Some((&n, rest)) => {
            let inner: usize = rest.iter().product();
            let parts: Vec<String> = (0..n)
                .map(|k| nested_list(rest, &cells[k * inner..(k + 1) * inner]))
                .collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// The `str` of a NumPy scalar: what the `str` of a 0-d array shows.
fn scalar_str(v: &Value) -> String {
    match v {
        Value::Float(x, _) if !x.is_finite() => if x.is_nan() {
            "nan"
        } else if *x < 0.0 {
            "-inf"
        } else {
            "inf"
        }
        .to_string(),
        Value::Float(x, w) => {
            let a = x.abs();
            if a == 0.0 || (1e-4..1e16).contains(&a) {
                let (int, frac) = to_positional(&shortest(a, *w));
                let frac = if frac.is_empty() {
                    "0".to_string()
                } else {
                    frac
                };
                format!("{}{int}.{frac}", sign_of(*x))
            } else {
                let d = shortest(a, *w);
                let (first, rest) = d.digits.split_at(1);
                let point = if rest.is_empty() { "" } else { "." };
                format!(
                    "{}{first}{point}{rest}{}",
                    sign_of(*x),
                    exp_string(d.exp, 2)
                )
            }
        }
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Bytes(b) => bytes_repr(b),
        Value::Record(_) | Value::Sub(..) => String::new(),
    }
}

// ---- layout (NumPy's _formatArray) ------------------------------------------

struct Printer<'a> {
    shape: &'a [usize],
    summarise: bool,
    separator: &'static str,
}

impl Printer<'_> {
    /// The shown positions of an axis of length `len`, and whether `...`
    /// stands between the leading and trailing ones.
    fn shown(&self, len: usize) -> (Vec<usize>, Option<usize>) {
        if self.summarise && len > 2 * EDGE_ITEMS {
            let mut v: Vec<usize> = (0..EDGE_ITEMS).collect();
            v.extend(len - EDGE_ITEMS..len);
            (v, Some(EDGE_ITEMS))
        } else {
            ((0..len).collect(), None)
        }
    }

    /// Every shown index, in C order.
    fn shown_indices(&self, index: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if index.len() == self.shape.len() {
            out.push(index.clone());
            return;
        }
        for i in self.shown(self.shape[index.len()]).0 {
            index.push(i);
            self.shown_indices(index, out);
            index.pop();
        }
    }

    fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, hanging: &str) {
        let wrap = line.len() + word.len() > width && line.len() > hanging.len();
        if wrap {
            s.push_str(line.trim_end());
            s.push('\n');
            line.clear();
            line.push_str(hanging);
        }
        line.push_str(word);
    }

    fn recurse(
        &self,
        axis: usize,
        cells: &mut std::vec::IntoIter<String>,
        hanging: &str,
        width: usize,
    ) -> String {
        let left = self.shape.len() - axis;
        if left == 0 {
            return cells.next().unwrap_or_default();
        }
        let next_hanging = format!("{hanging} ");
        let next_width = width.saturating_sub(1);
        let (shown, gap) = self.shown(self.shape[axis]);
        let mut s = String::new();
        let sep_trim = self.separator.trim_end();
        if left == 1 {
            let elem_width = width.saturating_sub(sep_trim.len().max(1));
            let mut line = hanging.to_string();
            for (k, _) in shown.iter().enumerate() {
                if gap == Some(k) {
                    Self::extend_line(&mut s, &mut line, "...", elem_width, hanging);
                    line.push_str(self.separator);
                }
                let word = self.recurse(axis + 1, cells, &next_hanging, next_width);
                Self::extend_line(&mut s, &mut line, &word, elem_width, hanging);
                if k + 1 < shown.len() {
                    line.push_str(self.separator);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{sep_trim}{}", "\n".repeat(left - 1));
            for (k, _) in shown.iter().enumerate() {
                if gap == Some(k) {
                    s.push_str(hanging);
                    s.push_str("...");
                    s.push_str(&line_sep);
                }
                s.push_str(hanging);
                s.push_str(&self.recurse(axis + 1, cells, &next_hanging, next_width));
                if k + 1 < shown.len() {
                    s.push_str(&line_sep);
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
}

/// What the printer needs of an array: its shape, its type and its items.
struct Source<'a> {
    shape: &'a [usize],
    dtype: DType,
    item: &'a dyn Fn(&[usize]) -> Option<Value>,
}

impl Source<'_> {
    fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// NumPy's `array2string` with the given separator and prefix length.
    fn to_string(
        &self,
        separator: &'static str,
        prefix: usize,
        line_width: usize,
        precision: usize,
    ) -> String {
        if self.len() == 0 {
            return "[]".to_string();
        }
        let printer = Printer {
            shape: self.shape,
            summarise: self.len() > THRESHOLD,
            separator,
        };
        let mut indices = Vec::new();
        printer.shown_indices(&mut Vec::new(), &mut indices);
        let values: Vec<Value> = indices.iter().filter_map(|i| (self.item)(i)).collect();
        let refs: Vec<&Value> = values.iter().collect();
        let formatter = Formatter::new(&refs, self.shape.is_empty(), precision);
        let cells: Vec<String> = values.iter().map(|v| formatter.format(v)).collect();
        let hanging = " ".repeat(1 + prefix);
        printer.recurse(0, &mut cells.into_iter(), &hanging, line_width)
    }

    /// NumPy's `repr(a)`.
    fn repr(&self, precision: usize) -> String {
        let prefix = "array(";
        let body = self.to_string(", ", prefix.len(), LINE_WIDTH - 1, precision);
        let mut extras = Vec::new();
        let empty = self.len() == 0;
        if (empty && self.shape != [0]) || self.len() > THRESHOLD {
            let mut shape = "shape=".to_string();
            crate::dtype::write_py_tuple(&mut shape, self.shape);
            extras.push(shape);
        }
        if !dtype_is_implied(&self.dtype) || empty {
            extras.push(format!("dtype={}", dtype_name(&self.dtype)));
        }
        if extras.is_empty() {
            return format!("{prefix}{body})");
        }
        let head = format!("{prefix}{body},");
        let tail = format!("{})", extras.join(", "));
        let last_line = head.len() - head.rfind('\n').map_or(0, |i| i + 1);
        let spacer = if last_line + tail.len() + 1 > LINE_WIDTH {
            format!("\n{}", " ".repeat(prefix.len()))
        } else {
            " ".to_string()
        };
        format!("{head}{spacer}{tail}")
    }

    /// NumPy's `str(a)`; a 0-d array shows its scalar's `str`.
    fn str(&self, precision: usize) -> String {
        if self.shape.is_empty() {
            return match (self.item)(&[]) {
                Some(v @ Value::Record(_)) => Formatter::new(&[&v], true, precision).format(&v),
                Some(v) => scalar_str(&v),
                None => String::new(),
            };
        }
        self.to_string(" ", 0, LINE_WIDTH, precision)
    }

    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(PRECISION);
        if f.alternate() {
            f.write_str(&self.repr(precision))
        } else {
            f.write_str(&self.str(precision))
        }
    }
}

/// `{}` is NumPy's `str(a)`, `{:#}` is `repr(a)`; `{:.3}` sets NumPy's
/// `precision` print option (default 8).
///
/// ```
/// use stridekit::Array;
/// let a = Array::from_slice(&[1.0f64, 2.5, -3.0], &[3])?;
/// assert_eq!(format!("{a}"), "[ 1.   2.5 -3. ]");
/// assert_eq!(format!("{a:#}"), "array([ 1. ,  2.5, -3. ])");
/// let b = Array::from_slice(&[1.0f32 / 3.0, 2.0], &[2])?;
/// assert_eq!(format!("{b:#.3}"), "array([0.333, 2.   ], dtype=float32)");
/// # Ok::<(), stridekit::Error>(())
/// ```
impl<T: NpyScalar> fmt::Display for ArrayRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = |i: &[usize]| self.get(i).map(value_of);
        Source {
            shape: self.shape(),
            dtype: DType::of::<T>(),
            item: &item,
        }
        .fmt(f)
    }
}

/// Items of described data as the printer reads them.
fn dyn_source_fmt(v: &DynView<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let item = |i: &[usize]| v.item_bytes(i).map(|b| dtype_value(v.dtype(), b));
    Source {
        shape: v.shape(),
        dtype: v.dtype().clone(),
        item: &item,
    }
    .fmt(f)
}

/// Records print as NumPy's structured arrays:
/// `array([(1, 2.5)], dtype=[('a', '<i4'), ('b', '<f8')])` for `{:#}`.
impl fmt::Display for DynView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        dyn_source_fmt(self, f)
    }
}

impl fmt::Display for DynViewMut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        dyn_source_fmt(&self.view(), f)
    }
}

impl fmt::Display for DynArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        dyn_source_fmt(&self.view(), f)
    }
}

macro_rules! display_through_array_ref {
    ($($ty:ty),*) => {$(
        impl<T: NpyScalar> fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&**self, f)
            }
        }
    )*};
}
display_through_array_ref!(Array<T>, ArrayView<'_, T>, ArrayViewMut<'_, T>);
