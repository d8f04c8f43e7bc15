//! The array descriptor and its validation into stridekit views.

use crate::status::{value_error, Failure};
use std::ffi::{c_char, c_void, CStr};
use stridekit::dtype::{ByteOrder, DType, Kind, Scalar};
use stridekit::{DynView, DynViewMut};

/// `bool` (NumPy `'|b1'`).
pub const STRIDEKIT_BOOL: i32 = 1;
/// `int8_t`.
pub const STRIDEKIT_INT8: i32 = 2;
/// `int16_t`.
pub const STRIDEKIT_INT16: i32 = 3;
/// `int32_t`.
pub const STRIDEKIT_INT32: i32 = 4;
/// `int64_t`.
pub const STRIDEKIT_INT64: i32 = 5;
/// `uint8_t`.
pub const STRIDEKIT_UINT8: i32 = 6;
/// `uint16_t`.
pub const STRIDEKIT_UINT16: i32 = 7;
/// `uint32_t`.
pub const STRIDEKIT_UINT32: i32 = 8;
/// `uint64_t`.
pub const STRIDEKIT_UINT64: i32 = 9;
/// IEEE binary16 (NumPy `float16`).
pub const STRIDEKIT_FLOAT16: i32 = 10;
/// `float`.
pub const STRIDEKIT_FLOAT32: i32 = 11;
/// `double`.
pub const STRIDEKIT_FLOAT64: i32 = 12;

/// The machine's byte order.
pub const STRIDEKIT_NATIVE: i32 = 0;
/// Least significant byte first (NumPy `'<'`).
pub const STRIDEKIT_LITTLE: i32 = 1;
/// Most significant byte first (NumPy `'>'`).
pub const STRIDEKIT_BIG: i32 = 2;

/// `axis` value of `stridekit_reduce` meaning every axis (NumPy's `axis=None`).
pub const STRIDEKIT_ALL_AXES: i32 = i32::MIN;

/// Most dimensions a descriptor may have (NumPy 2's limit).
pub const STRIDEKIT_MAX_DIMS: i32 = 64;

/// An array in memory the caller owns: what NumPy's `__array_interface__`
/// holds. From NumPy: `data = arr.ctypes.data`, `shape = arr.shape`,
/// `strides = arr.strides`, the type code and byte order from `arr.dtype`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct StridekitArray {
    /// Address of element `[0, 0, …]` (may be NULL only if the array is empty).
    pub data: *mut c_void,
    /// Number of dimensions, 0 to `STRIDEKIT_MAX_DIMS`.
    pub ndim: i32,
    /// `ndim` lengths (may be NULL when `ndim` is 0).
    pub shape: *const i64,
    /// `ndim` byte strides, any sign, zero allowed on inputs; NULL means
    /// C-contiguous.
    pub strides: *const i64,
    /// A type code (`STRIDEKIT_FLOAT64`, …).
    pub dtype: i32,
    /// `STRIDEKIT_NATIVE`, `STRIDEKIT_LITTLE` or `STRIDEKIT_BIG`.
    pub byteorder: i32,
    /// Non-zero if stridekit may write the array (required of outputs).
    pub writeable: i32,
}

