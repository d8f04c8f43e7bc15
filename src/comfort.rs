//! Everyday comforts on arrays: NumPy's constructors (`arange`,
//! `linspace`, `eye`, `ones`, `*_like`), `a[[i, j]]` indexing, iteration in
//! logical (C) order, equality (`==`, `array_equal`, `allclose`), and
//! scalars as operands (`&a * 2.0`, `a += 1.0`, `2.0 - &a`).

use crate::array_ref::ArrayRef;
use crate::error::Result;
use crate::kernels::{BinaryOp, Float};
use crate::layout;
use crate::ops::binary_new;
use crate::view::{Array, ArrayView, ArrayViewMut, AsView};
use bytemuck::Pod;
use std::mem::{align_of, size_of};

impl<T: Float> Array<T> {
    /// NumPy's `arange(start, stop, step)`: `ceil((stop − start) / step)`
    /// values, filled as NumPy fills them (`x[i] = x[0] + i·(x[1] − x[0])`
    /// in `T`, with `x[1] = start + step` rounded to `T`). A zero or NaN step
    /// is an error, as in NumPy.
    pub fn arange(start: f64, stop: f64, step: f64) -> Result<Self> {
        let len = (stop - start) / step;
        if step == 0.0 || !len.is_finite() {
            return Err(crate::Error::BadRange {
                start: start.to_string(),
                stop: stop.to_string(),
                step: step.to_string(),
            });
        }
        let n = if len.is_nan() || len <= 0.0 {
            0
        } else {
            len.ceil() as usize
        };
        layout::checked_size(&[n], size_of::<T>())?;
        let x0 = T::from_f64(start);
        let delta = T::from_f64(start + step).sub(x0);
        let mut out = Vec::new();
        out.try_reserve_exact(n).map_err(|_| crate::Error::Alloc {
            elements: n,
            bytes: n.saturating_mul(size_of::<T>()),
        })?;
        out.extend((0..n).map(|i| match i {
            0 => x0,
            1 => T::from_f64(start + step),
            _ => x0.add(T::from_f64(i as f64).mul(delta)),
        }));
        Array::from_vec(out, &[n])
    }

    /// NumPy's `linspace(start, stop, num)` (endpoint included): computed in
    /// `f64` as NumPy does (`i·step + start`, the last value exactly
    /// `stop`), then rounded to `T`.
    pub fn linspace(start: f64, stop: f64, num: usize) -> Result<Self> {
        let div = num.saturating_sub(1) as f64;
        let delta = stop - start;
        let step = delta / div;
        let vals: Vec<T> = (0..num)
            .map(|i| {
                let i = i as f64;
                let y = if num <= 1 {
                    i * delta
                } else if step == 0.0 {
                    i / div * delta
                } else {
                    i * step
                } + start;
                T::from_f64(if num > 1 && i == div { stop } else { y })
            })
            .collect();
        Array::from_vec(vals, &[num])
    }

    /// NumPy's `eye(n)`: ones on the diagonal of an `n × n` array.
    pub fn eye(n: usize) -> Result<Self> {
        Array::from_shape_fn(&[n, n], |i| {
            T::from_f64(if i[0] == i[1] { 1.0 } else { 0.0 })
        })
    }

    /// NumPy's `ones(shape)`.
    pub fn ones(shape: &[usize]) -> Result<Self> {
        Array::full(shape, T::from_f64(1.0))
    }

    /// NumPy's `ones_like(a)` (C order).
    pub fn ones_like(a: impl AsView<T>) -> Result<Self> {
        Self::ones(a.as_view().shape())
    }
}

impl<T: Pod> Array<T> {
    /// NumPy's `zeros_like(a)` (C order).
    pub fn zeros_like(a: impl AsView<T>) -> Result<Self> {
        Array::zeros(a.as_view().shape())
    }

    /// NumPy's `full_like(a, value)` (C order).
    pub fn full_like(a: impl AsView<T>, value: T) -> Result<Self> {
        Array::full(a.as_view().shape(), value)
    }
}

impl<T: Pod> ArrayRef<T> {
    /// Pointer to the element at `index`, panicking as slice indexing does.
    fn element_ptr(&self, index: &[usize]) -> *mut T {
        let p = self.raw.element(index).unwrap_or_else(|| {
            panic!(
                "index {index:?} is out of bounds for shape {:?}",
                self.shape()
            )
        });
        assert!(
            (p as usize).is_multiple_of(align_of::<T>()),
            "element {index:?} is not aligned for its type (a packed field): read it with get()"
        );
        p.cast()
    }
}

impl<T: Pod, const N: usize> std::ops::Index<[usize; N]> for ArrayRef<T> {
    type Output = T;
    /// `a[[i, j]]`; panics out of bounds (use `get` for an `Option`).
    fn index(&self, index: [usize; N]) -> &T {
        // SAFETY: an in-bounds, aligned element of the borrowed buffer.
        unsafe { &*self.element_ptr(&index) }
    }
}

