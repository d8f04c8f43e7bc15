//! Errors of the kernel layer: every one names what was wrong and by how much.

use thiserror::Error;

/// An invalid kernel call or ISA selection. No kernel runs when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KernelError {
    /// An operand's length differs from the output's.
    #[error("operand `{operand}` has {found} elements but the output has {expected}")]
    LengthMismatch {
        /// The operand's name in the call (`"a"`, `"src"`, `"out"`, …).
        operand: &'static str,
        /// The length it must have (the output's, or for `out` the length the inputs call for).
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A strided run reaches outside its buffer.
    #[error("strided run of {len} elements at byte offset {offset} with byte stride {stride} does not fit in a buffer of {buffer_bytes} bytes")]
    OutOfBounds {
        /// Byte offset of the run's first element in the buffer.
        offset: usize,
        /// Bytes from one element to the next (may be negative or zero).
        stride: isize,
        /// Number of elements in the run.
        len: usize,
        /// Length of the buffer in bytes.
        buffer_bytes: usize,
    },
    /// An element step times the element size overflows.
    #[error("element step {step} overflows when converted to a byte stride")]
    StrideOverflow {
        /// The step in elements, as the caller gave it.
        step: isize,
    },
    /// A writable run whose elements would overlap one another.
    #[error(
        "a writable strided run needs |stride| >= {size} bytes (the element size), got {stride}"
    )]
    OverlappingOutput {
        /// The run's byte stride.
        stride: isize,
        /// The element size in bytes (the least `|stride|` allowed).
        size: usize,
    },
    /// A tile that does not fit its buffer, or rows that would overlap.
    #[error("{operand}: a {rows}×{cols} tile with rows {stride} elements apart needs {needed} elements (and stride >= {cols}), the buffer has {len}")]
    TileOutOfBounds {
        /// Which operand's buffer (`"src"` or `"dst"`).
        operand: &'static str,
        /// Rows of the tile.
        rows: usize,
        /// Columns of the tile (elements per row).
        cols: usize,
        /// Elements from the start of one row to the start of the next.
        stride: usize,
        /// Elements the tile spans: `(rows - 1) * stride + cols` (`usize::MAX` on overflow).
        needed: usize,
        /// Elements in the buffer.
        len: usize,
    },
    /// A reduction without an identity (`max`, `argmin`, …) of no elements.
    #[error("{op} of an empty input has no value")]
    Empty {
        /// The reduction's name.
        op: &'static str,
    },
    /// A NaN-ignoring index reduction over only NaN.
    #[error("{op}: every element is NaN")]
    AllNan {
        /// The reduction's name.
        op: &'static str,
    },
    /// A reduction input that has no length of its own (a scalar or `Src::Out`).
    #[error("reduction operand `{operand}` must be a slice or a strided run")]
    NoLength {
        /// The operand's name in the call (`"x"`, or `"a"` / `"b"` of a dot product).
        operand: &'static str,
    },
    /// An exact integer result that does not fit its type.
    #[error("{op} overflows its result type (exact value {value})")]
    Overflow {
        /// What overflowed (e.g. `"sum of i64"`).
        op: &'static str,
        /// The exact result, in decimal.
        value: String,
    },
    /// An element-wise operation the element type does not have (`div` or
    /// `sqrt` of integers).
    #[error("{op} is not defined for {dtype} elements")]
    NoSuchOp {
        /// The operation's name.
        op: &'static str,
        /// The element type's name.
        dtype: &'static str,
    },
    /// A byte swap of an element size other than 1, 2, 4, 8 or 16 bytes.
    #[error("byte swap of {size}-byte elements: only 1, 2, 4, 8 and 16 bytes are supported")]
    UnsupportedWidth {
        /// The element size in bytes.
        size: usize,
    },
    /// An index outside `-len..len` (signed) or `0..len` (unsigned).
    #[error("index {index} at position {position} is out of bounds for length {len}")]
    IndexOutOfBounds {
        /// The index as given (may be negative), widened to `i128`.
        index: i128,
        /// Position of the first bad index in the index list.
        position: usize,
        /// Length of the indexed data.
        len: usize,
    },
    /// `put` with indices but no values to write.
    #[error("put: {indices} indices but no values")]
    NoValues {
        /// Number of indices given.
        indices: usize,
    },
    /// A checked conversion met a value the target type cannot hold.
    #[error("{from} value {value} at position {position} does not fit in {to}")]
    Unrepresentable {
        /// The value, as the source type prints it.
        value: String,
        /// Position of the first such value in the source.
        position: usize,
        /// The source element type's name (e.g. `"f64"`).
        from: &'static str,
        /// The target element type's name (e.g. `"i32"`).
        to: &'static str,
    },
    /// A window that is empty or longer than its input.
    #[error("{op}: window of {window} elements for an input of {len} (need 1 <= window <= len)")]
    Window {
        /// The rolling statistic's name (e.g. `"rolling_mean"`).
        op: &'static str,
        /// The window length asked for.
        window: usize,
        /// The input's length.
        len: usize,
    },
    /// A `ddof` that leaves no degrees of freedom.
    #[error("{op}: ddof {ddof} must be less than the window {window}")]
    Ddof {
        /// The rolling statistic's name (`"rolling_var"` or `"rolling_std"`).
        op: &'static str,
        /// The delta degrees of freedom asked for.
        ddof: usize,
        /// The window length.
        window: usize,
    },
    /// `convolve` / `correlate` of an empty input (NumPy raises too).
    #[error("{op}: input `{operand}` is empty")]
    EmptyInput {
        /// The operation's name.
        op: &'static str,
        /// Which input is empty (`"a"` or `"v"`).
        operand: &'static str,
    },
    /// A piece of an output asked for that lies past its end.
    #[error("{op}: outputs {start} .. {start} + {len} asked for, but there are {total}")]
    OutputRange {
        /// The operation's name.
        op: &'static str,
        /// The first output asked for.
        start: usize,
        /// How many.
        len: usize,
        /// The operation's output length.
        total: usize,
    },
    /// The ISA asked for cannot run here.
    #[error(transparent)]
    Isa(#[from] IsaError),
}

impl KernelError {
    /// `Ok` if operand `operand` has the `expected` length, else
    /// [`KernelError::LengthMismatch`].
    pub fn same_len(
        operand: &'static str,
        expected: usize,
        found: usize,
    ) -> Result<(), KernelError> {
        if expected == found {
            Ok(())
        } else {
            Err(KernelError::LengthMismatch {
                operand,
                expected,
                found,
            })
        }
    }
}

/// An ISA that was asked for but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IsaError {
    /// `STRIDEKIT_ISA` (or a caller) named an ISA stridekit does not know.
    #[error("unknown ISA {name:?}: stridekit knows {known}; this CPU runs {available}")]
    Unknown {
        /// The name as given.
        name: String,
        /// Every ISA name stridekit knows, comma-separated.
        known: String,
        /// The ISAs this CPU runs, comma-separated.
        available: String,
    },
    /// The ISA exists but this CPU (or this build's architecture) cannot run it.
    #[error(
        "ISA `{name}` is not supported by this CPU (missing: {missing}); this CPU runs {available}"
    )]
    Unsupported {
        /// The ISA's name.
        name: &'static str,
        /// The CPU features it lacks, or why this build cannot run it.
        missing: String,
        /// The ISAs this CPU runs, comma-separated.
        available: String,
    },
}
