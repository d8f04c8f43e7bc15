//! Buffers flush against an inaccessible page, so that a kernel reading or
//! writing one byte outside its operand faults at once instead of reading a
//! neighbour's bytes silently.
//!
//! [`Guarded::after`] places the elements so that the last one ends exactly
//! where a `PROT_NONE` page begins; [`Guarded::before`] so that the first one
//! starts exactly where a `PROT_NONE` page ends. Each mapping is fresh
//! (`mmap`) and released on drop. Where pages cannot be protected (Miri, or a
//! platform without `mmap`), the buffer is an ordinary allocation and
//! [`Guarded::is_guarded`] says so; the tests still run, unguarded.

/// `len` elements of `T` next to a guard page.
pub struct Guarded<T: Copy> {
    /// The mapping (or allocation) base and its length in bytes.
    base: *mut u8,
    map_len: usize,
    /// The first element.
    ptr: *mut T,
    len: usize,
    guarded: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    After,
    Before,
}

impl<T: Copy> Guarded<T> {
    /// `data` copied so that its last byte is followed by a guard page.
    pub fn after(data: &[T]) -> Self {
        Self::place(data, Side::After)
    }

    /// `data` copied so that its first byte follows a guard page.
    pub fn before(data: &[T]) -> Self {
        Self::place(data, Side::Before)
    }

    /// Whether a guard page really protects the boundary.
    pub fn is_guarded(&self) -> bool {
        self.guarded
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `ptr` holds `len` initialised elements for the life of `self`.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The elements, writable.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as `as_slice`, and `&mut self` is exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    fn place(data: &[T], side: Side) -> Self {
        let bytes = std::mem::size_of_val(data);
        let mut g = Self::map(bytes, side);
        g.len = data.len();
        // SAFETY: the mapping holds `bytes` writable bytes at `ptr`, which is
        // aligned for `T` (page boundaries are; `bytes` is a multiple of the
        // size, itself a multiple of the alignment), and is disjoint from `data`.
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), g.ptr, data.len());
        }
        g
    }

    #[cfg(all(unix, not(miri)))]
    fn map(bytes: usize, side: Side) -> Self {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let data_pages = bytes.div_ceil(page).max(1);
        let map_len = (data_pages + 1) * page;
        // SAFETY: an anonymous private mapping of a fresh range.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                map_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(base != libc::MAP_FAILED, "guard pages: mmap failed");
        let base = base.cast::<u8>();
        let (guard, ptr) = match side {
            // SAFETY (both): offsets inside the mapping just made.
            Side::After => unsafe {
                (
                    base.add(data_pages * page),
                    base.add(data_pages * page - bytes),
                )
            },
            Side::Before => unsafe { (base, base.add(page)) },
        };
        // SAFETY: `guard` is a page-aligned page of the mapping.
        let rc = unsafe { libc::mprotect(guard.cast(), page, libc::PROT_NONE) };
        assert_eq!(rc, 0, "guard pages: mprotect failed");
        Guarded {
            base,
            map_len,
            ptr: ptr.cast(),
            len: 0,
            guarded: true,
        }
    }

    #[cfg(not(all(unix, not(miri))))]
    fn map(bytes: usize, _side: Side) -> Self {
        let layout = Self::fallback_layout(bytes);
        // SAFETY: the layout has a non-zero size.
        let base = unsafe { std::alloc::alloc_zeroed(layout) };
        assert!(!base.is_null(), "guard pages: allocation failed");
        Guarded {
            base,
            map_len: layout.size(),
            ptr: base.cast(),
            len: 0,
            guarded: false,
        }
    }

    #[cfg(not(all(unix, not(miri))))]
    fn fallback_layout(bytes: usize) -> std::alloc::Layout {
        std::alloc::Layout::from_size_align(bytes.max(1), std::mem::align_of::<T>().max(64))
            .expect("guard pages: layout")
    }
}

impl<T: Copy> Drop for Guarded<T> {
    fn drop(&mut self) {
        #[cfg(all(unix, not(miri)))]
        // SAFETY: `base`/`map_len` are exactly the mapping made in `map`.
        unsafe {
            libc::munmap(self.base.cast(), self.map_len);
        }
        #[cfg(not(all(unix, not(miri))))]
        // SAFETY: allocated in `map` with this layout.
        unsafe {
            std::alloc::dealloc(self.base, Self::fallback_layout(self.map_len));
        }
    }
}
