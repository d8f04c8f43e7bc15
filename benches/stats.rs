//! Statistics and joins, f32, 1M elements and a 1024×1024 matrix: `var`, `std`,
//! `nanvar`, `cumsum` (whole array and along axis 0), `prod`, against plain
//! Rust loops (two-pass variance, sequential running sum); `concatenate` of
//! 100 arrays of 10,000 against a `Vec` built by `extend_from_slice`.
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

fn join(c: &mut Criterion) {
    let parts: Vec<Array<f32>> = (0..100)
        .map(|k| {
            Array::from_vec(
                data(10_000).iter().map(|x| x + k as f32).collect(),
                &[10_000],
            )
            .unwrap()
        })
        .collect();
    let views: Vec<_> = parts.iter().map(|p| p.view()).collect();
    let slices: Vec<Vec<f32>> = parts.iter().map(|p| p.to_vec()).collect();
    let mut g = c.benchmark_group("join/f32");
    g.throughput(Throughput::Bytes(100 * 10_000 * 4));
    g.measurement_time(Duration::from_secs(2));
    g.bench_function("concatenate/stridekit/100x10000", |b| {
        b.iter(|| stridekit::concatenate(black_box(&views), 0).unwrap())
    });
    g.bench_function("concatenate/plain/100x10000", |b| {
        b.iter(|| {
            let mut v = Vec::with_capacity(1_000_000);
            for s in black_box(&slices) {
                v.extend_from_slice(s);
            }
            v
        })
    });
    g.bench_function("push_row/stridekit/1000x1000", |b| {
        let row = Array::from_vec(data(1000), &[1000]).unwrap();
        b.iter(|| {
            let mut a = Array::<f32>::zeros(&[0, 1000]).unwrap();
            for _ in 0..1000 {
                a.push_row(&row).unwrap();
            }
            a
        })
    });
    g.finish();
}

criterion_group!(benches, stats, join);
criterion_main!(benches);
