//! The module's functions: each turns its arguments into stridekit views,
//! runs a `stridekit::dynamic` operation (without the GIL when the data is
//! large) and returns NumPy arrays or scalars.

use crate::convert::{
    as_array, bytes_of, to_numpy, to_scalar, view, view_mut, OrPy, GIL_FREE_BYTES,
};
use numpy::PyUntypedArray;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use stridekit::dynamic::{self, Reduce, Unaliased};
use stridekit::kernels::{BinaryOp, UnaryOp};
use stridekit::{DynArray, DynView, DynViewMut};

/// Runs `f` with the GIL released if `bytes` is large.
fn run<T: Send>(py: Python<'_>, bytes: usize, f: impl FnOnce() -> T + Send) -> T {
    if bytes >= GIL_FREE_BYTES {
        py.detach(f)
    } else {
        f()
    }
}

/// The body of every reduction.
fn reduce_py<'py>(
    py: Python<'py>,
    op: Reduce,
    a: &Bound<'py, PyAny>,
    axis: Option<isize>,
) -> PyResult<Bound<'py, PyAny>> {
    let arr = as_array(a)?;
    let v = view(&arr)?;
    let r = run(py, bytes_of(&v), || dynamic::reduce(op, &v, axis)).py()?;
    if axis.is_none() {
        to_scalar(py, r)
    } else {
        to_numpy(py, r)
    }
}

macro_rules! reductions {
    ($($name:ident $op:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (a, axis=None))]
        fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, axis: Option<isize>) -> PyResult<Bound<'py, PyAny>> {
            reduce_py(py, $op, a, axis)
        }
    )*};
}

reductions! {
    sum Reduce::Sum, "Sum of the elements (axis=None: all; an int: along that axis).\n\nFloats are summed in stridekit's fixed blocked-pairwise order, so the bits are the same on every CPU and thread count; integers exactly in int64/uint64 (an overflow raises, NumPy wraps).";
    nansum Reduce::NanSum, "Sum treating NaN as zero, in the fixed order.";
    mean Reduce::Mean, "Mean of the elements (the fixed-order sum divided by the count).";
    min Reduce::Min, "Smallest element (NaN if any is NaN); integers too.";
    max Reduce::Max, "Largest element (NaN if any is NaN); integers too.";
    nanmin Reduce::NanMin, "Smallest element ignoring NaN.";
    nanmax Reduce::NanMax, "Largest element ignoring NaN.";
}

/// Variance with `ddof` (float32/float64), as `numpy.var`.
#[pyfunction]
#[pyo3(signature = (a, axis=None, ddof=0))]
fn var<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    axis: Option<isize>,
    ddof: usize,
) -> PyResult<Bound<'py, PyAny>> {
    reduce_py(py, Reduce::Var { ddof }, a, axis)
}

/// Standard deviation with `ddof` (float32/float64), as `numpy.std`.
#[pyfunction]
#[pyo3(name = "std", signature = (a, axis=None, ddof=0))]
fn std_<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    axis: Option<isize>,
    ddof: usize,
) -> PyResult<Bound<'py, PyAny>> {
    reduce_py(py, Reduce::Std { ddof }, a, axis)
}

/// Dot product of two 1-D float arrays, in the fixed order.
#[pyfunction]
fn dot<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (as_array(a)?, as_array(b)?);
    let (va, vb) = (view(&a)?, view(&b)?);
    let r = run(py, bytes_of(&va), || dynamic::dot(&va, &vb)).py()?;
    to_scalar(py, r)
}

/// The body of the element-wise functions with `out=`.
fn elementwise<'py>(
    py: Python<'py>,
    inputs: &[&Bound<'py, PyAny>],
    out: Option<&Bound<'py, PyAny>>,
    new: impl FnOnce(&[DynView<'_>]) -> stridekit::Result<DynArray> + Send,
    into: impl FnOnce(&[DynView<'_>], DynViewMut<'_>) -> stridekit::Result<()> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let arrays = inputs
        .iter()
        .map(|a| as_array(a))
        .collect::<PyResult<Vec<_>>>()?;
    let views = arrays.iter().map(view).collect::<PyResult<Vec<_>>>()?;
    let bytes = views.iter().map(bytes_of).max().unwrap_or(0);
    match out {
        None => {
            let r = run(py, bytes, || new(&views)).py()?;
            to_numpy(py, r)
        }
        Some(out) => {
            let out_arr = out.cast::<PyUntypedArray>().map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err("out must be a numpy.ndarray")
            })?;
            let o = view_mut(out_arr)?;
            let inputs: Vec<Unaliased> = views.into_iter().map(|v| Unaliased::new(v, &o)).collect();
            run(py, bytes, || {
                let views: Vec<DynView<'_>> = inputs.iter().map(Unaliased::view).collect();
                into(&views, o)
            })
            .py()?;
            Ok(out.clone())
        }
    }
}

macro_rules! binaries {
    ($($name:ident $op:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (a, b, out=None))]
        fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, b: &Bound<'py, PyAny>, out: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
            elementwise(py, &[a, b], out,
                |v| dynamic::binary($op, &v[0], &v[1]),
                |v, o| dynamic::binary_into($op, &v[0], &v[1], o))
        }
    )*};
}

