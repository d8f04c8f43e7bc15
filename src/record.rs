//! Records and arrays whose element type is described at run time.
//!
//! * Typed records: any `#[repr(C)]` [`Pod`] struct is an array element;
//!   [`ArrayView::project`] (or the [`field!`](crate::field) macro) turns a
//!   view of records into a zero-copy strided view of one field (byte
//!   stride = record size) that every operation accepts.
//! * Described data: [`DynView`], [`DynViewMut`] and [`DynArray`] carry a
//!   [`DType`] instead of a Rust type — what a `.npy` file or a memory map
//!   holds. Typed views come out of them with checks: [`DynView::typed`],
//!   [`DynView::field`] (`field::<f64>("salary")`) refuse a wrong name, type
//!   or byte order with an error saying which.
//!
//! Fields at unaligned offsets are fine: views hold byte strides and every
//! kernel reads through unaligned loads; only `as_slice` (which makes a
//! Rust slice) requires alignment and says `None` otherwise.

use crate::buffer::AlignedBuf;
use crate::dtype::{DType, NpyScalar};
use crate::error::NpyError;
use crate::kernels;
use crate::layout::{self, Order};
use crate::movement::CowArray;
use crate::parallel::{self, SharedPtr};
use crate::raw::RawView;
use crate::view::{ArrayView, ArrayViewMut, AsViewMut};
use crate::{Error, Result};
use bytemuck::Pod;
use std::fmt;
use std::marker::PhantomData;
use std::mem::size_of;

impl<'a, R: Pod> ArrayView<'a, R> {
    /// The `F` at byte `offset` of every record, as a view with the
    /// records' strides (zero-copy). Error if the field does not fit in the
    /// record. Prefer [`field!`](crate::field), which computes the offset
    /// and type from the struct.
    pub fn project<F: Pod>(&self, offset: usize) -> Result<ArrayView<'a, F>> {
        check_projection::<R, F>(offset)?;
        Ok(ArrayView::from_raw(self.raw.project(offset)))
    }

    #[doc(hidden)]
    pub fn project_with<F: Pod>(
        &self,
        offset: usize,
        _field: fn(&R) -> F,
    ) -> Result<ArrayView<'a, F>> {
        self.project(offset)
    }
}

impl<'a, R: Pod> ArrayViewMut<'a, R> {
    /// The writable form of [`ArrayView::project`].
    pub fn project_mut<F: Pod>(self, offset: usize) -> Result<ArrayViewMut<'a, F>> {
        check_projection::<R, F>(offset)?;
        // Distinct records hold distinct, non-overlapping fields, so the
        // projection of a writable view is writable.
        Ok(ArrayViewMut::from_raw(self.raw.project(offset)))
    }

    #[doc(hidden)]
    pub fn project_mut_with<F: Pod>(
        self,
        offset: usize,
        _field: fn(&R) -> F,
    ) -> Result<ArrayViewMut<'a, F>> {
        self.project_mut(offset)
    }
}

fn check_projection<R, F>(offset: usize) -> Result<()> {
    if offset
        .checked_add(size_of::<F>())
        .is_none_or(|end| end > size_of::<R>())
    {
        return Err(Error::Npy(NpyError::TypeMismatch {
            what: format!("a field at byte offset {offset}"),
            found: format!("{} bytes", size_of::<F>()),
            requested: format!("a field inside a {}-byte record", size_of::<R>()),
            hint: "",
        }));
    }
    Ok(())
}

