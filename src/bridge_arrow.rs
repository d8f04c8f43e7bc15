//! Zero-copy crossings between stridekit and Arrow's buffers (feature
//! `arrow`, crate `arrow-buffer`).
//!
//! An Arrow column's values are one contiguous run of native-order elements
//! (`ScalarBuffer<T>`, over a shared, reference-counted `Buffer` whose
//! allocations are 64-byte aligned, like stridekit's). So:
//!
//! * **in**: any `ScalarBuffer<T>` (or a byte `Buffer` holding whole,
//!   aligned `T`s) is the C-order data of a stridekit view of any shape with
//!   that many elements — no copy; from there every slice, transpose,
//!   broadcast or window is a view too. A `MutableBuffer` gives a writable
//!   view.
//! * **out**: an owned [`Array`] becomes a `ScalarBuffer<T>` without a copy
//!   when it is C-contiguous: the Arrow buffer points at the array's
//!   elements and keeps the `AlignedBuf` alive (`Buffer::from_custom_allocation`)
//!   until the last Arrow clone is dropped. Any other layout is copied once
//!   into C order first.
//!
//! Arrow has no element type for `bf16` or `Bool8`: those cross as bytes.

use crate::buffer::AlignedBuf;
use crate::error::{Error, Result};
use crate::layout;
use crate::view::{Array, ArrayView, ArrayViewMut};
use arrow_buffer::{ArrowNativeType, Buffer, MutableBuffer, ScalarBuffer};
use bytemuck::Pod;
use std::mem::{align_of, size_of};
use std::ptr::NonNull;
use std::sync::Arc;

/// Checks that `bytes` bytes hold exactly `shape` of `T`.
fn check_bytes<T>(shape: &[usize], bytes: usize) -> Result<()> {
    let expected = layout::checked_size(shape, size_of::<T>())?.checked_mul(size_of::<T>());
    if expected != Some(bytes) {
        return Err(Error::ByteLength {
            shape: shape.to_vec(),
            elem: size_of::<T>(),
            found: bytes,
        });
    }
    Ok(())
}

impl<'a, T: Pod + ArrowNativeType> ArrayView<'a, T> {
    /// The values of an Arrow buffer as a C-order view of `shape`, no copy.
    ///
    /// ```
    /// use arrow_buffer::ScalarBuffer;
    /// let col: ScalarBuffer<f32> = (0..6).map(|i| i as f32).collect();
    /// let m = stridekit::ArrayView::from_arrow(&col, &[2, 3])?;
    /// assert_eq!(m.t().get(&[2, 1]), Some(5.0)); // a transposed view, still no copy
    /// assert_eq!(m.sum()?, 15.0);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn from_arrow(values: &'a ScalarBuffer<T>, shape: &[usize]) -> Result<Self> {
        ArrayView::from_slice(values, shape)
    }

    /// The bytes of an Arrow `Buffer` as a C-order view of `T`s, no copy.
    /// The bytes must be aligned for `T` ([`Error::Unaligned`] otherwise: a
    /// buffer sliced at an odd byte offset) and hold exactly `shape`
    /// ([`Error::ByteLength`]).
    pub fn from_arrow_buffer(buffer: &'a Buffer, shape: &[usize]) -> Result<Self> {
        check_bytes::<T>(shape, buffer.len())?;
        let data =
            bytemuck::try_cast_slice::<u8, T>(buffer.as_slice()).map_err(|_| Error::Unaligned {
                align: align_of::<T>(),
            })?;
        ArrayView::from_slice(data, shape)
    }
}

impl<'a, T: Pod + ArrowNativeType> ArrayViewMut<'a, T> {
    /// The bytes of an Arrow `MutableBuffer` as a writable C-order view of
    /// `T`s, no copy (errors as in [`ArrayView::from_arrow_buffer`]).
    pub fn from_arrow_mut(buffer: &'a mut MutableBuffer, shape: &[usize]) -> Result<Self> {
        check_bytes::<T>(shape, buffer.len())?;
        let data = bytemuck::try_cast_slice_mut::<u8, T>(buffer.as_slice_mut()).map_err(|_| {
            Error::Unaligned {
                align: align_of::<T>(),
            }
        })?;
        ArrayViewMut::from_slice(data, shape)
    }
}

/// An `AlignedBuf` (as bytes: the same allocation) kept alive by the Arrow
/// buffers that point into it.
struct Owner(#[allow(dead_code)] AlignedBuf<u8>);

impl<T: Pod + ArrowNativeType> Array<T> {
    /// A C-order copy of an Arrow buffer's values with `shape`, in a 64-byte
    /// aligned buffer stridekit owns.
    pub fn from_arrow(values: &ScalarBuffer<T>, shape: &[usize]) -> Result<Self> {
        Array::from_slice(values, shape)
    }

    /// The array's elements in C order as an Arrow buffer: no copy when the
    /// array is C-contiguous (the Arrow buffer then owns the allocation);
    /// otherwise one copy into C order first.
    ///
    /// ```
    /// use stridekit::Array;
    /// let a = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f64)?;
    /// let before = a.as_ptr();
    /// let col = a.into_arrow()?;
    /// assert_eq!(col.as_ptr(), before); // the same memory
    /// assert_eq!(&col[..], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn into_arrow(self) -> Result<ScalarBuffer<T>> {
        let array = if self.is_c_contiguous() {
            self
        } else {
            self.view().try_to_owned()?
        };
        let len = array.len();
        let bytes = len * size_of::<T>();
        let (buf, raw) = array.into_parts();
        // The first element (the lowest address of a C-contiguous layout);
        // an empty array may point anywhere, so it starts at the buffer.
        let first = if len == 0 {
            buf.as_ptr().cast::<u8>().cast_mut()
        } else {
            raw.ptr
        };
        let ptr = NonNull::new(first).ok_or_else(|| Error::Bridge("null buffer".into()))?;
        let owner = Arc::new(Owner(buf.into_bytes()));
        // SAFETY: `ptr..ptr + bytes` are the `len` initialised elements of
        // the C-contiguous layout, inside the allocation `owner` holds; the
        // allocation does not move (the buffer is moved and retyped as
        // bytes, which keeps its heap block)
        // and is freed only when the last Arrow buffer drops `owner`;
        // nothing else can write to it: the array was consumed.
        let buffer = unsafe { Buffer::from_custom_allocation(ptr, bytes, owner) };
        Ok(ScalarBuffer::new(buffer, 0, len))
    }
}
