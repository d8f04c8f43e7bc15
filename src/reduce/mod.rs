//! Reductions on views: whole-array (`sum`, `max`, `argmax`, …) and along
//! one axis (`reduce_axis`, `sum_axis`, …, with `keepdims` and into an
//! output view).
//!
//! Every result follows the kernel layer's fixed order (`kernels::order`):
//! a whole-array reduction reduces the elements in C index order, and an
//! axis reduction gives each output element exactly what a 1-D reduction of
//! its line would give — the same bits on every ISA and for every layout.
//!
//! How an axis reduction runs:
//!
//! * the reduced axis is contiguous, or no other axis is: one kernel call per
//!   output element over its line (contiguous or strided);
//! * otherwise, if another axis is contiguous (reducing axis 0 of a C-order
//!   matrix): the kernel's column fold adds whole rows into per-column lane
//!   accumulators with SIMD across the columns — no gathering, and each
//!   column still in its 1-D order.
//!
//! The iteration engine walks the output; it is the only N-d walk here.
//! Long axis reductions (reading at least `parallel::min_bytes`) cut the
//! output into disjoint pieces along its longest axis, one rayon task each
//! (`split::for_each_piece`): every output element is still its own line's
//! reduction, so the bits do not depend on the cut.

use crate::array_ref::ArrayRef;
use crate::axis::Axis;
use crate::error::{Error, Result};
use crate::iter::{reduce_run, Plan};
use crate::kernels::order::block_len;
use crate::kernels::{
    active_isa, int_extreme_raw, int_prod_raw, int_sum_part_raw, int_sum_raw, kernels,
    ArgReduction, Float, IntElement, IntSumPart, KernelError, Partial, Real, Reduction,
};
use crate::layout;
use crate::parallel::{self, SharedPtr};
use crate::split::for_each_piece;
use crate::view::{Array, ArrayView, ArrayViewMut, AsView, AsViewMut};
use std::mem::size_of;
use std::sync::atomic::{AtomicBool, Ordering};

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// The elements as one 1-D run in C index order: a view when the layout
    /// allows it, else a C-order copy (returned so it outlives the run).
    fn flat(&self) -> (Option<Array<T>>, *const u8, isize, usize) {
        let n = self.len();
        if let Ok(v) = self.reshape(&[n]) {
            let st = v.strides()[0];
            return (None, v.raw.ptr, st, n);
        }
        let copy = self.to_contiguous();
        let p = copy.as_ptr().cast();
        (Some(copy), p, size_of::<T>() as isize, n)
    }
}

/// Elements per block when an integer reduction splits between threads
/// (its parts are whole multiples: the cut does not change an exact sum or
/// a first position).
const INT_PART_LEN: usize = 4096;

/// The integer reductions: exact sums and products in `T::Sum` (`i64` for
/// signed types, `u64` for unsigned) — a result that does not fit is
/// [`KernelError::Overflow`], never a wrap (NumPy wraps) — and the extremes
/// with their first positions (C index order).
impl<T: bytemuck::Pod> ArrayRef<T> {
    /// Exact sum of all elements in `T::Sum` (`i64` or `u64`); a sum that
    /// does not fit is an error, never a wrap.
    pub fn int_sum(&self) -> Result<T::Sum>
    where
        T: IntElement,
    {
        let isa = active_isa()?;
        let (_keep, p, st, n) = self.flat();
        // Exact partial sums: any cut gives the same total.
        let base = SharedPtr::new(p);
        let span = parallel::run_span(n, st, size_of::<T>());
        let Some(parts) = parallel::map_split(n, INT_PART_LEN, span, |start, len| {
            // SAFETY: elements start..start+len of the run below.
            unsafe { int_sum_part_raw::<T>(isa, len, base.at(start as isize * st), st) }
        }) else {
            // SAFETY: `p` addresses n elements at stride `st` of a live buffer.
            return Ok(unsafe { int_sum_raw::<T>(isa, n, p, st) }?);
        };
        let mut whole = IntSumPart::<T>::default();
        parts.iter().for_each(|part| whole.append(part));
        Ok(whole.finish()?)
    }

