//! Memory-mapped `.npy` and raw binary files (memmap2).
//!
//! Opening maps the file and parses only its header: O(header), whatever the
//! file's size — the operating system reads data pages when a view touches
//! them. Views borrow the map (`view(&self) -> DynView<'_>`), so no view can
//! outlive it. NumPy pads `.npy` headers to 64 bytes and maps start on a
//! page, so the data of a NumPy-written file is 64-byte aligned.
//!
//! Maps of one file exclude each other as references do: any number of
//! read-only maps, or one writable map (advisory `flock` locks taken at open
//! and held by the map; a second writable map is an error, not aliasing).
//! [`super::write`] / [`super::save`] respect the locks (a mapped file is not
//! replaced) and replace files atomically (a new file renamed over the old),
//! so they never truncate mapped bytes. [`MapMut::create`] reserves the
//! file's blocks, so a full disk is an error at creation, not SIGBUS later.
//!
//! What a map cannot promise: nothing bypassing the locks — another program,
//! or `std::fs::write` — may truncate the file while it is mapped
//! (memmap2's contract). The operating system raises SIGBUS when a view
//! touches bytes that a truncation removed, and no library can turn that
//! into an error. If other programs may shrink the file, read it
//! ([`super::read`]) instead of mapping it, or copy what you need out of the
//! view while you hold it.

use super::{data_bytes, io_error, Header, ReadOptions};
use crate::dtype::DType;
use crate::layout::{self, Order};
use crate::record::{DynView, DynViewMut};
use crate::{Error, Result};
use memmap2::{Mmap, MmapMut, MmapOptions};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// A read-only memory map of described data (NumPy's `mmap_mode='r'`).
pub struct Map {
    map: Option<Mmap>,
    _lock: File,
    dtype: DType,
    shape: Vec<usize>,
    order: Order,
    offset: usize,
    header: Option<Header>,
}

/// A writable memory map (NumPy's `mmap_mode='r+'` and `'w+'`): writes
/// through its views reach the file; [`MapMut::flush`] waits for them.
pub struct MapMut {
    map: Option<MmapMut>,
    _lock: File,
    dtype: DType,
    shape: Vec<usize>,
    order: Order,
    offset: usize,
    header: Option<Header>,
}

fn data_len(dtype: &DType, shape: &[usize]) -> Result<usize> {
    let n = layout::checked_size(shape, dtype.itemsize())?;
    n.checked_mul(dtype.itemsize())
        .ok_or_else(|| Error::SizeOverflow {
            shape: shape.to_vec(),
        })
}

/// Takes the advisory lock a map holds: shared for read-only maps,
/// exclusive for writable ones (and for [`super::write`] replacing a file).
///
/// A writable map needs a working lock: where the filesystem cannot lock
/// (an error other than "held by another map"), opening it writable is an
/// error — two writable maps of one file would alias from safe code. A
/// read-only map is allowed there: aliasing needs a writable map, which
/// cannot be opened on that filesystem.
fn lock(path: &Path, f: &File, exclusive: bool) -> Result<()> {
    let r = if exclusive {
        f.try_lock()
    } else {
        f.try_lock_shared()
    };
    lock_outcome(r, exclusive).map_err(|message| {
        Error::Npy(super::NpyError::Io {
            path: path.display().to_string(),
            message,
        })
    })
}

/// What a lock attempt means for a map: its refusal message, if refused.
fn lock_outcome(r: Result<(), std::fs::TryLockError>, exclusive: bool) -> Result<(), String> {
    match r {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "the file is already mapped {}; a file can have several read-only maps or one writable map",
            if exclusive { "(read-only or writable)" } else { "writable" }
        )),
        Err(std::fs::TryLockError::Error(e)) if exclusive => Err(format!(
            "cannot lock the file ({e}); without a lock a writable map could alias another, so it is refused"
        )),
        Err(std::fs::TryLockError::Error(_)) => Ok(()),
    }
}

