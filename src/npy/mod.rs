//! NumPy's `.npy` files: read (zero-copy from bytes or a memory map, or
//! into an aligned buffer), write (byte-identical to NumPy's `np.save`), and
//! memory-map (read-only, read-write, create; also headerless raw files like
//! `np.memmap`).
//!
//! Every entry point returns the data as a [`DynView`] (type described at
//! run time) from which typed views are taken with checks:
//! `npy.view().typed::<f32>()`, `records.field::<f64>("salary")`.

pub(crate) mod header;
mod mmap;
mod npz;

pub use crate::literal::MAX_DEPTH;
pub use header::{
    Header, ReadOptions, ARRAY_ALIGN, DEFAULT_MAX_HEADER_SIZE, MAGIC, MAX_HEADER_LEN,
};
pub use mmap::{Map, MapMut};
pub use npz::{save_npz, Compression, Npz, NpzWriter};

use crate::buffer::AlignedBuf;
use crate::error::DTypeError;
use crate::layout::Order;
#[cfg(all(target_os = "linux", not(miri)))]
use crate::parallel::{self, SharedPtr};
use crate::record::{DynArray, DynView};
use crate::{Error, Result};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

pub use crate::error::NpyError;

pub(crate) fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Npy(NpyError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// A parsed `.npy` file held in memory: its header and a zero-copy view of
/// its data.
#[derive(Clone, Debug)]
pub struct Npy<'a> {
    header: Header,
    data: DynView<'a>,
}

impl<'a> Npy<'a> {
    /// Parses a whole `.npy` file. The data must be exactly the size the
    /// header says. No copy: the view borrows `file` (and may be
    /// unaligned; typed views read it with unaligned loads).
    pub fn parse(file: &'a [u8]) -> Result<Npy<'a>> {
        Self::parse_with(file, &ReadOptions::default())
    }

    /// [`Npy::parse`] with explicit options (a larger `max_header_size`).
    pub fn parse_with(file: &'a [u8], options: &ReadOptions) -> Result<Npy<'a>> {
        let header = Header::parse_with(file, options)?;
        let data = data_bytes(&header, file)?;
        let view = DynView::new(data, header.dtype.clone(), &header.shape, header.order)?;
        Ok(Npy { header, data: view })
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The data, zero-copy.
    pub fn view(&self) -> DynView<'a> {
        self.data.clone()
    }
}

/// The data bytes of a file whose header is `h`: exactly `h.data_len`.
pub(crate) fn data_bytes<'f>(h: &Header, file: &'f [u8]) -> Result<&'f [u8], NpyError> {
    let found = file.len().saturating_sub(h.data_offset);
    if found != h.data_len {
        return Err(data_length(h, found));
    }
    Ok(&file[h.data_offset..])
}

fn data_length(h: &Header, found: usize) -> NpyError {
    NpyError::DataLength {
        shape: h.shape.clone(),
        itemsize: h.dtype.itemsize(),
        expected: h.data_len,
        found,
    }
}

/// Reads a `.npy` file into a new 64-byte aligned array (NumPy's
/// `np.load`). The header is checked against the file's size before any
/// buffer is allocated, so a hostile header cannot make it allocate more
/// than the file holds.
///
/// ```
/// let path = std::env::temp_dir().join(format!("stridekit-doc-read-{}.npy", std::process::id()));
/// std::fs::write(&path, b"not a .npy file")?;
/// let refused = stridekit::npy::read(&path);
/// std::fs::remove_file(&path)?;
/// assert!(matches!(refused, Err(stridekit::Error::Npy(stridekit::npy::NpyError::BadMagic))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read(path: impl AsRef<Path>) -> Result<DynArray> {
    read_with(path, &ReadOptions::default())
}

