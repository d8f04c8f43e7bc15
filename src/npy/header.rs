//! The `.npy` header (NumPy's `numpy.lib.format` is the specification):
//!
//! ```text
//! \x93NUMPY  major minor  header_len (u16 LE for 1.0, u32 LE for 2.0/3.0)
//! {'descr': <dtype descr>, 'fortran_order': <bool>, 'shape': <tuple>, }
//! <spaces> \n                      -- data starts at a multiple of 64
//! <data: shape product × itemsize bytes>
//! ```
//!
//! Versions 1.0 and 2.0 encode the header in Latin-1, 3.0 in UTF-8.
//! Reading checks everything against the bytes actually present before it
//! is used: the header length against the file, the shape with checked
//! arithmetic, the data size against the file. Writing produces the bytes
//! NumPy's `write_array` produces (same key order, padding, growth space,
//! smallest version that fits).

use super::NpyError;
use crate::dtype::{write_py_tuple, DType};
use crate::layout::Order;
use crate::literal;

/// The magic string every `.npy` file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// NumPy aligns the data to this many bytes (`ARRAY_ALIGN`).
pub const ARRAY_ALIGN: usize = 64;

/// The longest header stridekit reads or writes (a hard ceiling, also for
/// [`ReadOptions::max_header_size`]). Parsing memory is proportional to it.
/// The writer refuses longer headers, so every file it writes can be read.
pub const MAX_HEADER_LEN: usize = 1 << 20;

/// The header size readers accept by default: NumPy's `max_header_size`
/// default. Larger headers (many fields, long names) need an explicit
/// [`ReadOptions::max_header_size`], as in NumPy, since large headers may not
/// be safe to parse from untrusted files.
pub const DEFAULT_MAX_HEADER_SIZE: usize = 10_000;

/// How `.npy` files are read ([`super::read_with`], [`super::Npy::parse_with`],
/// [`super::Map::open_with`], [`super::MapMut::open_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Longest header accepted, in bytes (NumPy's `max_header_size`; at most
    /// [`MAX_HEADER_LEN`], larger values are clamped).
    pub max_header_size: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_header_size: DEFAULT_MAX_HEADER_SIZE,
        }
    }
}

impl ReadOptions {
    /// The limit in force: the option, clamped to [`MAX_HEADER_LEN`].
    pub fn header_limit(&self) -> usize {
        self.max_header_size.min(MAX_HEADER_LEN)
    }

    /// The error for a header of `len` bytes over the limit, or `Ok`.
    pub(crate) fn check(&self, len: usize) -> Result<(), NpyError> {
        let limit = self.header_limit();
        if len <= limit {
            return Ok(());
        }
        let hint = if limit < MAX_HEADER_LEN {
            format!("; if the file is trusted, raise ReadOptions::max_header_size (up to {MAX_HEADER_LEN})")
        } else {
            String::new()
        };
        Err(NpyError::Header(format!(
            "the header is {len} bytes, over the limit of {limit} bytes{hint}"
        )))
    }
}

/// Spare header space NumPy leaves so the first axis can grow in place.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A parsed `.npy` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The element type (`descr`).
    pub dtype: DType,
    /// The data's order (`fortran_order`).
    pub order: Order,
    /// The array's shape.
    pub shape: Vec<usize>,
    /// The format version `(major, minor)`.
    pub version: (u8, u8),
    /// Where the data starts: bytes of magic, length field and header.
    pub data_offset: usize,
    /// Bytes of data: shape product × item size.
    pub data_len: usize,
}

fn truncated(what: &'static str, need: usize, have: usize) -> NpyError {
    NpyError::Truncated { what, need, have }
}

impl Header {
    /// Parses the header at the start of `file` (which may be only a
    /// prefix of the file: the data is not looked at), with the default
    /// [`ReadOptions`].
    pub fn parse(file: &[u8]) -> Result<Header, NpyError> {
        Self::parse_with(file, &ReadOptions::default())
    }