    /// Exact product of all elements in `T::Sum` (1 for none); a product
    /// that does not fit is an error.
    pub fn int_prod(&self) -> Result<T::Sum>
    where
        T: IntElement,
    {
        let isa = active_isa()?;
        let (_keep, p, st, n) = self.flat();
        // SAFETY: as in `int_sum`.
        Ok(unsafe { int_prod_raw::<T>(isa, n, p, st) }?)
    }

    /// The first C-order position and value of the smallest (`max ==
    /// false`) or largest element.
    fn int_extreme(&self, max: bool) -> Result<(usize, T)>
    where
        T: IntElement,
    {
        let isa = active_isa()?;
        let (_keep, p, st, n) = self.flat();
        let base = SharedPtr::new(p);
        let span = parallel::run_span(n, st, size_of::<T>());
        let parts = parallel::map_split(n, INT_PART_LEN, span, |start, len| {
            let q = base.at(start as isize * st);
            // SAFETY: elements start..start+len of the run below.
            unsafe { int_extreme_raw::<T>(isa, max, len, q, st) }.map(|(j, v)| (start + j, v))
        });
        let found = match parts {
            // SAFETY: as in `int_sum`.
            None => unsafe { int_extreme_raw::<T>(isa, max, n, p, st) },
            Some(parts) => {
                // In order, a later part wins only when strictly better:
                // the first position of the extreme, as in one pass.
                parts.into_iter().flatten().reduce(|best, next| {
                    let beats = if max {
                        next.1 > best.1
                    } else {
                        next.1 < best.1
                    };
                    if beats {
                        next
                    } else {
                        best
                    }
                })
            }
        };
        found.ok_or_else(|| {
            KernelError::Empty {
                op: if max { "max" } else { "min" },
            }
            .into()
        })
    }

    /// Smallest element; empty is an error.
    pub fn int_min(&self) -> Result<T>
    where
        T: IntElement,
    {
        self.int_extreme(false).map(|(_, v)| v)
    }

    /// Largest element; empty is an error.
    pub fn int_max(&self) -> Result<T>
    where
        T: IntElement,
    {
        self.int_extreme(true).map(|(_, v)| v)
    }

    /// C-order position of the first smallest element (NumPy's flat
    /// `argmin`); empty is an error.
    pub fn int_argmin(&self) -> Result<usize>
    where
        T: IntElement,
    {
        self.int_extreme(false).map(|(i, _)| i)
    }

    /// C-order position of the first largest element; empty is an error.
    pub fn int_argmax(&self) -> Result<usize>
    where
        T: IntElement,
    {
        self.int_extreme(true).map(|(i, _)| i)
    }
}

/// The integer reductions along one axis (NumPy's `sum(axis=…)`, …): every
/// output element is the whole-array reduction of its line, so the same
/// exactness and the same first-position rule.
impl<T: bytemuck::Pod> ArrayRef<T> {
    /// `line(isa, n, first element, byte stride)` of every line along
    /// `axis`, into a new array of the other axes.
    fn int_axis<O: bytemuck::Pod + Default + Send>(
        &self,
        axis: impl Axis,
        line: impl Fn(crate::kernels::Isa, usize, *const u8, isize) -> Result<O> + Sync + Send,
    ) -> Result<Array<O>>
    where
        T: Sync,
    {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        layout::check_axis(axis, self.ndim())?;
        let isa = active_isa()?;
        let mut shape = self.shape().to_vec();
        let n = shape.remove(axis);
        let mut out = Array::<O>::zeros(&shape)?;
        if out.is_empty() {
            return Ok(out);
        }
        if n == 0 {
            // Every line is empty: one value (or the error) for all.
            let v = line(isa, 0, std::ptr::NonNull::<u8>::dangling().as_ptr(), 0)?;
            out.fill(v);
            return Ok(out);
        }
        let s_ax = self.strides()[axis];
        let rest = self.index_axis(axis, 0)?;
        let work = n.saturating_mul(rest.len()).saturating_mul(size_of::<T>());
        for_each_piece(out.view_mut(), &rest, work, |o, rest| {
            let mut first_error = None;
            for_each_line(o, rest, |base| match line(isa, n, base, s_ax) {
                Ok(v) => v,
                Err(e) => {
                    first_error.get_or_insert(e);
                    O::default()
                }
            });
            first_error.map_or(Ok(()), Err)
        })?;
        Ok(out)
    }

