//! NumPy arrays to stridekit views and back, and errors to exceptions.

use numpy::npyffi::{self, flags, PY_ARRAY_API};
use numpy::{PyArrayDescr, PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyIndexError, PyMemoryError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyAny;
use stridekit::dtype::{ByteOrder, DType, Kind, Scalar};
use stridekit::{DynArray, DynView, DynViewMut, Error, ErrorKind};

/// Inputs at least this large are worked on with the GIL released (below
/// it, releasing and taking the GIL back costs more than it frees).
pub const GIL_FREE_BYTES: usize = 64 * 1024;

/// A stridekit error as the exception NumPy raises for the same fault.
pub fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e.kind() {
        ErrorKind::Type => PyTypeError::new_err(msg),
        ErrorKind::Index => PyIndexError::new_err(msg),
        ErrorKind::Memory => PyMemoryError::new_err(msg),
        ErrorKind::Io => PyOSError::new_err(msg),
        _ => PyValueError::new_err(msg),
    }
}

/// `Result<T, stridekit::Error>` into `PyResult<T>`.
pub trait OrPy<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> OrPy<T> for stridekit::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// An argument as a NumPy array (itself, or `numpy.asarray(obj)`).
pub fn as_array<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyUntypedArray>> {
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return Ok(a.clone());
    }
    static ASARRAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let py = obj.py();
    let asarray = ASARRAY.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("numpy")?.getattr("asarray")?.unbind())
    })?;
    Ok(asarray
        .bind(py)
        .call1((obj,))?
        .cast_into::<PyUntypedArray>()?)
}

/// The stridekit type of a NumPy dtype (scalar types only).
pub fn dtype_from_descr(d: &Bound<'_, PyArrayDescr>) -> PyResult<DType> {
    let kind = match d.kind() {
        b'b' => Kind::Bool,
        b'i' => Kind::Int,
        b'u' => Kind::UInt,
        b'f' => Kind::Float,
        _ => {
            return Err(PyTypeError::new_err(format!(
            "stridekit does not compute on dtype {} (booleans, integers and float16/32/64 only)",
            d.str()?
        )))
        }
    };
    let order = match d.byteorder() {
        b'>' => ByteOrder::Big,
        b'<' => ByteOrder::Little,
        _ => ByteOrder::NATIVE,
    };
    let s =
        Scalar::new(kind, d.itemsize(), order).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    Ok(DType::Scalar(s))
}

/// The parts of a NumPy array: data pointer, dtype, shape, byte strides.
fn parts(a: &Bound<'_, PyUntypedArray>) -> PyResult<(*mut u8, DType, Vec<usize>, Vec<isize>)> {
    let dtype = dtype_from_descr(&a.dtype())?;
    // SAFETY: `a` is a live NumPy array object; `data` is its field.
    let data = unsafe { (*a.as_array_ptr()).fields.data }.cast::<u8>();
    Ok((data, dtype, a.shape().to_vec(), a.strides().to_vec()))
}