fn file_len(path: &Path, f: &File) -> Result<usize> {
    let len = f.metadata().map_err(|e| io_error(path, e))?.len();
    Ok(usize::try_from(len).unwrap_or(usize::MAX))
}

/// Checks that `offset + len` bytes exist in a file of `size` bytes.
fn check_extent(
    size: usize,
    offset: usize,
    len: usize,
    shape: &[usize],
    dtype: &DType,
) -> Result<()> {
    if offset.checked_add(len).is_none_or(|end| end > size) {
        return Err(Error::Npy(super::NpyError::DataLength {
            shape: shape.to_vec(),
            itemsize: dtype.itemsize(),
            expected: len,
            found: size.saturating_sub(offset),
        }));
    }
    Ok(())
}

impl Map {
    /// Maps a `.npy` file read-only. Only the header is read.
    ///
    /// ```
    /// use stridekit::{npy, Array};
    /// let path = std::env::temp_dir().join(format!("stridekit-doc-map-{}.npy", std::process::id()));
    /// npy::save(&path, &Array::from_slice(&[1.5f64, 2.5, 3.5], &[3])?.view())?;
    /// let map = npy::Map::open(&path)?; // np.load(path, mmap_mode='r')
    /// assert_eq!(map.view().typed::<f64>()?.sum()?, 7.5); // reads the file's pages, no copy
    /// drop(map);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Map> {
        Self::open_with(path, &ReadOptions::default())
    }

    /// [`Map::open`] with explicit options (a larger `max_header_size`).
    pub fn open_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Map> {
        let path = path.as_ref();
        let f = File::open(path).map_err(|e| io_error(path, e))?;
        lock(path, &f, false)?;
        if file_len(path, &f)? == 0 {
            return Err(super::NpyError::Truncated {
                what: "magic and version",
                need: 8,
                have: 0,
            }
            .into());
        }
        // SAFETY: memmap2's contract — the file is not truncated or written
        // while mapped: writable maps are excluded by the lock, others are
        // documented on the type.
        let map = unsafe { Mmap::map(&f) }.map_err(|e| io_error(path, e))?;
        let header = Header::parse_with(&map, options)?;
        data_bytes(&header, &map)?;
        Ok(Map {
            _lock: f,
            dtype: header.dtype.clone(),
            shape: header.shape.clone(),
            order: header.order,
            offset: header.data_offset,
            header: Some(header),
            map: Some(map),
        })
    }

    /// Maps a headerless binary file read-only as `shape` items of `dtype`
    /// starting at byte `offset`, in `order` (NumPy's `np.memmap(mode='r')`).
    /// The file must hold at least that many bytes; bytes after are ignored.
    pub fn open_raw(
        path: impl AsRef<Path>,
        dtype: DType,
        shape: &[usize],
        offset: usize,
        order: Order,
    ) -> Result<Map> {
        let path = path.as_ref();
        let len = data_len(&dtype, shape)?;
        let f = File::open(path).map_err(|e| io_error(path, e))?;
        lock(path, &f, false)?;
        check_extent(file_len(path, &f)?, offset, len, shape, &dtype)?;
        let map = if len == 0 {
            None
        } else {
            // SAFETY: as in `open`.
            Some(
                unsafe { MmapOptions::new().offset(offset as u64).len(len).map(&f) }
                    .map_err(|e| io_error(path, e))?,
            )
        };
        Ok(Map {
            map,
            _lock: f,
            dtype,
            shape: shape.to_vec(),
            order,
            offset: 0,
            header: None,
        })
    }

    /// The `.npy` header (`None` for a raw map).
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// A zero-copy view of the data.
    pub fn view(&self) -> DynView<'_> {
        let bytes = self.map.as_ref().map_or(&[][..], |m| &m[self.offset..]);
        DynView::new(bytes, self.dtype.clone(), &self.shape, self.order)
            .expect("the extent was checked when the map was opened")
    }
}

