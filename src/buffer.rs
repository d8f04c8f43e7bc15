//! `AlignedBuf<T>`: an owned, growable buffer whose data always starts on a
//! 64-byte boundary (a cache line, and an AVX-512 vector).
//!
//! It is a thin wrapper over `aligned_vec::AVec` with the alignment fixed at
//! compile time: growth is geometric (amortised O(1) `push`/`extend`, never a
//! reallocation per append), and every reallocation keeps the alignment.

use aligned_vec::{AVec, ConstAlign};
use std::mem::size_of;
use std::ops::{Deref, DerefMut};

/// The alignment, in bytes, of every stridekit buffer.
pub const ALIGN: usize = 64;

/// Buffers of at least this many bytes ask Linux for transparent huge pages
/// before their first touch, as NumPy does for its arrays: on this kind of
/// machine, first-touching 256 MiB costs ~200 ms in 4 KiB page faults and
/// ~35-50 ms in 2 MiB ones.
pub const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// Advises huge pages for the 2 MiB-aligned interior of `bytes` bytes at
/// `ptr` (advice only: contents and validity are unchanged).
fn advise_huge_pages(ptr: *const u8, bytes: usize) {
    #[cfg(all(target_os = "linux", not(miri)))]
    if bytes >= HUGE_PAGE_MIN_BYTES {
        const HUGE: usize = 2 << 20;
        let start = (ptr as usize).next_multiple_of(HUGE);
        let end = (ptr as usize).saturating_add(bytes) / HUGE * HUGE;
        if end > start {
            // SAFETY: the range lies inside one live allocation of ours;
            // MADV_HUGEPAGE only changes how the kernel backs it.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
    #[cfg(not(all(target_os = "linux", not(miri))))]
    let _ = (ptr, bytes);
}

/// An owned, 64-byte aligned, growable buffer of `T`.
#[derive(Clone)]
pub struct AlignedBuf<T> {
    inner: AVec<T, ConstAlign<ALIGN>>,
}

impl<T> AlignedBuf<T> {
    /// An empty buffer (no allocation).
    pub fn new() -> Self {
        AlignedBuf {
            inner: AVec::new(ALIGN),
        }
    }

    /// An empty buffer with room for `capacity` elements.
    ///
    /// # Panics
    /// If the allocation fails or its size overflows; the array constructors
    /// use [`AlignedBuf::try_with_capacity`] and return an error instead.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::try_with_capacity(capacity).unwrap_or_else(|e| panic!("{e}"))
    }

    /// An empty buffer with room for `capacity` elements, or
    /// [`Error::Alloc`](crate::Error::Alloc) when the allocator refuses or the
    /// size overflows (NumPy's `MemoryError`): never an abort.
    pub fn try_with_capacity(capacity: usize) -> crate::Result<Self> {
        let mut inner: AVec<T, ConstAlign<ALIGN>> = AVec::new(ALIGN);
        inner
            .try_reserve_exact(capacity)
            .map_err(|_| crate::Error::Alloc {
                elements: capacity,
                bytes: capacity.saturating_mul(std::mem::size_of::<T>()),
            })?;
        advise_huge_pages(
            inner.as_ptr().cast(),
            inner.capacity() * std::mem::size_of::<T>(),
        );
        Ok(AlignedBuf { inner })
    }

    /// Appends one element; amortised O(1).
    pub fn push(&mut self, value: T) {
        self.inner.push(value);
    }

    /// Removes and returns the last element.
    pub fn pop(&mut self) -> Option<T> {
        self.inner.pop()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether the buffer holds no elements.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Elements the buffer can hold before it reallocates.
    pub fn capacity(&self) -> usize {
        self.inner.capacity()
    }

    /// Reserves room for at least `additional` more elements.
    pub fn reserve(&mut self, additional: usize) {
        let before = self.inner.as_ptr();
        self.inner.reserve(additional);
        if self.inner.as_ptr() != before {
            advise_huge_pages(
                self.inner.as_ptr().cast(),
                self.inner.capacity() * std::mem::size_of::<T>(),
            );
        }
    }

    /// Shortens the buffer to `len` elements (no-op if already shorter).
    pub fn truncate(&mut self, len: usize) {
        self.inner.truncate(len);
    }

    /// Removes every element, keeping the allocation.
    pub fn clear(&mut self) {
        self.inner.clear();
    }

    /// The elements as a slice.
    pub fn as_slice(&self) -> &[T] {
        self.inner.as_slice()
    }

    /// The elements as a mutable slice.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        self.inner.as_mut_slice()
    }
}

impl<T: Clone> AlignedBuf<T> {
    /// `len` copies of `value`.
    pub fn filled(value: T, len: usize) -> Self {
        Self::try_filled(value, len).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `len` copies of `value`, or an allocation error.
    pub fn try_filled(value: T, len: usize) -> crate::Result<Self> {
        let mut buf = Self::try_with_capacity(len)?;
        buf.inner.resize(len, value);
        Ok(buf)
    }

    /// A copy of `slice`.
    pub fn from_slice(slice: &[T]) -> Self {
        let mut buf = Self::with_capacity(slice.len());
        buf.inner.extend_from_slice(slice);
        buf
    }

    /// Appends a copy of every element of `slice`; amortised O(1) per element.
    pub fn extend_from_slice(&mut self, slice: &[T]) {
        self.inner.extend_from_slice(slice);
    }

    /// [`extend_from_slice`](Self::extend_from_slice), or [`Error::Alloc`]
    /// (nothing changed) when memory runs out. Capacity at least doubles
    /// when it grows, so appending is amortised O(1) per element.
    ///
    /// [`Error::Alloc`]: crate::Error::Alloc
    pub fn try_extend_from_slice(&mut self, slice: &[T]) -> crate::Result<()> {
        let needed = self
            .len()
            .checked_add(slice.len())
            .ok_or(crate::Error::Alloc {
                elements: usize::MAX,
                bytes: usize::MAX,
            })?;
        if needed > self.capacity() {
            let mut grown = Self::try_with_capacity(needed.max(self.capacity().saturating_mul(2)))?;
            grown.inner.extend_from_slice(self.as_slice());
            *self = grown;
        }
        self.inner.extend_from_slice(slice);
        Ok(())
    }

    /// Grows or shrinks to `len` elements, filling with `value`.
    pub fn resize(&mut self, len: usize, value: T) {
        self.inner.resize(len, value);
    }
}

impl<T: bytemuck::Pod> AlignedBuf<T> {
    /// `len` elements written by `fill`, which gets a pointer to room for
    /// exactly `len` elements (uninitialised: never zero-filled first).
    ///
    /// # Safety
    /// `fill` must write every one of the `len` elements, and must not read
    /// any before writing it.
    pub(crate) unsafe fn from_fill(len: usize, fill: impl FnOnce(*mut T)) -> crate::Result<Self> {
        let mut buf = Self::try_with_capacity(len)?;
        fill(buf.inner.as_mut_ptr());
        // SAFETY: the capacity is at least `len`, and `fill` initialised
        // all `len` elements (caller contract).
        unsafe { buf.inner.set_len(len) };
        Ok(buf)
    }
}

impl<T: Clone + Default> AlignedBuf<T> {
    /// `len` default values (zeros for numbers).
    pub fn zeros(len: usize) -> Self {
        Self::filled(T::default(), len)
    }

    /// `len` default values, or an allocation error.
    pub fn try_zeros(len: usize) -> crate::Result<Self> {
        Self::try_filled(T::default(), len)
    }
}

impl<T: bytemuck::Pod> AlignedBuf<T> {
    /// The same allocation seen as bytes (no copy): what a described array
    /// ([`DynArray`](crate::DynArray)) or a foreign owner holds.
    pub fn into_bytes(self) -> AlignedBuf<u8> {
        let size = size_of::<T>();
        if size == 0 || std::mem::align_of::<T>() > ALIGN {
            // Nothing to keep, or an allocation a byte buffer could not free.
            return AlignedBuf::from_slice(bytemuck::cast_slice(self.as_slice()));
        }
        let (ptr, align, len, cap) = self.inner.into_raw_parts();
        // SAFETY: the allocation holds `cap` values of `T` with alignment
        // `max(ALIGN, align_of::<T>()) = ALIGN` (checked above), so seen as
        // `cap * size` bytes with alignment ALIGN it is freed with the same
        // `Layout`; its first `len * size` bytes are initialised Pod values,
        // and every byte pattern is a valid `u8`.
        let inner =
            unsafe { AVec::from_raw_parts(ptr.cast::<u8>(), align, len * size, cap * size) };
        AlignedBuf { inner }
    }
}

impl<T> Default for AlignedBuf<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for AlignedBuf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for AlignedBuf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T> Extend<T> for AlignedBuf<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.inner.reserve(iter.size_hint().0);
        for x in iter {
            self.inner.push(x);
        }
    }
}

