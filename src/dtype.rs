//! NumPy's type descriptions as data: scalar types with a byte order
//! (`'<f8'`, `'>i2'`, `'|u1'`, `'|b1'`, `'|S32'`), and structured types —
//! named fields at byte offsets, each with a type and an optional sub-array
//! shape, inside an item of a given size (packed, NumPy-aligned, or with
//! explicit offsets and gaps).
//!
//! [`DType::descr`] prints NumPy's `descr` notation (what `.npy` headers
//! hold, e.g. `[('name', '|S32'), ('age', '<i4'), ('salary', '<f8')]`, gaps
//! as `('', '|V4')` padding entries); [`DType::parse_descr`] reads it back.
//! Types stridekit cannot represent (complex, unicode, objects, dates) are
//! [`DTypeError::Unsupported`], naming the descr.

pub use crate::error::DTypeError;
use crate::literal::{write_py_str, Literal};
use std::fmt;

/// The byte order of raw data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Least significant byte first (x86, most ARM systems; NumPy `'<'`).
    Little,
    /// Most significant byte first (network order, old instruments; `'>'`).
    Big,
}

impl ByteOrder {
    /// The byte order of this machine.
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "little") {
        ByteOrder::Little
    } else {
        ByteOrder::Big
    };
}

/// What a scalar type holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `'b1'`: one byte, 0 or 1.
    Bool,
    /// `'i1'` … `'i8'`: two's-complement signed integers.
    Int,
    /// `'u1'` … `'u8'`: unsigned integers.
    UInt,
    /// `'f2'`, `'f4'`, `'f8'`: IEEE 754 binary16/32/64.
    Float,
    /// `'S<n>'`: `n` bytes, NUL-padded (NumPy's `bytes_`).
    Bytes,
    /// `'V<n>'`: `n` raw bytes (padding in a structured `descr`).
    Void,
}

/// A scalar type: kind, size in bytes and byte order (`None` where order
/// has no meaning: one-byte types, bytes, void).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scalar {
    /// What the type holds.
    pub kind: Kind,
    /// Bytes per value (`n` of `'S<n>'` and `'V<n>'`).
    pub size: usize,
    /// Byte order of multi-byte integers and floats; `None` for the rest.
    pub order: Option<ByteOrder>,
}

/// One named field of a structured type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The field's name (`f<position>` where the `descr` gave none).
    pub name: String,
    /// Byte offset of the field inside the item.
    pub offset: usize,
    /// The type of one element of the field.
    pub dtype: DType,
    /// Sub-array shape (`[]` for a scalar field).
    pub shape: Vec<usize>,
}

impl Field {
    /// A scalar field (no sub-array).
    pub fn new(name: impl Into<String>, offset: usize, dtype: impl Into<DType>) -> Field {
        Field {
            name: name.into(),
            offset,
            dtype: dtype.into(),
            shape: vec![],
        }
    }

    /// A sub-array field of `shape` elements of `dtype`.
    pub fn with_shape(mut self, shape: &[usize]) -> Field {
        self.shape = shape.to_vec();
        self
    }

    /// Bytes the field occupies (element size × sub-array size); checked
    /// when the record type was built.
    pub fn size(&self) -> usize {
        self.shape
            .iter()
            .fold(self.dtype.itemsize(), |a, &d| a.saturating_mul(d))
    }
}

/// A structured type: fields in increasing, non-overlapping offset order
/// inside items of `itemsize` bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Record {
    fields: Vec<Field>,
    itemsize: usize,
}

/// A NumPy type description.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// A plain scalar type (`'<f8'`, `'|b1'`, `'|S16'`, …).
    Scalar(Scalar),
    /// A structured type (a list of named fields).
    Record(Record),
}

impl From<Scalar> for DType {
    fn from(s: Scalar) -> DType {
        DType::Scalar(s)
    }
}

