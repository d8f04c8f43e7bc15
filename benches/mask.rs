//! Masks against the plain Rust loop (built for this CPU by the benchmark
//! profile's flags) and, through `benches/numpy_mask.py`, NumPy. f32.
//!
//! | group | case |
//! |---|---|
//! | `mask/greater` | `a > b` into a preallocated mask, 262,144 |
//! | `mask/count` | `count_nonzero(a > 0)`, 262,144 (mask allocated, as NumPy) |
//! | `mask/where` | `where(m, a, b)` into a preallocated output, 262,144 |
//! | `mask/extract` | `a[mask]` with a 50% random mask, 1,048,576 |
//!
//! `cargo bench --bench mask`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use stridekit::{compare_into, select_into, Array, Bool8, Compare};

const N: usize = 1 << 18;
const M: usize = 1 << 20;

fn data(n: usize, salt: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i * 7919 + salt) % 10007) as f32 - 5003.0)
        .collect()
}

fn benches(c: &mut Criterion) {
    let (va, vb) = (data(N, 0), data(N, 17));
    let a = Array::from_slice(&va, &[N]).unwrap();
    let b = Array::from_slice(&vb, &[N]).unwrap();
    let mut m = Array::<Bool8>::zeros(&[N]).unwrap();
    let mut plain_m = vec![0u8; N];
    compare_into(Compare::Greater, &a, &b, &mut m).unwrap();
    let want: Vec<u8> = va.iter().zip(&vb).map(|(x, y)| u8::from(x > y)).collect();
    assert!(m.iter().map(|b| b.0).eq(want.iter().copied()));

    let mut g = c.benchmark_group("mask/greater");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("stridekit", N), |bch| {
        bch.iter(|| compare_into(Compare::Greater, black_box(&a), &b, &mut m).unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", N), |bch| {
        bch.iter(|| {
            for ((o, x), y) in plain_m.iter_mut().zip(black_box(&va)).zip(&vb) {
                *o = u8::from(x > y);
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("mask/count");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("stridekit", N), |bch| {
        bch.iter(|| black_box(&a).greater(0.0).unwrap().count_nonzero())
    });
    g.bench_function(BenchmarkId::new("plain-loop", N), |bch| {
        bch.iter(|| black_box(&va).iter().filter(|&&x| x > 0.0).count())
    });
    g.finish();

    let mut out = Array::<f32>::zeros(&[N]).unwrap();
    let mut plain_out = vec![0f32; N];
    let mb: Vec<u8> = m.iter().map(|b| b.0).collect();
    let mut g = c.benchmark_group("mask/where");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function(BenchmarkId::new("stridekit", N), |bch| {
        bch.iter(|| select_into(black_box(&m), &a, &b, &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", N), |bch| {
        bch.iter(|| {
            for (((o, &k), &x), &y) in plain_out.iter_mut().zip(black_box(&mb)).zip(&va).zip(&vb) {
                *o = if k != 0 { x } else { y };
            }
        })
    });
    g.finish();

    let big = Array::from_slice(&data(M, 3), &[M]).unwrap();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let half: Vec<Bool8> = (0..M)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            Bool8((state >> 63) as u8)
        })
        .collect();
    let half = Array::from_vec(half, &[M]).unwrap();
    let bigv = big.to_vec();
    let hv: Vec<u8> = half.iter().map(|b| b.0).collect();
    assert_eq!(
        big.extract(&half).unwrap().to_vec(),
        bigv.iter()
            .zip(&hv)
            .filter(|(_, &k)| k != 0)
            .map(|(&x, _)| x)
            .collect::<Vec<_>>()
    );
    let mut g = c.benchmark_group("mask/extract");
    g.throughput(Throughput::Elements(M as u64));
    g.bench_function(BenchmarkId::new("stridekit", M), |bch| {
        bch.iter(|| black_box(&big).extract(&half).unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", M), |bch| {
        bch.iter(|| {
            black_box(&bigv)
                .iter()
                .zip(&hv)
                .filter(|(_, &k)| k != 0)
                .map(|(&x, _)| x)
                .collect::<Vec<f32>>()
        })
    });
    g.finish();
}

criterion_group! {
    name = mask;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = benches
}
criterion_main!(mask);
