//! Data-movement kernels: byte swap (u32, in place), conversions (f32→f64,
//! f64→f32, f16→f32, f32→f16) and take (f32, 1M random i64 indices into a
//! 16M source), per ISA this CPU runs, at 4K / 256K / 16M elements, side by
//! side with baselines measured in the same run:
//!
//! * `plain` — the loop a user would write (`swap_bytes`, `as`, indexing),
//!   compiled by `multiversion` for the best target this CPU has (what
//!   `-C target-cpu=native` gives);
//! * `half-scalar` — a loop of `half`'s per-element conversion, default target;
//! * `half-slice` — `half`'s slice conversion (it uses F16C when detected);
//! * `hw-gather` (x86) — `take` with AVX2 `vgatherqps`, to decide whether the
//!   kernel should use hardware gathers.
//!
//! `cargo bench -p stridekit-kernels --bench movement -- 'byteswap'`;
//! `STRIDEKIT_BENCH_SIZES=4096,262144` replaces the default sizes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use half::f16;
use half::slice::HalfFloatSliceExt;
#[macro_use]
#[path = "common/plain_loop.rs"]
mod plain_loop;
use std::hint::black_box;
use std::time::Duration;
use stridekit_kernels::testkit::Rng;
use stridekit_kernels::{byteswap_in_place_on, convert_on, take_on, Cast, Element, Isa};

fn sizes() -> Vec<usize> {
    match std::env::var("STRIDEKIT_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![4096, 262_144, 1 << 24],
    }
}

fn bytes(n: usize, per_element: usize) -> Throughput {
    Throughput::Bytes((n * per_element) as u64)
}

plain_loop! {
    fn plain_swap(x: &mut [u32]) {
        for v in x.iter_mut() {
            *v = v.swap_bytes();
        }
    }
}

plain_loop! {
    fn plain_f32_f64(a: &[f32], out: &mut [f64]) {
        for (o, &x) in out.iter_mut().zip(a) {
            *o = x as f64;
        }
    }
}

plain_loop! {
    fn plain_f64_f32(a: &[f64], out: &mut [f32]) {
        for (o, &x) in out.iter_mut().zip(a) {
            *o = x as f32;
        }
    }
}

plain_loop! {
    fn plain_f16_f32(a: &[f16], out: &mut [f32]) {
        for (o, &x) in out.iter_mut().zip(a) {
            *o = x.to_f32();
        }
    }
}

plain_loop! {
    fn plain_f32_f16(a: &[f32], out: &mut [f16]) {
        for (o, &x) in out.iter_mut().zip(a) {
            *o = f16::from_f32(x);
        }
    }
}

plain_loop! {
    fn plain_take(data: &[f32], idx: &[i64], out: &mut [f32]) {
        for (o, &i) in out.iter_mut().zip(idx) {
            *o = data[i as usize];
        }
    }
}

/// `take` with hardware gathers (indices already known in range).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn hw_gather(data: &[f32], idx: &[i64], out: &mut [f32]) {
    use std::arch::x86_64::*;
    assert!(idx.iter().all(|&i| (i as u64) < data.len() as u64) && out.len() == idx.len());
    let n = idx.len();
    let mut k = 0;
    while k + 4 <= n {
        // SAFETY: 4 indices read, all checked in range; 4 outputs written.
        unsafe {
            let vi = _mm256_loadu_si256(idx.as_ptr().add(k).cast());
            let v = _mm256_i64gather_ps::<4>(data.as_ptr(), vi);
            _mm_storeu_ps(out.as_mut_ptr().add(k), v);
        }
        k += 4;
    }
    for j in k..n {
        out[j] = data[idx[j] as usize];
    }
}

fn bench_byteswap(c: &mut Criterion) {
    let mut g = c.benchmark_group("byteswap/u32");
    for n in sizes() {
        let mut x: Vec<u32> = (0..n as u32).collect();
        g.throughput(bytes(n, 4));
        for isa in Isa::available() {
            g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |b, _| {
                b.iter(|| byteswap_in_place_on(Some(isa), black_box(&mut x)).unwrap())
            });
        }
        g.bench_with_input(BenchmarkId::new("plain", n), &n, |b, _| {
            b.iter(|| plain_swap(black_box(&mut x)))
        });
    }
    g.finish();
}