impl MapMut {
    /// Maps an existing `.npy` file read-write (`mmap_mode='r+'`).
    pub fn open(path: impl AsRef<Path>) -> Result<MapMut> {
        Self::open_with(path, &ReadOptions::default())
    }

    /// [`MapMut::open`] with explicit options (a larger `max_header_size`).
    pub fn open_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<MapMut> {
        let path = path.as_ref();
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        lock(path, &f, true)?;
        if file_len(path, &f)? == 0 {
            return Err(super::NpyError::Truncated {
                what: "magic and version",
                need: 8,
                have: 0,
            }
            .into());
        }
        // SAFETY: as in `Map::open`.
        let map = unsafe { MmapMut::map_mut(&f) }.map_err(|e| io_error(path, e))?;
        let header = Header::parse_with(&map, options)?;
        data_bytes(&header, &map)?;
        Ok(MapMut {
            _lock: f,
            dtype: header.dtype.clone(),
            shape: header.shape.clone(),
            order: header.order,
            offset: header.data_offset,
            header: Some(header),
            map: Some(map),
        })
    }

    /// Creates (or truncates) a `.npy` file for `shape` items of `dtype` in
    /// `order`, zero-filled, and maps it read-write (`open_memmap(mode='w+')`).
    ///
    /// ```
    /// use stridekit::{dtype::DType, npy, Order};
    /// let path = std::env::temp_dir().join(format!("stridekit-doc-mapmut-{}.npy", std::process::id()));
    /// let mut map = npy::MapMut::create(&path, DType::of::<f32>(), &[4], Order::C)?;
    /// map.view_mut().typed_mut::<f32>()?.fill(2.0); // writes reach the file
    /// map.flush()?;
    /// drop(map);
    /// assert_eq!(npy::read(&path)?.view().typed::<f32>()?.to_vec(), vec![2.0; 4]);
    /// std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        path: impl AsRef<Path>,
        dtype: DType,
        shape: &[usize],
        order: Order,
    ) -> Result<MapMut> {
        let path = path.as_ref();
        let len = data_len(&dtype, shape)?;
        let head = Header::encode(&dtype, shape, order)?;
        let f = create_file(path, head.len() + len)?;
        {
            use std::io::Write;
            (&f).write_all(&head).map_err(|e| io_error(path, e))?;
        }
        drop(f);
        Self::open(path)
    }

    /// Maps a headerless binary file read-write (`np.memmap(mode='r+')`).
    pub fn open_raw(
        path: impl AsRef<Path>,
        dtype: DType,
        shape: &[usize],
        offset: usize,
        order: Order,
    ) -> Result<MapMut> {
        let path = path.as_ref();
        let len = data_len(&dtype, shape)?;
        let f = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| io_error(path, e))?;
        lock(path, &f, true)?;
        check_extent(file_len(path, &f)?, offset, len, shape, &dtype)?;
        Self::map_raw(path, f, dtype, shape, offset, len, order)
    }

    /// Creates (or truncates) a zero-filled headerless file of `offset` +
    /// data bytes and maps the data read-write (`np.memmap(mode='w+')`).
    pub fn create_raw(
        path: impl AsRef<Path>,
        dtype: DType,
        shape: &[usize],
        offset: usize,
        order: Order,
    ) -> Result<MapMut> {
        let path = path.as_ref();
        let len = data_len(&dtype, shape)?;
        let total = offset.checked_add(len).ok_or_else(|| Error::SizeOverflow {
            shape: shape.to_vec(),
        })?;
        let f = create_file(path, total)?;
        Self::map_raw(path, f, dtype, shape, offset, len, order)
    }

    fn map_raw(
        path: &Path,
        f: File,
        dtype: DType,
        shape: &[usize],
        offset: usize,
        len: usize,
        order: Order,
    ) -> Result<MapMut> {
        let map = if len == 0 {
            None
        } else {
            // SAFETY: as in `Map::open`.
            Some(
                unsafe {
                    MmapOptions::new()
                        .offset(offset as u64)
                        .len(len)
                        .map_mut(&f)
                }
                .map_err(|e| io_error(path, e))?,
            )
        };
        Ok(MapMut {
            map,
            _lock: f,
            dtype,
            shape: shape.to_vec(),
            order,
            offset: 0,
            header: None,
        })
    }

    /// The `.npy` header (`None` for a raw map).
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }

    /// A read-only view of the data.
    pub fn view(&self) -> DynView<'_> {
        let bytes = self.map.as_ref().map_or(&[][..], |m| &m[self.offset..]);
        DynView::new(bytes, self.dtype.clone(), &self.shape, self.order)
            .expect("the extent was checked when the map was opened")
    }

    /// A writable view of the data; writes reach the file.
    pub fn view_mut(&mut self) -> DynViewMut<'_> {
        let bytes = self
            .map
            .as_mut()
            .map_or(&mut [][..], |m| &mut m[self.offset..]);
        DynViewMut::new(bytes, self.dtype.clone(), &self.shape, self.order)
            .expect("the extent was checked when the map was opened")
    }

    /// Writes changed pages back to the file and waits for it.
    pub fn flush(&self) -> Result<()> {
        match &self.map {
            Some(m) => m.flush().map_err(|e| io_error(Path::new("memory map"), e)),
            None => Ok(()),
        }
    }
}