    /// Exact sums along `axis` in `T::Sum` (`i64` / `u64`); a line whose sum
    /// does not fit is an error.
    pub fn int_sum_axis(&self, axis: impl Axis) -> Result<Array<T::Sum>>
    where
        T: IntElement,
    {
        // SAFETY: `base` is the first of `n` elements at stride `s` of this view.
        self.int_axis(axis, |isa, n, base, s| {
            Ok(unsafe { int_sum_raw::<T>(isa, n, base, s) }?)
        })
    }

    /// Exact products along `axis` in `T::Sum`.
    pub fn int_prod_axis(&self, axis: impl Axis) -> Result<Array<T::Sum>>
    where
        T: IntElement,
    {
        // SAFETY: as in `int_sum_axis`.
        self.int_axis(axis, |isa, n, base, s| {
            Ok(unsafe { int_prod_raw::<T>(isa, n, base, s) }?)
        })
    }

    /// The extreme of every line along `axis` and its first position.
    fn int_extreme_axis<O: bytemuck::Pod + Default + Send>(
        &self,
        axis: impl Axis,
        max: bool,
        pick: impl Fn((usize, T)) -> O + Sync + Send,
    ) -> Result<Array<O>>
    where
        T: IntElement,
    {
        self.int_axis(axis, |isa, n, base, s| {
            // SAFETY: as in `int_sum_axis`.
            let best = unsafe { int_extreme_raw::<T>(isa, max, n, base, s) };
            let op = if max { "max" } else { "min" };
            best.map(&pick)
                .ok_or_else(|| KernelError::Empty { op }.into())
        })
    }

    /// Smallest element along `axis`; an empty axis is an error.
    pub fn int_min_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: IntElement + Default,
    {
        self.int_extreme_axis(axis, false, |(_, v)| v)
    }

    /// Largest element along `axis`; an empty axis is an error.
    pub fn int_max_axis(&self, axis: impl Axis) -> Result<Array<T>>
    where
        T: IntElement + Default,
    {
        self.int_extreme_axis(axis, true, |(_, v)| v)
    }

    /// Position of the first smallest element along `axis`.
    pub fn int_argmin_axis(&self, axis: impl Axis) -> Result<Array<usize>>
    where
        T: IntElement,
    {
        self.int_extreme_axis(axis, false, |(i, _)| i)
    }