/// A named baseline conversion loop.
type Baseline<A, B> = (&'static str, fn(&[A], &mut [B]));

/// One conversion pair: every ISA, then the baselines.
fn bench_pair<A: Element + Cast<B>, B: Element>(
    c: &mut Criterion,
    src: impl Fn(usize) -> A,
    baselines: &[Baseline<A, B>],
) {
    let mut g = c.benchmark_group(format!("convert/{}-{}", A::NAME, B::NAME));
    for n in sizes() {
        let a: Vec<A> = (0..n).map(&src).collect();
        let mut out = vec![B::zeroed(); n];
        g.throughput(bytes(n, size_of::<A>() + size_of::<B>()));
        for isa in Isa::available() {
            g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |b, _| {
                b.iter(|| convert_on(Some(isa), black_box(&a), black_box(&mut out)).unwrap())
            });
        }
        for &(name, f) in baselines {
            g.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| f(black_box(&a), black_box(&mut out)))
            });
        }
        // A copy moving the same bytes (read and write half of them each):
        // the charts' limit line.
        let half = n * (size_of::<A>() + size_of::<B>()) / 2;
        let (src, mut dst) = (vec![1u8; half], vec![0u8; half]);
        g.bench_with_input(BenchmarkId::new("copy-same-bytes", n), &n, |b, _| {
            b.iter(|| dst.copy_from_slice(black_box(&src)))
        });
    }
    g.finish();
}

fn half_scalar_to_f32(a: &[f16], out: &mut [f32]) {
    for (o, &x) in out.iter_mut().zip(a) {
        *o = x.to_f32();
    }
}

fn half_scalar_from_f32(a: &[f32], out: &mut [f16]) {
    for (o, &x) in out.iter_mut().zip(a) {
        *o = f16::from_f32(x);
    }
}

fn bench_convert(c: &mut Criterion) {
    let val = |i: usize| ((i * 7919) % 10007) as f32 * 0.37 - 1000.0;
    bench_pair::<f32, f64>(c, val, &[("plain", plain_f32_f64)]);
    bench_pair::<f64, f32>(
        c,
        |i| val(i) as f64 * 1.000_000_1,
        &[("plain", plain_f64_f32)],
    );
    bench_pair::<f16, f32>(
        c,
        |i| f16::from_f32(val(i)),
        &[
            ("plain", plain_f16_f32),
            ("half-scalar", half_scalar_to_f32),
            ("half-slice", |a, o| a.convert_to_f32_slice(o)),
        ],
    );
    bench_pair::<f32, f16>(
        c,
        val,
        &[
            ("plain", plain_f32_f16),
            ("half-scalar", half_scalar_from_f32),
            ("half-slice", |a, o| o.convert_from_f32_slice(a)),
        ],
    );
}

fn bench_take(c: &mut Criterion) {
    let mut g = c.benchmark_group("take/f32-i64");
    let src_len = 1 << 24;
    let data: Vec<f32> = (0..src_len).map(|i| i as f32).collect();
    let mut rng = Rng::new(42);
    for n in [4096usize, 1 << 20] {
        let idx: Vec<i64> = (0..n).map(|_| rng.below(src_len) as i64).collect();
        let mut out = vec![0f32; n];
        g.throughput(Throughput::Elements(n as u64));
        for isa in Isa::available() {
            g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |b, _| {
                b.iter(|| {
                    take_on(
                        Some(isa),
                        black_box(&data),
                        black_box(&idx),
                        black_box(&mut out),
                    )
                    .unwrap()
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("plain", n), &n, |b, _| {
            b.iter(|| plain_take(black_box(&data), black_box(&idx), black_box(&mut out)))
        });
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") {
            g.bench_with_input(BenchmarkId::new("hw-gather", n), &n, |b, _| {
                // SAFETY: AVX2 was just detected.
                b.iter(|| unsafe {
                    hw_gather(black_box(&data), black_box(&idx), black_box(&mut out))
                })
            });
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_byteswap, bench_convert, bench_take
}
criterion_main!(benches);
