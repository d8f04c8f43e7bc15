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
        /// The shape asked for.
        shape: Vec<usize>,
        /// Elements the shape holds (the product of its lengths).
        expected: usize,
        /// Elements in the data.
        found: usize,
    },
    /// The number of elements of a shape overflows `usize`/`isize`.
    #[error("shape {shape:?} has too many elements (overflow)")]
    SizeOverflow {
        /// The shape whose size overflows.
        shape: Vec<usize>,
    },
    /// The allocator refused memory (NumPy's `MemoryError`).
    #[error("cannot allocate {bytes} bytes for {elements} elements (out of memory)")]
    Alloc {
        /// Elements asked for (`usize::MAX` when the request itself overflows).
        elements: usize,
        /// Bytes asked for (saturated at `usize::MAX`).
        bytes: usize,
    },
    /// A list with one entry per axis has the wrong length.
    #[error("{what}: expected {expected} entries (one per axis), got {found}")]
    AxisCount {
        /// The list and the call it belongs to (e.g. `"slice"`).
        what: &'static str,
        /// Entries needed (for a slicing specification, the most allowed: the
        /// array's dimensions).
        expected: usize,
        /// Entries given.
        found: usize,
    },
    /// The operation needs another number of dimensions (`convolve` a 1-D
    /// array, `nonzero` at least one axis).
    #[error("{op} needs {needs}, got an array of {ndim} dimensions")]
    Dimensions {
        /// The operation.
        op: &'static str,
        /// What it needs (`"a 1-D array"`).
        needs: &'static str,
        /// Dimensions of the array given.
        ndim: usize,
    },
    /// An axis number is out of range.
    #[error("axis {axis} is out of range for an array of {ndim} dimensions")]
    AxisOutOfRange {
        /// The axis as the caller gave it (may be negative).
        axis: isize,
        /// Dimensions of the array.
        ndim: usize,
    },
    /// A reshape's lengths are malformed (a negative length other than one `-1`).
    #[error("cannot reshape to {shape:?}: {reason}")]
    BadReshapeLengths {
        /// The shape asked for, `-1` included.
        shape: Vec<isize>,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A reshape's `-1` cannot be inferred: the other lengths do not divide the size.
    #[error("cannot reshape an array of {len} elements into shape {shape:?}")]
    ReshapeInfer {
        /// The shape asked for, `-1` included.
        shape: Vec<isize>,
        /// Elements of the array.
        len: usize,
    },
    /// `squeeze` named an axis whose length is not 1.
    #[error("cannot squeeze axis {axis} of length {len} (only axes of length 1)")]
    SqueezeLength {
        /// The axis (resolved, non-negative).
        axis: usize,
        /// Its length.
        len: usize,
    },
    /// `arange` with a zero, NaN or infinite step or bounds.
    #[error("arange({start}, {stop}, {step}): the step must be finite and non-zero, and the length finite")]
    BadRange {
        /// The start, as printed.
        start: String,
        /// The stop, as printed.
        stop: String,
        /// The step, as printed.
        step: String,
    },
    /// `view_as` cannot re-type these bytes.
    #[error("cannot view {from}-byte elements as {to}-byte elements: {why}")]
    ViewAs {
        /// Size in bytes of the current element type.
        from: usize,
        /// Size in bytes of the element type asked for.
        to: usize,
        /// Which condition the view fails.
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
        /// Position of the offending input in the list.
        index: usize,
        /// Its shape.
        shape: Vec<usize>,
        /// Shape of the first input.
        first: Vec<usize>,
        /// The join axis (resolved, non-negative; for `stack`, the new axis of the result).
        axis: usize,
    },
    /// More than one `...` in a slicing specification.
    #[error("a slicing specification can only have one ellipsis (...)")]
    TwoEllipses,
    /// `permute_axes` was given something that is not a permutation.
    #[error("{axes:?} is not a permutation of 0..{ndim}")]
    NotAPermutation {
        /// The axes as given.
        axes: Vec<isize>,
        /// Dimensions of the array.
        ndim: usize,
    },
    /// An integer index is out of range.
    #[error("index {index} is out of range for axis {axis} of length {len}")]
    IndexOutOfRange {
        /// The index as the caller gave it (may be negative).
        index: isize,
        /// The axis it indexes.
        axis: usize,
        /// Length of that axis.
        len: usize,
    },
    /// A multi-index has the wrong number of entries or is out of range.
    #[error("index {index:?} is invalid for shape {shape:?}")]
    BadIndex {
        /// The multi-index as given.
        index: Vec<usize>,
        /// Shape of the array.
        shape: Vec<usize>,
    },
    /// A chunk size of zero.
    #[error("chunk size must not be zero (axis {axis})")]
    ChunkSize {
        /// The axis being chunked.
        axis: usize,
    },
    /// A slice step of zero.
    #[error("slice step must not be zero (axis {axis})")]
    ZeroStep {
        /// The axis the slice applies to.
        axis: usize,
    },
    /// Shapes that cannot be broadcast together.
    #[error("shapes {a:?} and {b:?} cannot be broadcast together")]
    Broadcast {
        /// The first shape.
        a: Vec<usize>,
        /// The second shape.
        b: Vec<usize>,
    },
    /// A boolean mask whose shape is not the shape of the array it selects from.
    #[error("a mask of shape {mask:?} cannot select from an array of shape {array:?} (the shapes must be equal)")]
    MaskShape {
        /// Shape of the mask.
        mask: Vec<usize>,
        /// Shape of the array.
        array: Vec<usize>,
    },
    /// An input that does not broadcast to the output's shape.
    #[error("an input of shape {input:?} cannot be broadcast to the output shape {output:?}")]
    OutputShape {
        /// Shape of the input.
        input: Vec<usize>,
        /// Shape of the output.
        output: Vec<usize>,
    },
    /// A reshape with a different number of elements.
    #[error("cannot reshape an array of shape {from:?} ({from_size} elements) into shape {to:?} ({to_size} elements)")]
    ReshapeSize {
        /// Shape of the array.
        from: Vec<usize>,
        /// The shape asked for.
        to: Vec<usize>,
        /// Elements of the array.
        from_size: usize,
        /// Elements of the shape asked for.
        to_size: usize,
    },
    /// A reshape that needs a copy with these strides.
    #[error("reshaping shape {from:?} with byte strides {strides:?} into {to:?} needs a copy; use `reshape_copy`")]
    ReshapeNeedsCopy {
        /// Shape of the view.
        from: Vec<usize>,
        /// Byte strides of the view.
        strides: Vec<isize>,
        /// The shape asked for.
        to: Vec<usize>,
    },
    /// A sliding window larger than its axis.
    #[error("window of length {window} does not fit axis {axis} of length {len}")]
    WindowTooLarge {
        /// The window length.
        window: usize,
        /// The axis (resolved, non-negative).
        axis: usize,
        /// Length of that axis.
        len: usize,
    },
    /// `as_strided` would reach outside the buffer.
    #[error("as_strided: shape {shape:?} with byte strides {strides:?} reaches byte offsets {lowest}..{highest} of a buffer that spans {buffer_start}..{buffer_end} (offsets from the view's first element)")]
    OutOfBounds {
        /// The shape asked for.
        shape: Vec<usize>,
        /// The byte strides asked for.
        strides: Vec<isize>,
        /// Lowest byte offset the view would reach.
        lowest: i128,
        /// One past the highest byte offset the view would reach.
        highest: i128,
        /// Byte offset where the buffer starts (zero or negative).
        buffer_start: i128,
        /// Byte offset where the buffer ends (exclusive).
        buffer_end: i128,
    },
    /// `as_strided` with a misaligned pointer or stride.
    #[error("as_strided: byte stride {stride} (axis {axis}) is not a multiple of the element alignment {align}")]
    Misaligned {
        /// The axis of the stride.
        axis: usize,
        /// The byte stride.
        stride: isize,
        /// Alignment of the element type in bytes.
        align: usize,
    },
    /// Elements of a foreign, re-typed or `as_strided` view are not aligned
    /// for their type (element 0 itself is misaligned).
    #[error("the elements are not aligned to {align} bytes, as their type needs")]
    Unaligned {
        /// Alignment the element type needs, in bytes.
        align: usize,
    },
    /// A byte stride that is not a whole number of elements, where the
    /// other side counts strides in elements (`ndarray`).
    #[error("byte stride {stride} of axis {axis} is not a multiple of the {size}-byte element: {to} counts strides in elements")]
    NotElementStride {
        /// The axis.
        axis: usize,
        /// Its byte stride.
        stride: isize,
        /// The element size in bytes.
        size: usize,
        /// The library on the other side.
        to: &'static str,
    },
    /// A conversion to or from another array library failed (its message).
    #[error("{0}")]
    Bridge(String),
    /// A writable view with a zero stride.
    #[error("a writable view cannot have a zero stride (axis {axis} has length {len})")]
    ZeroStride {
        /// The axis with the zero stride.
        axis: usize,
        /// Its length (more than 1).
        len: usize,
    },
    /// A writable view in which two indices reach the same element.
    #[error("a writable view with shape {shape:?} and byte strides {strides:?} reaches some element twice")]
    SelfOverlap {
        /// Shape of the view.
        shape: Vec<usize>,
        /// Byte strides of the view.
        strides: Vec<isize>,
    },
    /// A checked conversion met a value the target type cannot hold.
    #[error("{from} value {value} at index {index:?} does not fit in {to}")]
    Unrepresentable {
        /// Multi-index of the first such element.
        index: Vec<usize>,
        /// The value, as the source type prints it.
        value: String,
        /// The source element type's name (e.g. `"f64"`).
        from: &'static str,
        /// The target element type's name (e.g. `"i32"`).
        to: &'static str,
    },
    /// Raw bytes whose length is not the shape's size times the element size.
    #[error("{found} bytes do not hold exactly shape {shape:?} of {elem}-byte elements")]
    ByteLength {
        /// The shape asked for.
        shape: Vec<usize>,
        /// Size of one element in bytes.
        elem: usize,
        /// Length of the bytes given.
        found: usize,
    },
    /// An operation that does not exist for the element type (`div` or
    /// `sqrt` of integers: NumPy's `/` gives floats — `astype` first).
    #[error("{op} is not defined for {dtype} elements{hint}")]
    NoSuchOp {
        /// The operation's name.
        op: &'static str,
        /// The element type's NumPy name.
        dtype: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// Two operands of one operation have different types (stridekit does
    /// not promote: NumPy would compute in a common type).
    #[error("{op} of {left} and {right}: both operands must have one type (convert one with astype first; stridekit does not promote types)")]
    Mixed {
        /// The operation's name.
        op: &'static str,
        /// The first operand's type.
        left: &'static str,
        /// The second operand's type.
        right: &'static str,
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

/// The family of an [`Error`](enum@Error), as other languages sort errors: what a C
/// caller gets as a status code and Python as an exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A bad argument: a shape, axis, stride, window or value (`ValueError`).
    Value,
    /// A type without the operation, or operands of two types (`TypeError`).
    Type,
    /// An index out of range (`IndexError`).
    Index,
    /// An allocation failed (`MemoryError`).
    Memory,
    /// Reading, writing or mapping a file failed (`OSError`).
    Io,
}

impl Error {
    /// Which family this error belongs to.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Alloc { .. } => ErrorKind::Memory,
            Error::NoSuchOp { .. } | Error::Mixed { .. } => ErrorKind::Type,
            Error::IndexOutOfRange { .. } | Error::BadIndex { .. } => ErrorKind::Index,
            Error::Kernel(KernelError::IndexOutOfBounds { .. }) => ErrorKind::Index,
            Error::Kernel(KernelError::NoSuchOp { .. } | KernelError::UnsupportedWidth { .. }) => {
                ErrorKind::Type
            }
            Error::Npy(NpyError::Io { .. }) => ErrorKind::Io,
            Error::Npy(
                NpyError::TypeMismatch { .. } | NpyError::DType(DTypeError::Unsupported { .. }),
            ) => ErrorKind::Type,
            _ => ErrorKind::Value,
        }
    }
}