/// [`read`] with explicit options (a larger `max_header_size`).
pub fn read_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<DynArray> {
    let path = path.as_ref();
    let mut f = File::open(path).map_err(|e| io_error(path, e))?;
    let size = f.metadata().map_err(|e| io_error(path, e))?.len();
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    // The prefix first (at most 12 bytes), then the header it announces
    // (checked against the file size before it is read).
    let mut head = vec![0u8; 12.min(size)];
    f.read_exact(&mut head).map_err(|e| io_error(path, e))?;
    let end = match Header::parse_with(&head, options) {
        Ok(h) => h.data_offset,
        Err(NpyError::Truncated {
            what: "header",
            need,
            ..
        }) => {
            // Checked before the header is read into memory.
            let header_len = need - if head[6] == 1 { 10 } else { 12 };
            options.check(header_len)?;
            if need > size {
                return Err(NpyError::Truncated {
                    what: "header",
                    need,
                    have: size,
                }
                .into());
            }
            need
        }
        Err(e) => return Err(e.into()),
    };
    let have = head.len();
    if end > have {
        head.resize(end, 0);
        f.read_exact(&mut head[have..])
            .map_err(|e| io_error(path, e))?;
    }
    head.truncate(end);
    f.seek(SeekFrom::Start(end as u64))
        .map_err(|e| io_error(path, e))?;
    let h = Header::parse_with(&head, options)?;
    let found = size - h.data_offset;
    if found != h.data_len {
        return Err(data_length(&h, found).into());
    }
    let buf = read_data(&mut f, h.data_len).map_err(|e| io_error(path, e))?;
    DynArray::from_buf(buf, h.dtype, &h.shape, h.order)
}

/// `len` bytes from `f` into a new aligned buffer. On Linux `pread(2)` goes
/// straight into the fresh (huge-page advised) buffer, so its pages are
/// touched once, by the copy, rather than zero-filled first; a long read is
/// cut into parts read on threads (each part's pages fault in on its own
/// core).
#[cfg(all(target_os = "linux", not(miri)))]
fn read_data(f: &mut File, len: usize) -> std::io::Result<AlignedBuf<u8>> {
    use std::os::fd::AsRawFd;
    let fd = f.as_raw_fd();
    let at = f.stream_position()?;
    let mut failure = None;
    let fill = |p: *mut u8| {
        let base = SharedPtr::new(p);
        let parts = parallel::for_each_part(len, len, READ_PART, |start, n| {
            // SAFETY: the parts are disjoint ranges of the buffer's room.
            unsafe { read_range(fd, base.at(start as isize), at + start as u64, n) }
        });
        failure = parts.into_iter().flatten().next();
    };
    // SAFETY: `fill` writes every byte (read data, or zeros after a failure)
    // and reads none.
    let buf = match unsafe { AlignedBuf::from_fill(len, fill) } {
        Ok(buf) => buf,
        Err(e) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                e.to_string(),
            ))
        }
    };
    if let Some(e) = failure {
        return Err(e);
    }
    f.seek(SeekFrom::Start(at + len as u64))?;
    Ok(buf)
}

/// Bytes per part of a threaded read are a multiple of this.
#[cfg(all(target_os = "linux", not(miri)))]
const READ_PART: usize = 1 << 20;