binaries! {
    add BinaryOp::Add, "a + b (broadcast; one dtype; out= writes into an array).";
    subtract BinaryOp::Sub, "a - b.";
    multiply BinaryOp::Mul, "a * b.";
    divide BinaryOp::Div, "a / b (floats).";
    maximum BinaryOp::Maximum, "numpy.maximum: NaN wins, +0 > -0.";
    minimum BinaryOp::Minimum, "numpy.minimum.";
    fmax BinaryOp::Fmax, "numpy.fmax: NaN ignored.";
    fmin BinaryOp::Fmin, "numpy.fmin: NaN ignored.";
}

macro_rules! unaries {
    ($($name:ident $op:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (a, out=None))]
        fn $name<'py>(py: Python<'py>, a: &Bound<'py, PyAny>, out: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
            elementwise(py, &[a], out,
                |v| dynamic::unary($op, &v[0]),
                |v, o| dynamic::unary_into($op, &v[0], o))
        }
    )*};
}

unaries! {
    negative UnaryOp::Neg, "-a.";
    absolute UnaryOp::Abs, "|a|.";
    sqrt UnaryOp::Sqrt, "Square root (floats), correctly rounded.";
    square UnaryOp::Square, "a * a.";
}

/// `a <op> b` as a boolean array: op is "equal", "not_equal", "less",
/// "less_equal", "greater", "greater_equal" (or "==", "<", …).
#[pyfunction]
fn compare<'py>(
    py: Python<'py>,
    op: &str,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let op = dynamic::compare_op(op)
        .ok_or_else(|| PyValueError::new_err(format!("unknown comparison {op:?}")))?;
    elementwise(
        py,
        &[a, b],
        None,
        |v| dynamic::compare(op, &v[0], &v[1]),
        |_, _| unreachable!("no out"),
    )
}

/// numpy.where(condition, x, y): condition boolean, x and y one dtype.
#[pyfunction]
#[pyo3(name = "where")]
fn where_<'py>(
    py: Python<'py>,
    condition: &Bound<'py, PyAny>,
    x: &Bound<'py, PyAny>,
    y: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    elementwise(
        py,
        &[condition, x, y],
        None,
        |v| dynamic::select(&v[0], &v[1], &v[2]),
        |_, _| unreachable!("no out"),
    )
}

/// A copy converted to `dtype` (floats to integers truncate and saturate;
/// NaN becomes 0), as `a.astype(dtype)`. float16 included.
#[pyfunction]
fn astype<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    dtype: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let target = numpy::PyArrayDescr::new(py, dtype)?;
    let to = crate::convert::dtype_from_descr(&target)?;
    let arr = as_array(a)?;
    let v = view(&arr)?;
    let r = run(py, bytes_of(&v), || dynamic::astype(&v, &to)).py()?;
    to_numpy(py, r)
}

/// Every item's bytes reversed (numpy's `a.byteswap()`: the dtype is kept).
#[pyfunction]
fn byteswap<'py>(py: Python<'py>, a: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let arr = as_array(a)?;
    let v = view(&arr)?;
    let r = run(py, bytes_of(&v), || dynamic::byteswap(&v)).py()?;
    to_numpy(py, r)
}

/// numpy.take(a, indices, axis): indices 1-D integers (negative from the end).
#[pyfunction]
fn take<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    indices: &Bound<'py, PyAny>,
    axis: isize,
) -> PyResult<Bound<'py, PyAny>> {
    let (arr, idx) = (as_array(a)?, as_array(indices)?);
    let (v, i) = (view(&arr)?, view(&idx)?);
    let r = run(py, bytes_of(&v), || dynamic::take(&v, axis, &i)).py()?;
    to_numpy(py, r)
}

