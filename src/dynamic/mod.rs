//! Operations on described data ([`DynView`], [`DynArray`]): the element
//! type is a runtime [`DType`], as it is for a NumPy array handed over from
//! Python or a descriptor handed over from C.
//!
//! Each function looks at the type once, picks the typed operation
//! (`ops::binary::<f32>`, `sum::<f16>`, …) and runs it on a typed view of the
//! same memory — no copy, any layout. Data in the other byte order is
//! converted first (a SIMD byte swap into a temporary, see
//! [`DynView::native`]); outputs are always native. There is no implicit
//! type promotion: two operands of different types are an error that names
//! both (convert one with [`astype`] first), where NumPy would promote.
//!
//! The typed API is the reference: every function here is a dispatch
//! around it and computes the same bits.

mod compute;
mod names;
mod reduce;
mod window;

pub use compute::{
    astype, astype_into, binary, binary_into, byteswap, byteswap_into, compare, copy_into, select,
    take, unary, unary_into, Unaliased,
};
pub use names::{binary_op, compare_op, mode, rolling_op, unary_op};
pub use reduce::{dot, reduce, reduce_into, Reduce};
pub use window::{convolve, correlate, rolling, rolling_into};

use crate::dtype::{DType, Kind, Scalar};
use crate::error::{Error, Result};
use crate::{DynArray, DynView};

/// The scalar type of `dtype`, or an error naming the operation (structured
/// types do not compute).
pub(crate) fn scalar_of(dtype: &DType, op: &'static str) -> Result<Scalar> {
    match dtype {
        DType::Scalar(s) => Ok(*s),
        DType::Record(_) => Err(unsupported(op, dtype)),
    }
}

/// NumPy's name of a scalar type (what error messages print).
pub(crate) fn type_name(dtype: &DType) -> &'static str {
    let DType::Scalar(s) = dtype else {
        return "a structured type";
    };
    match (s.kind, s.size) {
        (Kind::Float, 8) => "float64",
        (Kind::Float, 4) => "float32",
        (Kind::Float, 2) => "float16",
        (Kind::Int, 8) => "int64",
        (Kind::Int, 4) => "int32",
        (Kind::Int, 2) => "int16",
        (Kind::Int, 1) => "int8",
        (Kind::UInt, 8) => "uint64",
        (Kind::UInt, 4) => "uint32",
        (Kind::UInt, 2) => "uint16",
        (Kind::UInt, 1) => "uint8",
        (Kind::Bool, _) => "bool",
        (Kind::Bytes, _) => "a byte-string type",
        _ => "an unsupported scalar type",
    }
}

/// The error for a type the operation has no kernel for.
pub(crate) fn unsupported(op: &'static str, dtype: &DType) -> Error {
    Error::NoSuchOp {
        op,
        dtype: type_name(dtype),
        hint: "",
    }
}

/// Two operands must have one type (byte order aside).
pub(crate) fn same_type(op: &'static str, a: &DType, b: &DType) -> Result<()> {
    if a.to_native() == b.to_native() {
        Ok(())
    } else {
        Err(Error::Mixed {
            op,
            left: type_name(a),
            right: type_name(b),
        })
    }
}

/// Runs `$body` with `$T` bound to the Rust type of `$dtype` among `[$t…]`;
/// any other type is [`unsupported`] for `$op`. `$body` evaluates to a
/// `Result`.
macro_rules! by_type {
    ($dtype:expr, $op:expr, [$($t:ty),*], $T:ident => $body:expr) => {{
        let dtype: &$crate::dtype::DType = $dtype;
        let s = $crate::dynamic::scalar_of(dtype, $op)?;
        let key = (s.kind, s.size);
        $(
            if key == (<$t as $crate::dtype::NpyScalar>::SCALAR.kind, <$t as $crate::dtype::NpyScalar>::SCALAR.size) {
                #[allow(dead_code)]
                type $T = $t;
                $body
            } else
        )*
        {
            Err($crate::dynamic::unsupported($op, dtype))
        }
    }};
}
pub(crate) use by_type;

/// The types with every element-wise kernel ([`Arith`](crate::Arith)).
macro_rules! arith_types {
    ($dtype:expr, $op:expr, $T:ident => $body:expr) => {
        $crate::dynamic::by_type!($dtype, $op, [f64, f32, half::f16, i64, i32, i16, i8, u64, u32, u16, u8], $T => $body)
    };
}
pub(crate) use arith_types;

/// The types the value reductions and `div`/`sqrt` take ([`Real`](crate::Real)).
macro_rules! real_types {
    ($dtype:expr, $op:expr, $T:ident => $body:expr) => {
        $crate::dynamic::by_type!($dtype, $op, [f64, f32, half::f16], $T => $body)
    };
}
pub(crate) use real_types;

/// The types of windows, `dot` and the statistics ([`Float`](crate::Float)).
macro_rules! float_types {
    ($dtype:expr, $op:expr, $T:ident => $body:expr) => {
        $crate::dynamic::by_type!($dtype, $op, [f64, f32], $T => $body)
    };
}
pub(crate) use float_types;

/// `view` in native byte order as `T`: the same memory if it already is.
pub(crate) fn native<'a, T: crate::NpyScalar>(
    view: &DynView<'a>,
) -> Result<crate::movement::CowArray<'a, T>> {
    view.native::<T>()
}

/// A typed result seen as described data.
pub(crate) fn wrap<T: crate::NpyScalar>(a: crate::Array<T>) -> DynArray {
    DynArray::from_array(a)
}
