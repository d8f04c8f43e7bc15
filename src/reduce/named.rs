//! The reductions by name (`sum`, `mean`, `max`, `argmax`, …) and by
//! operation (`reduce`, `arg`), for every [`Real`] element type.
//!
//! `f32`/`f64` run the float kernels directly. A half float (`f16`,
//! `bf16`) is widened exactly to `f32` (one SIMD conversion pass into a
//! temporary), reduced there in the same fixed order, and rounded once —
//! NumPy's `float16` reductions accumulate in `f32` too. An index result
//! (`argmax`) needs no rounding: widening keeps every order and every NaN.

use crate::array_ref::ArrayRef;
use crate::axis::Axis;
use crate::error::Result;
use crate::kernels::{ArgReduction, Float, Real, Reduction};
use crate::view::{Array, ArrayView};

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// `f(self as T::Wide)`: the same bytes for `f32`/`f64`, an exact
    /// widened copy for the half floats.
    fn in_wide<R>(&self, f: impl FnOnce(&ArrayRef<T::Wide>) -> Result<R>) -> Result<R>
    where
        T: Real,
    {
        if T::WIDENS {
            return f(&self.astype::<T::Wide>()?);
        }
        f(&self.retyped::<T::Wide>())
    }

    /// A value reduction of all elements (in C index order). Sums of nothing
    /// are `+0`; `max`/`min`/`nan*` of nothing are [`KernelError::Empty`](crate::kernels::KernelError::Empty).
    pub fn reduce(&self, op: Reduction) -> Result<T>
    where
        T: Real,
    {
        self.in_wide(|w| w.reduce_float(op)).map(T::from_wide)
    }

    /// [`reduce`](Self::reduce) with NumPy's `keepdims=True`: the one value
    /// in an array with every axis kept at length 1.
    pub fn reduce_keepdims(&self, op: Reduction) -> Result<Array<T>>
    where
        T: Real,
    {
        let value = self.reduce(op)?;
        Array::full(&vec![1; self.ndim()], value)
    }

    /// The C-order flat index of the extreme `op` looks for (NumPy's
    /// `argmax()` without an axis).
    pub fn arg(&self, op: ArgReduction) -> Result<usize>
    where
        T: Real,
    {
        self.in_wide(|w| w.arg_float(op))
    }
}

/// Named whole-array and per-axis reductions.
impl<T: bytemuck::Pod> ArrayRef<T> {
    /// Sum of all elements in the fixed, ISA-independent order (`+0` for none).
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f64)?;
    /// assert_eq!(m.sum()?, 15.0);
    /// assert_eq!(m.t().sum()?, 15.0); // any layout, same order of terms
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn sum(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::Sum)
    }
    /// Sum ignoring NaN.
    pub fn nansum(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::NanSum)
    }
    /// `Σ x²` (each square fused into its accumulation).
    pub fn sum_squares(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::SumSquares)
    }
    /// Euclidean norm of all elements, `sqrt(Σ x²)`.
    pub fn norm(&self) -> Result<T>
    where
        T: Real,
    {
        let ss = self.in_wide(|w| w.reduce_float(Reduction::SumSquares))?;
        Ok(T::from_wide(ss.sqrt()))
    }
    /// Mean of all elements (NaN for none, as NumPy).
    ///
    /// ```
    /// use stridekit::Array;
    /// assert_eq!(Array::from_slice(&[1.0f32, 2.0, 6.0], &[3])?.mean()?, 3.0);
    /// assert!(Array::<f32>::zeros(&[0])?.mean()?.is_nan());
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn mean(&self) -> Result<T>
    where
        T: Real,
    {
        let n = self.len() as f64;
        self.in_wide(|w| Ok(w.reduce_float(Reduction::Sum)?.div(Float::from_f64(n))))
            .map(T::from_wide)
    }
    /// Largest element (NaN if any is NaN; `+0 > -0`); empty is an error.
    ///
    /// ```
    /// use stridekit::Array;
    /// assert_eq!(Array::from_slice(&[3.0f64, -1.0, 7.5], &[3])?.max()?, 7.5);
    /// assert!(Array::from_slice(&[3.0f64, f64::NAN], &[2])?.max()?.is_nan());
    /// assert!(Array::<f64>::zeros(&[0])?.max().is_err());
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn max(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::Max)
    }
    /// Smallest element (NaN if any is NaN; `-0 < +0`); empty is an error.
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_slice(&[0.0f32, -0.0, 2.0], &[3])?;
    /// let lo = m.min()?;
    /// assert!(lo == 0.0 && lo.is_sign_negative()); // -0 is the smaller zero
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn min(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::Min)
    }
    /// Largest non-NaN element (NaN if all are NaN).
    pub fn nanmax(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::NanMax)
    }
    /// Smallest non-NaN element (NaN if all are NaN).
    pub fn nanmin(&self) -> Result<T>
    where
        T: Real,
    {
        self.view().reduce(Reduction::NanMin)
    }
    /// C-order flat index of the first largest element (of the first NaN if any).
    pub fn argmax(&self) -> Result<usize>
    where
        T: Real,
    {
        self.view().arg(ArgReduction::ArgMax)
    }
    /// C-order flat index of the first smallest element (of the first NaN if any).
    pub fn argmin(&self) -> Result<usize>
    where
        T: Real,
    {
        self.view().arg(ArgReduction::ArgMin)
    }
    /// C-order flat index of the first largest non-NaN element.
    pub fn nanargmax(&self) -> Result<usize>
    where
        T: Real,
    {
        self.view().arg(ArgReduction::NanArgMax)
    }
    /// C-order flat index of the first smallest non-NaN element.
    pub fn nanargmin(&self) -> Result<usize>
    where
        T: Real,
    {
        self.view().arg(ArgReduction::NanArgMin)
    }
    /// Sums along `axis` (the axis is removed).
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32)?;
    /// assert_eq!(m.sum_axis(0)?.to_vec(), vec![3.0, 5.0, 7.0]); // m.sum(axis=0)
    /// assert_eq!(m.sum_axis(-1)?.to_vec(), vec![3.0, 12.0]); // m.sum(axis=-1)
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn sum_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Real,
    {
        self.view().reduce_axis(Reduction::Sum, axis, false)
    }
    /// Maxima along `axis`.
    pub fn max_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Real,
    {
        self.view().reduce_axis(Reduction::Max, axis, false)
    }
    /// Minima along `axis`.
    pub fn min_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Real,
    {
        self.view().reduce_axis(Reduction::Min, axis, false)
    }
    /// Means along `axis`.
    pub fn mean_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Real,
    {
        let v = self.view();
        let axis = crate::axis::resolve(axis, v.ndim())?;
        if T::WIDENS {
            return v.astype::<T::Wide>()?.mean_axis(axis)?.astype::<T>();
        }
        let mut s = v.reduce_axis(Reduction::Sum, axis, false)?;
        let n = T::from_wide(Float::from_f64(v.shape()[axis] as f64));
        crate::ops::div_assign(&mut s, ArrayView::scalar(&n))?;
        Ok(s)
    }
}