/// `sliding_window_view(x, window, axis).<op>(axis=-1)` in O(len).
fn rolling_py<'py>(
    py: Python<'py>,
    op: stridekit::Rolling,
    x: &Bound<'py, PyAny>,
    window: usize,
    axis: isize,
) -> PyResult<Bound<'py, PyAny>> {
    let arr = as_array(x)?;
    let v = view(&arr)?;
    let r = run(py, bytes_of(&v), || dynamic::rolling(op, &v, axis, window)).py()?;
    to_numpy(py, r)
}

macro_rules! rollings {
    ($($name:ident $op:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(signature = (x, window, axis=-1))]
        fn $name<'py>(py: Python<'py>, x: &Bound<'py, PyAny>, window: usize, axis: isize) -> PyResult<Bound<'py, PyAny>> {
            rolling_py(py, $op, x, window, axis)
        }
    )*};
}

rollings! {
    rolling_sum stridekit::Rolling::Sum, "Sum of every window of `window` along `axis`, O(len): `sliding_window_view(x, window, axis).sum(axis=-1)`.";
    rolling_mean stridekit::Rolling::Mean, "Mean of every window, O(len).";
    rolling_min stridekit::Rolling::Min, "Minimum of every window, O(len) (monotonic deque).";
    rolling_max stridekit::Rolling::Max, "Maximum of every window, O(len).";
}

/// Variance of every window with `ddof`, O(len) (Welford updates).
#[pyfunction]
#[pyo3(signature = (x, window, axis=-1, ddof=0))]
fn rolling_var<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    window: usize,
    axis: isize,
    ddof: usize,
) -> PyResult<Bound<'py, PyAny>> {
    rolling_py(py, stridekit::Rolling::Var { ddof }, x, window, axis)
}

/// Standard deviation of every window with `ddof`, O(len).
#[pyfunction]
#[pyo3(signature = (x, window, axis=-1, ddof=0))]
fn rolling_std<'py>(
    py: Python<'py>,
    x: &Bound<'py, PyAny>,
    window: usize,
    axis: isize,
    ddof: usize,
) -> PyResult<Bound<'py, PyAny>> {
    rolling_py(py, stridekit::Rolling::Std { ddof }, x, window, axis)
}

fn product<'py>(
    py: Python<'py>,
    correlate: bool,
    a: &Bound<'py, PyAny>,
    v: &Bound<'py, PyAny>,
    mode: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let m = dynamic::mode(mode).ok_or_else(|| {
        PyValueError::new_err(format!(
            "mode must be 'full', 'same' or 'valid', not {mode:?}"
        ))
    })?;
    elementwise(
        py,
        &[a, v],
        None,
        |x| {
            if correlate {
                dynamic::correlate(&x[0], &x[1], m)
            } else {
                dynamic::convolve(&x[0], &x[1], m)
            }
        },
        |_, _| unreachable!("no out"),
    )
}

/// numpy.convolve(a, v, mode) of 1-D float arrays.
#[pyfunction]
#[pyo3(signature = (a, v, mode="full"))]
fn convolve<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    v: &Bound<'py, PyAny>,
    mode: &str,
) -> PyResult<Bound<'py, PyAny>> {
    product(py, false, a, v, mode)
}

/// numpy.correlate(a, v, mode) of 1-D float arrays.
#[pyfunction]
#[pyo3(signature = (a, v, mode="valid"))]
fn correlate<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    v: &Bound<'py, PyAny>,
    mode: &str,
) -> PyResult<Bound<'py, PyAny>> {
    product(py, true, a, v, mode)
}

/// The dispatch report: CPU features, the ISA chosen and why, the kernels.
#[pyfunction]
fn runtime_report() -> String {
    stridekit::kernels::report()
}

/// The ISA the kernels run on ("avx512", "avx2", "neon" or "scalar").
#[pyfunction]
fn active_isa() -> PyResult<&'static str> {
    stridekit::kernels::active_isa()
        .map(|i| i.name())
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    macro_rules! add {
        ($($f:ident),*) => {$( m.add_function(wrap_pyfunction!($f, m)?)?; )*};
    }
    add!(sum, nansum, mean, min, max, nanmin, nanmax, var, std_, dot);
    add!(add, subtract, multiply, divide, maximum, minimum, fmax, fmin);
    add!(negative, absolute, sqrt, square, compare, where_, astype, byteswap, take);
    add!(
        rolling_sum,
        rolling_mean,
        rolling_min,
        rolling_max,
        rolling_var,
        rolling_std
    );
    add!(convolve, correlate, runtime_report, active_isa);
    m.add_class::<crate::convert::Buffer>()?;
    crate::npy::register(m)?;
    m.add("GIL_FREE_BYTES", crate::convert::GIL_FREE_BYTES)?;
    Ok(())
}
