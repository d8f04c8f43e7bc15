//! `.npy` files as memory maps: open, describe, close.

use crate::descriptor::{code_of, text, StridekitArray};
use crate::status::{guard, value_error};
use std::ffi::{c_char, c_void};
use stridekit::npy::{Map, MapMut};

/// An open `.npy` memory map (opaque): the file's array stays valid until
/// `stridekit_npy_close`.
pub struct StridekitNpy {
    map: Mapping,
    shape: Vec<i64>,
    strides: Vec<i64>,
}

enum Mapping {
    Read(Map),
    Write(MapMut),
}

/// Maps the `.npy` file at `path` (read-only, or shared and writable if
/// `writeable` is non-zero: writes reach the file) and stores a handle in
/// `*npy`. The header is checked; a structured dtype is refused (a
/// descriptor holds one scalar type).
///
/// # Safety
/// `path` is NULL or a NUL-terminated string; `npy` is NULL or writable.
/// While the map is open, nothing else may truncate the file.
#[no_mangle]
pub unsafe extern "C" fn stridekit_npy_open(
    path: *const c_char,
    writeable: i32,
    npy: *mut *mut StridekitNpy,
) -> i32 {
    guard(|| {
        if npy.is_null() {
            return Err(value_error("npy (the handle's address) is NULL"));
        }
        // SAFETY: the caller's promise.
        let path = unsafe { text(path, "path")? };
        let map = if writeable != 0 {
            Mapping::Write(MapMut::open(path)?)
        } else {
            Mapping::Read(Map::open(path)?)
        };
        let view = match &map {
            Mapping::Read(m) => m.view(),
            Mapping::Write(m) => m.view(),
        };
        code_of(view.dtype())?;
        let shape = view.shape().iter().map(|&n| n as i64).collect();
        let strides = view.strides().iter().map(|&s| s as i64).collect();
        let handle = Box::new(StridekitNpy {
            map,
            shape,
            strides,
        });
        // SAFETY: `npy` is non-null and writable (the caller's promise).
        unsafe { *npy = Box::into_raw(handle) };
        Ok(())
    })
}

/// Fills `*out` with the descriptor of the mapped array (its shape and
/// strides arrays belong to the handle).
///
/// # Safety
/// `npy` is NULL or a handle from `stridekit_npy_open` not yet closed;
/// `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn stridekit_npy_array(
    npy: *const StridekitNpy,
    out: *mut StridekitArray,
) -> i32 {
    guard(|| {
        // SAFETY: the caller's promise (an open handle or NULL).
        let Some(h) = (unsafe { npy.as_ref() }) else {
            return Err(value_error("npy is NULL"));
        };
        if out.is_null() {
            return Err(value_error("out is NULL"));
        }
        let (view, writeable) = match &h.map {
            Mapping::Read(m) => (m.view(), 0),
            Mapping::Write(m) => (m.view(), 1),
        };
        let (dtype, byteorder) = code_of(view.dtype())?;
        let desc = StridekitArray {
            data: view.as_ptr().cast_mut().cast::<c_void>(),
            ndim: h.shape.len() as i32,
            shape: h.shape.as_ptr(),
            strides: h.strides.as_ptr(),
            dtype,
            byteorder,
            writeable,
        };
        // SAFETY: `out` is non-null and writable (the caller's promise).
        unsafe { *out = desc };
        Ok(())
    })
}

/// Unmaps the file (a writable map is flushed first) and frees the handle;
/// NULL is ignored. Returns the flush's status.
///
/// # Safety
/// `npy` is NULL or a handle from `stridekit_npy_open`, closed once.
#[no_mangle]
pub unsafe extern "C" fn stridekit_npy_close(npy: *mut StridekitNpy) -> i32 {
    guard(|| {
        if npy.is_null() {
            return Ok(());
        }
        // SAFETY: a handle from `Box::into_raw`, closed once (the caller's promise).
        let h = unsafe { Box::from_raw(npy) };
        if let Mapping::Write(m) = &h.map {
            m.flush()?;
        }
        Ok(())
    })
}
