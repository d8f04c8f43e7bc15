//! The oracle for conversions and byte swaps, written from the rules rather
//! than from the kernels' code: every value goes to an exact model (an
//! `i128`, an `f64` that holds every float of the narrower formats exactly,
//! or a NaN's sign and payload), and every target is produced from the model
//! by integer arithmetic — rounding to nearest-even on the exact
//! significand, so no intermediate rounding exists to go wrong.

use crate::element::Element;
use half::{bf16, f16};

/// An exact value.
#[derive(Clone, Copy, Debug)]
pub enum Model {
    /// An integer.
    Int(i128),
    /// A non-NaN float (finite or infinite), exact.
    Float(f64),
    /// A NaN: its sign and its payload left-aligned in 52 bits.
    Nan {
        /// The sign bit.
        neg: bool,
        /// The whole significand field (quiet bit included), left-aligned in
        /// 52 bits.
        payload: u64,
    },
}

/// Conversion to and from the exact model.
pub trait RefElement: Element {
    /// The exact value.
    fn to_model(self) -> Model;
    /// The value of the model by the saturating / wrapping rule.
    fn from_model(m: Model) -> Self;
    /// The value of the model, or `None` if the rule would saturate or wrap.
    fn try_from_model(m: Model) -> Option<Self>;
}

macro_rules! ref_int {
    ($($t:ty),*) => {$(
        impl RefElement for $t {
            fn to_model(self) -> Model { Model::Int(self as i128) }
            fn from_model(m: Model) -> Self {
                match m {
                    Model::Int(i) => i as $t, // keeps the low bits
                    Model::Float(x) => (x as i128).clamp(<$t>::MIN as i128, <$t>::MAX as i128) as $t,
                    Model::Nan { .. } => 0,
                }
            }
            fn try_from_model(m: Model) -> Option<Self> {
                let wide = match m {
                    Model::Int(i) => i,
                    Model::Float(x) if x.is_finite() => x.trunc() as i128,
                    _ => return None,
                };
                <$t>::try_from(wide).ok()
            }
        }
    )*};
}
ref_int!(i64, i32, i16, u16, u8);