/// The array layer's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A type description that is malformed or that stridekit cannot represent.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DTypeError {
    /// A valid NumPy type that stridekit has no representation for.
    #[error("unsupported dtype {descr}: {why}")]
    Unsupported {
        /// The type description, as written.
        descr: String,
        /// The feature stridekit lacks (e.g. `"field titles"`).
        why: &'static str,
    },
    /// Not a type description NumPy would write.
    #[error("invalid dtype {descr}: {why}")]
    Invalid {
        /// The type description, as written.
        descr: String,
        /// What is wrong with it.
        why: String,
    },
}

/// A `.npy` file (or header) that cannot be read, or a typed access that
/// does not match the data.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum NpyError {
    /// The file does not start with the `.npy` magic string `\x93NUMPY`.
    #[error("not a .npy file: it does not start with \\x93NUMPY")]
    BadMagic,
    /// An `.npz` archive has no array of that name.
    #[error("the archive has no array {name:?} (it holds {available:?})")]
    NoMember {
        /// The name asked for.
        name: String,
        /// Names of the arrays the archive holds.
        available: Vec<String>,
    },
    /// A format version other than 1.0, 2.0 and 3.0.
    #[error("unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)")]
    Version {
        /// Major version byte of the file.
        major: u8,
        /// Minor version byte of the file.
        minor: u8,
    },
    /// The file ends before a part of its prelude or header.
    #[error("truncated .npy file: the {what} needs {need} bytes but the file has {have}")]
    Truncated {
        /// The part that is cut short (`"magic and version"`, `"header length"`, `"header"`).
        what: &'static str,
        /// Bytes of file that part needs, from the start of the file.
        need: usize,
        /// Bytes the file has.
        have: usize,
    },
    /// The header dictionary (or a `descr` text) is not a valid Python literal.
    #[error("invalid .npy header: syntax error at byte {offset}: {what}")]
    Syntax {
        /// Byte offset in the literal text: the header after its length field, or
        /// the `descr` given to [`DType::parse_descr`](crate::DType::parse_descr).
        offset: usize,
        /// What the parser expected or found.
        what: String,
    },
    /// The header nests tuples, lists or dictionaries too deeply.
    #[error("invalid .npy header: nested deeper than {limit} levels")]
    TooDeep {
        /// The deepest nesting accepted ([`MAX_DEPTH`](crate::npy::MAX_DEPTH)).
        limit: usize,
    },
    /// A header that parses but is not a valid `.npy` header (the text says why).
    #[error("invalid .npy header: {0}")]
    Header(String),
    /// The header's `descr` is not a dtype stridekit can represent.
    #[error(transparent)]
    DType(#[from] DTypeError),
    /// The header's shape times the item size overflows `usize`.
    #[error("shape {shape:?} of {itemsize}-byte items is too large (size overflows)")]
    SizeOverflow {
        /// The header's shape.
        shape: Vec<usize>,
        /// Bytes per item of the header's dtype.
        itemsize: usize,
    },
    /// The data after the header is not the length the header describes.
    #[error("the data should be {expected} bytes ({shape:?} of {itemsize}-byte items) but the file holds {found} bytes after the header")]
    DataLength {
        /// The header's shape.
        shape: Vec<usize>,
        /// Bytes per item of the header's dtype.
        itemsize: usize,
        /// Bytes of data the header describes.
        expected: usize,
        /// Bytes the file holds after the header.
        found: usize,
    },
    /// Reading, writing or mapping a file failed.
    #[error("{path}: {message}")]
    Io {
        /// The file's path, as displayed.
        path: String,
        /// What failed (the operating system's message where it gave one).
        message: String,
    },
    /// A structured dtype has no field of that name.
    #[error("no field {name:?}; the fields are {available:?}")]
    UnknownField {
        /// The field name asked for.
        name: String,
        /// Names of the record type's fields.
        available: Vec<String>,
    },
    /// A field was asked of data whose dtype is not structured.
    #[error("{what} is not a structured type (its dtype is {descr}), so it has no field {name:?}")]
    NotStructured {
        /// What was asked for a field (e.g. `"this array"`).
        what: String,
        /// Its dtype, as NumPy writes it.
        descr: String,
        /// The field name asked for.
        name: String,
    },
    /// A typed access whose type does not match the data's dtype.
    #[error("{what} has dtype {found}, not {requested}{hint}")]
    TypeMismatch {
        /// What was accessed (the data, a field, the records).
        what: String,
        /// The type the data has.
        found: String,
        /// The type the access asked for.
        requested: String,
        /// Advice appended to the message (empty, or the byte-order fix).
        hint: &'static str,
    },
}
