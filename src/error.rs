//! Errors of the array layer. Every one names the shapes, strides or indices
//! involved, so a failed call says what to change.

use crate::kernels::{IsaError, KernelError};
use thiserror::Error;

/// An invalid view operation or operation on views. Nothing was written when
/// one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// The data's length does not match the product of the shape.
    #[error("shape {shape:?} needs {expected} elements but the data has {found}")]
    DataLength {
        shape: Vec<usize>,
        expected: usize,
        found: usize,
    },
    /// The number of elements of a shape overflows `usize`/`isize`.
    #[error("shape {shape:?} has too many elements (overflow)")]
    SizeOverflow { shape: Vec<usize> },
    /// The allocator refused memory (NumPy's `MemoryError`).
    #[error("cannot allocate {bytes} bytes for {elements} elements (out of memory)")]
    Alloc { elements: usize, bytes: usize },
    /// A list with one entry per axis has the wrong length.
    #[error("{what}: expected {expected} entries (one per axis), got {found}")]
    AxisCount {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    /// An axis number is out of range.
    #[error("axis {axis} is out of range for an array of {ndim} dimensions")]
    AxisOutOfRange { axis: isize, ndim: usize },
    /// A reshape's lengths are malformed (a negative length other than one `-1`).
    #[error("cannot reshape to {shape:?}: {reason}")]
    BadReshapeLengths {
        shape: Vec<isize>,
        reason: &'static str,
    },
    /// A reshape's `-1` cannot be inferred: the other lengths do not divide the size.
    #[error("cannot reshape an array of {len} elements into shape {shape:?}")]
    ReshapeInfer { shape: Vec<isize>, len: usize },
    /// `squeeze` named an axis whose length is not 1.
    #[error("cannot squeeze axis {axis} of length {len} (only axes of length 1)")]
    SqueezeLength { axis: usize, len: usize },
    /// `arange` with a zero, NaN or infinite step or bounds.
    #[error("arange({start}, {stop}, {step}): the step must be finite and non-zero, and the length finite")]
    BadRange {
        start: String,
        stop: String,
        step: String,
    },
    /// `view_as` cannot re-type these bytes.
    #[error("cannot view {from}-byte elements as {to}-byte elements: {why}")]
    ViewAs {
        from: usize,
        to: usize,
        why: &'static str,
    },
    /// `concatenate` / `stack` of no arrays.
    #[error("need at least one array to join")]
    NothingToJoin,
    /// `concatenate` of 0-d arrays.
    #[error("zero-dimensional arrays cannot be concatenated")]
    JoinZeroDim,
    /// An input of a join does not fit the first one.
    #[error("array {index} of the join has shape {shape:?}, which does not match {first:?} except along axis {axis}")]
    JoinShape {
        index: usize,
        shape: Vec<usize>,
        first: Vec<usize>,
        axis: usize,
    },
    /// More than one `...` in a slicing specification.
    #[error("a slicing specification can only have one ellipsis (...)")]
    TwoEllipses,
    /// `permute_axes` was given something that is not a permutation.
    #[error("{axes:?} is not a permutation of 0..{ndim}")]
    NotAPermutation { axes: Vec<isize>, ndim: usize },
    /// An integer index is out of range.
    #[error("index {index} is out of range for axis {axis} of length {len}")]
    IndexOutOfRange {
        index: isize,
        axis: usize,
        len: usize,
    },
    /// A multi-index has the wrong number of entries or is out of range.
    #[error("index {index:?} is invalid for shape {shape:?}")]
    BadIndex {
        index: Vec<usize>,
        shape: Vec<usize>,
    },
    /// A slice step of zero.
    #[error("slice step must not be zero (axis {axis})")]
    ZeroStep { axis: usize },
    /// Shapes that cannot be broadcast together.
    #[error("shapes {a:?} and {b:?} cannot be broadcast together")]
    Broadcast { a: Vec<usize>, b: Vec<usize> },
    /// An input that does not broadcast to the output's shape.
    #[error("an input of shape {input:?} cannot be broadcast to the output shape {output:?}")]
    OutputShape {
        input: Vec<usize>,
        output: Vec<usize>,
    },
    /// A reshape with a different number of elements.
    #[error("cannot reshape an array of shape {from:?} ({from_size} elements) into shape {to:?} ({to_size} elements)")]
    ReshapeSize {
        from: Vec<usize>,
        to: Vec<usize>,
        from_size: usize,
        to_size: usize,
    },
    /// A reshape that needs a copy with these strides.
    #[error("reshaping shape {from:?} with byte strides {strides:?} into {to:?} needs a copy; use `reshape_copy`")]
    ReshapeNeedsCopy {
        from: Vec<usize>,
        strides: Vec<isize>,
        to: Vec<usize>,
    },
    /// A sliding window larger than its axis.
    #[error("window of length {window} does not fit axis {axis} of length {len}")]
    WindowTooLarge {
        window: usize,
        axis: usize,
        len: usize,
    },
    /// `as_strided` would reach outside the buffer.
    #[error("as_strided: shape {shape:?} with byte strides {strides:?} reaches byte offsets {lowest}..{highest} of a buffer that spans {buffer_start}..{buffer_end} (offsets from the view's first element)")]
    OutOfBounds {
        shape: Vec<usize>,
        strides: Vec<isize>,
        lowest: i128,
        highest: i128,
        buffer_start: i128,
        buffer_end: i128,
    },
    /// `as_strided` with a misaligned pointer or stride.
    #[error("as_strided: byte stride {stride} (axis {axis}) is not a multiple of the element alignment {align}")]
    Misaligned {
        axis: usize,
        stride: isize,
        align: usize,
    },
    /// Elements of a foreign or re-typed view are not aligned for their type.
    #[error("the elements are not aligned to {align} bytes, as their type needs")]
    Unaligned { align: usize },
    /// A writable view with a zero stride.
    #[error("a writable view cannot have a zero stride (axis {axis} has length {len})")]
    ZeroStride { axis: usize, len: usize },
    /// A writable view in which two indices reach the same element.
    #[error("a writable view with shape {shape:?} and byte strides {strides:?} reaches some element twice")]
    SelfOverlap {
        shape: Vec<usize>,
        strides: Vec<isize>,
    },
    /// A checked conversion met a value the target type cannot hold.
    #[error("{from} value {value} at index {index:?} does not fit in {to}")]
    Unrepresentable {
        index: Vec<usize>,
        value: String,
        from: &'static str,
        to: &'static str,
    },
    /// Raw bytes whose length is not the shape's size times the element size.
    #[error("{found} bytes do not hold exactly shape {shape:?} of {elem}-byte elements")]
    ByteLength {
        shape: Vec<usize>,
        elem: usize,
        found: usize,
    },
    /// The kernel layer refused the call (e.g. `STRIDEKIT_ISA` names an ISA
    /// this CPU cannot run, or an index is out of bounds).
    #[error(transparent)]
    Kernel(#[from] KernelError),
    /// A `.npy` file, dtype or typed access to described data was refused.
    #[error(transparent)]
    Npy(#[from] NpyError),
}

impl From<IsaError> for Error {
    fn from(e: IsaError) -> Self {
        Error::Kernel(KernelError::Isa(e))
    }
}

/// The array layer's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A type description that is malformed or that stridekit cannot represent.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DTypeError {
    /// A valid NumPy type that stridekit has no representation for.
    #[error("unsupported dtype {descr}: {why}")]
    Unsupported { descr: String, why: &'static str },
    /// Not a type description NumPy would write.
    #[error("invalid dtype {descr}: {why}")]
    Invalid { descr: String, why: String },
}

/// A `.npy` file (or header) that cannot be read, or a typed access that
/// does not match the data.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NpyError {
    #[error("not a .npy file: it does not start with \\x93NUMPY")]
    BadMagic,
    /// An `.npz` archive has no array of that name.
    #[error("the archive has no array {name:?} (it holds {available:?})")]
    NoMember {
        name: String,
        available: Vec<String>,
    },
    #[error("unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)")]
    Version { major: u8, minor: u8 },
    #[error("truncated .npy file: the {what} needs {need} bytes but the file has {have}")]
    Truncated {
        what: &'static str,
        need: usize,
        have: usize,
    },
    #[error("invalid .npy header: syntax error at byte {offset}: {what}")]
    Syntax { offset: usize, what: String },
    #[error("invalid .npy header: nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    #[error("invalid .npy header: {0}")]
    Header(String),
    #[error(transparent)]
    DType(#[from] DTypeError),
    #[error("shape {shape:?} of {itemsize}-byte items is too large (size overflows)")]
    SizeOverflow { shape: Vec<usize>, itemsize: usize },
    #[error("the data should be {expected} bytes ({shape:?} of {itemsize}-byte items) but the file holds {found} bytes after the header")]
    DataLength {
        shape: Vec<usize>,
        itemsize: usize,
        expected: usize,
        found: usize,
    },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("no field {name:?}; the fields are {available:?}")]
    UnknownField {
        name: String,
        available: Vec<String>,
    },
    #[error("{what} is not a structured type (its dtype is {descr}), so it has no field {name:?}")]
    NotStructured {
        what: String,
        descr: String,
        name: String,
    },
    #[error("{what} has dtype {found}, not {requested}{hint}")]
    TypeMismatch {
        what: String,
        found: String,
        requested: String,
        hint: &'static str,
    },
}