/// A zero-copy view of one field of every record: `field!(view, Employee,
/// salary)` is `view.project::<f64>(offset_of!(Employee, salary))` with the
/// type taken from the struct. `field!(mut view, …)` for a writable view
/// (consumes it).
///
/// ```
/// use stridekit::{field, Array};
/// #[repr(C)]
/// #[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
/// struct Employee { age: i32, pad: u32, salary: f64 }
/// let staff = Array::from_slice(
///     &[Employee { age: 30, pad: 0, salary: 10.0 }, Employee { age: 40, pad: 0, salary: 30.0 }],
///     &[2],
/// )?;
/// let salary = field!(staff.view(), Employee, salary)?;
/// assert_eq!(salary.strides(), &[16]);
/// assert_eq!(salary.mean()?, 20.0);
/// # Ok::<(), stridekit::Error>(())
/// ```
#[macro_export]
macro_rules! field {
    (mut $view:expr, $R:ty, $f:ident) => {
        $view.project_mut_with(::core::mem::offset_of!($R, $f), |r: &$R| r.$f)
    };
    ($view:expr, $R:ty, $f:ident) => {
        $view.project_with(::core::mem::offset_of!($R, $f), |r: &$R| r.$f)
    };
}

/// A read-only view of described data: element type given by a [`DType`],
/// shape and byte strides like any view.
pub struct DynView<'a> {
    raw: RawView<u8>,
    dtype: DType,
    _borrow: PhantomData<&'a [u8]>,
}

/// A writable view of described data.
pub struct DynViewMut<'a> {
    raw: RawView<u8>,
    dtype: DType,
    _borrow: PhantomData<&'a mut [u8]>,
}

/// An owned array of described data in a 64-byte aligned buffer (C or F
/// order).
///
/// ```
/// use stridekit::dtype::{DType, Record};
/// use stridekit::{DynArray, Order};
/// let fields = vec![("id".into(), DType::of::<i32>(), vec![]), ("score".into(), DType::of::<f64>(), vec![])];
/// let dtype = DType::from(Record::packed(fields)?); // np.dtype([('id', 'i4'), ('score', 'f8')])
/// let mut table = DynArray::zeros(dtype, &[3], Order::C)?;
/// table.view_mut().field_mut::<f64>("score")?.set(&[1], 9.5)?;
/// let score = table.view().field::<f64>("score")?; // table['score']: 12-byte strides, no copy
/// assert_eq!((score.strides(), score.to_vec()), (&[12][..], vec![0.0, 9.5, 0.0]));
/// assert!(table.view().field::<i64>("id").is_err()); // the field is i4
/// # Ok::<(), stridekit::Error>(())
/// ```
pub struct DynArray {
    buf: AlignedBuf<u8>,
    raw: RawView<u8>,
    dtype: DType,
}

// SAFETY: a `DynView` is a shared borrow of bytes (like `&[u8]`).
unsafe impl Send for DynView<'_> {}
// SAFETY: as above.
unsafe impl Sync for DynView<'_> {}
// SAFETY: a `DynViewMut` is an exclusive borrow of bytes (like `&mut [u8]`).
unsafe impl Send for DynViewMut<'_> {}
// SAFETY: as above.
unsafe impl Sync for DynViewMut<'_> {}
// SAFETY: `DynArray` owns its buffer; the raw pointers point into it.
unsafe impl Send for DynArray {}
// SAFETY: as above.
unsafe impl Sync for DynArray {}

impl Clone for DynView<'_> {
    fn clone(&self) -> Self {
        DynView {
            raw: self.raw.clone(),
            dtype: self.dtype.clone(),
            _borrow: PhantomData,
        }
    }
}

/// A dense layout of `shape` items of `dtype` over `len` bytes at `base`.
fn dense(
    base: *mut u8,
    len: usize,
    dtype: &DType,
    shape: &[usize],
    order: Order,
) -> Result<RawView<u8>> {
    let itemsize = dtype.itemsize();
    let expected = layout::checked_size(shape, itemsize)?
        .checked_mul(itemsize)
        .ok_or_else(|| Error::SizeOverflow {
            shape: shape.to_vec(),
        })?;
    if expected != len {
        return Err(Error::ByteLength {
            shape: shape.to_vec(),
            elem: itemsize,
            found: len,
        });
    }
    let strides = layout::dense_strides(shape, itemsize, order);
    Ok(RawView::from_parts(base, shape, strides, base, len))
}

