//! `.npz` archives, as `np.savez` / `np.savez_compressed` write them and
//! `np.load` reads them: a zip file whose members `<name>.npy` are `.npy`
//! files, stored or deflated.
//!
//! [`Npz::open`] reads only the archive's directory; each member is read
//! (and decompressed) when asked for, into a 64-byte aligned array. A
//! member's declared size is checked before anything is allocated for it,
//! and a member that inflates past its declared size is an error (no zip
//! bomb can make the reader allocate more than the directory announced).
//! [`NpzWriter`] writes to a new file beside the target and renames it over
//! the target when [`finish`](NpzWriter::finish)ed, like [`write`](super::write).

use super::header::{Header, ReadOptions};
use super::{data_bytes, io_error, temp_path, write_to};
use crate::buffer::AlignedBuf;
use crate::error::{Error, NpyError, Result};
use crate::record::{DynArray, DynView};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    Error::Npy(NpyError::Io {
        path: path.display().to_string(),
        message: format!("not a readable .npz archive: {e}"),
    })
}

/// An open `.npz` archive (NumPy's `NpzFile`).
///
/// ```
/// use stridekit::{npy, Array, DynView};
/// let x = Array::from_slice(&[1.0f64, 2.0], &[2])?;
/// let n = Array::from_slice(&[7i32], &[1])?;
/// let path = std::env::temp_dir().join(format!("stridekit-doc-{}.npz", std::process::id()));
/// let members = [("x", DynView::from_typed(x.view())), ("n", DynView::from_typed(n.view()))];
/// npy::save_npz(&path, &members, npy::Compression::Deflated)?; // np.savez_compressed(path, x=x, n=n)
/// let mut archive = npy::Npz::open(&path)?; // np.load(path)
/// assert_eq!(archive.names(), vec!["x", "n"]);
/// assert_eq!(archive.read("n")?.view().typed::<i32>()?.to_vec(), vec![7]);
/// std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Npz {
    path: PathBuf,
    archive: zip::ZipArchive<File>,
    options: ReadOptions,
}

impl Npz {
    /// Opens `path` and reads its directory (no member is read yet).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, &ReadOptions::default())
    }

    /// [`open`](Self::open) with the `.npy` reading options every member gets.
    pub fn open_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let file = File::open(&path).map_err(|e| io_error(&path, e))?;
        let archive = zip::ZipArchive::new(file).map_err(|e| zip_error(&path, e))?;
        Ok(Npz {
            path,
            archive,
            options: *options,
        })
    }

    /// The arrays' names (the member names without `.npy`), in archive order.
    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(|n| n.ok())
            .map(|n| n.strip_suffix(".npy").unwrap_or(&n).to_string())
            .collect()
    }

    /// Reads and decompresses the array `name` (`np.load(path)[name]`).
    pub fn read(&mut self, name: &str) -> Result<DynArray> {
        let names = self.names();
        let member = if names.iter().any(|n| n == name) {
            let with = format!("{name}.npy");
            if self.archive.index_for_name(&with).is_some() {
                with
            } else {
                name.to_string()
            }
        } else {
            return Err(Error::Npy(NpyError::NoMember {
                name: name.to_string(),
                available: names,
            }));
        };
        let path = self.path.clone();
        let mut file = self
            .archive
            .by_name(&member)
            .map_err(|e| zip_error(&path, e))?;
        let declared = usize::try_from(file.size()).unwrap_or(usize::MAX);
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(declared)
            .map_err(|_| Error::Alloc {
                elements: declared,
                bytes: declared,
            })?;
        // One byte more than declared: a member that inflates further lies.
        (&mut file)
            .take(declared as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(&path, e))?;
        if bytes.len() != declared {
            return Err(Error::Npy(NpyError::Io {
                path: path.display().to_string(),
                message: format!(
                    "member {member:?} holds {}{} bytes, its directory entry says {declared}",
                    bytes.len().min(declared),
                    if bytes.len() > declared { "+" } else { "" }
                ),
            }));
        }
        let header = Header::parse_with(&bytes, &self.options)?;
        let data = data_bytes(&header, &bytes)?;
        let mut buf = AlignedBuf::try_with_capacity(data.len())?;
        buf.extend_from_slice(data);
        DynArray::from_buf(buf, header.dtype, &header.shape, header.order)
    }
}

/// How an [`NpzWriter`] stores its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Uncompressed, as `np.savez`.
    Stored,
    /// Deflate, as `np.savez_compressed`.
    Deflated,
}

/// Writes a `.npz` archive member by member; nothing replaces the target
/// until [`finish`](Self::finish) succeeds.
pub struct NpzWriter {
    path: PathBuf,
    tmp: PathBuf,
    zip: Option<zip::ZipWriter<File>>,
    compression: Compression,
}

impl NpzWriter {
    /// Starts an archive that will replace `path`.
    pub fn create(path: impl AsRef<Path>, compression: Compression) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let tmp = temp_path(&path);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io_error(&path, e))?;
        Ok(NpzWriter {
            path,
            tmp,
            zip: Some(zip::ZipWriter::new(file)),
            compression,
        })
    }

    /// Adds array `name` (member `<name>.npy`, the bytes `np.save` writes).
    pub fn add(&mut self, name: &str, data: &DynView<'_>) -> Result<()> {
        let method = match self.compression {
            Compression::Stored => zip::CompressionMethod::Stored,
            Compression::Deflated => zip::CompressionMethod::Deflated,
        };
        let big = data.dtype().itemsize().saturating_mul(data.len()) >= (1 << 32) - (1 << 20);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(big);
        let path = self.path.clone();
        let zip = self.zip.as_mut().expect("an unfinished writer");
        zip.start_file(format!("{name}.npy"), options)
            .map_err(|e| zip_error(&path, e))?;
        let mut w = std::io::BufWriter::new(zip);
        write_to(&mut w, data).map_err(|e| io_error(&path, e))?;
        w.flush().map_err(|e| io_error(&path, e))?;
        Ok(())
    }

    /// Completes the archive, syncs it and renames it over the target.
    pub fn finish(mut self) -> Result<()> {
        let zip = self.zip.take().expect("an unfinished writer");
        let done = zip
            .finish()
            .map_err(|e| zip_error(&self.path, e))
            .and_then(|file| file.sync_all().map_err(|e| io_error(&self.path, e)))
            .and_then(|()| {
                std::fs::rename(&self.tmp, &self.path).map_err(|e| io_error(&self.path, e))
            });
        if done.is_err() {
            // The target keeps its old contents; the temporary goes.
            let _ = std::fs::remove_file(&self.tmp);
        }
        done
    }
}

impl Drop for NpzWriter {
    fn drop(&mut self) {
        if self.zip.is_some() {
            // Not finished: the target keeps its old contents.
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// NumPy's `np.savez(path, name=array, …)` (`Stored`) or
/// `np.savez_compressed` (`Deflated`), replacing `path` atomically.
pub fn save_npz(
    path: impl AsRef<Path>,
    arrays: &[(&str, DynView<'_>)],
    compression: Compression,
) -> Result<()> {
    let mut w = NpzWriter::create(path, compression)?;
    for (name, data) in arrays {
        w.add(name, data)?;
    }
    w.finish()
}