/// Reads `len` bytes at file offset `at` into `p`; on a failure the rest
/// of the room is zeroed (every byte written either way) and the error
/// returned.
///
/// # Safety
/// `p` is writable for `len` bytes, and no one else accesses them.
#[cfg(all(target_os = "linux", not(miri)))]
unsafe fn read_range(fd: i32, p: *mut u8, at: u64, len: usize) -> Option<std::io::Error> {
    let mut done = 0;
    while done < len {
        let Ok(offset) = libc::off_t::try_from(at + done as u64) else {
            // SAFETY: the rest of the room, zeroed so every byte is written.
            unsafe { p.add(done).write_bytes(0, len - done) };
            return Some(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
        };
        // SAFETY: `pread` writes at most `len - done` bytes into the room
        // at `p + done`, which lies inside the caller's range.
        let got = unsafe { libc::pread(fd, p.add(done).cast(), (len - done).min(1 << 30), offset) };
        if got > 0 {
            done += got as usize;
            continue;
        }
        let e = std::io::Error::last_os_error();
        if got < 0 && e.kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        // SAFETY: the rest of the room, zeroed so every byte is written.
        unsafe { p.add(done).write_bytes(0, len - done) };
        return Some(if got == 0 {
            std::io::Error::from(std::io::ErrorKind::UnexpectedEof)
        } else {
            e
        });
    }
    None
}

#[cfg(not(all(target_os = "linux", not(miri))))]
fn read_data(f: &mut File, len: usize) -> std::io::Result<AlignedBuf<u8>> {
    let mut buf = AlignedBuf::<u8>::zeros(len);
    f.read_exact(&mut buf)?;
    Ok(buf)
}

/// Writes `data` as a `.npy` file: C-contiguous and F-contiguous data as
/// they are (the latter with `fortran_order: True`), anything else in C
/// order. The bytes are what NumPy's `np.save` writes for the same array.
///
/// The file is replaced atomically: the data goes to a new file in the same
/// directory, is synced, and is renamed over `path`, so the old file stays
/// whole until the new one is complete (a failed write leaves it as it
/// was). A file that a [`Map`] or [`MapMut`] holds is not replaced: that is
/// an error, as a second writable map is.
pub fn write(path: impl AsRef<Path>, data: &DynView<'_>) -> Result<()> {
    let path = path.as_ref();
    if let Ok(existing) = File::open(path) {
        // A map of this file holds a lock; a filesystem that cannot lock
        // (any other error) has no maps to protect.
        if let Err(std::fs::TryLockError::WouldBlock) = existing.try_lock() {
            return Err(Error::Npy(NpyError::Io {
                path: path.display().to_string(),
                message: "the file is memory-mapped; it cannot be replaced while a map holds it"
                    .into(),
            }));
        }
    }
    let tmp = temp_path(path);
    let result = (|| -> std::io::Result<()> {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut w = std::io::BufWriter::new(f);
        write_to(&mut w, data)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error(path, e));
    }
    Ok(())
}

/// A fresh name beside `path` for the file that will replace it.
pub(crate) fn temp_path(path: &Path) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "npy".into(), |n| n.to_string_lossy().into_owned());
    let k = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.{}.{k}.tmp", std::process::id()))
}

/// [`write`](fn@write) to any writer.
pub fn write_to(w: &mut impl Write, data: &DynView<'_>) -> std::io::Result<()> {
    let copy;
    let (order, bytes) = match data.dense_bytes() {
        Some(dense) => dense,
        None => {
            copy = data.to_owned(Order::C);
            (Order::C, copy.as_bytes())
        }
    };
    let head = Header::encode(data.dtype(), data.shape(), order)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
    w.write_all(&head)?;
    w.write_all(bytes)
}

/// Writes a typed view (any layout) as a `.npy` file.
///
/// ```
/// use stridekit::{npy, Array};
/// let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32)?;
/// let path = std::env::temp_dir().join(format!("stridekit-doc-save-{}.npy", std::process::id()));
/// npy::save(&path, &m.t())?; // np.save(path, m.T)
/// let back = npy::read(&path)?; // np.load(path)
/// std::fs::remove_file(&path)?;
/// assert_eq!(back.shape(), &[3, 2]);
/// assert_eq!(back.view().typed::<f32>()?.to_vec(), m.t().to_vec());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn save<T: crate::NpyScalar>(
    path: impl AsRef<Path>,
    data: &crate::ArrayView<'_, T>,
) -> Result<()> {
    write(path, &DynView::from_typed(data.clone()))
}

impl From<DTypeError> for Error {
    fn from(e: DTypeError) -> Error {
        Error::Npy(NpyError::DType(e))
    }
}

/// Whether `e` says the dtype is one stridekit cannot represent.
pub fn is_unsupported_dtype(e: &Error) -> bool {
    matches!(
        e,
        Error::Npy(NpyError::DType(DTypeError::Unsupported { .. }))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;

    #[test]
    fn encode_then_parse() {
        let dt =
            DType::parse_descr("[('name', '|S32'), ('age', '<i4'), ('salary', '<f8')]").unwrap();
        for (shape, order) in [
            (vec![], Order::C),
            (vec![3usize], Order::C),
            (vec![2, 5], Order::F),
        ] {
            let bytes = Header::encode(&dt, &shape, order).unwrap();
            assert_eq!(bytes.len() % ARRAY_ALIGN, 0);
            assert_eq!(bytes.last(), Some(&b'\n'));
            let h = Header::parse(&bytes).unwrap();
            assert_eq!(
                (h.dtype.clone(), h.shape.clone(), h.order),
                (dt.clone(), shape, order)
            );
            assert_eq!(h.version, (1, 0));
            assert_eq!(h.data_offset, bytes.len());
        }
    }
}
