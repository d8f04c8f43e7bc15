//! Reductions, f32: every ISA this CPU runs against plain Rust loops compiled
//! (by `multiversion`) for the best target features it has — `naive` (one
//! accumulator) and `acc8` (eight independent accumulators: the fastest
//! *unordered* loop, the bar for what the reproducible order costs) — and the
//! `ndarray` crate. Groups `<op>/f32` with ids `<impl>/<n>`; throughput in
//! bytes read. `benches/numpy_reduce.py` times NumPy on the same cases.
//!
//! Axis reductions: `sum_axis/f32` reduces a 2048×2048 C-order matrix along
//! axis 0 (the column fold) and axis 1 (one contiguous line per output),
//! beside plain loops (`plain-loop-axis0`: every row added into one output
//! row; `plain-loop-axis1`: eight accumulators per row).
//!
//! `cargo bench --bench reduce`; `STRIDEKIT_BENCH_SIZES=4096,262144` replaces
//! the default sizes (4K, 256K, 16M elements).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
#[macro_use]
#[path = "../kernels/benches/common/plain_loop.rs"]
mod plain_loop;
use std::hint::black_box;
use std::time::Duration;
use stridekit::kernels::{arg_on, dot_on, reduce_on, ArgReduction, Isa, Reduction};
use stridekit::Array;

fn sizes() -> Vec<usize> {
    match std::env::var("STRIDEKIT_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![4096, 262_144, 1 << 24],
    }
}

fn data(n: usize) -> Vec<f32> {
    (0..n).map(|i| ((i * 7919) % 10007) as f32 * 1e-4).collect()
}

plain_loop! {
    fn naive_sum(x: &[f32]) -> f32 {
        let mut s = 0.0;
        for &v in x {
            s += v;
        }
        s
    }
}

plain_loop! {
    fn acc8_sum(x: &[f32]) -> f32 {
        // 8 × 8 lanes: what an unordered, register-blocked SIMD loop does.
        let mut acc = [[0.0f32; 8]; 8];
        let chunks = x.chunks_exact(64);
        let rest = chunks.remainder();
        for c in chunks {
            for (j, a) in acc.iter_mut().enumerate() {
                for (l, v) in a.iter_mut().enumerate() {
                    *v += c[j * 8 + l];
                }
            }
        }
        let mut s: f32 = acc.iter().flatten().sum();
        for &v in rest {
            s += v;
        }
        s
    }
}

plain_loop! {
    /// The read limit of a reduction: one pass OR-ing the bits of every
    /// element (an integer fold the compiler vectorises and unrolls freely,
    /// so only the loads bound it). Not a sum: the chart's dashed line.
    fn read_limit(x: &[f32]) -> u32 {
        x.iter().fold(0u32, |a, v| a | v.to_bits())
    }
}

plain_loop! {
    fn acc8_dot(x: &[f32], y: &[f32]) -> f32 {
        let mut acc = [[0.0f32; 8]; 8];
        let (cx, cy) = (x.chunks_exact(64), y.chunks_exact(64));
        let (rx, ry) = (cx.remainder(), cy.remainder());
        for (a8, b8) in cx.zip(cy) {
            for (j, a) in acc.iter_mut().enumerate() {
                for (l, v) in a.iter_mut().enumerate() {
                    *v = a8[j * 8 + l].mul_add(b8[j * 8 + l], *v);
                }
            }
        }
        let mut s: f32 = acc.iter().flatten().sum();
        for (a, b) in rx.iter().zip(ry) {
            s += a * b;
        }
        s
    }
}

plain_loop! {
    fn acc8_max(x: &[f32]) -> f32 {
        let mut acc = [f32::NEG_INFINITY; 64];
        let chunks = x.chunks_exact(64);
        let rest = chunks.remainder();
        for c in chunks {
            for (a, &v) in acc.iter_mut().zip(c) {
                *a = if v > *a { v } else { *a };
            }
        }
        acc.iter()
            .chain(rest)
            .fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m })
    }
}

fn isas() -> Vec<Isa> {
    Isa::available()
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    n: usize,
    bytes: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(if n >= 1 << 22 { 3 } else { 1 }));
    g.sample_size(if n >= 1 << 22 { 20 } else { 50 });
    g
}

fn bench_sum(c: &mut Criterion) {
    for n in sizes() {
        let x = data(n);
        let nd = ndarray::Array1::from(x.clone());
        let mut g = group(c, "sum/f32", n, n * 4);
        for isa in isas() {
            g.bench_function(BenchmarkId::new(isa.name(), n), |b| {
                b.iter(|| reduce_on(Some(isa), Reduction::Sum, black_box(&x[..])).unwrap())
            });
        }
        g.bench_function(BenchmarkId::new("naive", n), |b| {
            b.iter(|| naive_sum(black_box(&x)))
        });
        g.bench_function(BenchmarkId::new("acc8", n), |b| {
            b.iter(|| acc8_sum(black_box(&x)))
        });
        g.bench_function(BenchmarkId::new("ndarray", n), |b| {
            b.iter(|| black_box(&nd).sum())
        });
        g.bench_function(BenchmarkId::new("read-limit", n), |b| {
            b.iter(|| read_limit(black_box(&x)))
        });
        g.finish();
    }
}

