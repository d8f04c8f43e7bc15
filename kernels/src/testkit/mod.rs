//! The shared differential test runner's building blocks, used by every
//! kernel family's tests (here and in `stridekit`).
//!
//! * [`isas_under_test`] — every ISA this CPU runs; with
//!   `STRIDEKIT_REQUIRE_ISAS=avx2,avx512` set, an ISA the list names but this
//!   run cannot test **panics** (fails the test) instead of being skipped.
//! * [`values`] — deterministic data mixing ordinary numbers with the special
//!   values (NaN of both signs, ±0, ±inf, subnormals, largest/smallest finite).
//! * [`Padded`] — a buffer with guard elements on both sides, placed at a chosen
//!   misalignment from a 64-byte boundary; the guards prove nothing is written
//!   outside the run.
//! * [`Guarded`] — a buffer flush against a `PROT_NONE` page (before or
//!   after it), so one byte read or written outside the operand faults.
//! * [`assert_bits_eq`] — bit-exact comparison where any NaN equals any NaN.
//! * [`runner`] — the one loop (ISAs × [`Lengths`] × [`LAYOUTS`]), the
//!   guard-filled [`LaidOut`] run, and the case count each family prints.

use crate::{Float, Isa};

/// The ISAs to test: all this CPU runs. Panics when `STRIDEKIT_REQUIRE_ISAS`
/// names an ISA that is unknown or that this CPU cannot run.
pub fn isas_under_test() -> Vec<Isa> {
    let available = Isa::available();
    if let Ok(required) = std::env::var("STRIDEKIT_REQUIRE_ISAS") {
        for name in required.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match Isa::from_name(name) {
                None => panic!("STRIDEKIT_REQUIRE_ISAS names unknown ISA {name:?}"),
                Some(isa) if !available.contains(&isa) => panic!(
                    "STRIDEKIT_REQUIRE_ISAS requires `{name}` but this run cannot test it \
                     (this CPU runs: {available:?}): {}",
                    crate::check_isa(isa)
                        .err()
                        .map(|e| e.to_string())
                        .unwrap_or_default()
                ),
                Some(_) => {}
            }
        }
    }
    available
}

/// Special values every kernel must get right.
pub fn specials<T: Float>() -> Vec<T> {
    let f = T::from_f64;
    vec![
        T::NAN,
        T::NAN.neg(),
        f(0.0),
        f(-0.0),
        T::INFINITY,
        T::INFINITY.neg(),
        T::MIN_POSITIVE,
        T::MIN_POSITIVE.neg(),
        T::min_subnormal(),
        T::min_subnormal().neg(),
        T::MIN_POSITIVE.div(f(3.0)),
        T::MAX,
        T::MAX.neg(),
        f(1.0),
        f(-1.0),
        f(0.5),
        f(3.0),
    ]
}

/// SplitMix64: a tiny, seedable generator, so failures reproduce.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// The next 64 uniformly distributed bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `0..n` (`n > 0`; the slight modulo bias is irrelevant for tests).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `len` values from `seed`: about one in four is a special value, the rest are
/// ordinary numbers of varied sign and magnitude.
pub fn values<T: Float>(seed: u64, len: usize) -> Vec<T> {
    let sp = specials::<T>();
    let mut rng = Rng::new(seed);
    (0..len)
        .map(|_| {
            if rng.below(4) == 0 {
                sp[rng.below(sp.len())]
            } else {
                let mag = 10f64.powi(rng.below(9) as i32 - 4);
                let x = (rng.unit() * 2.0 - 1.0) * mag;
                T::from_f64(x)
            }
        })
        .collect()
}

/// Whether two values are the same: equal bit patterns, or both NaN.
pub fn same_bits<T: Float>(a: T, b: T) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits_u64() == b.to_bits_u64()
}