fn mismatch(what: String, found: &DType, requested: &DType) -> Error {
    let hint = match (found, requested) {
        (DType::Scalar(f), DType::Scalar(r)) if f.to_native() == *r => {
            " (the data is in the other byte order: `native::<T>()` or `to_native()` converts it)"
        }
        _ => "",
    };
    Error::Npy(NpyError::TypeMismatch {
        what,
        found: found.descr(),
        requested: requested.descr(),
        hint,
    })
}

/// The geometry of field `name` of `raw`'s records: the field's first
/// element, the records' shape and strides followed by the sub-array's.
fn field_of(raw: &RawView<u8>, dtype: &DType, name: &str) -> Result<(RawView<u8>, DType)> {
    let Some(rec) = dtype.record() else {
        return Err(Error::Npy(NpyError::NotStructured {
            what: "this array".into(),
            descr: dtype.descr(),
            name: name.into(),
        }));
    };
    let Some(f) = rec.field(name) else {
        return Err(Error::Npy(NpyError::UnknownField {
            name: name.into(),
            available: rec.fields().iter().map(|f| f.name.clone()).collect(),
        }));
    };
    let mut v = raw.project(f.offset);
    v.shape.extend_from_slice(&f.shape);
    v.strides.extend_from_slice(&layout::dense_strides(
        &f.shape,
        f.dtype.itemsize(),
        Order::C,
    ));
    // A sub-array field multiplies the item count (zero-size items make the
    // file's byte size no bound on it): every view keeps the size rule.
    layout::check_view_size(&v.shape, f.dtype.itemsize())?;
    Ok((v, f.dtype.clone()))
}

fn typed_raw<T: NpyScalar>(
    raw: &RawView<u8>,
    dtype: &DType,
    what: impl FnOnce() -> String,
) -> Result<RawView<T>> {
    let want = DType::of::<T>();
    if *dtype != want {
        return Err(mismatch(what(), dtype, &want));
    }
    Ok(raw.cast())
}

/// Where the items of a dense layout lie: `(order, bytes)`.
fn dense_span(raw: &RawView<u8>, itemsize: usize) -> Option<(Order, usize)> {
    let n = raw.len() * itemsize;
    [Order::C, Order::F]
        .into_iter()
        .find(|&o| layout::is_contiguous(&raw.shape, &raw.strides, itemsize, o))
        .map(|o| (o, n))
}