impl From<Record> for DType {
    fn from(r: Record) -> DType {
        DType::Record(r)
    }
}

fn invalid(descr: impl fmt::Display, why: impl Into<String>) -> DTypeError {
    DTypeError::Invalid {
        descr: descr.to_string(),
        why: why.into(),
    }
}

/// Largest item size accepted (NumPy's own limit is `i32::MAX`).
const MAX_ITEMSIZE: usize = i32::MAX as usize;

/// Bytes of a sub-array of `shape` elements of `dtype`, if both its element
/// count (checked on its own: zero-size types make every byte size 0) and
/// its byte size are within limits.
fn sub_array_size(dtype: &DType, shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .filter(|&n| n <= MAX_ITEMSIZE)
        .and_then(|n| n.checked_mul(dtype.itemsize()))
        .filter(|&s| s <= MAX_ITEMSIZE)
}

impl Scalar {
    /// A scalar of `kind` and `size` bytes in `order` (ignored where order
    /// has no meaning). Sizes NumPy does not have are an error.
    pub fn new(kind: Kind, size: usize, order: ByteOrder) -> Result<Scalar, DTypeError> {
        let ok = match kind {
            Kind::Bool => size == 1,
            Kind::Int | Kind::UInt => matches!(size, 1 | 2 | 4 | 8),
            Kind::Float => matches!(size, 2 | 4 | 8),
            Kind::Bytes | Kind::Void => size <= MAX_ITEMSIZE,
        };
        if !ok {
            return Err(invalid(
                format!("{kind:?} of {size} bytes"),
                "no such NumPy type",
            ));
        }
        let order =
            (size > 1 && matches!(kind, Kind::Int | Kind::UInt | Kind::Float)).then_some(order);
        Ok(Scalar { kind, size, order })
    }

    /// The type's `dtype.str`: `'<f8'`, `'|u1'`, `'|S32'`.
    pub fn type_str(&self) -> String {
        let o = match self.order {
            Some(ByteOrder::Little) => '<',
            Some(ByteOrder::Big) => '>',
            None => '|',
        };
        let k = match self.kind {
            Kind::Bool => 'b',
            Kind::Int => 'i',
            Kind::UInt => 'u',
            Kind::Float => 'f',
            Kind::Bytes => 'S',
            Kind::Void => 'V',
        };
        format!("{o}{k}{}", self.size)
    }