/// The stridekit type a descriptor's code and byte order name.
pub(crate) fn dtype_of(code: i32, byteorder: i32) -> Result<DType, Failure> {
    let (kind, size) = match code {
        STRIDEKIT_BOOL => (Kind::Bool, 1),
        STRIDEKIT_INT8 => (Kind::Int, 1),
        STRIDEKIT_INT16 => (Kind::Int, 2),
        STRIDEKIT_INT32 => (Kind::Int, 4),
        STRIDEKIT_INT64 => (Kind::Int, 8),
        STRIDEKIT_UINT8 => (Kind::UInt, 1),
        STRIDEKIT_UINT16 => (Kind::UInt, 2),
        STRIDEKIT_UINT32 => (Kind::UInt, 4),
        STRIDEKIT_UINT64 => (Kind::UInt, 8),
        STRIDEKIT_FLOAT16 => (Kind::Float, 2),
        STRIDEKIT_FLOAT32 => (Kind::Float, 4),
        STRIDEKIT_FLOAT64 => (Kind::Float, 8),
        _ => return Err(value_error(format!("unknown dtype code {code}"))),
    };
    let order = match byteorder {
        STRIDEKIT_NATIVE => ByteOrder::NATIVE,
        STRIDEKIT_LITTLE => ByteOrder::Little,
        STRIDEKIT_BIG => ByteOrder::Big,
        _ => return Err(value_error(format!("unknown byte order code {byteorder}"))),
    };
    let s = Scalar::new(kind, size, order).map_err(|e| value_error(e.to_string()))?;
    Ok(DType::Scalar(s))
}

/// The code and byte order of a stridekit type (for descriptors stridekit
/// fills in).
pub(crate) fn code_of(dtype: &DType) -> Result<(i32, i32), Failure> {
    let DType::Scalar(s) = dtype else {
        return Err(value_error(format!(
            "dtype {} is structured: a descriptor holds one scalar type",
            dtype.descr()
        )));
    };
    let code = match (s.kind, s.size) {
        (Kind::Bool, 1) => STRIDEKIT_BOOL,
        (Kind::Int, 1) => STRIDEKIT_INT8,
        (Kind::Int, 2) => STRIDEKIT_INT16,
        (Kind::Int, 4) => STRIDEKIT_INT32,
        (Kind::Int, 8) => STRIDEKIT_INT64,
        (Kind::UInt, 1) => STRIDEKIT_UINT8,
        (Kind::UInt, 2) => STRIDEKIT_UINT16,
        (Kind::UInt, 4) => STRIDEKIT_UINT32,
        (Kind::UInt, 8) => STRIDEKIT_UINT64,
        (Kind::Float, 2) => STRIDEKIT_FLOAT16,
        (Kind::Float, 4) => STRIDEKIT_FLOAT32,
        (Kind::Float, 8) => STRIDEKIT_FLOAT64,
        _ => {
            return Err(value_error(format!(
                "dtype {} has no descriptor code",
                dtype.descr()
            )))
        }
    };
    let order = match s.order {
        Some(ByteOrder::Big) if ByteOrder::NATIVE != ByteOrder::Big => STRIDEKIT_BIG,
        Some(ByteOrder::Little) if ByteOrder::NATIVE != ByteOrder::Little => STRIDEKIT_LITTLE,
        _ => STRIDEKIT_NATIVE,
    };
    Ok((code, order))
}

/// A descriptor's parts, checked: type, shape, byte strides.
pub(crate) struct Layout {
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
    pub data: *mut u8,
}

