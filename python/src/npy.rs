//! `.npy` files as memory maps returned as NumPy arrays (`numpy.load(...,
//! mmap_mode=...)` through stridekit's checked header parser).

use crate::convert::OrPy;
use numpy::PyArrayDescr;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use stridekit::dtype::DType;
use stridekit::npy::{Map, MapMut};

/// The owner of a mapping: the returned array's `base`. The file stays
/// mapped while any array made from it lives.
#[pyclass(module = "stridekit._native", frozen)]
pub struct NpyMap {
    map: Mapping,
}

enum Mapping {
    Read(Map),
    Write(MapMut),
}

/// Maps the `.npy` file at `path` as a NumPy array with no copy: `mode`
/// "r" (read-only) or "r+" (writes reach the file). The header is checked
/// by stridekit (a malformed or truncated file raises `ValueError`, a
/// missing one `OSError`).
#[pyfunction]
#[pyo3(signature = (path, mode="r"))]
fn open_npy<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    mode: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let map = match mode {
        "r" => Mapping::Read(Map::open(&path).py()?),
        "r+" => Mapping::Write(MapMut::open(&path).py()?),
        _ => {
            return Err(PyValueError::new_err(format!(
                "mode must be 'r' or 'r+', not {mode:?}"
            )))
        }
    };
    let (v, writeable) = match &map {
        Mapping::Read(m) => (m.view(), false),
        Mapping::Write(m) => (m.view(), true),
    };
    let DType::Scalar(scalar) = v.dtype() else {
        return Err(PyTypeError::new_err(format!(
            "{}: structured dtype {}; use numpy.load(path, mmap_mode=...)",
            path.display(),
            v.dtype().descr()
        )));
    };
    let descr = PyArrayDescr::new(py, scalar.type_str())?;
    let (shape, strides) = (v.shape().to_vec(), v.strides().to_vec());
    let data = v.as_ptr().cast_mut();
    let owner = Bound::new(py, NpyMap { map })?.into_any();
    // SAFETY: the header's layout over the mapping's bytes (checked against
    // the file's length); the owner keeps the mapping alive.
    unsafe { crate::convert::array_over(py, descr, data, &shape, &strides, writeable, owner) }
}

#[pymethods]
impl NpyMap {
    /// Writes a writable map's changes to the file now (they reach it
    /// anyway when the map is dropped).
    fn flush(&self) -> PyResult<()> {
        match &self.map {
            Mapping::Write(m) => m.flush().py(),
            Mapping::Read(_) => Ok(()),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(open_npy, m)?)?;
    m.add_class::<NpyMap>()?;
    Ok(())
}