    /// [`Header::parse`] with explicit options.
    pub fn parse_with(file: &[u8], options: &ReadOptions) -> Result<Header, NpyError> {
        if file.len() < 8 {
            return Err(truncated("magic and version", 8, file.len()));
        }
        if &file[..6] != MAGIC {
            return Err(NpyError::BadMagic);
        }
        let version = (file[6], file[7]);
        let (len_bytes, utf8) = match version {
            (1, 0) => (2, false),
            (2, 0) => (4, false),
            (3, 0) => (4, true),
            (major, minor) => return Err(NpyError::Version { major, minor }),
        };
        let start = 8 + len_bytes;
        let len_field = file
            .get(8..start)
            .ok_or_else(|| truncated("header length", start, file.len()))?;
        let header_len = len_field
            .iter()
            .rev()
            .fold(0usize, |acc, &b| (acc << 8) | b as usize);
        let end = start.saturating_add(header_len);
        let raw = file
            .get(start..end)
            .ok_or_else(|| truncated("header", end, file.len()))?;
        options.check(header_len)?;
        let text: String = if utf8 {
            std::str::from_utf8(raw)
                .map_err(|e| NpyError::Header(format!("version 3.0 header is not UTF-8: {e}")))?
                .to_owned()
        } else {
            raw.iter().map(|&b| char::from(b)).collect()
        };
        let (dtype, order, shape) = Self::parse_dict(&text)?;
        // The element count is checked on its own (a zero-size dtype makes
        // every byte size 0), then the byte size.
        let data_len = shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .filter(|&n| n <= isize::MAX as usize)
            .and_then(|n| n.checked_mul(dtype.itemsize()))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| NpyError::SizeOverflow {
                shape: shape.clone(),
                itemsize: dtype.itemsize(),
            })?;
        Ok(Header {
            dtype,
            order,
            shape,
            version,
            data_offset: end,
            data_len,
        })
    }

    fn parse_dict(text: &str) -> Result<(DType, Order, Vec<usize>), NpyError> {
        let literal::Literal::Dict(items) = literal::parse(text)? else {
            return Err(NpyError::Header("the header is not a dictionary".into()));
        };
        let get = |key: &str| {
            items
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .ok_or_else(|| NpyError::Header(format!("the header has no {key:?} key")))
        };
        if let Some((k, _)) = items
            .iter()
            .find(|(k, _)| !matches!(k.as_str(), "descr" | "fortran_order" | "shape"))
        {
            return Err(NpyError::Header(format!("unexpected header key {k:?}")));
        }
        let dtype = DType::from_literal(get("descr")?)?;
        let order = match get("fortran_order")? {
            literal::Literal::Bool(true) => Order::F,
            literal::Literal::Bool(false) => Order::C,
            other => {
                return Err(NpyError::Header(format!(
                    "fortran_order must be True or False, not {other}"
                )))
            }
        };
        let shape = match get("shape")? {
            literal::Literal::Tuple(dims) => dims
                .iter()
                .map(|d| match d {
                    literal::Literal::Int(v) if *v < 0 => Err(NpyError::Header(format!(
                        "negative dimension {v} in the shape"
                    ))),
                    literal::Literal::Int(v) => usize::try_from(*v)
                        .ok()
                        .filter(|&v| v <= isize::MAX as usize)
                        .ok_or_else(|| NpyError::Header(format!("dimension {v} is too large"))),
                    other => Err(NpyError::Header(format!(
                        "the shape must hold integers, not {other}"
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            other => {
                return Err(NpyError::Header(format!(
                    "the shape must be a tuple, not {other}"
                )))
            }
        };
        Ok((dtype, order, shape))
    }

    /// The bytes of a header for an array of `dtype`, `shape` and `order`,
    /// exactly as NumPy's `write_array` writes them (version 1.0 if the
    /// header fits its 16-bit length, else 2.0; 3.0 if a field name needs
    /// UTF-8). A header longer than [`MAX_HEADER_LEN`] is refused: no
    /// reader could read it back.
    pub fn encode(dtype: &DType, shape: &[usize], order: Order) -> Result<Vec<u8>, NpyError> {
        let fortran = order == Order::F;
        let mut dict = String::from("{'descr': ");
        dict.push_str(&dtype.descr());
        dict.push_str(", 'fortran_order': ");
        dict.push_str(if fortran { "True" } else { "False" });
        dict.push_str(", 'shape': ");
        write_py_tuple(&mut dict, shape);
        dict.push_str(", }");
        if let Some(&grow) = if fortran { shape.last() } else { shape.first() } {
            let digits = grow.to_string().len();
            dict.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
        }
        let latin1: Option<Vec<u8>> = dict.chars().map(|c| u8::try_from(c as u32).ok()).collect();
        let (version, text) = match latin1 {
            Some(bytes) if wrapped_len(bytes.len(), 2) <= u16::MAX as usize => ((1, 0), bytes),
            Some(bytes) => ((2, 0), bytes),
            None => ((3, 0), dict.into_bytes()),
        };
        let len_bytes = if version == (1, 0) { 2 } else { 4 };
        let total = wrapped_len(text.len(), len_bytes);
        if total > MAX_HEADER_LEN {
            return Err(NpyError::Header(format!(
                "the header would be {total} bytes, over the {MAX_HEADER_LEN}-byte limit every reader \
                 shares; the file could not be read back"
            )));
        }
        let mut out = Vec::with_capacity(8 + len_bytes + total);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[version.0, version.1]);
        out.extend_from_slice(&(total as u32).to_le_bytes()[..len_bytes]);
        out.extend_from_slice(&text);
        out.resize(8 + len_bytes + total - 1, b' ');
        out.push(b'\n');
        Ok(out)
    }
}

/// Length of the header text once padded with spaces and a newline so the
/// data starts at a multiple of [`ARRAY_ALIGN`] (NumPy always adds 1..=64).
fn wrapped_len(text: usize, len_bytes: usize) -> usize {
    let hlen = text + 1;
    let pad = ARRAY_ALIGN - (8 + len_bytes + hlen) % ARRAY_ALIGN;
    hlen + pad
}