    /// Parses a `dtype.str` (`'<f8'`, `'=i4'`, `'|S5'`, `'u2'`).
    pub fn parse(s: &str) -> Result<Scalar, DTypeError> {
        let quoted = || format!("'{s}'");
        let (order, rest) = match s.as_bytes().first() {
            Some(b'<') => (ByteOrder::Little, &s[1..]),
            Some(b'>') => (ByteOrder::Big, &s[1..]),
            Some(b'=' | b'|') => (ByteOrder::NATIVE, &s[1..]),
            _ => (ByteOrder::NATIVE, s),
        };
        let mut chars = rest.chars();
        let code = chars
            .next()
            .ok_or_else(|| invalid(quoted(), "empty type"))?;
        let digits = chars.as_str();
        let unsupported = |why| DTypeError::Unsupported {
            descr: quoted(),
            why,
        };
        let kind = match code {
            'b' => Kind::Bool,
            'i' => Kind::Int,
            'u' => Kind::UInt,
            'f' => Kind::Float,
            'S' | 'a' => Kind::Bytes,
            'V' => Kind::Void,
            'c' => return Err(unsupported("complex numbers")),
            'U' => return Err(unsupported("unicode strings")),
            'O' => return Err(unsupported("Python objects (pickled data)")),
            'M' | 'm' => return Err(unsupported("datetime/timedelta")),
            _ => return Err(invalid(quoted(), "unknown type code")),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 10 {
            return Err(invalid(
                quoted(),
                "expected a size in bytes after the type code",
            ));
        }
        let size: usize = digits
            .parse()
            .map_err(|_| invalid(quoted(), "size out of range"))?;
        if kind == Kind::Float && size == 16 {
            return Err(unsupported("extended precision floats"));
        }
        Scalar::new(kind, size, order).map_err(|_| invalid(quoted(), "no such size for this kind"))
    }

    /// Whether values are stored in this machine's byte order (or order
    /// does not matter).
    pub fn is_native(&self) -> bool {
        self.order.is_none_or(|o| o == ByteOrder::NATIVE)
    }

    /// The same type in native byte order.
    pub fn to_native(self) -> Scalar {
        Scalar {
            order: self.order.map(|_| ByteOrder::NATIVE),
            ..self
        }
    }

    /// NumPy's alignment of the type (`align=True` layouts).
    fn alignment(&self) -> usize {
        match self.kind {
            Kind::Bytes | Kind::Void => 1,
            _ => self.size,
        }
    }
}

impl Record {
    /// A record type from fields with explicit offsets. Fields must be in
    /// increasing offset order, must not overlap, and must fit in
    /// `itemsize`; names must be non-empty and distinct.
    pub fn new(fields: Vec<Field>, itemsize: usize) -> Result<Record, DTypeError> {
        let describe = || {
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            format!("record {names:?} of {itemsize} bytes")
        };
        if itemsize > MAX_ITEMSIZE {
            return Err(invalid(describe(), "item size too large"));
        }
        let mut end = 0usize;
        let mut names = std::collections::HashSet::new();
        for (k, f) in fields.iter().enumerate() {
            if f.name.is_empty() {
                return Err(invalid(describe(), format!("field {k} has an empty name")));
            }
            if !names.insert(f.name.as_str()) {
                return Err(invalid(
                    describe(),
                    format!("duplicate field name {:?}", f.name),
                ));
            }
            let size = sub_array_size(&f.dtype, &f.shape)
                .ok_or_else(|| invalid(describe(), format!("field {:?} is too large", f.name)))?;
            if f.offset < end {
                return Err(invalid(
                    describe(),
                    format!(
                        "field {:?} at offset {} overlaps the field before it (ends at {end})",
                        f.name, f.offset
                    ),
                ));
            }
            end = f
                .offset
                .checked_add(size)
                .filter(|&e| e <= itemsize)
                .ok_or_else(|| {
                    invalid(
                        describe(),
                        format!(
                            "field {:?} (offset {}, {size} bytes) does not fit",
                            f.name, f.offset
                        ),
                    )
                })?;
        }
        Ok(Record { fields, itemsize })
    }

    /// Fields laid out one after another without padding (NumPy's default).
    pub fn packed(fields: Vec<(String, DType, Vec<usize>)>) -> Result<Record, DTypeError> {
        Self::layout(fields, false)
    }

    /// Fields laid out as NumPy's `align=True` does (C struct rules): each
    /// field at a multiple of its alignment, the item size a multiple of the
    /// largest alignment.
    pub fn aligned(fields: Vec<(String, DType, Vec<usize>)>) -> Result<Record, DTypeError> {
        Self::layout(fields, true)
    }

    fn layout(fields: Vec<(String, DType, Vec<usize>)>, align: bool) -> Result<Record, DTypeError> {
        let mut offset = 0usize;
        let mut max_align = 1;
        let mut out = Vec::with_capacity(fields.len());
        for (name, dtype, shape) in fields {
            let a = if align { dtype.alignment() } else { 1 };
            max_align = max_align.max(a);
            offset = offset.next_multiple_of(a);
            let size =
                sub_array_size(&dtype, &shape).ok_or_else(|| invalid(&name, "field too large"))?;
            out.push(Field {
                name,
                offset,
                dtype,
                shape,
            });
            offset = offset
                .checked_add(size)
                .ok_or_else(|| invalid("record", "item size overflows"))?;
        }
        Record::new(out, offset.next_multiple_of(max_align))
    }

