//! Statistics on views, whole-array and along an axis, with NumPy's rules for
//! empty and all-NaN input and the same guarantee as the sums: one fixed
//! order, so every result has the same bits on every ISA, layout and thread
//! count.
//!
//! * `var` / `std` (and their `nan*` forms) are NumPy's two-pass formula:
//!   the mean (the fixed-order sum over `n`), then the fixed-order sum of
//!   squared deviations over `max(n − ddof, 0)`. A lane of an axis result
//!   has the bits of the same call on that lane alone.
//! * `cumsum` / `cumprod` are NumPy's sequential running sums and products
//!   (`s[i] = s[i−1] + x[i]`), so they equal NumPy's bit for bit; along an
//!   axis, whole rows are added at once (vectorised across the other axes,
//!   each lane still sequential).
//! * `prod` multiplies element `i` into lane `i % 16` of 16 accumulators,
//!   then joins the lanes in a fixed halving tree: plain Rust, whose float
//!   operations the compiler may vectorise but never reorders.
//! * `ptp` is `max − min` (empty is an error, as for `max`).

use crate::array_ref::ArrayRef;
use crate::axis::{self, Axis};
use crate::error::Result;
use crate::kernels::order::block_len;
use crate::kernels::{Float, Partial, Reduction};
use crate::layout::SliceArg;
use crate::ops;
use crate::view::{Array, ArrayView};

/// Blocks per chunk of the chunked passes (a power of two, as the join of
/// partials requires): 4 blocks, 64 KiB of `f32`, stays in L2.
const CHUNK_BLOCKS: usize = 4;

/// Lanes of the fixed-order product.
const PROD_LANES: usize = 16;

/// The product of `xs` in the lane order (see the module docs); NaNs count
/// as 1 when `skip_nan`.
fn lane_product<T: Float>(xs: &[T], skip_nan: bool) -> T {
    let one = T::from_f64(1.0);
    let mut acc = [one; PROD_LANES];
    let mut blocks = xs.chunks_exact(PROD_LANES);
    for block in &mut blocks {
        for (a, &x) in acc.iter_mut().zip(block) {
            *a = a.mul(if skip_nan && x.is_nan() { one } else { x });
        }
    }
    for (a, &x) in acc.iter_mut().zip(blocks.remainder()) {
        *a = a.mul(if skip_nan && x.is_nan() { one } else { x });
    }
    let mut width = PROD_LANES / 2;
    while width > 0 {
        for j in 0..width {
            acc[j] = acc[j].mul(acc[j + width]);
        }
        width /= 2;
    }
    acc[0]
}

