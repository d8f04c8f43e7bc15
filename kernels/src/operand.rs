//! The operand model: the seam between the array layer and the kernels.
//!
//! An inner run of `n` elements gives each input one of three forms —
//! contiguous, broadcast scalar (stride 0) or strided (any byte stride, which
//! may be negative or not a multiple of the element size) — and the output one
//! of two: contiguous or strided. The output is never a broadcast: writing
//! through stride 0 cannot be expressed.
//!
//! The safe types ([`Src`], [`Dst`], [`Strided`], [`StridedMut`]) check every
//! address a kernel will touch when they are built; the raw forms
//! ([`RawSrc`], [`RawDst`]) are what kernels receive, and what the array layer
//! builds (unsafely) from views it has already validated.

use crate::error::KernelError;
use bytemuck::Pod;
use std::marker::PhantomData;
use std::mem::size_of;

/// A read-only strided run: `len` elements at byte offsets `k * stride` from a base.
#[derive(Clone, Copy, Debug)]
pub struct Strided<'a, T> {
    pub(crate) ptr: *const u8,
    pub(crate) len: usize,
    pub(crate) stride: isize,
    _borrow: PhantomData<&'a [T]>,
}

// SAFETY: a `Strided` is a shared borrow of `T`s; it is as thread-safe as `&[T]`.
unsafe impl<T: Sync> Send for Strided<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Strided<'_, T> {}

/// A writable strided run whose elements do not overlap each other.
#[derive(Debug)]
pub struct StridedMut<'a, T> {
    ptr: *mut u8,
    len: usize,
    stride: isize,
    _borrow: PhantomData<&'a mut [T]>,
}

// SAFETY: a `StridedMut` is an exclusive borrow of `T`s, like `&mut [T]`.
unsafe impl<T: Send> Send for StridedMut<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for StridedMut<'_, T> {}

/// The read accessors both run types share.
macro_rules! run_accessors {
    ($ty:ident) => {
        impl<T: Pod> $ty<'_, T> {
            /// Number of elements.
            pub fn len(&self) -> usize {
                self.len
            }

            /// Whether the run has no elements.
            pub fn is_empty(&self) -> bool {
                self.len == 0
            }

            /// Byte stride between consecutive elements.
            pub fn stride(&self) -> isize {
                self.stride
            }

            /// Element `k` (unaligned read).
            pub fn get(&self, k: usize) -> Option<T> {
                // SAFETY: k < len, so the element was bounds-checked at construction.
                (k < self.len).then(|| unsafe {
                    self.ptr
                        .offset(k as isize * self.stride)
                        .cast::<T>()
                        .read_unaligned()
                })
            }
        }
    };
}
run_accessors!(Strided);
run_accessors!(StridedMut);

/// Checks that `len` elements of `size` bytes at `offset + k * stride` all lie in
/// `0..buf_len`, and returns the byte offset of element 0.
fn check_run(
    buf_len: usize,
    offset: usize,
    stride: isize,
    len: usize,
    size: usize,
) -> Result<(), KernelError> {
    let out_of_bounds = || KernelError::OutOfBounds {
        offset,
        stride,
        len,
        buffer_bytes: buf_len,
    };
    if len == 0 {
        return if offset <= buf_len {
            Ok(())
        } else {
            Err(out_of_bounds())
        };
    }
    let span = (len - 1)
        .checked_mul(stride.unsigned_abs())
        .ok_or_else(out_of_bounds)?;
    let (lowest, highest) = if stride >= 0 {
        (Some(offset), offset.checked_add(span))
    } else {
        (offset.checked_sub(span), Some(offset))
    };
    match (lowest, highest.and_then(|h| h.checked_add(size))) {
        (Some(_), Some(end)) if end <= buf_len => Ok(()),
        _ => Err(out_of_bounds()),
    }
}

impl<'a, T: Pod> Strided<'a, T> {
    /// Every `step`-th element of `slice` from `start`, `len` of them (`step` may be
    /// negative or zero).
    pub fn from_slice(
        slice: &'a [T],
        start: usize,
        step: isize,
        len: usize,
    ) -> Result<Self, KernelError> {
        let stride = step
            .checked_mul(size_of::<T>() as isize)
            .ok_or(KernelError::StrideOverflow { step })?;
        let offset = start
            .checked_mul(size_of::<T>())
            .ok_or(KernelError::StrideOverflow { step })?;
        Self::from_bytes(bytemuck::cast_slice(slice), offset, stride, len)
    }