fn create_file(path: &Path, len: usize) -> Result<File> {
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false) // not before the lock: a mapped file must not shrink
        .open(path)
        .map_err(|e| io_error(path, e))?;
    lock(path, &f, true)?;
    f.set_len(0).map_err(|e| io_error(path, e))?;
    reserve(&f, len as u64).map_err(|e| io_error(path, e))?;
    Ok(f)
}

/// Makes `f` `len` bytes long with its blocks allocated, so a full disk is
/// this error now instead of SIGBUS on the first write through the map.
#[cfg(target_os = "linux")]
fn reserve(f: &File, len: u64) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    if len == 0 {
        return Ok(());
    }
    let Ok(off_len) = libc::off_t::try_from(len) else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "file too large",
        ));
    };
    // SAFETY: a valid open descriptor; posix_fallocate reads no memory of ours.
    match unsafe { libc::posix_fallocate(f.as_raw_fd(), 0, off_len) } {
        0 => Ok(()),
        libc::EOPNOTSUPP | libc::EINVAL => write_zeros(f, len),
        e => Err(std::io::Error::from_raw_os_error(e)),
    }
}

#[cfg(not(target_os = "linux"))]
fn reserve(f: &File, len: u64) -> std::io::Result<()> {
    write_zeros(f, len)
}

/// The portable reservation: write every byte (zeros), then sync.
fn write_zeros(f: &File, len: u64) -> std::io::Result<()> {
    use std::io::Write;
    let zeros = vec![0u8; 1 << 20];
    let mut w = f;
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        w.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    f.sync_data()
}

#[cfg(test)]
mod tests {
    use super::lock_outcome;
    use std::fs::TryLockError;

    /// A filesystem whose locks fail (`ENOLCK`, as NFS without a lock
    /// daemon): a writable map is refused, a read-only one allowed.
    #[test]
    fn failing_locks_refuse_writable_maps() {
        let failed = || TryLockError::Error(std::io::Error::from_raw_os_error(37));
        assert!(lock_outcome(Err(failed()), true).is_err());
        assert!(lock_outcome(Err(failed()), false).is_ok());
        assert!(lock_outcome(Err(TryLockError::WouldBlock), false).is_err());
        assert!(lock_outcome(Err(TryLockError::WouldBlock), true).is_err());
        assert!(lock_outcome(Ok(()), true).is_ok());
    }
}