fn bench_dot(c: &mut Criterion) {
    for n in sizes() {
        let (x, y) = (data(n), data(n + 3)[3..].to_vec());
        let (nx, ny) = (
            ndarray::Array1::from(x.clone()),
            ndarray::Array1::from(y.clone()),
        );
        let mut g = group(c, "dot/f32", n, n * 8);
        for isa in isas() {
            g.bench_function(BenchmarkId::new(isa.name(), n), |b| {
                b.iter(|| dot_on(Some(isa), black_box(&x[..]), &y[..]).unwrap())
            });
        }
        g.bench_function(BenchmarkId::new("acc8", n), |b| {
            b.iter(|| acc8_dot(black_box(&x), &y))
        });
        g.bench_function(BenchmarkId::new("ndarray", n), |b| {
            b.iter(|| black_box(&nx).dot(&ny))
        });
        g.finish();
    }
}

fn bench_max(c: &mut Criterion) {
    for n in sizes() {
        let x = data(n);
        let nd = ndarray::Array1::from(x.clone());
        let mut g = group(c, "max/f32", n, n * 4);
        for isa in isas() {
            g.bench_function(BenchmarkId::new(isa.name(), n), |b| {
                b.iter(|| reduce_on(Some(isa), Reduction::Max, black_box(&x[..])).unwrap())
            });
            g.bench_function(BenchmarkId::new(format!("argmax-{}", isa.name()), n), |b| {
                b.iter(|| arg_on(Some(isa), ArgReduction::ArgMax, black_box(&x[..])).unwrap())
            });
        }
        g.bench_function(BenchmarkId::new("acc8", n), |b| {
            b.iter(|| acc8_max(black_box(&x)))
        });
        g.bench_function(BenchmarkId::new("ndarray", n), |b| {
            b.iter(|| black_box(&nd).fold(f32::NEG_INFINITY, |m, &v| m.max(v)))
        });
        g.finish();
    }
}

plain_loop! {
    /// The plain column sum: one output row, every source row added into it in
    /// memory order (each column one add chain: the loop a user would write).
    fn plain_sum_axis0(m: &[f32], cols: usize, out: &mut [f32]) {
        out.fill(0.0);
        for row in m.chunks_exact(cols) {
            for (o, &v) in out.iter_mut().zip(row) {
                *o += v;
            }
        }
    }
}

plain_loop! {
    /// The plain row sum: eight accumulators per row (the compiler would not
    /// reorder one float chain into vectors).
    fn plain_sum_axis1(m: &[f32], cols: usize, out: &mut [f32]) {
        for (o, row) in out.iter_mut().zip(m.chunks_exact(cols)) {
            let mut acc = [0f32; 8];
            for ch in row.chunks_exact(8) {
                for (a, &v) in acc.iter_mut().zip(ch) {
                    *a += v;
                }
            }
            *o = acc.iter().sum();
        }
    }
}

fn bench_axis(c: &mut Criterion) {
    let n = 2048;
    let m = Array::from_vec(data(n * n), &[n, n]).unwrap();
    let nd = ndarray::Array2::from_shape_vec((n, n), data(n * n)).unwrap();
    let mut g = group(c, "sum_axis/f32", n * n, n * n * 4);
    g.bench_function(BenchmarkId::new("axis0", n * n), |b| {
        b.iter(|| black_box(&m).sum_axis(0).unwrap())
    });
    g.bench_function(BenchmarkId::new("axis1", n * n), |b| {
        b.iter(|| black_box(&m).sum_axis(1).unwrap())
    });
    let flat = data(n * n);
    let mut out = vec![0f32; n];
    g.bench_function(BenchmarkId::new("plain-loop-axis0", n * n), |b| {
        b.iter(|| plain_sum_axis0(black_box(&flat), n, &mut out))
    });
    g.bench_function(BenchmarkId::new("plain-loop-axis1", n * n), |b| {
        b.iter(|| plain_sum_axis1(black_box(&flat), n, &mut out))
    });
    g.bench_function(BenchmarkId::new("ndarray-axis0", n * n), |b| {
        b.iter(|| black_box(&nd).sum_axis(ndarray::Axis(0)))
    });
    g.bench_function(BenchmarkId::new("ndarray-axis1", n * n), |b| {
        b.iter(|| black_box(&nd).sum_axis(ndarray::Axis(1)))
    });
    g.finish();
}

criterion_group!(benches, bench_sum, bench_dot, bench_max, bench_axis);
criterion_main!(benches);