/// Panics, naming the first differing position, unless `got` and `want` are
/// bit-identical (any NaN equals any NaN).
#[track_caller]
pub fn assert_bits_eq<T: Float>(got: &[T], want: &[T], context: &str) {
    assert_eq!(got.len(), want.len(), "{context}: lengths differ");
    if let Some(i) = (0..got.len()).find(|&i| !same_bits(got[i], want[i])) {
        panic!(
            "{context}: element {i} of {}: got {:?} ({:#x}), want {:?} ({:#x})",
            got.len(),
            got[i],
            got[i].to_bits_u64(),
            want[i],
            want[i].to_bits_u64()
        );
    }
}

/// The guard value written around every run (a NaN with a recognisable payload
/// would compare equal to NaN results, so use a distinctive finite value).
pub fn guard<T: Float>() -> T {
    T::from_f64(-7777.0)
}

/// A buffer holding a run of `len` elements preceded and followed by guard
/// elements, with the run's first element `misalign` bytes past a 64-byte
/// boundary (`misalign` a multiple of the element size).
pub struct Padded<T> {
    buf: Vec<T>,
    start: usize,
    len: usize,
}

/// Guard elements on each side of a padded run.
pub const GUARD: usize = 32;

impl<T: Float> Padded<T> {
    /// `data` surrounded by guard elements, its first element `misalign` bytes
    /// past a 64-byte boundary (panics unless `misalign` is a multiple of the
    /// element size).
    pub fn new(data: &[T], misalign: usize) -> Self {
        let size = std::mem::size_of::<T>();
        assert_eq!(
            misalign % size,
            0,
            "misalign must be a multiple of the element size"
        );
        let total = data.len() + 2 * GUARD + 64 / size;
        let mut buf = vec![guard::<T>(); total];
        let addr = buf.as_ptr() as usize + GUARD * size;
        let pad = (64 - addr % 64) % 64 + misalign % 64;
        let start = GUARD + pad / size;
        buf[start..start + data.len()].copy_from_slice(data);
        Padded {
            buf,
            start,
            len: data.len(),
        }
    }
    /// The run, without its guards.
    pub fn run(&self) -> &[T] {
        &self.buf[self.start..self.start + self.len]
    }
    /// The run, writable, without its guards.
    pub fn run_mut(&mut self) -> &mut [T] {
        &mut self.buf[self.start..self.start + self.len]
    }
    /// Panics if any guard element changed.
    #[track_caller]
    pub fn check_guards(&self, context: &str) {
        let g = guard::<T>();
        for (i, x) in self.buf.iter().enumerate() {
            if (i < self.start || i >= self.start + self.len) && !same_bits(*x, g) {
                panic!(
                    "{context}: wrote outside the run at buffer index {i} (run is {}..{})",
                    self.start,
                    self.start + self.len
                );
            }
        }
    }
}
/// The seed of this process's random tests: `PROPTEST_RNG_SEED` if set (to
/// replay a failure), else a fresh one. Printed, so that a test binary that
/// crashes (a signal shows no proptest report) still names its seed: rerun
/// with `PROPTEST_RNG_SEED=<seed>` to get the same cases.
pub fn logged_seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| {
        let seed = std::env::var("PROPTEST_RNG_SEED")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64);
                t ^ (u64::from(std::process::id()) << 32)
            });
        eprintln!("random tests: PROPTEST_RNG_SEED={seed}");
        seed
    })
}

/// Runs `f` with this thread's column folds (`fold_rows`) forced to read
/// their rows in memory order (`true`) or lane by lane (`false`), whatever
/// this CPU's caches would choose, so that both walks are tested on every
/// machine.
pub fn with_rows_in_order<R>(in_order: bool, f: impl FnOnce() -> R) -> R {
    use crate::reduce::columns::FORCED_IN_ORDER;
    let before = FORCED_IN_ORDER.with(|c| c.replace(Some(in_order)));
    let r = f();
    FORCED_IN_ORDER.with(|c| c.set(before));
    r
}

pub mod guarded;
pub mod runner;
pub mod samples;

pub use guarded::Guarded;
pub use runner::{
    element_layouts, layout_triple, layouts_named, output_layouts, rotated_under_miri,
    rotated_when_thinned, thinned, Case, LaidOut, Layout, Lengths, Runner, LAYOUTS, THIN_VAR,
};
