//! Errors of the kernel layer: every one names what was wrong and by how much.

use thiserror::Error;

/// An invalid kernel call or ISA selection. No kernel runs when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KernelError {
    /// An operand's length differs from the output's.
    #[error("operand `{operand}` has {found} elements but the output has {expected}")]
    LengthMismatch {
        operand: &'static str,
        expected: usize,
        found: usize,
    },
    /// A strided run reaches outside its buffer.
    #[error("strided run of {len} elements at byte offset {offset} with byte stride {stride} does not fit in a buffer of {buffer_bytes} bytes")]
    OutOfBounds {
        offset: usize,
        stride: isize,
        len: usize,
        buffer_bytes: usize,
    },
    /// An element step times the element size overflows.
    #[error("element step {step} overflows when converted to a byte stride")]
    StrideOverflow { step: isize },
    /// A writable run whose elements would overlap one another.
    #[error(
        "a writable strided run needs |stride| >= {size} bytes (the element size), got {stride}"
    )]
    OverlappingOutput { stride: isize, size: usize },
    /// A tile that does not fit its buffer, or rows that would overlap.
    #[error("{operand}: a {rows}×{cols} tile with rows {stride} elements apart needs {needed} elements (and stride >= {cols}), the buffer has {len}")]
    TileOutOfBounds {
        operand: &'static str,
        rows: usize,
        cols: usize,
        stride: usize,
        needed: usize,
        len: usize,
    },
    /// A reduction without an identity (`max`, `argmin`, …) of no elements.
    #[error("{op} of an empty input has no value")]
    Empty { op: &'static str },
    /// A NaN-ignoring index reduction over only NaN.
    #[error("{op}: every element is NaN")]
    AllNan { op: &'static str },
    /// A reduction input that has no length of its own (a scalar or `Src::Out`).
    #[error("reduction operand `{operand}` must be a slice or a strided run")]
    NoLength { operand: &'static str },
    /// An exact integer result that does not fit its type.
    #[error("{op} overflows its result type (exact value {value})")]
    Overflow { op: &'static str, value: String },
    /// A byte swap of an element size other than 1, 2, 4, 8 or 16 bytes.
    #[error("byte swap of {size}-byte elements: only 1, 2, 4, 8 and 16 bytes are supported")]
    UnsupportedWidth { size: usize },
    /// An index outside `-len..len` (signed) or `0..len` (unsigned).
    #[error("index {index} at position {position} is out of bounds for length {len}")]
    IndexOutOfBounds {
        index: i128,
        position: usize,
        len: usize,
    },
    /// `put` with indices but no values to write.
    #[error("put: {indices} indices but no values")]
    NoValues { indices: usize },
    /// A checked conversion met a value the target type cannot hold.
    #[error("{from} value {value} at position {position} does not fit in {to}")]
    Unrepresentable {
        value: String,
        position: usize,
        from: &'static str,
        to: &'static str,
    },
    /// A window that is empty or longer than its input.
    #[error("{op}: window of {window} elements for an input of {len} (need 1 <= window <= len)")]
    Window {
        op: &'static str,
        window: usize,
        len: usize,
    },
    /// A `ddof` that leaves no degrees of freedom.
    #[error("{op}: ddof {ddof} must be less than the window {window}")]
    Ddof {
        op: &'static str,
        ddof: usize,
        window: usize,
    },
    /// `convolve` / `correlate` of an empty input (NumPy raises too).
    #[error("{op}: input `{operand}` is empty")]
    EmptyInput {
        op: &'static str,
        operand: &'static str,
    },
    /// The ISA asked for cannot run here.
    #[error(transparent)]
    Isa(#[from] IsaError),
}

impl KernelError {
    /// `Ok` if operand `operand` has the `expected` length, else
    /// [`KernelError::LengthMismatch`].
    pub(crate) fn same_len(
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
        name: String,
        known: String,
        available: String,
    },
    /// The ISA exists but this CPU (or this build's architecture) cannot run it.
    #[error(
        "ISA `{name}` is not supported by this CPU (missing: {missing}); this CPU runs {available}"
    )]
    Unsupported {
        name: &'static str,
        missing: String,
        available: String,
    },
}