    /// The fields in offset order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Bytes per record.
    pub fn itemsize(&self) -> usize {
        self.itemsize
    }
}

impl DType {
    /// The native-order scalar type of `T` (`DType::of::<f64>()` is `'<f8'`
    /// on little-endian machines).
    pub fn of<T: NpyScalar>() -> DType {
        DType::Scalar(T::SCALAR)
    }

    /// Bytes per element.
    pub fn itemsize(&self) -> usize {
        match self {
            DType::Scalar(s) => s.size,
            DType::Record(r) => r.itemsize,
        }
    }

    /// The record type, if this is a structured type.
    pub fn record(&self) -> Option<&Record> {
        match self {
            DType::Record(r) => Some(r),
            DType::Scalar(_) => None,
        }
    }

    /// Whether every value (every field, recursively) is stored in this
    /// machine's byte order.
    pub fn is_native(&self) -> bool {
        match self {
            DType::Scalar(s) => s.is_native(),
            DType::Record(r) => r.fields.iter().all(|f| f.dtype.is_native()),
        }
    }

    /// The same layout with every value in native byte order.
    pub fn to_native(&self) -> DType {
        match self {
            DType::Scalar(s) => DType::Scalar(s.to_native()),
            DType::Record(r) => DType::Record(Record {
                fields: r
                    .fields
                    .iter()
                    .map(|f| Field {
                        dtype: f.dtype.to_native(),
                        ..f.clone()
                    })
                    .collect(),
                itemsize: r.itemsize,
            }),
        }
    }

    fn alignment(&self) -> usize {
        match self {
            DType::Scalar(s) => s.alignment(),
            DType::Record(r) => r
                .fields
                .iter()
                .map(|f| f.dtype.alignment())
                .max()
                .unwrap_or(1),
        }
    }

    /// Calls `f(offset, scalar, count)` for every scalar leaf: `count`
    /// consecutive scalars (a sub-array) at byte `offset` of the item.
    pub(crate) fn for_each_leaf(&self, base: usize, f: &mut impl FnMut(usize, Scalar, usize)) {
        match self {
            DType::Scalar(s) => f(base, *s, 1),
            DType::Record(r) => {
                for fld in &r.fields {
                    let count: usize = fld.shape.iter().product();
                    match &fld.dtype {
                        DType::Scalar(s) => f(base + fld.offset, *s, count),
                        // A zero-size record holds no scalars to visit.
                        inner if inner.itemsize() == 0 => {}
                        inner => {
                            let size = inner.itemsize();
                            for k in 0..count {
                                inner.for_each_leaf(base + fld.offset + k * size, f);
                            }
                        }
                    }
                }
            }
        }
    }

    /// NumPy's `descr` notation: `'<f8'` for a scalar, a list of
    /// `(name, type[, shape])` tuples with `('', '|V<n>')` padding for a
    /// record (what `numpy.lib.format.dtype_to_descr` writes).
    pub fn descr(&self) -> String {
        let mut s = String::new();
        self.write_descr(&mut s);
        s
    }

    fn write_descr(&self, out: &mut String) {
        match self {
            DType::Scalar(s) => {
                out.push('\'');
                out.push_str(&s.type_str());
                out.push('\'');
            }
            DType::Record(r) => {
                out.push('[');
                let mut at = 0;
                let mut first = true;
                let mut sep = |out: &mut String| {
                    if !std::mem::take(&mut first) {
                        out.push_str(", ");
                    }
                };
                let pad = |out: &mut String, n: usize| {
                    out.push_str(&format!("('', '|V{n}')"));
                };
                for f in &r.fields {
                    if f.offset > at {
                        sep(out);
                        pad(out, f.offset - at);
                    }
                    sep(out);
                    out.push('(');
                    write_py_str(out, &f.name);
                    out.push_str(", ");
                    f.dtype.write_descr(out);
                    if !f.shape.is_empty() {
                        out.push_str(", ");
                        write_py_tuple(out, &f.shape);
                    }
                    out.push(')');
                    at = f.offset + f.size();
                }
                if r.itemsize > at {
                    sep(out);
                    pad(out, r.itemsize - at);
                }
                out.push(']');
            }
        }
    }