impl<T: Pod, const N: usize> std::ops::IndexMut<[usize; N]> for ArrayRef<T> {
    /// `a[[i, j]] = x` on arrays and mutable views.
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        // SAFETY: as in `index`; `&mut ArrayRef` comes only from the writable
        // types, whose elements no other index reaches.
        unsafe { &mut *self.element_ptr(&index) }
    }
}

impl<T: Pod> std::ops::Index<&[usize]> for ArrayRef<T> {
    type Output = T;
    fn index(&self, index: &[usize]) -> &T {
        // SAFETY: as above.
        unsafe { &*self.element_ptr(index) }
    }
}

impl<T: Pod> std::ops::IndexMut<&[usize]> for ArrayRef<T> {
    fn index_mut(&mut self, index: &[usize]) -> &mut T {
        // SAFETY: as above.
        unsafe { &mut *self.element_ptr(index) }
    }
}

/// NumPy's `array_equal(a, b, equal_nan)`: the same shape and equal
/// elements (NaN equal to NaN only with `equal_nan`).
pub fn array_equal<T: Float>(a: impl AsView<T>, b: impl AsView<T>, equal_nan: bool) -> bool {
    let (a, b) = (a.as_view(), b.as_view());
    a.shape() == b.shape()
        && a.iter()
            .zip(b.iter())
            .all(|(x, y)| x == y || (equal_nan && x.is_nan() && y.is_nan()))
}

/// NumPy's `allclose(a, b, rtol, atol)`: `a` and `b` broadcast together and
/// every `|a − b| ≤ atol + rtol·|b|` (infinities must be equal; NaN is never
/// close). NumPy's defaults are `rtol = 1e-5`, `atol = 1e-8`.
pub fn allclose<T: Float>(
    a: impl AsView<T>,
    b: impl AsView<T>,
    rtol: f64,
    atol: f64,
) -> Result<bool> {
    let (a, b) = (a.as_view(), b.as_view());
    let shape = crate::broadcast_shapes(&[a.shape(), b.shape()])?;
    let (a, b) = (a.broadcast_to(&shape)?, b.broadcast_to(&shape)?);
    Ok(a.iter().zip(b.iter()).all(|(x, y)| {
        let (x, y) = (x.to_f64(), y.to_f64());
        if x.is_infinite() || y.is_infinite() {
            return x == y;
        }
        (x - y).abs() <= atol + rtol * y.abs()
    }))
}

macro_rules! equality {
    ($($ty:ident $(<$lt:lifetime>)?),*) => {$(
        impl<$($lt,)? T: Pod + PartialEq, R: AsView<T>> PartialEq<R> for $ty<$($lt,)? T> {
            /// Same shape and equal elements (a float NaN is not equal to NaN).
            fn eq(&self, other: &R) -> bool {
                let other = other.as_view();
                self.shape() == other.shape() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
            }
        }
    )*};
}
equality!(Array, ArrayView<'a>, ArrayViewMut<'a>);

macro_rules! scalar_left_ops {
    ($($t:ty),*) => {$(
        impl AsView<$t> for $t {
            fn as_view(&self) -> ArrayView<'_, $t> {
                ArrayView::scalar(self)
            }
        }
    )*};
    (@ops $t:ty; $($trait:ident $method:ident $op:ident),*) => {$(
        impl std::ops::$trait<&Array<$t>> for $t {
            type Output = Result<Array<$t>>;
            /// The scalar on the left (`2.0 - &a`).
            fn $method(self, rhs: &Array<$t>) -> Result<Array<$t>> {
                binary_new(BinaryOp::$op, ArrayView::scalar(&self), rhs)
            }
        }
        impl std::ops::$trait<&ArrayView<'_, $t>> for $t {
            type Output = Result<Array<$t>>;
            fn $method(self, rhs: &ArrayView<'_, $t>) -> Result<Array<$t>> {
                binary_new(BinaryOp::$op, ArrayView::scalar(&self), rhs)
            }
        }
    )*};
}
scalar_left_ops!(
    f32,
    f64,
    half::f16,
    half::bf16,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64
);
scalar_left_ops!(@ops f32; Add add Add, Sub sub Sub, Mul mul Mul, Div div Div);
scalar_left_ops!(@ops f64; Add add Add, Sub sub Sub, Mul mul Mul, Div div Div);
scalar_left_ops!(@ops half::f16; Add add Add, Sub sub Sub, Mul mul Mul, Div div Div);
scalar_left_ops!(@ops half::bf16; Add add Add, Sub sub Sub, Mul mul Mul, Div div Div);
macro_rules! int_scalar_left_ops {
    ($($t:ty),*) => {$(
        scalar_left_ops!(@ops $t; Add add Add, Sub sub Sub, Mul mul Mul);
    )*};
}
int_scalar_left_ops!(i8, i16, i32, i64, u8, u16, u32, u64);