    /// Position of the first largest element along `axis`.
    pub fn int_argmax_axis(&self, axis: impl Axis) -> Result<Array<usize>>
    where
        T: IntElement,
    {
        self.int_extreme_axis(axis, true, |(i, _)| i)
    }
}

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// [`reduce`](Self::reduce) with NumPy's `keepdims=True`: the one value
    /// in an array with every axis kept at length 1.
    /// [`reduce`](Self::reduce) on `f32`/`f64`.
    pub(crate) fn reduce_float(&self, op: Reduction) -> Result<T>
    where
        T: Float,
    {
        let k = kernels::<T>()?;
        let (_keep, p, st, n) = self.flat();
        if n == 0 && op.needs_elements() {
            return Err(KernelError::Empty { op: op.name() }.into());
        }
        // Parts of whole power-of-two block runs, joined in order: the same
        // bits as one pass (`parallel`'s contract).
        let base = SharedPtr::new(p);
        let span = parallel::run_span(n, st, size_of::<T>());
        let Some(parts) = parallel::map_split(n, block_len::<T>(), span, |start, len| {
            let q = base.at(start as isize * st).cast_const();
            // SAFETY: elements start..start+len of the run below.
            unsafe { k.reduce_part_raw(op, len, reduce_run(len, q, st)) }
        }) else {
            // SAFETY: `p` addresses n elements at stride `st` inside this
            // view's buffer (or the copy kept alive in `_keep`).
            return Ok(unsafe { k.reduce_raw(op, n, reduce_run(n, p, st)) });
        };
        let mut whole = Partial::new(op);
        parts.iter().for_each(|part| whole.append(part));
        Ok(whole.finish())
    }

    /// The unrounded [`Partial`] of `op` over all elements, to be joined in
    /// order with the partials of the following runs (each but the last a
    /// whole power-of-two number of blocks): the bits of one pass.
    pub(crate) fn reduce_part(&self, op: Reduction) -> Result<Partial<T>>
    where
        T: Float,
    {
        let k = kernels::<T>()?;
        let (_keep, p, st, n) = self.flat();
        // SAFETY: as in `reduce`.
        Ok(unsafe { k.reduce_part_raw(op, n, reduce_run(n, p, st)) })
    }

    /// [`arg`](Self::arg) on `f32`/`f64`.
    pub(crate) fn arg_float(&self, op: ArgReduction) -> Result<usize>
    where
        T: Float,
    {
        let k = kernels::<T>()?;
        let (_keep, p, st, n) = self.flat();
        if n == 0 {
            return Err(KernelError::Empty { op: op.name() }.into());
        }
        let base = SharedPtr::new(p);
        let span = parallel::run_span(n, st, size_of::<T>());
        let parts = parallel::map_split(n, block_len::<T>(), span, |start, len| {
            let q = base.at(start as isize * st).cast_const();
            // SAFETY: elements start..start+len of the run below.
            unsafe { k.arg_raw(op, len, reduce_run(len, q, st)) }.map(|j| start + j)
        });
        let found = match parts {
            // SAFETY: as in `reduce`.
            None => unsafe { k.arg_raw(op, n, reduce_run(n, p, st)) },
            Some(parts) => {
                // Each part's first extreme, joined in order: a later part's
                // answer replaces an earlier one only when it beats it — the
                // first index of the extreme, as in one pass.
                let value = |i: usize| {
                    // SAFETY: element i (< n) of the run; the view may be
                    // unaligned (a record field).
                    unsafe { base.at(i as isize * st).cast::<T>().read_unaligned() }
                };
                parts.into_iter().flatten().reduce(|best, i| {
                    if op.beats(value(i), value(best)) {
                        i
                    } else {
                        best
                    }
                })
            }
        };
        found.ok_or_else(|| KernelError::AllNan { op: op.name() }.into())
    }

    /// `Σ self[i]·other[i]` over two views of the same shape (C index order).
    pub fn dot(&self, other: impl AsView<T>) -> Result<T>
    where
        T: Float,
    {
        let other = other.as_view();
        if other.shape() != self.shape() {
            return Err(Error::OutputShape {
                input: other.shape().to_vec(),
                output: self.shape().to_vec(),
            });
        }
        let k = kernels::<T>()?;
        let (_ka, pa, sa, n) = self.flat();
        let (_kb, pb, sb, _) = other.flat();
        let e = size_of::<T>();
        // Parts of whole power-of-two block runs, joined in order: the
        // bits of one pass, as for `sum`.
        let (a, b) = (SharedPtr::new(pa), SharedPtr::new(pb));
        let span = parallel::run_span(n, sa, e).saturating_add(parallel::run_span(n, sb, e));
        let Some(parts) = parallel::map_split(n, block_len::<T>(), span, |start, len| {
            let qa = a.at(start as isize * sa).cast_const();
            let qb = b.at(start as isize * sb).cast_const();
            // SAFETY: elements start..start+len of both runs below.
            unsafe { k.dot_part_raw(len, reduce_run(len, qa, sa), reduce_run(len, qb, sb)) }
        }) else {
            // SAFETY: both runs address n elements of live buffers.
            return Ok(unsafe { k.dot_raw(n, reduce_run(n, pa, sa), reduce_run(n, pb, sb)) });
        };
        let mut whole = Partial::new(Reduction::Sum);
        parts.iter().for_each(|part| whole.append(part));
        Ok(whole.finish())
    }

    /// Reduces along `axis` into a new array (`keepdims`: the axis stays,
    /// with length 1).
    /// Half floats reduce in `f32` (an exact widened copy), rounded once.
    pub fn reduce_axis(&self, op: Reduction, axis: impl Axis, keepdims: bool) -> Result<Array<T>>
    where
        T: Real,
    {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        self.reduce_axis_at(op, axis, keepdims)
    }

    fn reduce_axis_at(&self, op: Reduction, axis: usize, keepdims: bool) -> Result<Array<T>>
    where
        T: Real,
    {
        layout::check_axis(axis, self.ndim())?;
        if T::WIDENS {
            let wide = self.astype::<T::Wide>()?;
            return wide.reduce_axis_at(op, axis, keepdims)?.astype::<T>();
        }
        let mut shape = self.shape().to_vec();
        shape[axis] = 1;
        let mut out = Array::<T>::zeros(&shape)?;
        let same = self.retyped::<T::Wide>();
        same.reduce_axis_into_at(op, axis, out.retyped_mut::<T::Wide>())?;
        if keepdims {
            return Ok(out);
        }
        shape.remove(axis);
        Array::from_buf(out.into_buf(), &shape)
    }

    /// Reduces along `axis` into `out`, whose shape is this view's without
    /// `axis`, or with it at length 1 (`keepdims`).
    pub fn reduce_axis_into(
        &self,
        op: Reduction,
        axis: impl Axis,
        out: impl AsViewMut<T>,
    ) -> Result<()>
    where
        T: Float,
    {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        self.reduce_axis_into_at(op, axis, out)
    }

    fn reduce_axis_into_at(
        &self,
        op: Reduction,
        axis: usize,
        mut out: impl AsViewMut<T>,
    ) -> Result<()>
    where
        T: Float,
    {
        layout::check_axis(axis, self.ndim())?;
        let k = kernels::<T>()?;
        let out = out_view(self.shape(), axis, out.as_view_mut())?;
        let (n, s_ax) = (self.shape()[axis], self.strides()[axis]);
        if n == 0 {
            if op.needs_elements() && !out.is_empty() {
                return Err(KernelError::Empty { op: op.name() }.into());
            }
            let mut out = out;
            out.fill(T::from_f64(0.0));
            return Ok(());
        }
        let rest = self.index_axis(axis, 0)?;
        let e = size_of::<T>() as isize;
        let aligned = self.is_aligned();
        let work = n.saturating_mul(rest.len()).saturating_mul(e as usize);
        // Threads take disjoint pieces of the output (each output element is
        // its own line's reduction: the same bits for any cut).
        for_each_piece(out, &rest, work, |out, rest| {
            let column = (0..rest.ndim()).rfind(|&a| rest.shape()[a] > 1 && rest.strides()[a] == e);
            match column {
                Some(c) if s_ax.unsigned_abs() != e as usize && aligned => {
                    fold_columns(op, rest, c, n, s_ax, out, k)
                }
                _ => {
                    // SAFETY: each output element's line is n elements at
                    // stride s_ax from its base, inside the view.
                    for_each_line(out, rest, |base| unsafe {
                        k.reduce_raw(op, n, reduce_run(n, base, s_ax))
                    });
                    Ok(())
                }
            }
        })
    }

    /// Index of the extreme along `axis` for every other position
    /// (`keepdims` as in [`ArrayRef::reduce_axis`]).
    pub fn arg_axis(
        &self,
        op: ArgReduction,
        axis: impl Axis,
        keepdims: bool,
    ) -> Result<Array<usize>>
    where
        T: Real,
    {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        if T::WIDENS {
            return self.astype::<T::Wide>()?.arg_axis_at(op, axis, keepdims);
        }
        self.retyped::<T::Wide>().arg_axis_at(op, axis, keepdims)
    }

    fn arg_axis_at(&self, op: ArgReduction, axis: usize, keepdims: bool) -> Result<Array<usize>>
    where
        T: Float,
    {
        layout::check_axis(axis, self.ndim())?;
        let k = kernels::<T>()?;
        let mut shape = self.shape().to_vec();
        let n = shape[axis];
        shape[axis] = 1;
        let mut out = Array::<usize>::zeros(&shape)?;
        if out.is_empty() {
            // Nothing to point at, nothing to do.
        } else if n == 0 {
            return Err(KernelError::Empty { op: op.name() }.into());
        } else {
            let s_ax = self.strides()[axis];
            let rest = self.index_axis(axis, 0)?;
            let o = out.view_mut().index_axis_mut(axis, 0)?;
            let all_nan = AtomicBool::new(false);
            let work = n.saturating_mul(rest.len()).saturating_mul(size_of::<T>());
            for_each_piece(o, &rest, work, |o, rest| {
                for_each_line(o, rest, |base| {
                    // SAFETY: as in `reduce_axis_into`.
                    let v = unsafe { k.arg_raw(op, n, reduce_run(n, base, s_ax)) };
                    if v.is_none() {
                        all_nan.store(true, Ordering::Relaxed);
                    }
                    v.unwrap_or(0)
                });
                Ok(())
            })?;
            if all_nan.into_inner() {
                return Err(KernelError::AllNan { op: op.name() }.into());
            }
        }
        if !keepdims {
            shape.remove(axis);
            return Array::from_buf(out.into_buf(), &shape);
        }
        Ok(out)
    }
}

