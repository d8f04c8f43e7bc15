//! Element-wise kernels: every kernel × every ISA this CPU runs × sizes from
//! 2 KiB to 64 MiB per operand, in elements/s and bytes/s, side by side with
//! two baselines measured in the same run: the scalar `reference`, and a
//! `plain` Rust loop compiled (by `multiversion`) for the best target features
//! this CPU has — what a user would write.
//!
//! Filter as usual: `cargo bench -p stridekit-kernels --bench elementwise -- 'add/f32/contig'`.
//! `STRIDEKIT_BENCH_SIZES=2048,65536` replaces the default sizes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
#[macro_use]
#[path = "common/plain_loop.rs"]
mod plain_loop;
use std::hint::black_box;
use std::time::Duration;
use stridekit_kernels::testkit::values;
use stridekit_kernels::{
    kernels_for, reference, BinaryOp, Dst, Float, Isa, Src, Strided, TernaryOp, UnaryOp,
};

fn sizes() -> Vec<usize> {
    match std::env::var("STRIDEKIT_BENCH_SIZES") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        // f32 elements: 2 KiB, 8 KiB, 256 KiB, 4 MiB, 64 MiB per operand.
        Err(_) => vec![512, 2048, 65536, 1 << 20, 1 << 24],
    }
}

fn isas() -> Vec<Isa> {
    Isa::available()
}

fn config(c: &mut Criterion) -> &mut Criterion {
    c
}

/// Finite, ordinary data (special values would measure nothing different).
fn data<T: Float>(seed: u64, n: usize) -> Vec<T> {
    values::<f64>(seed, n)
        .into_iter()
        .map(|x| {
            T::from_f64(if x.is_finite() && x.abs() < 1e30 {
                x.abs() + 0.5
            } else {
                1.25
            })
        })
        .collect()
}

fn throughput<T>(n: usize, streams: usize) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: n as u64,
        bytes: (n * streams * std::mem::size_of::<T>()) as u64,
    }
}

macro_rules! plain_loops {
    ($($t:ident),*) => {$(
        mod $t {
            use super::*;
            plain_loop! {
                pub fn add(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
                        *o = x + y;
                    }
                }
            }
            plain_loop! {
                pub fn mul(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
                        *o = x * y;
                    }
                }
            }
            plain_loop! {
                pub fn mul_add(a: &[$t], b: &[$t], c: &[$t], out: &mut [$t]) {
                    for (((o, x), y), z) in out.iter_mut().zip(a).zip(b).zip(c) {
                        *o = x.mul_add(*y, *z);
                    }
                }
            }
            plain_loop! {
                /// `a[::K] + b` for a constant `K` (the compiler may pick any
                /// load-and-permute form it knows), and `a[::-1] + b`.
                pub fn add_step2(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a.iter().step_by(2)).zip(b) {
                        *o = x + y;
                    }
                }
            }
            plain_loop! {
                pub fn add_step3(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a.iter().step_by(3)).zip(b) {
                        *o = x + y;
                    }
                }
            }
            plain_loop! {
                pub fn add_step4(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a.iter().step_by(4)).zip(b) {
                        *o = x + y;
                    }
                }
            }
            plain_loop! {
                pub fn add_rev(a: &[$t], b: &[$t], out: &mut [$t]) {
                    for ((o, x), y) in out.iter_mut().zip(a.iter().rev()).zip(b) {
                        *o = x + y;
                    }
                }
            }
            plain_loop! {
                pub fn add_scalar(a: &[$t], b: $t, out: &mut [$t]) {
                    for (o, x) in out.iter_mut().zip(a) {
                        *o = x + b;
                    }
                }
            }
        }
    )*};
}
plain_loops!(f32, f64);

trait Plain: Float {
    fn plain_binary(op: BinaryOp, a: &[Self], b: &[Self], out: &mut [Self]) -> bool;
    fn plain_mul_add(a: &[Self], b: &[Self], c: &[Self], out: &mut [Self]);
    fn plain_add_scalar(a: &[Self], b: Self, out: &mut [Self]);
    /// `out = a[::step] + b` (`step` one of 2, 3, 4, -1; `a` holds exactly
    /// the elements the step visits).
    fn plain_add_step(step: isize, a: &[Self], b: &[Self], out: &mut [Self]);
}
macro_rules! impl_plain {
    ($($t:ident),*) => {$(
        impl Plain for $t {
            fn plain_binary(op: BinaryOp, a: &[$t], b: &[$t], out: &mut [$t]) -> bool {
                match op {
                    BinaryOp::Add => $t::add(a, b, out),
                    BinaryOp::Mul => $t::mul(a, b, out),
                    _ => return false,
                }
                true
            }
            fn plain_mul_add(a: &[$t], b: &[$t], c: &[$t], out: &mut [$t]) {
                $t::mul_add(a, b, c, out)
            }
            fn plain_add_scalar(a: &[$t], b: $t, out: &mut [$t]) {
                $t::add_scalar(a, b, out)
            }
            fn plain_add_step(step: isize, a: &[$t], b: &[$t], out: &mut [$t]) {
                match step {
                    2 => $t::add_step2(a, b, out),
                    3 => $t::add_step3(a, b, out),
                    4 => $t::add_step4(a, b, out),
                    -1 => $t::add_rev(a, b, out),
                    _ => unreachable!("no plain loop for step {step}"),
                }
            }
        }
    )*};
}
impl_plain!(f32, f64);