macro_rules! dyn_read_api {
    ($ty:ident $(<$lt:lifetime>)?) => {
        impl$(<$lt>)? $ty$(<$lt>)? {
            /// The element type.
            pub fn dtype(&self) -> &DType {
                &self.dtype
            }
            /// The shape.
            pub fn shape(&self) -> &[usize] {
                &self.raw.shape
            }
            /// The byte strides.
            pub fn strides(&self) -> &[isize] {
                &self.raw.strides
            }
            /// Number of items.
            pub fn len(&self) -> usize {
                self.raw.len()
            }
            /// Whether there are no items.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
            /// Address of item 0.
            pub fn as_ptr(&self) -> *const u8 {
                self.raw.ptr
            }
        }
    };
}
dyn_read_api!(DynView<'a>);
dyn_read_api!(DynViewMut<'a>);
dyn_read_api!(DynArray);

impl<'a> DynView<'a> {
    /// The bytes of the item at `index` (`None` when out of range).
    pub(crate) fn item_bytes(&self, index: &[usize]) -> Option<&'a [u8]> {
        let p = self.raw.element(index)?;
        // SAFETY: a valid index reaches an item inside the borrowed bytes, and
        // the view's layout keeps all `itemsize` bytes of every item inside them.
        Some(unsafe { std::slice::from_raw_parts(p.cast_const(), self.dtype.itemsize()) })
    }

    /// A view of `bytes` as dense items of `dtype` with `shape` in `order`.
    /// The length must be exactly shape × item size.
    pub fn new(bytes: &'a [u8], dtype: DType, shape: &[usize], order: Order) -> Result<Self> {
        let raw = dense(bytes.as_ptr().cast_mut(), bytes.len(), &dtype, shape, order)?;
        Ok(DynView {
            raw,
            dtype,
            _borrow: PhantomData,
        })
    }

    /// A view of memory that stridekit does not own: the address of item
    /// `[0, 0, …]`, its type, shape and byte strides (any sign, zero
    /// allowed) — NumPy's `__array_interface__`, or a C caller's
    /// descriptor. The size arithmetic is checked; items need no alignment
    /// and may be in either byte order (see [`native`](Self::native)).
    ///
    /// # Safety
    /// Every byte of every item the shape and strides reach from `ptr` must
    /// be readable for `'a`, and nothing may write to them while the view
    /// (or any view made from it) lives.
    pub unsafe fn from_raw_parts(
        ptr: *const u8,
        dtype: DType,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<Self> {
        let raw =
            RawView::from_foreign_items(ptr.cast_mut(), dtype.itemsize(), shape, strides, false)?;
        Ok(DynView {
            raw,
            dtype,
            _borrow: PhantomData,
        })
    }

    /// Whether the bytes the two views span intersect (NumPy's
    /// `may_share_memory`: a cheap, conservative bound). A caller that
    /// builds views of foreign memory uses it to copy an input that an
    /// output would overwrite.
    pub fn may_share_memory(&self, other: &DynView<'_>) -> bool {
        let a = self.raw.item_byte_range(self.dtype.itemsize());
        let b = other.raw.item_byte_range(other.dtype.itemsize());
        match (a, b) {
            (Some((a0, a1)), Some((b0, b1))) => a0 < b1 && b0 < a1,
            _ => false,
        }
    }

    /// The items as raw `U`s of the same size, whatever their type and
    /// byte order (what a byte swap or a copy moves).
    pub(crate) fn bits<U: Pod>(&self) -> Result<ArrayView<'a, U>> {
        if size_of::<U>() != self.dtype.itemsize() {
            return Err(mismatch("the items".into(), &self.dtype, &self.dtype));
        }
        Ok(ArrayView::from_raw(self.raw.cast()))
    }

    /// A typed view seen as described data (dtype `T`'s native type).
    pub fn from_typed<T: NpyScalar>(view: ArrayView<'a, T>) -> Self {
        DynView {
            raw: view.raw.cast(),
            dtype: DType::of::<T>(),
            _borrow: PhantomData,
        }
    }

    /// A view of typed records described by `dtype` (e.g. to write them to
    /// a `.npy` file). The dtype's item size must be the record size.
    pub fn from_records<R: Pod>(view: ArrayView<'a, R>, dtype: DType) -> Result<Self> {
        if dtype.itemsize() != size_of::<R>() {
            return Err(Error::Npy(NpyError::TypeMismatch {
                what: "the records".into(),
                found: format!("{} bytes each", size_of::<R>()),
                requested: format!("{} ({} bytes)", dtype.descr(), dtype.itemsize()),
                hint: "",
            }));
        }
        Ok(DynView {
            raw: view.raw.cast(),
            dtype,
            _borrow: PhantomData,
        })
    }

    /// This view again.
    pub fn view(&self) -> DynView<'a> {
        self.clone()
    }

    /// A typed view: the dtype must be `T`'s type in native byte order.
    pub fn typed<T: NpyScalar>(&self) -> Result<ArrayView<'a, T>> {
        Ok(ArrayView::from_raw(typed_raw(
            &self.raw,
            &self.dtype,
            || "the array".into(),
        )?))
    }

    /// The items as typed records `R` (the caller's `#[repr(C)]` struct):
    /// the item size must be `size_of::<R>()` and the data native.
    pub fn records<R: Pod>(&self) -> Result<ArrayView<'a, R>> {
        check_records::<R>(&self.dtype)?;
        Ok(ArrayView::from_raw(self.raw.cast()))
    }

    /// A zero-copy view of field `name` (its sub-array axes appended).
    pub fn field_view(&self, name: &str) -> Result<DynView<'a>> {
        let (raw, dtype) = field_of(&self.raw, &self.dtype, name)?;
        Ok(DynView {
            raw,
            dtype,
            _borrow: PhantomData,
        })
    }

    /// A typed zero-copy view of field `name`: error if there is no such
    /// field or its type or byte order is not `T`'s.
    pub fn field<T: NpyScalar>(&self, name: &str) -> Result<ArrayView<'a, T>> {
        let (raw, dtype) = field_of(&self.raw, &self.dtype, name)?;
        Ok(ArrayView::from_raw(typed_raw(&raw, &dtype, || {
            format!("field {name:?}")
        })?))
    }

    /// The data as `T` in native byte order: a zero-copy view if it already
    /// is, else a byte-swapped copy (SIMD). Error if the type is not `T`'s.
    pub fn native<T: NpyScalar>(&self) -> Result<CowArray<'a, T>> {
        let want = DType::of::<T>();
        if self.dtype == want {
            return Ok(CowArray::Borrowed(self.typed()?));
        }
        if self.dtype.to_native() != want {
            return Err(mismatch("the array".into(), &self.dtype, &want));
        }
        let swapped: ArrayView<'a, T> = ArrayView::from_raw(self.raw.cast());
        Ok(CowArray::Owned(swapped.byteswap()?))
    }

    /// [`native`](Self::native) into an existing view, the data broadcast
    /// to its shape (NumPy's `np.copyto(out, a)`): a copy when the data is
    /// already native, else the SIMD byte swap —
    /// nothing allocated, long runs split between threads. Converting a
    /// file's data again and again into one buffer this way pays no page
    /// faults after the first time.
    pub fn native_into<T: NpyScalar>(&self, mut out: impl AsViewMut<T>) -> Result<()> {
        let want = DType::of::<T>();
        let mut out = out.as_view_mut();
        if self.dtype == want {
            return out.assign(self.typed::<T>()?);
        }
        if self.dtype.to_native() != want {
            return Err(mismatch("the array".into(), &self.dtype, &want));
        }
        let swapped: ArrayView<'a, T> = ArrayView::from_raw(self.raw.cast());
        swapped.byteswap_into(out)
    }

    /// A copy with every value (every field) in native byte order, keeping
    /// an F-contiguous layout F and making anything else C. Dense data is
    /// copied and swapped in one pass of cache-sized chunks (on threads for
    /// a long array).
    pub fn to_native(&self) -> Result<DynArray> {
        let itemsize = self.dtype.itemsize();
        // The (offset in the item, size) of every scalar to swap.
        let mut swaps = Vec::new();
        self.dtype.for_each_leaf(0, &mut |offset, s, count| {
            if !s.is_native() {
                swaps.extend((0..count).map(|k| (offset + k * s.size, s.size)));
            }
        });
        let isa = kernels::active_isa()?;
        if let (Some((order, bytes)), false) = (self.dense_bytes(), swaps.is_empty()) {
            let n = self.len();
            let from = SharedPtr::new(bytes.as_ptr());
            let mut result = Ok(());
            let fill = |p: *mut u8| {
                let to = SharedPtr::new(p);
                let parts = parallel::for_each_part(n, bytes.len(), 1, |start, len| {
                    let at = (start * itemsize) as isize;
                    // SAFETY: the part's items, disjoint from every other
                    // part's, inside both the source and the room.
                    unsafe { copy_swapped(isa, &swaps, from.at(at), to.at(at), len, itemsize) }
                });
                result = parts.into_iter().try_for_each(|r| r);
            };
            // SAFETY: every part copies all of its items' bytes (a failed
            // swap only stops the swapping), so every byte is written.
            let buf = unsafe { AlignedBuf::<u8>::from_fill(bytes.len(), fill) }?;
            result?;
            return DynArray::from_buf(buf, self.dtype.to_native(), self.shape(), order);
        }
        let order = match dense_span(&self.raw, itemsize) {
            Some((Order::F, _)) => Order::F, // C is tried first: this is F only
            _ => Order::C,
        };
        let mut out = self.to_owned(order);
        out.dtype = self.dtype.to_native();
        let n = out.len();
        if n == 0 || swaps.is_empty() {
            return Ok(out);
        }
        // not `buf.as_mut_ptr()`: that would re-borrow the buffer
        let base = SharedPtr::new(out.raw.base);
        let parts = parallel::for_each_part(n, n.saturating_mul(itemsize), 1, |start, len| {
            let p = base.at((start * itemsize) as isize);
            // SAFETY: the part's items of the dense, exclusively owned
            // copy, disjoint from every other part's; swapped in place.
            unsafe { copy_swapped(isa, &swaps, p, p, len, itemsize) }
        });
        parts.into_iter().try_for_each(|r| r)?;
        Ok(out)
    }

    /// A dense copy in `order`.
    pub fn to_owned(&self, order: Order) -> DynArray {
        let itemsize = self.dtype.itemsize();
        let mut bytes = self.raw.clone();
        bytes.shape.push(itemsize);
        bytes.strides.push(1);
        let mut bytes: ArrayView<'_, u8> = ArrayView::from_raw(bytes);
        if order == Order::F {
            let ndim = self.shape().len();
            let axes: Vec<usize> = (0..ndim).rev().chain([ndim]).collect();
            bytes = bytes.permute_axes(&axes).expect("a permutation");
        }
        let buf = bytes.to_owned().into_buf();
        DynArray::from_buf(buf, self.dtype.clone(), self.shape(), order)
            .expect("a dense copy has the right length")
    }

    /// The bytes of the items if they are dense (C- or F-contiguous), with
    /// the order they are in.
    pub fn dense_bytes(&self) -> Option<(Order, &'a [u8])> {
        let (order, n) = dense_span(&self.raw, self.dtype.itemsize())?;
        if n == 0 {
            return Some((order, &[]));
        }
        // SAFETY: a dense layout with non-negative strides starts at item 0
        // and spans exactly `n` bytes, all inside the borrowed buffer.
        Some((order, unsafe {
            std::slice::from_raw_parts(self.raw.ptr, n)
        }))
    }
}