/// Writes `line(base)` into every element of `out`, where `base` is the
/// address of the matching element of `rest` (the first element of that
/// output's line along the reduced axis). Walks by the engine, in place.
fn for_each_line<T: bytemuck::Pod, O: bytemuck::Pod>(
    out: ArrayViewMut<'_, O>,
    rest: &ArrayView<'_, T>,
    mut line: impl FnMut(*const u8) -> O,
) {
    let plan = Plan::new(
        out.shape(),
        [out.raw.ptr, rest.raw.ptr],
        [out.strides(), rest.strides()],
    );
    if let Some(plan) = plan {
        plan.run_in_place(|len, p, s| {
            for i in 0..len as isize {
                let v = line(p[1].wrapping_offset(i * s[1]));
                // SAFETY: the engine hands in-bounds runs of the exclusively
                // borrowed output.
                unsafe {
                    p[0].wrapping_offset(i * s[0])
                        .cast::<O>()
                        .write_unaligned(v)
                };
            }
        });
    }
}

/// The output as a view of the reduced shape (accepting the keepdims shape).
fn out_view<'o, T: Float>(
    shape: &[usize],
    axis: usize,
    out: ArrayViewMut<'o, T>,
) -> Result<ArrayViewMut<'o, T>> {
    let mut reduced = shape.to_vec();
    reduced.remove(axis);
    let mut kept = shape.to_vec();
    kept[axis] = 1;
    if out.shape() == reduced.as_slice() {
        Ok(out)
    } else if out.shape() == kept.as_slice() {
        out.index_axis_mut(axis, 0)
    } else {
        Err(Error::OutputShape {
            input: reduced,
            output: out.shape().to_vec(),
        })
    }
}