    /// Parses NumPy's `descr` notation (the Python literal text). As NumPy
    /// reads it: an unnamed field is named `f<position>`, an unnamed void
    /// is padding. A field whose element is itself a sub-array
    /// (`('c', ('<f8', (5,)), (2,))`) becomes one sub-array of both shapes
    /// (`(2, 5)`): the same bytes, written back in that flat form.
    pub fn parse_descr(text: &str) -> Result<DType, crate::Error> {
        let lit = crate::literal::parse(text)?;
        Ok(DType::from_literal(&lit)?)
    }

    /// A field's type literal: a type, or `(type, shape)` (nested as deep as
    /// the literal is), as the element type and the sub-array shape.
    fn element_and_shape(lit: &Literal) -> Result<(DType, Vec<usize>), DTypeError> {
        match lit {
            Literal::Tuple(parts) if parts.len() == 2 => {
                let (dtype, inner) = Self::element_and_shape(&parts[0])?;
                let bad = || invalid(lit, "a sub-array shape must be non-negative integers");
                let outer: Vec<usize> = match &parts[1] {
                    Literal::Tuple(dims) => dims
                        .iter()
                        .map(|d| d.as_usize().ok_or_else(bad))
                        .collect::<Result<_, _>>()?,
                    Literal::Int(d) => vec![usize::try_from(*d).map_err(|_| bad())?],
                    _ => return Err(bad()),
                };
                Ok((dtype, outer.into_iter().chain(inner).collect()))
            }
            other => Ok((DType::from_literal(other)?, vec![])),
        }
    }

    /// The type described by a parsed `descr` literal.
    pub(crate) fn from_literal(lit: &Literal) -> Result<DType, DTypeError> {
        match lit {
            Literal::Str(s) => Ok(DType::Scalar(Scalar::parse(s)?)),
            Literal::List(items) => {
                let mut fields = Vec::with_capacity(items.len());
                let mut offset = 0usize;
                for item in items {
                    let bad = |why: &str| invalid(lit, format!("field entry {item}: {why}"));
                    let Literal::Tuple(parts) = item else {
                        return Err(bad("expected a (name, type[, shape]) tuple"));
                    };
                    let (name, ty, shape) = match parts.as_slice() {
                        [n, t] => (n, t, None),
                        [n, t, s] => (n, t, Some(s)),
                        _ => return Err(bad("expected 2 or 3 entries")),
                    };
                    let name = match name {
                        Literal::Str(n) => n,
                        Literal::Tuple(_) => {
                            return Err(DTypeError::Unsupported {
                                descr: lit.to_string(),
                                why: "field titles",
                            })
                        }
                        _ => return Err(bad("the name must be a string")),
                    };
                    // A sub-array type `(type, shape)` in the type position
                    // (NumPy writes one for a field whose element is itself a
                    // sub-array) is flattened: its shape follows the field's.
                    let (dtype, inner) = Self::element_and_shape(ty)?;
                    let shape = match shape {
                        None => vec![],
                        Some(Literal::Tuple(dims)) => dims
                            .iter()
                            .map(|d| {
                                d.as_usize().ok_or_else(|| {
                                    bad("sub-array sizes must be non-negative integers")
                                })
                            })
                            .collect::<Result<_, _>>()?,
                        Some(Literal::Int(d)) => {
                            vec![usize::try_from(*d).map_err(|_| bad("negative sub-array size"))?]
                        }
                        Some(_) => return Err(bad("the shape must be a tuple of integers")),
                    };
                    let shape: Vec<usize> = shape.into_iter().chain(inner).collect();
                    let size =
                        sub_array_size(&dtype, &shape).ok_or_else(|| bad("field too large"))?;
                    let is_padding = name.is_empty()
                        && matches!(
                            dtype,
                            DType::Scalar(Scalar {
                                kind: Kind::Void,
                                ..
                            })
                        )
                        && shape.is_empty();
                    if !is_padding {
                        // NumPy names an unnamed field by its position: `f1`.
                        let name = if name.is_empty() {
                            format!("f{}", fields.len())
                        } else {
                            name.clone()
                        };
                        fields.push(Field {
                            name,
                            offset,
                            dtype,
                            shape,
                        });
                    }
                    offset = offset
                        .checked_add(size)
                        .filter(|&o| o <= MAX_ITEMSIZE)
                        .ok_or_else(|| bad("item size too large"))?;
                }
                Record::new(fields, offset)
                    .map(DType::Record)
                    .map_err(|e| match e {
                        DTypeError::Invalid { why, .. } => invalid(lit, why),
                        other => other,
                    })
            }
            other => Err(invalid(other, "expected a type string or a list of fields")),
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.descr())
    }
}

/// Writes a tuple of integers as Python's `repr` does: `()`, `(3,)`, `(3, 4)`.
pub(crate) fn write_py_tuple(out: &mut String, dims: &[usize]) {
    out.push('(');
    for (k, d) in dims.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&d.to_string());
    }
    if dims.len() == 1 {
        out.push(',');
    }
    out.push(')');
}

