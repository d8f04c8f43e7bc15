//! Branch-free conversions to and from the narrow float formats (`f16`,
//! `bf16`), written with integer and select operations only, so a compiler
//! vectorises a loop of them for any ISA (NEON, SSE2) and the results never
//! depend on the FPU's NaN handling. The x86 kernels use F16C instructions
//! instead where they exist; tests prove both equal to the reference.
//!
//! Rules (IEEE 754, round to nearest, ties to even):
//! * widening (`f16`/`bf16` → `f32`) is exact; a NaN keeps its sign and
//!   payload and becomes quiet (`f16`: the quiet bit is set, as F16C does;
//!   `bf16` → `f32` is a pure bit extension, so a `bf16` NaN stays as it is);
//! * narrowing rounds once, to nearest-even; overflow gives ±inf; results
//!   below the smallest subnormal round to ±0; a NaN keeps its sign and the
//!   top payload bits and is made quiet.
//! * from `f64` and from integers wider than 24 bits, values are first rounded
//!   *to odd* into `f32` (truncate, then set the last bit if anything was
//!   lost): with 13 or more spare bits, rounding to odd then to nearest-even
//!   equals one direct rounding, so there is no double-rounding error.

/// `f16` bits → `f32`, exact.
#[inline(always)]
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let h = h as u32;
    let sign = (h & 0x8000) << 16;
    let em = h & 0x7FFF;
    // Normal and subnormal halves: place exponent and mantissa in an f32 and
    // rebias by 2^112 (exact: the product is a normal f32).
    let scaled = (f32::from_bits(em << 13) * f32::from_bits(0x7780_0000)).to_bits();
    let special = (em << 13) | 0x7F80_0000 | if em > 0x7C00 { 0x0040_0000 } else { 0 };
    f32::from_bits(sign | if em >= 0x7C00 { special } else { scaled })
}

/// `f32` → `f16` bits, rounded to nearest-even.
#[inline(always)]
pub(crate) fn f32_to_f16(f: f32) -> u16 {
    let x = f.to_bits();
    let sign = (x >> 16) & 0x8000;
    let u = x & 0x7FFF_FFFF;
    // NaN: quiet, top 9 payload bits kept. inf and overflow: inf.
    let nan = 0x7E00 | ((u >> 13) & 0x03FF);
    let big = if u > 0x7F80_0000 { nan } else { 0x7C00 };
    // Below the smallest normal half (2^-14): adding 0.5 (an f32 whose
    // ulp is 2^-24, the half subnormal step) rounds to nearest-even in the
    // FPU; the low mantissa bits are then the half's subnormal field.
    let tiny = (f32::from_bits(u) + 0.5f32)
        .to_bits()
        .wrapping_sub(0x3F00_0000);
    // Normal: rebias the exponent (-112 << 23) and round the 13 dropped bits.
    let odd = (u >> 13) & 1;
    let normal = u.wrapping_sub(112 << 23).wrapping_add(0x0FFF + odd) >> 13;
    let mag = if u >= 0x4780_0000 {
        big // >= 65536: overflow (or inf/NaN)
    } else if u < 0x3880_0000 {
        tiny
    } else {
        normal // 65520 and up round to 0x7C00 (inf) here, as they must
    };
    (sign | mag) as u16
}

/// `bf16` bits → `f32`, exact (a bit extension).
#[inline(always)]
pub(crate) fn bf16_to_f32(b: u16) -> f32 {
    f32::from_bits((b as u32) << 16)
}

/// `f32` → `bf16` bits, rounded to nearest-even; NaN made quiet.
#[inline(always)]
pub(crate) fn f32_to_bf16(f: f32) -> u16 {
    let x = f.to_bits();
    let rounded = x.wrapping_add(0x7FFF + ((x >> 16) & 1)) >> 16;
    let nan = (x >> 16) | 0x0040;
    (if x & 0x7FFF_FFFF > 0x7F80_0000 {
        nan
    } else {
        rounded
    }) as u16
}

/// `f64` → `f32` rounded to odd (see the module notes); NaN → quiet NaN with
/// the top payload bits.
#[inline(always)]
pub(crate) fn f64_to_f32_odd(x: f64) -> f32 {
    let bits = x.to_bits();
    let sign = ((bits >> 32) as u32) & 0x8000_0000;
    let abs = f64::from_bits(bits & 0x7FFF_FFFF_FFFF_FFFF);
    let near = abs as f32; // round to nearest, never NaN here unless x is
    let back = near as f64;
    // Truncate: step back towards zero if rounding went up.
    let trunc = if back > abs {
        near.to_bits() - 1
    } else {
        near.to_bits()
    };
    let odd = if back != abs { trunc | 1 } else { trunc };
    let nan = 0x7FC0_0000 | ((bits >> 29) as u32 & 0x003F_FFFF);
    f32::from_bits(sign | if abs.is_nan() { nan } else { odd })
}

/// An integer → `f32` rounded to odd.
#[inline(always)]
pub(crate) fn i64_to_f32_odd(x: i64) -> f32 {
    let near = x as f32;
    let back = near as i128; // exact: |near| <= 2^63
    let wide = x as i128;
    let bits = near.to_bits();
    let trunc = if back.unsigned_abs() > wide.unsigned_abs() {
        bits - 1
    } else {
        bits
    };
    f32::from_bits(if back != wide { trunc | 1 } else { trunc })
}