/// The axis reduction by the kernel's column fold: for every position of the
/// axes other than the column axis `c`, fold the `rows = n` lines (stride
/// `s_ax`) of `cols` contiguous elements at once.
fn fold_columns<T: Float>(
    op: Reduction,
    rest: &ArrayView<'_, T>,
    c: usize,
    n: usize,
    s_ax: isize,
    mut out: ArrayViewMut<'_, T>,
    k: &crate::kernels::Kernels<T>,
) -> Result<()> {
    let cols = rest.shape()[c];
    let out_cs = out.strides()[c];
    // Remove the column axis from both sides: walk the others.
    let outer_in = rest.index_axis(c, 0)?;
    let o = out.view_mut().index_axis_mut(c, 0)?;
    let direct = out_cs == size_of::<T>() as isize;
    let mut tmp = if direct {
        Vec::new()
    } else {
        vec![T::from_f64(0.0); cols]
    };
    let plan = Plan::new(
        o.shape(),
        [o.raw.ptr, outer_in.raw.ptr],
        [o.strides(), outer_in.strides()],
    );
    if let Some(plan) = plan {
        plan.run_in_place(|len, p, s| {
            for i in 0..len as isize {
                let src = p[1].wrapping_offset(i * s[1]);
                let dst = p[0].wrapping_offset(i * s[0]);
                if direct {
                    // SAFETY: n rows of `cols` contiguous elements at stride
                    // s_ax lie in the view; the output line holds `cols`
                    // contiguous elements of the exclusively borrowed output.
                    unsafe { k.fold_rows_raw(op, n, cols, src, s_ax, dst.cast()) };
                } else {
                    // SAFETY: as above, into the scratch line.
                    unsafe { k.fold_rows_raw(op, n, cols, src, s_ax, tmp.as_mut_ptr()) };
                    for (j, &v) in tmp.iter().enumerate() {
                        // SAFETY: element j of the output line is in bounds.
                        unsafe {
                            dst.wrapping_offset(j as isize * out_cs)
                                .cast::<T>()
                                .write_unaligned(v)
                        };
                    }
                }
            }
        });
    }
    Ok(())
}

mod named;