/// A read-only view of a NumPy array's memory.
///
/// The view borrows memory the array owns: the caller keeps `a` alive
/// while the view is used (the `'static` is the caller's promise). As in
/// NumPy's own loops, another Python thread that writes the array during a
/// GIL-free call races with it.
pub fn view(a: &Bound<'_, PyUntypedArray>) -> PyResult<DynView<'static>> {
    let (data, dtype, shape, strides) = parts(a)?;
    // SAFETY: NumPy's shape and strides describe memory it keeps readable
    // while `a` lives (the caller keeps it alive for the view's use).
    unsafe { DynView::from_raw_parts(data, dtype, &shape, &strides) }.py()
}

/// A writable view of a NumPy array given as `out=`.
pub fn view_mut(a: &Bound<'_, PyUntypedArray>) -> PyResult<DynViewMut<'static>> {
    // SAFETY: a live NumPy array object.
    let writeable = unsafe { (*a.as_array_ptr()).fields.flags } & flags::NPY_ARRAY_WRITEABLE != 0;
    if !writeable {
        return Err(PyValueError::new_err("output array is read-only"));
    }
    let (data, dtype, shape, strides) = parts(a)?;
    // SAFETY: as `view`, and NumPy lets a writeable array's memory be
    // written; overlapping elements are refused inside.
    unsafe { DynViewMut::from_raw_parts_mut(data, dtype, &shape, &strides) }.py()
}

/// The owner of a result's buffer: the NumPy array's `base`.
#[pyclass(module = "stridekit._native", frozen)]
pub struct Buffer {
    _array: DynArray,
}

/// The NumPy dtype of a stridekit scalar type (native order).
fn descr<'py>(py: Python<'py>, t: &DType) -> PyResult<Bound<'py, PyArrayDescr>> {
    use numpy::dtype;
    let DType::Scalar(s) = t else {
        return Err(PyTypeError::new_err("structured results are not returned"));
    };
    if !s.is_native() {
        // A byte swap keeps the other order (NumPy's `byteswap()`).
        return PyArrayDescr::new(py, s.type_str());
    }
    Ok(match (s.kind, s.size) {
        (Kind::Bool, _) => dtype::<bool>(py),
        (Kind::Int, 1) => dtype::<i8>(py),
        (Kind::Int, 2) => dtype::<i16>(py),
        (Kind::Int, 4) => dtype::<i32>(py),
        (Kind::Int, 8) => dtype::<i64>(py),
        (Kind::UInt, 1) => dtype::<u8>(py),
        (Kind::UInt, 2) => dtype::<u16>(py),
        (Kind::UInt, 4) => dtype::<u32>(py),
        (Kind::UInt, 8) => dtype::<u64>(py),
        (Kind::Float, 2) => dtype::<half::f16>(py),
        (Kind::Float, 4) => dtype::<f32>(py),
        (Kind::Float, 8) => dtype::<f64>(py),
        _ => {
            return Err(PyTypeError::new_err(format!(
                "no NumPy dtype for {}",
                t.descr()
            )))
        }
    })
}

/// A NumPy array of `descr` over memory that `owner` keeps alive: the
/// owner becomes the array's `base`, so the memory lives as long as any
/// array made from it.
///
/// # Safety
/// `shape` and `strides` (bytes) from `data` describe memory inside what
/// `owner` holds, valid (and writable if `writeable`) while it lives.
pub unsafe fn array_over<'py>(
    py: Python<'py>,
    descr: Bound<'py, PyArrayDescr>,
    data: *mut u8,
    shape: &[usize],
    strides: &[isize],
    writeable: bool,
    owner: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut dims: Vec<npyffi::npy_intp> = shape.iter().map(|&n| n as npyffi::npy_intp).collect();
    let mut st: Vec<npyffi::npy_intp> = strides.iter().map(|&s| s as npyffi::npy_intp).collect();
    let flags = if writeable {
        flags::NPY_ARRAY_WRITEABLE
    } else {
        0
    };
    // SAFETY: the C API makes an array over `data` with these dims and
    // strides (the caller's promise: inside the owner's memory) and steals
    // the descr reference; SetBaseObject steals the owner's reference.
    unsafe {
        let api = &PY_ARRAY_API;
        let arr = api.PyArray_NewFromDescr(
            py,
            npyffi::get_type_object(py, npyffi::NpyTypes::PyArray_Type),
            descr.into_dtype_ptr(),
            dims.len() as std::ffi::c_int,
            dims.as_mut_ptr(),
            st.as_mut_ptr(),
            data.cast(),
            flags,
            std::ptr::null_mut(),
        );
        let arr = Bound::from_owned_ptr_or_err(py, arr)?;
        if api.PyArray_SetBaseObject(py, arr.as_ptr().cast(), owner.into_ptr()) < 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(arr)
    }
}

/// A stridekit result as a NumPy array over the same buffer (no copy).
pub fn to_numpy<'py>(py: Python<'py>, mut a: DynArray) -> PyResult<Bound<'py, PyAny>> {
    let d = descr(py, a.dtype())?;
    let (shape, strides) = (a.shape().to_vec(), a.strides().to_vec());
    let data = a.as_mut_ptr();
    let owner = Bound::new(py, Buffer { _array: a })?.into_any();
    // SAFETY: the layout is the owned array's own, over its buffer.
    unsafe { array_over(py, d, data, &shape, &strides, true, owner) }
}

/// A 0-d result as NumPy's scalar (`np.float64`, `np.int64`, …).
pub fn to_scalar<'py>(py: Python<'py>, a: DynArray) -> PyResult<Bound<'py, PyAny>> {
    let arr = to_numpy(py, a)?;
    arr.get_item(())
}

/// Bytes an operation will touch (for the GIL decision).
pub fn bytes_of(v: &DynView<'_>) -> usize {
    v.len() * v.dtype().itemsize()
}