impl<T> FromIterator<T> for AlignedBuf<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut buf = Self::new();
        buf.extend(iter);
        buf
    }
}

impl<T: Clone> From<&[T]> for AlignedBuf<T> {
    fn from(s: &[T]) -> Self {
        Self::from_slice(s)
    }
}

impl<T: Clone> From<Vec<T>> for AlignedBuf<T> {
    fn from(v: Vec<T>) -> Self {
        Self::from_slice(&v)
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for AlignedBuf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for AlignedBuf<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned<T>(b: &AlignedBuf<T>) -> bool {
        (b.as_ptr() as usize).is_multiple_of(ALIGN)
    }

    #[test]
    fn alignment_survives_every_growth() {
        let mut b = AlignedBuf::<u8>::new();
        let mut reallocations = 0;
        let mut last_cap = b.capacity();
        let n = if cfg!(miri) { 300 } else { 100_000 };
        for i in 0..n {
            b.push(i as u8);
            assert!(aligned(&b), "misaligned after push {i}");
            if b.capacity() != last_cap {
                reallocations += 1;
                last_cap = b.capacity();
            }
        }
        assert_eq!(b.len(), n);
        assert!(b.iter().enumerate().all(|(i, &x)| x == i as u8));
        // Geometric growth: O(log n) reallocations, not O(n).
        assert!(
            reallocations <= 2 * (usize::BITS - n.leading_zeros()) as usize,
            "{reallocations} reallocations for {n} pushes"
        );
    }

    #[test]
    fn extend_from_slice_is_amortised_and_aligned() {
        let mut b = AlignedBuf::<f64>::new();
        let chunk: Vec<f64> = (0..7).map(|x| x as f64).collect();
        let mut reallocations = 0;
        let mut last_cap = b.capacity();
        let rounds = if cfg!(miri) { 40 } else { 10_000 };
        for _ in 0..rounds {
            b.extend_from_slice(&chunk);
            assert!(aligned(&b));
            if b.capacity() != last_cap {
                reallocations += 1;
                last_cap = b.capacity();
            }
        }
        assert_eq!(b.len(), 7 * rounds);
        assert!(reallocations <= 40, "{reallocations} reallocations");
        b.extend((0..100).map(|x| x as f64));
        assert!(aligned(&b));
        assert_eq!(b[7 * rounds + 99], 99.0);
    }

    #[test]
    fn constructors() {
        let z = AlignedBuf::<f32>::zeros(33);
        assert!(aligned(&z) && z.len() == 33 && z.iter().all(|&x| x == 0.0));
        let f = AlignedBuf::filled(2.5f64, 5);
        assert!(aligned(&f) && f.as_slice() == [2.5; 5]);
        let s = AlignedBuf::from_slice(&[1u16, 2, 3]);
        assert!(aligned(&s) && s.as_slice() == [1, 2, 3]);
        let c: AlignedBuf<i32> = (0..10).collect();
        assert!(aligned(&c) && c.len() == 10 && c[9] == 9);
        let e = AlignedBuf::<f32>::new();
        assert!(e.is_empty());
        let mut m = AlignedBuf::from(vec![1.0f32, 2.0]);
        m[1] = 5.0;
        m.resize(4, 9.0);
        assert!(aligned(&m));
        assert_eq!(m.as_slice(), [1.0, 5.0, 9.0, 9.0]);
        m.truncate(1);
        assert_eq!(m.pop(), Some(1.0));
        assert!(m.is_empty());
    }
}