/// Checks `desc` as far as it can be checked: non-null, dimension count,
/// lengths, a data pointer for a non-empty array, the type codes.
///
/// # Safety
/// `desc`, if not NULL, points to a descriptor whose `shape` and `strides`
/// (if not NULL) point to `ndim` integers each.
pub(crate) unsafe fn layout(desc: *const StridekitArray, what: &str) -> Result<Layout, Failure> {
    // SAFETY: the caller's promise (a descriptor or NULL, checked here).
    let Some(d) = (unsafe { desc.as_ref() }) else {
        return Err(value_error(format!(
            "{what}: the descriptor pointer is NULL"
        )));
    };
    if !(0..=STRIDEKIT_MAX_DIMS).contains(&d.ndim) {
        return Err(value_error(format!(
            "{what}: ndim {} is outside 0..={STRIDEKIT_MAX_DIMS}",
            d.ndim
        )));
    }
    let ndim = d.ndim as usize;
    let dtype =
        dtype_of(d.dtype, d.byteorder).map_err(|f| value_error(format!("{what}: {}", f.1)))?;
    let ints = |p: *const i64, name: &str| -> Result<Vec<i64>, Failure> {
        if ndim == 0 {
            return Ok(vec![]);
        }
        if p.is_null() {
            return Err(value_error(format!(
                "{what}: {name} is NULL but ndim is {ndim}"
            )));
        }
        // SAFETY: the caller's promise: `ndim` integers at `p`.
        Ok(unsafe { std::slice::from_raw_parts(p, ndim) }.to_vec())
    };
    let shape = ints(d.shape, "shape")?
        .into_iter()
        .enumerate()
        .map(|(axis, n)| {
            usize::try_from(n)
                .map_err(|_| value_error(format!("{what}: axis {axis} has negative length {n}")))
        })
        .collect::<Result<Vec<usize>, Failure>>()?;
    let strides: Vec<isize> = if d.strides.is_null() {
        let item = dtype.itemsize();
        let mut st = vec![0isize; ndim];
        let mut acc: isize = item as isize;
        for k in (0..ndim).rev() {
            st[k] = acc;
            acc = acc.checked_mul(shape[k].max(1) as isize).unwrap_or(0);
        }
        st
    } else {
        ints(d.strides, "strides")?
            .into_iter()
            .map(|s| s as isize)
            .collect()
    };
    let empty = shape.contains(&0);
    if d.data.is_null() && !empty {
        return Err(value_error(format!(
            "{what}: data is NULL but the array is not empty"
        )));
    }
    let mut data = d.data.cast::<u8>();
    if data.is_null() {
        data = std::ptr::NonNull::<u64>::dangling().as_ptr().cast();
    }
    Ok(Layout {
        dtype,
        shape,
        strides,
        data,
    })
}

/// A read-only view of an input descriptor.
///
/// # Safety
/// As [`layout`]; the memory it describes is readable and not written by
/// anyone else during the call.
pub(crate) unsafe fn input(
    desc: *const StridekitArray,
    what: &str,
) -> Result<(Layout, DynView<'static>), Failure> {
    // SAFETY: forwarded.
    let l = unsafe { layout(desc, what)? };
    // SAFETY: the caller's promise; the size arithmetic is checked inside.
    let v = unsafe { DynView::from_raw_parts(l.data, l.dtype.clone(), &l.shape, &l.strides) }
        .map_err(|e| value_error(format!("{what}: {e}")))?;
    Ok((l, v))
}

/// A writable view of an output descriptor (its `writeable` flag set, no
/// element reached twice).
///
/// # Safety
/// As [`input`], and the memory is writable.
pub(crate) unsafe fn output(
    desc: *const StridekitArray,
) -> Result<(Layout, DynViewMut<'static>), Failure> {
    // SAFETY: forwarded.
    let l = unsafe { layout(desc, "out")? };
    // SAFETY: `layout` checked the pointer.
    if unsafe { (*desc).writeable } == 0 {
        return Err(value_error("out: the descriptor is not writeable"));
    }
    // SAFETY: the caller's promise; size arithmetic and overlap are checked inside.
    let v =
        unsafe { DynViewMut::from_raw_parts_mut(l.data, l.dtype.clone(), &l.shape, &l.strides) }
            .map_err(|e| value_error(format!("out: {e}")))?;
    Ok((l, v))
}

/// An input descriptor's view, copied if it overlaps the output.
pub(crate) fn unaliased(
    (_, v): (Layout, DynView<'static>),
    out: &DynViewMut<'_>,
) -> stridekit::dynamic::Unaliased<'static> {
    stridekit::dynamic::Unaliased::new(v, out)
}

/// A NUL-terminated string argument.
///
/// # Safety
/// `s` is NULL or a NUL-terminated string.
pub(crate) unsafe fn text<'a>(s: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if s.is_null() {
        return Err(value_error(format!("{what} is NULL")));
    }
    // SAFETY: the caller's promise.
    unsafe { CStr::from_ptr(s) }
        .to_str()
        .map_err(|_| value_error(format!("{what} is not UTF-8")))
}
