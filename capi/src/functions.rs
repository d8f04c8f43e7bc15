//! The C entry points over descriptors. Each validates its descriptors,
//! copies an input that overlaps the output, runs the runtime-typed
//! operation (`stridekit::dynamic`) and reports a status.

use crate::descriptor::{input, output, text, unaliased, StridekitArray, STRIDEKIT_ALL_AXES};
use crate::status::{guard, value_error, Failure};
use std::ffi::c_char;
use stridekit::dynamic::{self, Reduce};

fn unknown(kind: &str, name: &str) -> Failure {
    value_error(format!("unknown {kind} {name:?}"))
}

fn ddof_of(ddof: i64) -> Result<usize, Failure> {
    usize::try_from(ddof).map_err(|_| value_error(format!("ddof {ddof} is negative")))
}

/// `out = op(a, b)`, NumPy's binary ufuncs with `out=`: `op` is `"add"`,
/// `"subtract"`, `"multiply"`, `"divide"`, `"maximum"`, `"minimum"`,
/// `"fmax"` or `"fmin"`. `a` and `b` broadcast to `out`'s shape; all three
/// have one type (`out` native).
///
/// # Safety
/// Each descriptor is NULL or valid: it describes memory that exists for
/// the call (readable; `out` also writable) and that no other thread
/// writes meanwhile. `op` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn stridekit_binary(
    op: *const c_char,
    a: *const StridekitArray,
    b: *const StridekitArray,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises, as documented above.
        let name = unsafe { text(op, "op")? };
        let op = dynamic::binary_op(name).ok_or_else(|| unknown("binary op", name))?;
        // SAFETY: as above.
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        // SAFETY: as above.
        let b = unaliased(unsafe { input(b, "b")? }, &o);
        Ok(dynamic::binary_into(op, &a.view(), &b.view(), o)?)
    })
}

/// `out = op(a)`: `op` is `"negative"`, `"absolute"`, `"sqrt"` or `"square"`.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_unary(
    op: *const c_char,
    a: *const StridekitArray,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let name = unsafe { text(op, "op")? };
        let op = dynamic::unary_op(name).ok_or_else(|| unknown("unary op", name))?;
        // SAFETY: as above.
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        Ok(dynamic::unary_into(op, &a.view(), o)?)
    })
}

/// `out = op(a, axis)`: `op` is `"sum"`, `"nansum"`, `"mean"`, `"min"`,
/// `"max"`, `"nanmin"`, `"nanmax"`, `"var"` or `"std"` (those two with
/// `ddof`). `axis` is an axis (negative counts from the end) or
/// `STRIDEKIT_ALL_AXES` (`out` is then 0-d). `out` has the result's shape
/// and type: NumPy's (`int64` for the sum of `int32`, exact).
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_reduce(
    op: *const c_char,
    a: *const StridekitArray,
    axis: i32,
    ddof: i64,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let name = unsafe { text(op, "op")? };
        let op =
            Reduce::from_name(name, ddof_of(ddof)?).ok_or_else(|| unknown("reduction", name))?;
        // SAFETY: as above.
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        let axis = (axis != STRIDEKIT_ALL_AXES).then_some(axis as isize);
        Ok(dynamic::reduce_into(op, &a.view(), axis, o)?)
    })
}

/// `out = sliding_window_view(a, window, axis).<op>(axis=-1)` in O(len):
/// `op` is `"sum"`, `"mean"`, `"min"`, `"max"`, `"var"` or `"std"` (with
/// `ddof`); float32/float64. `out`'s shape is `a`'s with
/// `len - window + 1` along `axis`.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_rolling(
    op: *const c_char,
    a: *const StridekitArray,
    axis: i32,
    window: i64,
    ddof: i64,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let name = unsafe { text(op, "op")? };
        let op =
            dynamic::rolling_op(name, ddof_of(ddof)?).ok_or_else(|| unknown("rolling op", name))?;
        let w = usize::try_from(window)
            .map_err(|_| value_error(format!("window {window} is negative")))?;
        // SAFETY: as above.
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        Ok(dynamic::rolling_into(op, &a.view(), axis as isize, w, o)?)
    })
}