/// Rust scalar types with a NumPy type: the element types of typed views
/// of described data (`.npy` files, record fields). `[u8; N]` is `'|S<N>'`.
///
/// Sealed: the list is NumPy's. Printing (`{}` / `{:#}`) and typed access
/// to `.npy` files and records take these; see [`crate::element`] for how
/// they relate to the computing traits.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no NumPy dtype",
    label = "needs a NumPy scalar type: f64 f32 f16, i64 … i8, u64 … u8, Bool8 or [u8; N]",
    note = "`bf16` has no NumPy dtype: convert with `astype::<f32>()` to print or save it",
    note = "the element types and what each can do: the `stridekit::element` module's docs"
)]
pub trait NpyScalar: bytemuck::Pod + sealed::Sealed {
    /// The native-order type.
    const SCALAR: Scalar;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! npy_scalars {
    ($($t:ty => $kind:ident;)*) => {$(
        impl sealed::Sealed for $t {}
        impl NpyScalar for $t {
            const SCALAR: Scalar = Scalar {
                kind: Kind::$kind,
                size: std::mem::size_of::<$t>(),
                order: if std::mem::size_of::<$t>() > 1 { Some(ByteOrder::NATIVE) } else { None },
            };
        }
    )*};
}
npy_scalars! {
    f64 => Float; f32 => Float; half::f16 => Float;
    i64 => Int; i32 => Int; i16 => Int; i8 => Int;
    u64 => UInt; u32 => UInt; u16 => UInt; u8 => UInt;
}

impl<const N: usize> sealed::Sealed for [u8; N] {}
impl<const N: usize> NpyScalar for [u8; N] {
    const SCALAR: Scalar = Scalar {
        kind: Kind::Bytes,
        size: N,
        order: None,
    };
}

/// NumPy's `bool_` (`'|b1'`): one byte, 0 or 1 in files NumPy writes.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, bytemuck::Pod, bytemuck::Zeroable)]
pub struct Bool8(pub u8);

impl Bool8 {
    /// Whether the byte is non-zero (NumPy's truth value).
    pub fn get(self) -> bool {
        self.0 != 0
    }
}

impl sealed::Sealed for Bool8 {}
impl NpyScalar for Bool8 {
    const SCALAR: Scalar = Scalar {
        kind: Kind::Bool,
        size: 1,
        order: None,
    };
}