fn bench_binary<T: Plain>(c: &mut Criterion) {
    for op in BinaryOp::ALL {
        let mut g = c.benchmark_group(format!("{}/{}/contig", op.name(), T::RUST_NAME));
        for n in sizes() {
            let a = data::<T>(1, n);
            let b = data::<T>(2, n);
            let mut out = vec![T::default(); n];
            g.throughput(throughput::<T>(n, 3));
            for isa in isas() {
                let k = kernels_for::<T>(isa).unwrap();
                g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |bch, _| {
                    bch.iter(|| {
                        k.binary(
                            op,
                            Src::Slice(black_box(&a)),
                            Src::Slice(&b),
                            Dst::Slice(&mut out),
                        )
                        .unwrap()
                    })
                });
            }
            if T::plain_binary(op, &a, &b, &mut out) {
                g.bench_with_input(BenchmarkId::new("plain", n), &n, |bch, _| {
                    bch.iter(|| T::plain_binary(op, black_box(&a), &b, &mut out))
                });
            }
            g.bench_with_input(BenchmarkId::new("reference", n), &n, |bch, _| {
                bch.iter(|| reference::binary_slices(op, black_box(&a), &b, &mut out))
            });
            if op == BinaryOp::Add {
                // A copy moving the same bytes as `add` (read 2n, write n ≈ copy of 1.5n).
                let src = data::<T>(3, n + n / 2);
                let mut dst = vec![T::default(); n + n / 2];
                g.bench_with_input(BenchmarkId::new("copy-same-bytes", n), &n, |bch, _| {
                    bch.iter(|| dst.copy_from_slice(black_box(&src)))
                });
            }
        }
        g.finish();
    }
}

fn bench_unary<T: Plain>(c: &mut Criterion) {
    for op in UnaryOp::ALL {
        let mut g = c.benchmark_group(format!("{}/{}/contig", op.name(), T::RUST_NAME));
        for n in sizes() {
            let a = data::<T>(1, n);
            let mut out = vec![T::default(); n];
            g.throughput(throughput::<T>(n, 2));
            for isa in isas() {
                let k = kernels_for::<T>(isa).unwrap();
                g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |bch, _| {
                    bch.iter(|| {
                        k.unary(op, Src::Slice(black_box(&a)), Dst::Slice(&mut out))
                            .unwrap()
                    })
                });
            }
            g.bench_with_input(BenchmarkId::new("reference", n), &n, |bch, _| {
                bch.iter(|| reference::unary_slices(op, black_box(&a), &mut out))
            });
        }
        g.finish();
    }
}

fn bench_mul_add<T: Plain>(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("mul_add/{}/contig", T::RUST_NAME));
    for n in sizes() {
        let (a, b, cc) = (data::<T>(1, n), data::<T>(2, n), data::<T>(3, n));
        let mut out = vec![T::default(); n];
        g.throughput(throughput::<T>(n, 4));
        for isa in isas() {
            let k = kernels_for::<T>(isa).unwrap();
            g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |bch, _| {
                bch.iter(|| {
                    k.ternary(
                        TernaryOp::MulAdd,
                        Src::Slice(black_box(&a)),
                        Src::Slice(&b),
                        Src::Slice(&cc),
                        Dst::Slice(&mut out),
                    )
                    .unwrap()
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("plain", n), &n, |bch, _| {
            bch.iter(|| T::plain_mul_add(black_box(&a), &b, &cc, &mut out))
        });
        g.bench_with_input(BenchmarkId::new("reference", n), &n, |bch, _| {
            bch.iter(|| {
                reference::ternary_slices(TernaryOp::MulAdd, black_box(&a), &b, &cc, &mut out)
            })
        });
    }
    g.finish();
}

/// `a + scalar`: the broadcast form against the contiguous form.
fn bench_broadcast<T: Plain>(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("add/{}/broadcast", T::RUST_NAME));
    for n in sizes() {
        let a = data::<T>(1, n);
        let b = data::<T>(2, n);
        let s = T::from_f64(1.5);
        let mut out = vec![T::default(); n];
        g.throughput(throughput::<T>(n, 2));
        for isa in isas() {
            let k = kernels_for::<T>(isa).unwrap();
            g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |bch, _| {
                bch.iter(|| {
                    k.binary(
                        BinaryOp::Add,
                        Src::Slice(black_box(&a)),
                        Src::Scalar(s),
                        Dst::Slice(&mut out),
                    )
                    .unwrap()
                })
            });
            g.bench_with_input(
                BenchmarkId::new(format!("{}-contig", isa.name()), n),
                &n,
                |bch, _| {
                    bch.iter(|| {
                        k.binary(
                            BinaryOp::Add,
                            Src::Slice(black_box(&a)),
                            Src::Slice(&b),
                            Dst::Slice(&mut out),
                        )
                        .unwrap()
                    })
                },
            );
        }
        g.bench_with_input(BenchmarkId::new("plain", n), &n, |bch, _| {
            bch.iter(|| T::plain_add_scalar(black_box(&a), s, &mut out))
        });
    }
    g.finish();
}

