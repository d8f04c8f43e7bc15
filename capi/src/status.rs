//! Status codes, the per-thread last error, and the guard every entry
//! point runs its body in (errors become codes, panics are caught).

use std::cell::RefCell;
use std::ffi::{c_char, CString};
use stridekit::{Error, ErrorKind};

/// Success.
pub const STRIDEKIT_OK: i32 = 0;
/// A bad argument: shape, axis, stride, window, name (Python's `ValueError`).
pub const STRIDEKIT_ERR_VALUE: i32 = 1;
/// A type without the operation, or operands of two types (`TypeError`).
pub const STRIDEKIT_ERR_TYPE: i32 = 2;
/// An index out of range (`IndexError`).
pub const STRIDEKIT_ERR_INDEX: i32 = 3;
/// An allocation failed (`MemoryError`).
pub const STRIDEKIT_ERR_MEMORY: i32 = 4;
/// A file could not be read, written or mapped (`OSError`).
pub const STRIDEKIT_ERR_IO: i32 = 5;
/// A defect inside stridekit (a caught panic); please report it.
pub const STRIDEKIT_ERR_INTERNAL: i32 = 6;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// A failure: its status code and message.
pub(crate) struct Failure(pub i32, pub String);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = match e.kind() {
            ErrorKind::Value => STRIDEKIT_ERR_VALUE,
            ErrorKind::Type => STRIDEKIT_ERR_TYPE,
            ErrorKind::Index => STRIDEKIT_ERR_INDEX,
            ErrorKind::Memory => STRIDEKIT_ERR_MEMORY,
            ErrorKind::Io => STRIDEKIT_ERR_IO,
            _ => STRIDEKIT_ERR_VALUE,
        };
        Failure(code, e.to_string())
    }
}

/// A bad-argument failure with `message`.
pub(crate) fn value_error(message: impl Into<String>) -> Failure {
    Failure(STRIDEKIT_ERR_VALUE, message.into())
}

fn set_last_error(message: &str) {
    let c = CString::new(message.replace('\0', "?")).unwrap_or_default();
    LAST_ERROR.with(|e| *e.borrow_mut() = c);
}

/// Runs an entry point's body: `Ok` is [`STRIDEKIT_OK`] (and clears the
/// last error), a failure sets it, a panic is caught.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure>) -> i32 {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            set_last_error("");
            STRIDEKIT_OK
        }
        Ok(Err(Failure(code, message))) => {
            set_last_error(&message);
            code
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            set_last_error(&format!("internal error (please report): {what}"));
            STRIDEKIT_ERR_INTERNAL
        }
    }
}

/// The message of the last failed call on this thread (`""` after a call
/// that succeeded). The pointer is valid until the next stridekit call on
/// this thread.
#[no_mangle]
pub extern "C" fn stridekit_last_error() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().as_ptr())
}