    /// `len` elements at byte offsets `offset + k * stride` of `bytes`. Any
    /// alignment and any stride (negative, zero, not a multiple of the element
    /// size) is allowed; every element must lie inside `bytes`.
    pub fn from_bytes(
        bytes: &'a [u8],
        offset: usize,
        stride: isize,
        len: usize,
    ) -> Result<Self, KernelError> {
        check_run(bytes.len(), offset, stride, len, size_of::<T>())?;
        Ok(Strided {
            // `wrapping_add`: for len == 0 the offset may equal the length.
            ptr: bytes.as_ptr().wrapping_add(offset),
            len,
            stride,
            _borrow: PhantomData,
        })
    }

    /// # Safety
    /// For every `k < len`, `ptr + k * stride` must point at `size_of::<T>()`
    /// bytes that are readable and not written for the lifetime `'a`.
    pub unsafe fn from_raw_parts(ptr: *const u8, len: usize, stride: isize) -> Self {
        Strided {
            ptr,
            len,
            stride,
            _borrow: PhantomData,
        }
    }
}

impl<'a, T: Pod> StridedMut<'a, T> {
    /// Every `step`-th element of `slice` from `start`, `len` of them. `step`
    /// must not be 0 when `len > 1` (two elements would be one).
    pub fn from_slice(
        slice: &'a mut [T],
        start: usize,
        step: isize,
        len: usize,
    ) -> Result<Self, KernelError> {
        let stride = step
            .checked_mul(size_of::<T>() as isize)
            .ok_or(KernelError::StrideOverflow { step })?;
        let offset = start
            .checked_mul(size_of::<T>())
            .ok_or(KernelError::StrideOverflow { step })?;
        Self::from_bytes(bytemuck::cast_slice_mut(slice), offset, stride, len)
    }

    /// `len` elements at byte offsets `offset + k * stride` of `bytes`, any
    /// alignment. Elements may not overlap: `|stride| >= size_of::<T>()` when
    /// `len > 1`.
    pub fn from_bytes(
        bytes: &'a mut [u8],
        offset: usize,
        stride: isize,
        len: usize,
    ) -> Result<Self, KernelError> {
        if len > 1 && stride.unsigned_abs() < size_of::<T>() {
            return Err(KernelError::OverlappingOutput {
                stride,
                size: size_of::<T>(),
            });
        }
        check_run(bytes.len(), offset, stride, len, size_of::<T>())?;
        Ok(StridedMut {
            ptr: bytes.as_mut_ptr().wrapping_add(offset),
            len,
            stride,
            _borrow: PhantomData,
        })
    }

    /// # Safety
    /// For every `k < len`, `ptr + k * stride` must point at `size_of::<T>()`
    /// bytes that are writable, not otherwise accessed for `'a`, and disjoint
    /// from every other element of the run.
    pub unsafe fn from_raw_parts(ptr: *mut u8, len: usize, stride: isize) -> Self {
        StridedMut {
            ptr,
            len,
            stride,
            _borrow: PhantomData,
        }
    }

    /// A read-only view of the same run.
    pub fn as_strided(&self) -> Strided<'_, T> {
        Strided {
            ptr: self.ptr,
            len: self.len,
            stride: self.stride,
            _borrow: PhantomData,
        }
    }
}

