//! Statistics, f32, 1M elements and a 1024×1024 matrix: `var`, `std`,
//! `nanvar`, `cumsum` (whole array and along axis 0), `prod`, against plain
//! Rust loops (two-pass variance, sequential running sum).
//! `benches/numpy_stats.py` times NumPy on the same cases.
//!
//! `cargo bench --bench stats`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use stridekit::Array;

const N: usize = 1 << 20;

fn data(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i * 7919) % 10007) as f32 * 1e-3 - 5.0)
        .collect()
}

fn plain_var(x: &[f32]) -> f32 {
    let mean = x.iter().sum::<f32>() / x.len() as f32;
    x.iter().map(|&v| (v - mean) * (v - mean)).sum::<f32>() / x.len() as f32
}

fn plain_cumsum(x: &[f32], out: &mut Vec<f32>) {
    out.clear();
    let mut s = 0.0f32;
    out.extend(x.iter().map(|&v| {
        s += v;
        s
    }));
}

fn stats(c: &mut Criterion) {
    let xs = data(N);
    let a = Array::from_vec(xs.clone(), &[N]).unwrap();
    let m = Array::from_vec(xs.clone(), &[1024, 1024]).unwrap();
    let mut g = c.benchmark_group("stats/f32");
    g.throughput(Throughput::Bytes((N * 4) as u64));
    g.measurement_time(Duration::from_secs(2));
    g.bench_function("var/stridekit/1M", |b| {
        b.iter(|| black_box(&a).var(0).unwrap())
    });
    g.bench_function("var/plain/1M", |b| b.iter(|| plain_var(black_box(&xs))));
    g.bench_function("std/stridekit/1M", |b| {
        b.iter(|| black_box(&a).std(1).unwrap())
    });
    g.bench_function("nanvar/stridekit/1M", |b| {
        b.iter(|| black_box(&a).nanvar(0).unwrap())
    });
    g.bench_function("cumsum/stridekit/1M", |b| {
        b.iter(|| black_box(&a).cumsum().unwrap())
    });
    let mut out = Vec::with_capacity(N);
    g.bench_function("cumsum/plain/1M", |b| {
        b.iter(|| plain_cumsum(black_box(&xs), &mut out))
    });
    g.bench_function("cumsum_axis0/stridekit/1024x1024", |b| {
        b.iter(|| black_box(&m).cumsum_axis(0).unwrap())
    });
    g.bench_function("var_axis0/stridekit/1024x1024", |b| {
        b.iter(|| black_box(&m).var_axis(0, 0).unwrap())
    });
    g.bench_function("prod/stridekit/1M", |b| {
        b.iter(|| black_box(&a).prod().unwrap())
    });
    g.finish();
}

criterion_group!(benches, stats);
criterion_main!(benches);