fn check_records<R>(dtype: &DType) -> Result<()> {
    if dtype.itemsize() != size_of::<R>() || !dtype.is_native() {
        return Err(Error::Npy(NpyError::TypeMismatch {
            what: "the records".into(),
            found: dtype.descr(),
            requested: format!("native records of {} bytes", size_of::<R>()),
            hint: "",
        }));
    }
    Ok(())
}

/// Reverses the bytes of `n` scalars of `width` bytes at `p`, stride `st`.
///
/// # Safety
/// The run must be writable and exclusively borrowed.
/// Items per chunk of [`copy_swapped`]: the chunk stays in the L1/L2 cache
/// between its copy and its swaps.
const SWAP_CHUNK_BYTES: usize = 64 << 10;

/// Copies `len` dense items of `itemsize` bytes from `src` to `dst` (the
/// same address: in place) and swaps the `(offset, size)` scalars of each,
/// in chunks. Every byte is copied even after a failed swap (the error is
/// returned).
///
/// # Safety
/// `src` readable and `dst` writable for `len * itemsize` bytes, either
/// equal or not overlapping, and no one else accesses `dst`'s bytes.
unsafe fn copy_swapped(
    isa: kernels::Isa,
    swaps: &[(usize, usize)],
    src: *const u8,
    dst: *mut u8,
    len: usize,
    itemsize: usize,
) -> Result<()> {
    let step = (SWAP_CHUNK_BYTES / itemsize).max(1);
    let mut result = Ok(());
    let mut done = 0;
    while done < len {
        let k = step.min(len - done);
        let (s, d) = (
            src.wrapping_add(done * itemsize),
            dst.wrapping_add(done * itemsize),
        );
        if s != d.cast_const() {
            // SAFETY: `k` items inside both ranges, which do not overlap.
            unsafe { std::ptr::copy_nonoverlapping(s, d, k * itemsize) };
        }
        for &(offset, size) in swaps {
            if result.is_ok() {
                // SAFETY: this scalar lies inside every item, so the run of
                // `k` at stride `itemsize` is inside the chunk just written.
                result =
                    unsafe { swap_run(isa, size, k, d.wrapping_add(offset), itemsize as isize) };
            }
        }
        done += k;
    }
    result
}