/// An input operand of an element-wise kernel.
#[derive(Clone, Copy, Debug)]
pub enum Src<'a, T> {
    /// Contiguous elements; its length must equal the output's.
    Slice(&'a [T]),
    /// One value broadcast to every position (stride 0).
    Scalar(T),
    /// A strided run; its length must equal the output's.
    Strided(Strided<'a, T>),
    /// The output itself, read before it is written: the in-place form
    /// (`add(Src::Out, b, acc)` computes `acc = acc + b`).
    Out,
}

/// The output operand of an element-wise kernel.
#[derive(Debug)]
pub enum Dst<'a, T> {
    /// Contiguous elements.
    Slice(&'a mut [T]),
    /// A strided run of non-overlapping elements.
    Strided(StridedMut<'a, T>),
}

impl<T> Dst<'_, T> {
    /// Number of elements written.
    pub fn len(&self) -> usize {
        match self {
            Dst::Slice(s) => s.len(),
            Dst::Strided(s) => s.len,
        }
    }

    /// Whether nothing is written.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a, T> From<&'a [T]> for Src<'a, T> {
    fn from(s: &'a [T]) -> Self {
        Src::Slice(s)
    }
}
impl<'a, T> From<&'a Vec<T>> for Src<'a, T> {
    fn from(s: &'a Vec<T>) -> Self {
        Src::Slice(s)
    }
}
impl<'a, T, const N: usize> From<&'a [T; N]> for Src<'a, T> {
    fn from(s: &'a [T; N]) -> Self {
        Src::Slice(s)
    }
}
impl<'a, T> From<Strided<'a, T>> for Src<'a, T> {
    fn from(s: Strided<'a, T>) -> Self {
        Src::Strided(s)
    }
}
impl<'a> From<f32> for Src<'a, f32> {
    fn from(x: f32) -> Self {
        Src::Scalar(x)
    }
}
impl<'a> From<f64> for Src<'a, f64> {
    fn from(x: f64) -> Self {
        Src::Scalar(x)
    }
}
impl<'a, T> From<&'a mut [T]> for Dst<'a, T> {
    fn from(s: &'a mut [T]) -> Self {
        Dst::Slice(s)
    }
}
impl<'a, T> From<&'a mut Vec<T>> for Dst<'a, T> {
    fn from(s: &'a mut Vec<T>) -> Self {
        Dst::Slice(s)
    }
}
impl<'a, T, const N: usize> From<&'a mut [T; N]> for Dst<'a, T> {
    fn from(s: &'a mut [T; N]) -> Self {
        Dst::Slice(s)
    }
}
impl<'a, T> From<StridedMut<'a, T>> for Dst<'a, T> {
    fn from(s: StridedMut<'a, T>) -> Self {
        Dst::Strided(s)
    }
}

/// An input as a kernel sees it: validated, lifetime-free.
#[derive(Clone, Copy, Debug)]
pub enum RawSrc<T> {
    /// `n` contiguous elements from this pointer (any alignment).
    Contig(*const T),
    /// One value for every position.
    Splat(T),
    /// `n` elements at `ptr + k * stride` bytes.
    Strided(*const u8, isize),
}

/// The output as a kernel sees it.
#[derive(Clone, Copy, Debug)]
pub enum RawDst<T> {
    /// `n` contiguous elements from this pointer (any alignment).
    Contig(*mut T),
    /// `n` non-overlapping elements at `ptr + k * stride` bytes.
    Strided(*mut u8, isize),
    /// As `Contig`, written with non-temporal (cache-bypassing) stores where
    /// the ISA has them, whatever the run's length: for a caller that knows
    /// the whole output, of which this run is one piece, exceeds the cache.
    Stream(*mut T),
}

impl<T: Pod> Dst<'_, T> {
    /// The raw output, and the same memory as a raw input (for [`Src::Out`]).
    pub(crate) fn raw(&mut self) -> (RawDst<T>, RawSrc<T>) {
        match self {
            Dst::Slice(s) => {
                let p = s.as_mut_ptr();
                (RawDst::Contig(p), RawSrc::Contig(p.cast_const()))
            }
            Dst::Strided(s) => (
                RawDst::Strided(s.ptr, s.stride),
                RawSrc::Strided(s.ptr.cast_const(), s.stride),
            ),
        }
    }
}

impl<T: Pod> Src<'_, T> {
    /// Checks the length against the output's and lowers to the raw form.
    pub(crate) fn raw(
        &self,
        name: &'static str,
        n: usize,
        out: RawSrc<T>,
    ) -> Result<RawSrc<T>, KernelError> {
        let (raw, len) = match *self {
            Src::Slice(s) => (RawSrc::Contig(s.as_ptr()), s.len()),
            Src::Scalar(x) => return Ok(RawSrc::Splat(x)),
            Src::Strided(s) => (RawSrc::Strided(s.ptr, s.stride), s.len),
            Src::Out => return Ok(out),
        };
        if len != n {
            return Err(KernelError::LengthMismatch {
                operand: name,
                expected: n,
                found: len,
            });
        }
        Ok(raw)
    }
}