/// `total / max(n − ddof, 0)` as NumPy divides a sum of squares.
fn over_dof<T: Float>(total: T, n: usize, ddof: usize) -> T {
    total.div(T::from_f64(n.saturating_sub(ddof) as f64))
}

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// `self − center` (broadcast) into a new C-order array.
    fn deviations(&self, center: ArrayView<'_, T>) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut dev = Array::zeros(self.shape())?;
        ops::sub(self.view(), center, &mut dev)?;
        Ok(dev)
    }

    /// NumPy's `nanvar` terms: `(x − center)²`, and `+0` where `x` itself is
    /// NaN (a NaN made by `inf − inf` stays, as in NumPy).
    fn nan_squared_deviations(&self, center: ArrayView<'_, T>) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut dev = self.deviations(center)?;
        let x = self.try_to_owned()?;
        let xs = x.as_slice().unwrap_or(&[]);
        if let Some(ds) = dev.as_slice_mut() {
            for (d, &x) in ds.iter_mut().zip(xs) {
                *d = if x.is_nan() {
                    T::from_f64(0.0)
                } else {
                    d.mul(*d)
                };
            }
        }
        Ok(dev)
    }

    /// Each element's count: 1 where it is not NaN, as `f64` (exact).
    fn valid_indicator(&self) -> Result<Array<f64>>
    where
        T: Float,
    {
        let c = self.try_to_owned()?;
        let flags: Vec<f64> = c
            .as_slice()
            .unwrap_or(&[])
            .iter()
            .map(|x| if x.is_nan() { 0.0 } else { 1.0 })
            .collect();
        Array::from_vec(flags, self.shape())
    }

    /// The fixed-order `op` over `f(chunk)` of the elements in C order, one
    /// cache-sized chunk at a time: `f` writes its terms into the scratch run
    /// (the chunk's length), whose partials are joined in order — the bits
    /// of `op` over all terms at once, without a full-size temporary.
    fn chunked_reduce(
        &self,
        op: Reduction,
        mut f: impl FnMut(ArrayView<'_, T>, &mut crate::ArrayViewMut<'_, T>) -> Result<()>,
    ) -> Result<T>
    where
        T: Float,
    {
        let n = self.len();
        let flat_copy;
        let flat = match self.reshape(&[n]) {
            Ok(v) => v,
            Err(_) => {
                flat_copy = self.try_to_owned()?;
                flat_copy.reshape(&[n])?
            }
        };
        let chunk = block_len::<T>() * CHUNK_BLOCKS;
        let mut scratch = Array::zeros(&[chunk.min(n)])?;
        let mut whole = Partial::new(op);
        for start in (0..n).step_by(chunk.max(1)) {
            let len = chunk.min(n - start);
            let mut terms = scratch.slice_mut([SliceArg::from(..len)])?;
            f(
                flat.slice([SliceArg::from(start..start + len)])?,
                &mut terms,
            )?;
            whole.append(&terms.view().reduce_part(op)?);
        }
        Ok(whole.finish())
    }

    /// NumPy's `var(ddof=ddof)`: mean squared deviation over `n − ddof` (NaN
    /// for an empty array; `inf` or NaN when `ddof ≥ n`, as NumPy).
    ///
    /// ```
    /// use stridekit::Array;
    /// let x = Array::from_slice(&[1.0f64, 2.0, 3.0, 4.0], &[4])?;
    /// assert_eq!(x.var(0)?, 1.25); // np.var(x)
    /// assert_eq!(x.var(1)?, 5.0 / 3.0); // np.var(x, ddof=1)
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn var(&self, ddof: usize) -> Result<T>
    where
        T: Float,
    {
        let mean = self.mean()?;
        let c = ArrayView::scalar(&mean);
        let ss = self.chunked_reduce(Reduction::SumSquares, |x, t| ops::sub(x, c.view(), t))?;
        Ok(over_dof(ss, self.len(), ddof))
    }

    /// NumPy's `std(ddof=ddof)`: `sqrt(var(ddof))`.
    ///
    /// ```
    /// use stridekit::Array;
    /// let x = Array::from_slice(&[2.0f64, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], &[8])?;
    /// assert_eq!(x.std(0)?, 2.0); // np.std(x)
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn std(&self, ddof: usize) -> Result<T>
    where
        T: Float,
    {
        Ok(self.var(ddof)?.sqrt())
    }

    /// `var` along `axis` (removed); each lane has the bits of its 1-D `var`.
    pub fn var_axis(&self, axis: impl Axis, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        let n = self.shape()[axis];
        let mut mean = self.reduce_axis(Reduction::Sum, axis, true)?;
        ops::div_assign(&mut mean, ArrayView::scalar(&T::from_f64(n as f64)))?;
        let dev = self.deviations(mean.view())?;
        let mut out = dev.reduce_axis(Reduction::SumSquares, axis, false)?;
        let denom = T::from_f64(n.saturating_sub(ddof) as f64);
        ops::div_assign(&mut out, ArrayView::scalar(&denom))?;
        Ok(out)
    }

    /// `std` along `axis`.
    pub fn std_axis(&self, axis: impl Axis, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut v = self.var_axis(axis, ddof)?;
        ops::sqrt_assign(&mut v)?;
        Ok(v)
    }

    /// Number of elements that are not NaN.
    pub fn count_valid(&self) -> Result<usize>
    where
        T: Float,
    {
        let nans = |xs: &[T]| xs.iter().filter(|x| x.is_nan()).count();
        Ok(self.len()
            - match self.as_slice() {
                Some(xs) => nans(xs),
                None => nans(self.try_to_owned()?.as_slice().unwrap_or(&[])),
            })
    }

    /// NumPy's `nanmean`: the mean of the non-NaN elements (NaN if there are none).
    pub fn nanmean(&self) -> Result<T>
    where
        T: Float,
    {
        let count = self.count_valid()?;
        Ok(self.nansum()?.div(T::from_f64(count as f64)))
    }

    /// NumPy's `nanvar(ddof=ddof)`: `var` of the non-NaN elements; NaN when
    /// fewer than `ddof + 1` remain.
    pub fn nanvar(&self, ddof: usize) -> Result<T>
    where
        T: Float,
    {
        let count = self.count_valid()?;
        if count <= ddof {
            return Ok(T::NAN);
        }
        let mean = self.nanmean()?;
        let c = ArrayView::scalar(&mean);
        let ss = self.chunked_reduce(Reduction::Sum, |x, t| {
            ops::sub(x.view(), c.view(), &mut *t)?;
            let xs = x
                .as_slice()
                .map(<[T]>::to_vec)
                .unwrap_or_else(|| x.to_vec());
            let ts = t.as_slice_mut().expect("the scratch run is contiguous");
            for (d, &x) in ts.iter_mut().zip(&xs) {
                *d = if x.is_nan() {
                    T::from_f64(0.0)
                } else {
                    d.mul(*d)
                };
            }
            Ok(())
        })?;
        Ok(over_dof(ss, count, ddof))
    }

    /// NumPy's `nanstd(ddof=ddof)`: `sqrt(nanvar(ddof))`.
    pub fn nanstd(&self, ddof: usize) -> Result<T>
    where
        T: Float,
    {
        Ok(self.nanvar(ddof)?.sqrt())
    }

    /// Counts of non-NaN elements along `axis` (kept at length 1), as `T`.
    fn valid_counts(&self, axis: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let counts = self
            .valid_indicator()?
            .reduce_axis(Reduction::Sum, axis, true)?;
        let as_t: Vec<T> = counts.to_vec().into_iter().map(T::from_f64).collect();
        Array::from_vec(as_t, counts.shape())
    }

    /// `nanmean` along `axis` (removed).
    pub fn nanmean_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        Ok(self.nanmean_kept(axis)?.squeeze_axis(axis)?.to_owned())
    }

    fn nanmean_kept(&self, axis: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut sum = self.reduce_axis(Reduction::NanSum, axis, true)?;
        ops::div_assign(&mut sum, self.valid_counts(axis)?)?;
        Ok(sum)
    }

    /// `nanvar` along `axis` (removed).
    pub fn nanvar_axis(&self, axis: impl Axis, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        let mean = self.nanmean_kept(axis)?;
        let sq = self.nan_squared_deviations(mean.view())?;
        let sums = sq.reduce_axis(Reduction::Sum, axis, false)?;
        let counts = self.valid_counts(axis)?;
        let ddof_t = T::from_f64(ddof as f64);
        let out: Vec<T> = sums
            .to_vec()
            .into_iter()
            .zip(counts.to_vec())
            .map(|(s, c)| {
                if c.to_f64() <= ddof as f64 {
                    T::NAN
                } else {
                    s.div(c.sub(ddof_t))
                }
            })
            .collect();
        Array::from_vec(out, sums.shape())
    }

    /// `nanstd` along `axis`.
    pub fn nanstd_axis(&self, axis: impl Axis, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut v = self.nanvar_axis(axis, ddof)?;
        ops::sqrt_assign(&mut v)?;
        Ok(v)
    }

    /// Product of all elements in the lane order (`1` for none).
    pub fn prod(&self) -> Result<T>
    where
        T: Float,
    {
        self.product(false)
    }

    fn product(&self, skip_nan: bool) -> Result<T>
    where
        T: Float,
    {
        if let Some(xs) = self.as_slice() {
            return Ok(lane_product(xs, skip_nan));
        }
        let c = self.try_to_owned()?;
        Ok(lane_product(c.as_slice().unwrap_or(&[]), skip_nan))
    }

    /// Product of the non-NaN elements (NaN counts as 1, as NumPy's `nanprod`).
    pub fn nanprod(&self) -> Result<T>
    where
        T: Float,
    {
        self.product(true)
    }

    /// The lines along `axis`, each contiguous, in C order of the other axes.
    fn lines_along(&self, axis: usize) -> Result<(Array<T>, Vec<usize>)>
    where
        T: Float,
    {
        let mut order: Vec<usize> = (0..self.ndim()).filter(|&k| k != axis).collect();
        let rest: Vec<usize> = order.iter().map(|&k| self.shape()[k]).collect();
        order.push(axis);
        Ok((self.permute_axes(&order)?.try_to_owned()?, rest))
    }

    fn prod_along(&self, axis: impl Axis, skip_nan: bool) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        let n = self.shape()[axis];
        let (lines, rest) = self.lines_along(axis)?;
        let data = lines.as_slice().unwrap_or(&[]);
        let count: usize = rest.iter().product();
        let out: Vec<T> = if n == 0 {
            vec![T::from_f64(1.0); count]
        } else {
            data.chunks_exact(n)
                .map(|line| lane_product(line, skip_nan))
                .collect()
        };
        Array::from_vec(out, &rest)
    }

    /// `prod` along `axis` (removed); each lane as its 1-D `prod`.
    pub fn prod_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        self.prod_along(axis, false)
    }

    /// `nanprod` along `axis`.
    pub fn nanprod_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        self.prod_along(axis, true)
    }

    /// Running `op` over the elements in C order, 1-D: one pass from the
    /// input into a fresh buffer.
    fn scan_flat(&self, op: impl Fn(T, T) -> T) -> Result<Array<T>>
    where
        T: Float,
    {
        let copy;
        let xs = match self.as_slice() {
            Some(xs) => xs,
            None => {
                copy = self.try_to_owned()?;
                copy.as_slice().unwrap_or(&[])
            }
        };
        let mut out = crate::AlignedBuf::try_filled(T::from_f64(0.0), xs.len())?;
        if let Some((&first, rest)) = xs.split_first() {
            let mut s = first;
            out[0] = s;
            for (o, &x) in out[1..].iter_mut().zip(rest) {
                s = op(s, x);
                *o = s;
            }
        }
        Array::from_buf(out, &[xs.len()])
    }

    /// Running `op` along `axis` of a C-order copy, in place.
    fn scan(&self, axis: usize, op: impl Fn(T, T) -> T) -> Result<Array<T>>
    where
        T: Float,
    {
        let mut out = self.try_to_owned()?;
        let shape = out.shape().to_vec();
        let (n, inner) = (shape[axis], shape[axis + 1..].iter().product::<usize>());
        if let Some(data) = out.as_slice_mut() {
            if n > 0 && inner > 0 {
                for block in data.chunks_exact_mut(n * inner) {
                    for i in 1..n {
                        let (done, todo) = block.split_at_mut(i * inner);
                        let prev = &done[(i - 1) * inner..];
                        for (x, &p) in todo[..inner].iter_mut().zip(prev) {
                            *x = op(p, *x);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// NumPy's `cumsum()`: running sums of the elements in C order, 1-D,
    /// sequential (`s[i] = s[i−1] + x[i]`, NumPy's bits).
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_slice(&[1.0f32, 2.0, 3.0, 4.0], &[2, 2])?;
    /// assert_eq!(m.cumsum()?.to_vec(), vec![1.0, 3.0, 6.0, 10.0]); // np.cumsum(m): flattened
    /// assert_eq!(m.cumsum_axis(0)?.to_vec(), vec![1.0, 2.0, 4.0, 6.0]); // np.cumsum(m, axis=0)
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn cumsum(&self) -> Result<Array<T>>
    where
        T: Float,
    {
        self.scan_flat(|a, b| a.add(b))
    }

    /// NumPy's `cumsum(axis)`: running sums along `axis`, same shape.
    pub fn cumsum_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        self.scan(axis, |a, b| a.add(b))
    }

    /// NumPy's `cumprod()`: running products in C order, 1-D, sequential.
    pub fn cumprod(&self) -> Result<Array<T>>
    where
        T: Float,
    {
        self.scan_flat(|a, b| a.mul(b))
    }

    /// NumPy's `cumprod(axis)`: running products along `axis`.
    pub fn cumprod_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        self.scan(axis, |a, b| a.mul(b))
    }

    /// NumPy's `ptp()`: `max − min` (NaN if any is NaN; empty is an error).
    pub fn ptp(&self) -> Result<T>
    where
        T: Float,
    {
        Ok(self.max()?.sub(self.min()?))
    }

    /// `ptp` along `axis`.
    pub fn ptp_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = axis::resolve(axis, self.ndim())?;
        let mut hi = self.max_axis(axis)?;
        ops::sub_assign(&mut hi, self.min_axis(axis)?)?;
        Ok(hi)
    }
}