unsafe fn swap_run(isa: kernels::Isa, width: usize, n: usize, p: *mut u8, st: isize) -> Result<()> {
    // SAFETY: forwarded; in place (source = destination).
    unsafe {
        match width {
            2 => kernels::byteswap_raw::<u16>(isa, n, p, st, p, st)?,
            4 => kernels::byteswap_raw::<u32>(isa, n, p, st, p, st)?,
            8 => kernels::byteswap_raw::<u64>(isa, n, p, st, p, st)?,
            // Other widths only come from hand-built `Scalar`s: plain loop.
            w => {
                for k in 0..n as isize {
                    // Element k of the run is `w` writable bytes (caller).
                    std::slice::from_raw_parts_mut(p.offset(k * st), w).reverse();
                }
            }
        }
    }
    Ok(())
}

impl<'a> DynViewMut<'a> {
    /// A writable view of `bytes` as dense items of `dtype`.
    pub fn new(bytes: &'a mut [u8], dtype: DType, shape: &[usize], order: Order) -> Result<Self> {
        let raw = dense(bytes.as_mut_ptr(), bytes.len(), &dtype, shape, order)?;
        Ok(DynViewMut {
            raw,
            dtype,
            _borrow: PhantomData,
        })
    }

    /// A typed writable view seen as described data.
    pub fn from_typed<T: NpyScalar>(view: ArrayViewMut<'a, T>) -> Self {
        DynViewMut {
            raw: view.raw.cast(),
            dtype: DType::of::<T>(),
            _borrow: PhantomData,
        }
    }

