//! Integer element-wise operations against the plain Rust loop (baseline
//! x86-64 flags, as the crate is built), the kernel layer's slice call
//! (`kernel-slices`: the view layer's cost is the difference) and, through
//! `benches/numpy_int.py`, NumPy. Every case writes into a preallocated
//! output (NumPy's `out=`), on the active ISA (`STRIDEKIT_ISA` picks another).
//!
//! | group | case |
//! |---|---|
//! | `int/add_i32` | `i32` `a + b`, 4,096 and 262,144 |
//! | `int/add_u8` | `u8` `a + b`, 1,048,576 (an image) |
//! | `int/mul_i16` | `i16` `a * b`, 262,144 |
//! | `int/floor_divide_i32` | `i32` `a // b`, 262,144 |
//! | `int/sum_i32` | exact `i32` sum, 262,144 |
//! | `int/add_f16` | `f16` `a + b` (widened to `f32`, rounded once), 262,144 |
//! | `int/sum_f16` | `f16` sum (in `f32`, rounded once), 262,144 |
//!
//! `cargo bench --bench int`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use stridekit::kernels::{int_binary_on, IntBinary};
use stridekit::{f16, ops, Array, IntElement};

fn data<T: IntElement + TryFrom<i64>>(n: usize, salt: usize) -> Vec<T> {
    (0..n)
        .map(|i| {
            T::try_from(((i * 7919 + salt) % 127) as i64 + 1)
                .ok()
                .unwrap()
        })
        .collect()
}

/// `op` by stridekit and by the plain loop `f` on `n` elements.
fn pair<T: IntElement + TryFrom<i64>>(
    c: &mut Criterion,
    group: &str,
    n: usize,
    op: impl Fn(&Array<T>, &Array<T>, &mut Array<T>),
    op_slices: impl Fn(&[T], &[T], &mut [T]),
    f: impl Fn(T, T) -> T,
) {
    let (va, vb) = (data::<T>(n, 0), data::<T>(n, 17));
    let a = Array::from_slice(&va, &[n]).unwrap();
    let b = Array::from_slice(&vb, &[n]).unwrap();
    let mut out = Array::<T>::zeros(&[n]).unwrap();
    let mut plain = vec![T::ZERO; n];
    op(&a, &b, &mut out);
    for ((o, &x), &y) in plain.iter_mut().zip(&va).zip(&vb) {
        *o = f(x, y);
    }
    assert_eq!(out.to_vec(), plain, "{group}");
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| op(black_box(&a), &b, &mut out))
    });
    g.bench_function(BenchmarkId::new("kernel-slices", n), |bch| {
        let mut o2 = vec![T::ZERO; n];
        bch.iter(|| op_slices(black_box(&va), &vb, &mut o2))
    });
    g.bench_function(BenchmarkId::new("plain-loop", n), |bch| {
        bch.iter(|| {
            for ((o, &x), &y) in plain.iter_mut().zip(black_box(&va)).zip(&vb) {
                *o = f(x, y);
            }
        })
    });
    g.finish();
}

/// The kernel layer's slice entry point for `op` (no view layer).
fn slices<T: IntElement>(op: IntBinary) -> impl Fn(&[T], &[T], &mut [T]) {
    move |a, b, o| int_binary_on(None, op, a, b, o).unwrap()
}

fn benches(c: &mut Criterion) {
    use IntBinary::*;
    for n in [4096, 1 << 18] {
        pair::<i32>(
            c,
            "int/add_i32",
            n,
            |a, b, o| ops::add(a, b, o).unwrap(),
            slices(Add),
            i32::wrapping_add,
        );
    }
    pair::<u8>(
        c,
        "int/add_u8",
        1 << 20,
        |a, b, o| ops::add(a, b, o).unwrap(),
        slices(Add),
        u8::wrapping_add,
    );
    pair::<i16>(
        c,
        "int/mul_i16",
        1 << 18,
        |a, b, o| ops::mul(a, b, o).unwrap(),
        slices(Mul),
        i16::wrapping_mul,
    );
    pair::<i32>(
        c,
        "int/floor_divide_i32",
        1 << 18,
        |a, b, o| ops::floor_divide(a, b, o).unwrap(),
        slices(FloorDivide),
        |x, y| x.div_euclid(y),
    );
    let n = 1 << 18;
    let h: Vec<f16> = (0..n)
        .map(|i| f16::from_f32((i % 1000) as f32 * 0.25))
        .collect();
    let (ha, hb) = (
        Array::from_slice(&h, &[n]).unwrap(),
        Array::from_slice(&h, &[n]).unwrap(),
    );
    let mut ho = Array::<f16>::zeros(&[n]).unwrap();
    let mut plain = vec![f16::ZERO; n];
    let mut g = c.benchmark_group("int/add_f16");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&ha), &hb, &mut ho).unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", n), |bch| {
        bch.iter(|| {
            for ((o, &x), &y) in plain.iter_mut().zip(black_box(&h)).zip(&h) {
                *o = f16::from_f32(x.to_f32() + y.to_f32());
            }
        })
    });
    g.finish();
    assert_eq!(ho.to_vec(), plain);

    let mut g = c.benchmark_group("int/sum_f16");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| black_box(&ha).sum().unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", n), |bch| {
        bch.iter(|| f16::from_f32(black_box(&h).iter().map(|x| x.to_f32()).sum::<f32>()))
    });
    g.finish();

    let v = data::<i32>(1 << 18, 5);
    let a = Array::from_slice(&v, &[1 << 18]).unwrap();
    let mut g = c.benchmark_group("int/sum_i32");
    g.throughput(Throughput::Elements(1 << 18));
    g.bench_function(BenchmarkId::new("stridekit", 1 << 18), |bch| {
        bch.iter(|| black_box(&a).int_sum().unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", 1 << 18), |bch| {
        bch.iter(|| black_box(&v).iter().map(|&x| x as i64).sum::<i64>())
    });
    g.finish();
}

criterion_group! {
    name = int;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(30);
    targets = benches
}
criterion_main!(int);
