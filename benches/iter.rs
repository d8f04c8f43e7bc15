//! Iteration against the slice iterator and `ndarray`: does walking an
//! array cost more than walking its slice? All f32, all sums in f64 (exact
//! here, so every column computes the same value).
//!
//! | group | case | columns |
//! |---|---|---|
//! | `iter/contig-sum` | `a.iter()` of a contiguous 65536-element array, summed | `slice`, `stridekit`, `ndarray` |
//! | `iter/contig-count` | `a.iter().filter(x > 0.5).count()` | `slice`, `stridekit`, `ndarray` |
//! | `iter/transposed-sum` | `m.t().iter()` of a 256×256 array, summed | `stridekit`, `ndarray`, `index-get` (a `get(&[i, j])` per element) |
//! | `iter/contig-iter-mut` | `for x in a.iter_mut() { *x = *x * 0.5 + 1.0 }` | `slice`, `stridekit`, `ndarray` |
//!
//! `cargo bench --bench iter`; ids are `group/function/n` (n elements).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use stridekit::Array;

const N: usize = 1 << 16;
const SIDE: usize = 256;

fn value(i: usize) -> f32 {
    ((i * 37) % 101) as f32 / 100.0
}

fn contiguous(c: &mut Criterion) {
    let v: Vec<f32> = (0..N).map(value).collect();
    let a = Array::from_slice(&v, &[N]).unwrap();
    let nd = ndarray::Array1::from_vec(v.clone());
    let sum = |it: &mut dyn FnMut() -> f64| it();
    let want: f64 = v.iter().map(|&x| f64::from(x)).sum();
    assert_eq!(a.iter().map(f64::from).sum::<f64>(), want);
    assert_eq!(sum(&mut || nd.iter().map(|&x| f64::from(x)).sum()), want);

    let mut g = c.benchmark_group("iter/contig-sum");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("slice", N), |b| {
        b.iter(|| black_box(&v).iter().map(|&x| f64::from(x)).sum::<f64>())
    });
    g.bench_function(BenchmarkId::new("stridekit", N), |b| {
        b.iter(|| black_box(&a).iter().map(f64::from).sum::<f64>())
    });
    g.bench_function(BenchmarkId::new("ndarray", N), |b| {
        b.iter(|| black_box(&nd).iter().map(|&x| f64::from(x)).sum::<f64>())
    });
    g.finish();

    let mut g = c.benchmark_group("iter/contig-count");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("slice", N), |b| {
        b.iter(|| black_box(&v).iter().filter(|&&x| x > 0.5).count())
    });
    g.bench_function(BenchmarkId::new("stridekit", N), |b| {
        b.iter(|| black_box(&a).iter().filter(|&x| x > 0.5).count())
    });
    g.bench_function(BenchmarkId::new("ndarray", N), |b| {
        b.iter(|| black_box(&nd).iter().filter(|&&x| x > 0.5).count())
    });
    g.finish();

    let mut s = v.clone();
    let mut a = a.clone();
    let mut nd = nd.clone();
    let mut g = c.benchmark_group("iter/contig-iter-mut");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("slice", N), |b| {
        b.iter(|| {
            black_box(&mut s)
                .iter_mut()
                .for_each(|x| *x = *x * 0.5 + 1.0)
        })
    });
    g.bench_function(BenchmarkId::new("stridekit", N), |b| {
        b.iter(|| {
            black_box(&mut a)
                .iter_mut()
                .for_each(|x| *x = *x * 0.5 + 1.0)
        })
    });
    g.bench_function(BenchmarkId::new("ndarray", N), |b| {
        b.iter(|| {
            black_box(&mut nd)
                .iter_mut()
                .for_each(|x| *x = *x * 0.5 + 1.0)
        })
    });
    g.finish();
}

fn transposed(c: &mut Criterion) {
    let n = SIDE * SIDE;
    let v: Vec<f32> = (0..n).map(value).collect();
    let m = Array::from_slice(&v, &[SIDE, SIDE]).unwrap();
    let nd = ndarray::Array2::from_shape_vec((SIDE, SIDE), v).unwrap();
    let t = m.t();
    let by_get = || {
        let mut acc = 0.0f64;
        for i in 0..SIDE {
            for j in 0..SIDE {
                acc += f64::from(t.get(&[i, j]).unwrap());
            }
        }
        acc
    };
    let want = by_get();
    assert_eq!(t.iter().map(f64::from).sum::<f64>(), want);
    assert_eq!(nd.t().iter().map(|&x| f64::from(x)).sum::<f64>(), want);

    let mut g = c.benchmark_group("iter/transposed-sum");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("stridekit", n), |b| {
        b.iter(|| black_box(&m).t().iter().map(f64::from).sum::<f64>())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |b| {
        b.iter(|| {
            black_box(&nd)
                .t()
                .iter()
                .map(|&x| f64::from(x))
                .sum::<f64>()
        })
    });
    g.bench_function(BenchmarkId::new("index-get", n), |b| {
        b.iter(|| black_box(by_get()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = contiguous, transposed
}
criterion_main!(benches);