/// `2^q` for `q >= -1074`, exactly (a subnormal below `2^-1022`).
fn pow2(q: i32) -> f64 {
    if q >= -1022 {
        f64::from_bits(((q + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (q + 1074))
    }
}

/// `±m · 2^e` rounded to nearest-even to `p` significant bits, with no
/// quantum below `2^qmin` (subnormals), and ±inf from `2^overflow_exp` up.
fn round_exact(neg: bool, m: u128, e: i32, p: i32, qmin: i32, overflow_exp: i32) -> f64 {
    let sign = if neg { -1.0 } else { 1.0 };
    if m == 0 {
        return sign * 0.0;
    }
    let top = 128 - m.leading_zeros() as i32; // bits of m
    let q = (top + e - p).max(qmin);
    let (r, q) = if q <= e {
        (m, e) // exact
    } else {
        let shift = (q - e) as u32;
        if shift > 128 {
            (0, q)
        } else {
            let r = if shift == 128 { 0 } else { m >> shift };
            let rem = if shift == 128 {
                m
            } else {
                m & ((1u128 << shift) - 1)
            };
            let half = 1u128 << (shift - 1);
            let up = rem > half || (rem == half && r & 1 == 1);
            (r + up as u128, q)
        }
    };
    // r < 2^(p+1) <= 2^54: exact in f64 after at most one halving.
    let (r, q) = if r >= 1 << 53 {
        (r >> 1, q + 1)
    } else {
        (r, q)
    };
    let top_r = 128 - r.leading_zeros() as i32;
    if r != 0 && top_r + q > overflow_exp {
        return sign * f64::INFINITY;
    }
    sign * (r as f64) * pow2(q)
}

/// The exact `(neg, m, e)` of a finite non-zero `f64`.
fn decompose(x: f64) -> (bool, u128, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i32;
    let man = (bits & ((1 << 52) - 1)) as u128;
    let neg = x.is_sign_negative();
    if exp == 0 {
        (neg, man, -1074)
    } else {
        (neg, man | (1 << 52), exp - 1075)
    }
}

/// The float formats: significant bits, subnormal quantum, overflow point,
/// and how a NaN is built from the model.
macro_rules! ref_float {
    ($($t:ty: p $p:literal, qmin $qmin:literal, overflow $ovf:literal, |$x:ident| $from_exact:expr, |$neg:ident, $pl:ident| $nan:expr, |$v:ident| $to:expr;)*) => {$(
        impl RefElement for $t {
            fn to_model(self) -> Model {
                let $v = self;
                $to
            }
            fn from_model(m: Model) -> Self {
                let exact = match m {
                    Model::Nan { neg: $neg, payload: $pl } => return $nan,
                    Model::Int(i) => round_exact(i < 0, i.unsigned_abs(), 0, $p, $qmin, $ovf),
                    Model::Float(x) if !x.is_finite() || x == 0.0 => x,
                    Model::Float(x) => {
                        let (neg, m, e) = decompose(x);
                        round_exact(neg, m, e, $p, $qmin, $ovf)
                    }
                };
                let $x = exact;
                $from_exact
            }
            fn try_from_model(m: Model) -> Option<Self> {
                Some(Self::from_model(m))
            }
        }
    )*};
}

/// A float's NaN as a model: sign and payload left-aligned in 52 bits.
fn nan_model(neg: bool, payload: u64, bits: u32) -> Model {
    Model::Nan {
        neg,
        payload: payload << (52 - bits),
    }
}

ref_float! {
    f64: p 53, qmin -1074, overflow 1024,
        |x| x,
        |neg, pl| f64::from_bits((neg as u64) << 63 | 0x7FF8_0000_0000_0000 | pl),
        |v| if v.is_nan() { nan_model(v.is_sign_negative(), v.to_bits() & ((1 << 52) - 1), 52) } else { Model::Float(v) };
    f32: p 24, qmin -149, overflow 128,
        |x| x as f32,
        |neg, pl| f32::from_bits((neg as u32) << 31 | 0x7FC0_0000 | (pl >> 29) as u32),
        |v| if v.is_nan() { nan_model(v.is_sign_negative(), (v.to_bits() & 0x7F_FFFF) as u64, 23) } else { Model::Float(v as f64) };
    f16: p 11, qmin -24, overflow 16,
        |x| f16::from_f32_const(x as f32),
        |neg, pl| f16::from_bits((neg as u16) << 15 | 0x7E00 | (pl >> 42) as u16),
        |v| if v.is_nan() { nan_model(v.is_sign_negative(), (v.to_bits() & 0x3FF) as u64, 10) } else { Model::Float(v.to_f64_const()) };
    bf16: p 8, qmin -133, overflow 128,
        |x| bf16::from_f32_const(x as f32),
        |neg, pl| bf16::from_bits((neg as u16) << 15 | 0x7FC0 | (pl >> 45) as u16),
        |v| if v.is_nan() { nan_model(v.is_sign_negative(), (v.to_bits() & 0x7F) as u64, 7) } else { Model::Float(v.to_f64_const()) };
}

/// `x` converted to `B` by the saturating / wrapping rule. Identity keeps
/// every bit; `bf16` → `f32` is a bit extension (a NaN stays as it is);
/// every other NaN conversion makes the NaN quiet and keeps its top payload.
pub fn convert<A: RefElement, B: RefElement>(x: A) -> B {
    if A::NAME == B::NAME {
        return bytemuck::pod_read_unaligned(bytemuck::bytes_of(&x));
    }
    if A::NAME == "bfloat16" && B::NAME == "float32" {
        let bits: u16 = bytemuck::pod_read_unaligned(bytemuck::bytes_of(&x));
        return bytemuck::pod_read_unaligned(&((bits as u32) << 16).to_ne_bytes());
    }
    B::from_model(x.to_model())
}

/// `x` converted to `B`, or `None` where [`convert`] would saturate or wrap.
pub fn try_convert<A: RefElement, B: RefElement>(x: A) -> Option<B> {
    if A::NAME == B::NAME || (A::NAME == "bfloat16" && B::NAME == "float32") {
        return Some(convert(x));
    }
    B::try_from_model(x.to_model())
}

/// `x` with its bytes reversed.
pub fn byteswap<T: bytemuck::Pod>(x: T) -> T {
    let mut bytes = bytemuck::bytes_of(&x).to_vec();
    bytes.reverse();
    bytemuck::pod_read_unaligned(&bytes)
}
