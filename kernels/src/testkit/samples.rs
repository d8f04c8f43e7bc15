//! Test values for every element type of the data-movement kernels: the
//! edge cases of each conversion rule, and random values that reach every bit
//! pattern.

use super::Rng;
use crate::movement::reference::{Model, RefElement};
use half::{bf16, f16};

/// A type the data-movement tests can generate values of.
pub trait Sample: RefElement {
    /// Values at and around every edge of the conversion rules.
    fn edges() -> Vec<Self>;
    /// One random value (random bit patterns, and values near rounding ties).
    fn random(rng: &mut Rng) -> Self;
}

/// Interesting magnitudes, as exact `f64`s: integer-type boundaries, narrow
/// float limits, rounding ties.
fn edge_f64s() -> Vec<f64> {
    let mut v = vec![
        0.0,
        0.5,
        1.0,
        1.5,
        2.5,
        0.99,
        3.0,
        65504.0,
        65519.0,
        65519.99,
        65520.0,
        65536.0,
        6.103_515_625e-5, // 2^-14
    ];
    for e in [-24, -25, -126, -133, -134, -149, -150, 24, 53, 127, 128] {
        v.push(2f64.powi(e));
    }
    v.push(1.5 * 2f64.powi(-25));
    v.push(2f64.powi(-25) * (1.0 + 2f64.powi(-20)));
    v.push(16_777_217.0);
    v.push(9_007_199_254_740_993.0);
    for b in [7, 8, 15, 16, 31, 32, 63, 64] {
        let p = 2f64.powi(b);
        v.extend([
            p,
            p - 1.0,
            p + 1.0,
            p - 0.5,
            p + 0.5,
            p * (1.0 - f64::EPSILON),
        ]);
    }
    v.extend([
        f32::MAX as f64,
        f32::MIN_POSITIVE as f64,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e300,
        1e-300,
    ]);
    v.extend([3.389_531_389_251_535_5e38, 3.4e38, f64::INFINITY]);
    let neg: Vec<f64> = v.iter().map(|x| -x).collect();
    v.extend(neg);
    v
}

/// The edges as `T` (each rounded by the reference), plus raw NaN patterns.
fn float_edges<T: RefElement>(nans: &[T]) -> Vec<T> {
    let mut v: Vec<T> = edge_f64s()
        .into_iter()
        .map(|x| T::from_model(Model::Float(x)))
        .collect();
    v.extend_from_slice(nans);
    v
}

impl Sample for f64 {
    fn edges() -> Vec<Self> {
        float_edges(
            &[
                0x7FF8_0000_0000_0000,
                0xFFF8_0000_0000_0001,
                0x7FF0_0000_0000_0001,
                0x7FF4_2000_0000_0000,
                0x7FF0_0000_2000_0000,
            ]
            .map(f64::from_bits),
        )
    }
    fn random(rng: &mut Rng) -> Self {
        match rng.below(4) {
            0 => f64::from_bits(rng.next_u64()),
            // A tie (or one ulp off) between two neighbouring f32s.
            1 => {
                let f = f32::from_bits(rng.next_u64() as u32 & 0x7F7F_FFFF) as f64;
                f64::from_bits(f.to_bits() + (1 << 28) + rng.below(3) as u64 - 1)
            }
            2 => (rng.unit() * 2.0 - 1.0) * 2f64.powi(rng.below(140) as i32 - 70),
            _ => (rng.unit() * 2.0 - 1.0) * 300.0,
        }
    }
}

impl Sample for f32 {
    fn edges() -> Vec<Self> {
        float_edges(
            &[
                0x7FC0_0000,
                0xFFC0_0001,
                0x7F80_0001,
                0x7FA0_2000,
                0x7F80_2000,
                0xFF80_1FFF,
            ]
            .map(f32::from_bits),
        )
    }
    fn random(rng: &mut Rng) -> Self {
        let r = rng.next_u64();
        match rng.below(5) {
            0 => f32::from_bits(r as u32),
            // A bf16 tie, or one ulp either side.
            1 => f32::from_bits(
                ((r as u32) & 0xFFFF_0000 | 0x8000)
                    .wrapping_add(rng.below(3) as u32)
                    .wrapping_sub(1),
            ),
            // An f16 tie: half an f16 ulp above a finite f16, ± one f32 ulp.
            2 => {
                let h = f16::from_bits(r as u16 & 0x7BFF).to_f32_const().to_bits();
                f32::from_bits(
                    (h + (1 << 12))
                        .wrapping_add(rng.below(3) as u32)
                        .wrapping_sub(1),
                ) * if r >> 63 == 1 { -1.0 } else { 1.0 }
            }
            3 => ((rng.unit() * 2.0 - 1.0) * 2f64.powi(rng.below(80) as i32 - 40)) as f32,
            _ => ((rng.unit() * 2.0 - 1.0) * 70000.0) as f32,
        }
    }
}

impl Sample for f16 {
    fn edges() -> Vec<Self> {
        float_edges(&[0x7E00, 0xFE01, 0x7C01, 0x7D55, 0xFC01].map(f16::from_bits))
    }
    fn random(rng: &mut Rng) -> Self {
        f16::from_bits(rng.next_u64() as u16)
    }
}

impl Sample for bf16 {
    fn edges() -> Vec<Self> {
        float_edges(&[0x7FC0, 0xFFC1, 0x7F81, 0x7FA5, 0xFF81].map(bf16::from_bits))
    }
    fn random(rng: &mut Rng) -> Self {
        bf16::from_bits(rng.next_u64() as u16)
    }
}

/// Every integer type's boundaries, and values whose float conversions tie.
fn int_edges() -> Vec<i128> {
    let mut v = vec![0, 1, -1, 2, -2, 3];
    for b in [7, 8, 11, 15, 16, 24, 31, 32, 53, 63] {
        let p = 1i128 << b;
        v.extend([
            p,
            p - 1,
            p + 1,
            -p,
            -p - 1,
            -p + 1,
            p + (1 << (b / 2)),
            p * 3 / 2 + 1,
        ]);
    }
    v.extend([
        (1 << 53) + 1,
        (1 << 24) + 1,
        (1 << 24) + 3,
        (1 << 62) + (1 << 38) + 1,
    ]);
    v.extend([i64::MAX as i128, i64::MIN as i128, u64::MAX as i128]);
    v
}

macro_rules! sample_ints {
    ($($t:ty),*) => {$(
        impl Sample for $t {
            fn edges() -> Vec<Self> {
                int_edges().into_iter().map(|i| i as $t).collect()
            }
            fn random(rng: &mut Rng) -> Self {
                let r = rng.next_u64();
                match rng.below(3) {
                    0 => r as $t,
                    1 => (r % 2000) as $t,
                    _ => (r >> (r % 64)) as $t,
                }
            }
        }
    )*};
}
sample_ints!(i64, i32, i16, u16, u8);

/// `len` values: the edges in turn, interleaved with random ones.
pub fn samples<T: Sample>(seed: u64, len: usize) -> Vec<T> {
    let edges = T::edges();
    let mut rng = Rng::new(seed);
    (0..len)
        .map(|i| {
            if rng.below(2) == 0 {
                edges[(i / 2 + seed as usize) % edges.len()]
            } else {
                T::random(&mut rng)
            }
        })
        .collect()
}