    /// A writable view of foreign memory (see [`DynView::from_raw_parts`]);
    /// a layout in which two elements overlap is an error.
    ///
    /// # Safety
    /// Every byte of every item the shape and strides reach from `ptr` must
    /// be readable and writable for `'a`, and nothing else may read or write
    /// them while the view (or any view made from it) lives.
    pub unsafe fn from_raw_parts_mut(
        ptr: *mut u8,
        dtype: DType,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<Self> {
        let raw = RawView::from_foreign_items(ptr, dtype.itemsize(), shape, strides, true)?;
        Ok(DynViewMut {
            raw,
            dtype,
            _borrow: PhantomData,
        })
    }

    /// A read-only view.
    pub fn view(&self) -> DynView<'_> {
        DynView {
            raw: self.raw.clone(),
            dtype: self.dtype.clone(),
            _borrow: PhantomData,
        }
    }

    /// A shorter-lived writable view (to take several typed views in turn).
    pub fn view_mut(&mut self) -> DynViewMut<'_> {
        DynViewMut {
            raw: self.raw.clone(),
            dtype: self.dtype.clone(),
            _borrow: PhantomData,
        }
    }

    /// The items as raw writable `U`s of the same size (see
    /// [`DynView::bits`]).
    pub(crate) fn bits_mut<U: Pod>(self) -> Result<ArrayViewMut<'a, U>> {
        if size_of::<U>() != self.dtype.itemsize() {
            return Err(mismatch("the items".into(), &self.dtype, &self.dtype));
        }
        Ok(ArrayViewMut::from_raw(self.raw.cast()))
    }

    /// A typed writable view (see [`DynView::typed`]).
    pub fn typed_mut<T: NpyScalar>(self) -> Result<ArrayViewMut<'a, T>> {
        Ok(ArrayViewMut::from_raw(typed_raw(
            &self.raw,
            &self.dtype,
            || "the array".into(),
        )?))
    }

    /// The items as writable typed records (see [`DynView::records`]).
    pub fn records_mut<R: Pod>(self) -> Result<ArrayViewMut<'a, R>> {
        check_records::<R>(&self.dtype)?;
        Ok(ArrayViewMut::from_raw(self.raw.cast()))
    }

    /// A typed writable view of field `name` (see [`DynView::field`]).
    pub fn field_mut<T: NpyScalar>(self, name: &str) -> Result<ArrayViewMut<'a, T>> {
        let (raw, dtype) = field_of(&self.raw, &self.dtype, name)?;
        Ok(ArrayViewMut::from_raw(typed_raw(&raw, &dtype, || {
            format!("field {name:?}")
        })?))
    }
}