/// Shared body of convolve and correlate.
///
/// # Safety
/// As [`stridekit_binary`].
unsafe fn product(
    correlate: bool,
    a: *const StridekitArray,
    v: *const StridekitArray,
    mode: *const c_char,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let name = unsafe { text(mode, "mode")? };
        let mode = dynamic::mode(name).ok_or_else(|| unknown("mode", name))?;
        // SAFETY: as above.
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        // SAFETY: as above.
        let v = unaliased(unsafe { input(v, "v")? }, &o);
        let r = if correlate {
            dynamic::correlate(&a.view(), &v.view(), mode)?
        } else {
            dynamic::convolve(&a.view(), &v.view(), mode)?
        };
        if r.shape() != o.shape() {
            return Err(value_error(format!(
                "out has shape {:?}, the result {:?}",
                o.shape(),
                r.shape()
            )));
        }
        Ok(dynamic::copy_into(&r.view(), o)?)
    })
}

/// `out = np.convolve(a, v, mode)`, `mode` `"full"`, `"same"` or `"valid"`.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_convolve(
    a: *const StridekitArray,
    v: *const StridekitArray,
    mode: *const c_char,
    out: *const StridekitArray,
) -> i32 {
    // SAFETY: forwarded.
    unsafe { product(false, a, v, mode, out) }
}

/// `out = np.correlate(a, v, mode)`.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_correlate(
    a: *const StridekitArray,
    v: *const StridekitArray,
    mode: *const c_char,
    out: *const StridekitArray,
) -> i32 {
    // SAFETY: forwarded.
    unsafe { product(true, a, v, mode, out) }
}

/// `out = a.byteswap()`: every item's bytes reversed (items of one size).
/// To read big-endian data as native values, describe the output with the
/// same type and native order.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_byteswap(
    a: *const StridekitArray,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        Ok(dynamic::byteswap_into(&a.view(), o)?)
    })
}

/// `np.copyto(out, a.astype(out.dtype))`: converted to `out`'s type (floats
/// to integers truncate and saturate, NaN to 0); `a` broadcasts.
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_astype(
    a: *const StridekitArray,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        Ok(dynamic::astype_into(&a.view(), o)?)
    })
}

/// `out = np.take(a, indices, axis)`: `indices` is 1-D, any integer type
/// (negative counts from the end; out of range is `STRIDEKIT_ERR_INDEX`).
///
/// # Safety
/// As [`stridekit_binary`].
#[no_mangle]
pub unsafe extern "C" fn stridekit_take(
    a: *const StridekitArray,
    axis: i32,
    indices: *const StridekitArray,
    out: *const StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promises (see stridekit_binary).
        let (_, o) = unsafe { output(out)? };
        // SAFETY: as above.
        let a = unaliased(unsafe { input(a, "a")? }, &o);
        // SAFETY: as above.
        let i = unaliased(unsafe { input(indices, "indices")? }, &o);
        let r = dynamic::take(&a.view(), axis as isize, &i.view())?;
        if r.shape() != o.shape() {
            return Err(value_error(format!(
                "out has shape {:?}, the result {:?}",
                o.shape(),
                r.shape()
            )));
        }
        Ok(dynamic::copy_into(&r.view(), o)?)
    })
}

/// The ISA the kernels run on (`"avx512"`, `"avx2"`, `"neon"`, `"scalar"`),
/// a static string; `"unavailable"` if `STRIDEKIT_ISA` names one this CPU
/// lacks.
#[no_mangle]
pub extern "C" fn stridekit_active_isa() -> *const c_char {
    match stridekit::kernels::active_isa() {
        Ok(isa) => isa_name(isa).as_ptr(),
        Err(_) => c"unavailable".as_ptr(),
    }
}

fn isa_name(isa: stridekit::kernels::Isa) -> &'static std::ffi::CStr {
    use stridekit::kernels::Isa;
    match isa {
        Isa::Scalar => c"scalar",
        Isa::Avx2 => c"avx2",
        Isa::Avx512 => c"avx512",
        Isa::Neon => c"neon",
    }
}

/// The dispatch report (CPU features, the ISA chosen and why, the kernels
/// per ISA) as text: writes at most `capacity` bytes including the NUL
/// into `buffer` (if not NULL) and returns the report's full length
/// without the NUL, so a first call with `capacity` 0 sizes the buffer.
///
/// # Safety
/// `buffer` is NULL or has `capacity` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn stridekit_dispatch_report(buffer: *mut c_char, capacity: usize) -> usize {
    let report = std::panic::catch_unwind(stridekit::kernels::report).unwrap_or_default();
    let bytes = report.as_bytes();
    if !buffer.is_null() && capacity > 0 {
        let n = bytes.len().min(capacity - 1);
        // SAFETY: `buffer` has `capacity` > n bytes (the caller's promise);
        // the report is a separate allocation.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr().cast::<c_char>(), buffer, n);
            *buffer.add(n) = 0;
        }
    }
    bytes.len()
}