/// `a[::k] + b` for element steps 2, 3, 4, -1 (the load-and-permute paths)
/// and 8 (scalar loads), against the plain loop with the same constant step
/// (compiled per ISA) and the scalar reference walking the same input.
fn bench_strided<T: Plain>(c: &mut Criterion) {
    for step in [2isize, 3, 4, -1, 8] {
        let mut g = c.benchmark_group(format!("add/{}/strided{step}", T::RUST_NAME));
        for n in sizes().into_iter().filter(|&n| n <= 1 << 20) {
            let span = (n.max(1) - 1) * step.unsigned_abs() + 1;
            let a = data::<T>(1, span);
            let b = data::<T>(2, n);
            let mut out = vec![T::default(); n];
            let start = if step < 0 { span - 1 } else { 0 };
            g.throughput(throughput::<T>(n, 3));
            for isa in isas() {
                let k = kernels_for::<T>(isa).unwrap();
                g.bench_with_input(BenchmarkId::new(isa.name(), n), &n, |bch, _| {
                    bch.iter(|| {
                        let s = Strided::from_slice(black_box(&a), start, step, n).unwrap();
                        k.binary(
                            BinaryOp::Add,
                            Src::Strided(s),
                            Src::Slice(&b),
                            Dst::Slice(&mut out),
                        )
                        .unwrap()
                    })
                });
            }
            if step != 8 {
                g.bench_with_input(BenchmarkId::new("plain", n), &n, |bch, _| {
                    bch.iter(|| T::plain_add_step(step, black_box(&a), &b, &mut out))
                });
            }
            g.bench_with_input(BenchmarkId::new("reference", n), &n, |bch, _| {
                bch.iter(|| {
                    let a = black_box(&a);
                    for i in 0..n {
                        let x = a[(start as isize + i as isize * step) as usize];
                        out[i] = reference::binary(BinaryOp::Add, x, b[i]);
                    }
                })
            });
        }
        g.finish();
    }
}

/// The cost of dispatch for tiny runs: the public dispatched `add` against the
/// active ISA's table called directly.
fn bench_dispatch(c: &mut Criterion) {
    let isa = stridekit_kernels::active_isa().unwrap();
    let k = kernels_for::<f32>(isa).unwrap();
    let mut g = c.benchmark_group("dispatch/f32/add");
    for n in [1usize, 4, 16] {
        let a = data::<f32>(1, n);
        let b = data::<f32>(2, n);
        let mut out = vec![0.0f32; n];
        g.bench_with_input(BenchmarkId::new("dispatched", n), &n, |bch, _| {
            bch.iter(|| stridekit_kernels::add(black_box(&a[..]), &b[..], &mut out[..]).unwrap())
        });
        g.bench_with_input(
            BenchmarkId::new(format!("direct-{isa}"), n),
            &n,
            |bch, _| {
                bch.iter(|| {
                    k.binary(
                        BinaryOp::Add,
                        Src::Slice(black_box(&a)),
                        Src::Slice(&b),
                        Dst::Slice(&mut out),
                    )
                    .unwrap()
                })
            },
        );
    }
    g.finish();
}

fn all(c: &mut Criterion) {
    let c = config(c);
    bench_dispatch(c);
    bench_binary::<f32>(c);
    bench_mul_add::<f32>(c);
    bench_broadcast::<f32>(c);
    bench_strided::<f32>(c);
    bench_unary::<f32>(c);
    bench_binary::<f64>(c);
    bench_mul_add::<f64>(c);
    bench_broadcast::<f64>(c);
    bench_strided::<f64>(c);
    bench_unary::<f64>(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
        .sample_size(20);
    targets = all
}
criterion_main!(benches);