impl DynArray {
    /// An array over `buf` holding dense items of `dtype` with `shape` in
    /// `order`; the length must be exactly shape × item size.
    pub fn from_buf(
        mut buf: AlignedBuf<u8>,
        dtype: DType,
        shape: &[usize],
        order: Order,
    ) -> Result<Self> {
        let raw = dense(buf.as_mut_ptr(), buf.len(), &dtype, shape, order)?;
        Ok(DynArray { buf, raw, dtype })
    }

    /// A typed array seen as described data, with no copy (its layout,
    /// C, F or any other, is kept).
    pub fn from_array<T: NpyScalar>(array: crate::Array<T>) -> Self {
        let (buf, raw) = array.into_parts();
        let old = buf.as_ptr() as usize;
        let mut buf = buf.into_bytes();
        // The layout, re-derived from the byte buffer's own pointer (the
        // same address unless `into_bytes` had to copy).
        let start = buf.as_mut_ptr();
        let at = |p: *mut u8| start.wrapping_add(p as usize - old);
        let raw = RawView::from_parts(at(raw.ptr), raw.shape, raw.strides, at(raw.base), raw.bytes);
        DynArray {
            buf,
            raw,
            dtype: DType::of::<T>(),
        }
    }

    /// The same items seen as `dtype` (of the same item size: the caller
    /// made the bytes with that meaning, e.g. a byte swap done on raw `u32`s).
    pub(crate) fn retype(mut self, dtype: DType) -> DynArray {
        assert_eq!(
            dtype.itemsize(),
            self.dtype.itemsize(),
            "retype keeps the item size"
        );
        self.dtype = dtype;
        self
    }

    /// The address of item `[0, 0, …]` (for handing the array to C or
    /// Python along with [`shape`](Self::shape) and
    /// [`strides`](Self::strides)).
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.raw.ptr
    }

    /// A zero-filled array.
    pub fn zeros(dtype: DType, shape: &[usize], order: Order) -> Result<Self> {
        let n = layout::checked_size(shape, dtype.itemsize())? * dtype.itemsize();
        Self::from_buf(AlignedBuf::try_zeros(n)?, dtype, shape, order)
    }

    /// A read-only view.
    pub fn view(&self) -> DynView<'_> {
        DynView {
            raw: self.raw.clone(),
            dtype: self.dtype.clone(),
            _borrow: PhantomData,
        }
    }

    /// A writable view.
    pub fn view_mut(&mut self) -> DynViewMut<'_> {
        DynViewMut {
            raw: self.raw.clone(),
            dtype: self.dtype.clone(),
            _borrow: PhantomData,
        }
    }

    /// The buffer (the items, dense in the array's order).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }
}

impl fmt::Debug for DynView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DynView")
            .field("dtype", &self.dtype.descr())
            .field("shape", &self.raw.shape)
            .field("strides", &self.raw.strides)
            .finish()
    }
}

impl fmt::Debug for DynViewMut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

impl fmt::Debug for DynArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}
