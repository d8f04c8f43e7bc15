//! The view layer against the `ndarray` crate: element-wise `add` into a
//! preallocated output, with operands seen through transposes, strided slices
//! and broadcasts, all f32 at fixed sizes. Every group holds the same case
//! computed by `stridekit` (`ops::add` over views) and `ndarray`
//! (`Zip::from(&mut out).and(..)`), plus, where it says so, a `kernel-direct`
//! baseline: the contiguous kernel called on slices, no view layer at all.
//!
//! | group | case | baseline |
//! |---|---|---|
//! | `view/m+m` | 2048×2048 `m + m`, all C order | `kernel-direct`: the same add on slices |
//! | `view/m+m.T` | 2048×2048 `m + m.T` into C order | `kernel-direct`: the contiguous `m + m` |
//! | `view/outer` | (2048,1) + (1,2048) into (2048,2048) | `plain-loop`: rows of `row + col[i]` |
//! | `view/100000x3+3` | (100000,3) + (3,) | `kernel-direct-300000`: 300000 contiguous elements |
//! | `view/colslice2+contig` | `big[:, ::2] + b`, big (2048,4096), b (2048,2048) | — |
//! | `view/small16` | 16-element `ops::add` into an `out` view; 2-D (4,4) and the allocating `&a + &b` | `kernel-direct` and `plain-loop` on slices |
//!
//! Benchmark ids are `group/function/n` with `n` the number of output elements
//! (throughput is in output elements/s); ids are longer than 23 characters so
//! criterion prints them on a line of their own, the form `ci/bench-table.py`
//! reads. Before any timing, each case's `stridekit` and `ndarray` outputs
//! (and the baseline's, where it computes the same thing) are checked against
//! each other and against the value computed from the indices.
//!
//! `cargo bench --bench views`; filter as usual (`-- 'view/m\+m\.T'`); a quick
//! smoke run: `cargo bench --bench views -- --warm-up-time 0.5 --measurement-time 1`.
//! `benches/numpy_views.py` times the same five cases with NumPy.

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode,
    Throughput,
};
use ndarray::{Array1, Array2, Zip};
use std::hint::black_box;
use std::time::Duration;
use stridekit::{ops, s, Array};

/// Side of the square cases.
const N: usize = 2048;
/// Rows of the `(R, 3) + (3,)` case.
const R: usize = 100_000;

/// Deterministic, non-trivial input values (exact in f32, sums exact too).
fn va(i: usize) -> f32 {
    (i % 1000) as f32 * 0.5
}

/// A second input pattern, so that a swapped or misindexed operand shows.
fn vb(i: usize) -> f32 {
    ((i * 7 + 3) % 977) as f32 * 0.25
}

fn fill(n: usize, f: fn(usize) -> f32) -> Vec<f32> {
    (0..n).map(f).collect()
}

fn sk2(v: &[f32], rows: usize, cols: usize) -> Array<f32> {
    Array::from_slice(v, &[rows, cols]).unwrap()
}

fn nd2(v: &[f32], rows: usize, cols: usize) -> Array2<f32> {
    Array2::from_shape_vec((rows, cols), v.to_vec()).unwrap()
}

/// Panics unless every output equals the expected value at each (C-order)
/// flat index, bit for bit (the sums are exact, so every correct
/// implementation gives the same bits).
fn check(case: &str, outputs: &[(&str, &[f32])], expected: impl Fn(usize) -> f32) {
    for (who, out) in outputs {
        for (i, &x) in out.iter().enumerate() {
            let e = expected(i);
            assert!(
                x.to_bits() == e.to_bits(),
                "{case}: {who} output[{i}] = {x}, expected {e}"
            );
        }
    }
}

/// A group with output-element throughput. Cases of milliseconds per
/// iteration sample flat (the same iteration count in every sample): linear
/// sampling would need 210 iterations for 20 samples, over 8 s for the slowest.
fn group<'a>(c: &'a mut Criterion, name: &str, n: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(n as u64));
    if n >= 1 << 20 {
        g.sampling_mode(SamplingMode::Flat);
    }
    g
}

/// `m + m`, everything C-contiguous: the view layer's overhead over the kernel.
fn bench_m_plus_m(c: &mut Criterion) {
    let n = N * N;
    let v = fill(n, va);
    let m = sk2(&v, N, N);
    let mut out = Array::<f32>::zeros(&[N, N]).unwrap();
    let mn = nd2(&v, N, N);
    let mut outn = Array2::<f32>::zeros((N, N));
    let mut outk = vec![0.0f32; n];

    ops::add(&m, &m, &mut out).unwrap();
    Zip::from(&mut outn)
        .and(&mn)
        .and(&mn)
        .for_each(|o, &x, &y| *o = x + y);
    stridekit::kernels::add(m.as_slice().unwrap(), m.as_slice().unwrap(), &mut outk[..]).unwrap();
    check(
        "view/m+m",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("ndarray", outn.as_slice().unwrap()),
            ("kernel-direct", &outk[..]),
        ],
        |i| va(i) + va(i),
    );

    let mut g = group(c, "view/m+m", n);
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&m), &m, &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |bch| {
        bch.iter(|| {
            Zip::from(&mut outn)
                .and(black_box(&mn))
                .and(&mn)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    kernel_direct_m_plus_m(&mut g, &m, &mut out);
    g.finish();
}

/// The baseline of both square cases: the contiguous kernel on slices, `m + m`.
fn kernel_direct_m_plus_m(
    g: &mut BenchmarkGroup<'_, WallTime>,
    m: &Array<f32>,
    out: &mut Array<f32>,
) {
    g.bench_function(BenchmarkId::new("kernel-direct", m.len()), |bch| {
        bch.iter(|| {
            stridekit::kernels::add(
                black_box(m.as_slice().unwrap()),
                m.as_slice().unwrap(),
                out.as_slice_mut().unwrap(),
            )
            .unwrap()
        })
    });
}

/// `m + m.T` into a C-order output: one operand walks its rows with a stride
/// of a whole row (the target: within ~3× of the contiguous `m + m`).
fn bench_m_plus_mt(c: &mut Criterion) {
    let n = N * N;
    let v = fill(n, va);
    let m = sk2(&v, N, N);
    let mut out = Array::<f32>::zeros(&[N, N]).unwrap();
    let mn = nd2(&v, N, N);
    let mut outn = Array2::<f32>::zeros((N, N));

    ops::add(&m, m.t(), &mut out).unwrap();
    Zip::from(&mut outn)
        .and(&mn)
        .and(&mn.t())
        .for_each(|o, &x, &y| *o = x + y);
    check(
        "view/m+m.T",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("ndarray", outn.as_slice().unwrap()),
        ],
        |i| va(i) + va((i % N) * N + i / N),
    );

    let mut g = group(c, "view/m+m.T", n);
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&m), m.t(), &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |bch| {
        bch.iter(|| {
            Zip::from(&mut outn)
                .and(black_box(&mn))
                .and(&mn.t())
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    // The contiguous `m + m` this case is measured against.
    kernel_direct_m_plus_m(&mut g, &m, &mut out);
    g.finish();
}

/// `col + row`: (N,1) + (1,N) into (N,N), both inputs broadcast.
fn bench_outer(c: &mut Criterion) {
    let n = N * N;
    let cv = fill(N, va);
    let rv = fill(N, vb);
    let col = Array::from_slice(&cv, &[N, 1]).unwrap();
    let row = Array::from_slice(&rv, &[1, N]).unwrap();
    let mut out = Array::<f32>::zeros(&[N, N]).unwrap();
    let coln = nd2(&cv, N, 1);
    let rown = nd2(&rv, 1, N);
    let mut outn = Array2::<f32>::zeros((N, N));

    ops::add(&col, &row, &mut out).unwrap();
    Zip::from(&mut outn)
        .and_broadcast(&coln)
        .and_broadcast(&rown)
        .for_each(|o, &x, &y| *o = x + y);
    check(
        "view/outer",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("ndarray", outn.as_slice().unwrap()),
        ],
        |i| va(i / N) + vb(i % N),
    );

    let mut g = group(c, "view/outer", n);
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&col), &row, &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |bch| {
        bch.iter(|| {
            Zip::from(&mut outn)
                .and_broadcast(black_box(&coln))
                .and_broadcast(&rown)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    // The plain loop: rows of `row + col[i]`, stored normally (16 MiB of
    // output stays in a 32 MiB last-level cache between calls).
    let mut plain = vec![0f32; n];
    g.bench_function(BenchmarkId::new("plain-loop", n), |bch| {
        bch.iter(|| {
            for (i, out_row) in plain.chunks_exact_mut(N).enumerate() {
                let x = black_box(&cv)[i];
                for (o, &y) in out_row.iter_mut().zip(&rv) {
                    *o = x + y;
                }
            }
        })
    });
    g.finish();
}

/// `(R,3) + (3,)`: a short broadcast row over many short rows. `a` is a flat
/// array reshaped (no copy) to (R,3), as `np.arange(3*R).reshape(R, 3)` would be.
fn bench_rows3(c: &mut Criterion) {
    let n = R * 3;
    let av = fill(n, va);
    let bv = [1.5f32, -2.25, 3.0];
    let a = Array::from_slice(&av, &[n]).unwrap();
    let b = Array::from_slice(&bv, &[3]).unwrap();
    let mut out = Array::<f32>::zeros(&[R, 3]).unwrap();
    let an = nd2(&av, R, 3);
    let bn = Array1::from_vec(bv.to_vec());
    let mut outn = Array2::<f32>::zeros((R, 3));
    // The baseline: the same sum with `b` materialised, on contiguous slices.
    let b_tiled: Vec<f32> = (0..n).map(|i| bv[i % 3]).collect();
    let mut outk = vec![0.0f32; n];

    ops::add(a.reshape(&[R, 3]).unwrap(), &b, &mut out).unwrap();
    Zip::from(&mut outn)
        .and(&an)
        .and_broadcast(&bn)
        .for_each(|o, &x, &y| *o = x + y);
    stridekit::kernels::add(a.as_slice().unwrap(), &b_tiled[..], &mut outk[..]).unwrap();
    check(
        "view/100000x3+3",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("ndarray", outn.as_slice().unwrap()),
            ("kernel-direct-300000", &outk[..]),
        ],
        |i| va(i) + bv[i % 3],
    );

    let mut g = group(c, "view/100000x3+3", n);
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&a).reshape(&[R, 3]).unwrap(), &b, &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |bch| {
        bch.iter(|| {
            Zip::from(&mut outn)
                .and(black_box(&an))
                .and_broadcast(&bn)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.bench_function(BenchmarkId::new("kernel-direct-300000", n), |bch| {
        bch.iter(|| {
            stridekit::kernels::add(
                black_box(a.as_slice().unwrap()),
                &b_tiled[..],
                out.as_slice_mut().unwrap(),
            )
            .unwrap()
        })
    });
    g.finish();
}

/// `big[:, ::2] + b`: every other column of a (N, 2N) array (element stride 2)
/// plus a contiguous (N, N) array.
fn bench_colslice2(c: &mut Criterion) {
    let n = N * N;
    let bigv = fill(N * 2 * N, va);
    let bv = fill(n, vb);
    let big = sk2(&bigv, N, 2 * N);
    let b = sk2(&bv, N, N);
    let mut out = Array::<f32>::zeros(&[N, N]).unwrap();
    let bign = nd2(&bigv, N, 2 * N);
    let bn = nd2(&bv, N, N);
    let mut outn = Array2::<f32>::zeros((N, N));

    ops::add(big.slice(s![.., ..;2]).unwrap(), &b, &mut out).unwrap();
    Zip::from(&mut outn)
        .and(&bign.slice(ndarray::s![.., ..;2]))
        .and(&bn)
        .for_each(|o, &x, &y| *o = x + y);
    check(
        "view/colslice2+contig",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("ndarray", outn.as_slice().unwrap()),
        ],
        |i| va((i / N) * 2 * N + (i % N) * 2) + vb(i),
    );

    let mut g = group(c, "view/colslice2+contig", n);
    g.bench_function(BenchmarkId::new("stridekit", n), |bch| {
        bch.iter(|| ops::add(black_box(&big).slice(s![.., ..;2]).unwrap(), &b, &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("ndarray", n), |bch| {
        bch.iter(|| {
            Zip::from(&mut outn)
                .and(&black_box(&bign).slice(ndarray::s![.., ..;2]))
                .and(&bn)
                .for_each(|o, &x, &y| *o = x + y)
        })
    });
    g.finish();
}

/// The per-call cost of the view API: `ops::add` of two 16-element arrays
/// into a preallocated output (1-D, and 2-D (4, 4) seen through views), the
/// allocating `&a + &b`, and the same add on slices (kernel call, plain loop).
fn bench_small(c: &mut Criterion) {
    const S: usize = 16;
    let (av, bv) = (fill(S, va), fill(S, vb));
    let a = Array::from_vec(av.clone(), &[S]).unwrap();
    let b = Array::from_vec(bv.clone(), &[S]).unwrap();
    let mut out = Array::<f32>::zeros(&[S]).unwrap();
    let a2 = Array::from_vec(av.clone(), &[4, 4]).unwrap();
    let b2 = Array::from_vec(bv.clone(), &[4, 4]).unwrap();
    let mut out2 = Array::<f32>::zeros(&[4, 4]).unwrap();
    let mut outk = [0.0f32; S];
    let mut outp = [0.0f32; S];
    ops::add(&a, &b, &mut out).unwrap();
    ops::add(a2.view(), b2.view(), out2.view_mut()).unwrap();
    let new = (&a + &b).unwrap();
    stridekit::kernels::add(&av, &bv, &mut outk[..]).unwrap();
    for ((o, x), y) in outp.iter_mut().zip(&av).zip(&bv) {
        *o = x + y;
    }
    check(
        "view/small16",
        &[
            ("stridekit", out.as_slice().unwrap()),
            ("stridekit-4x4", out2.as_slice().unwrap()),
            ("stridekit-new", new.as_slice().unwrap()),
            ("kernel-direct", &outk[..]),
            ("plain-loop", &outp[..]),
        ],
        |i| va(i) + vb(i),
    );

    let mut g = group(c, "view/small16", S);
    g.bench_function(BenchmarkId::new("stridekit", S), |bch| {
        bch.iter(|| ops::add(black_box(&a), black_box(&b), &mut out).unwrap())
    });
    g.bench_function(BenchmarkId::new("stridekit-4x4-views", S), |bch| {
        bch.iter(|| ops::add(black_box(&a2).view(), b2.view(), out2.view_mut()).unwrap())
    });
    g.bench_function(BenchmarkId::new("stridekit-new", S), |bch| {
        bch.iter(|| (black_box(&a) + black_box(&b)).unwrap())
    });
    g.bench_function(BenchmarkId::new("kernel-direct", S), |bch| {
        bch.iter(|| stridekit::kernels::add(black_box(&av), black_box(&bv), &mut outk[..]).unwrap())
    });
    g.bench_function(BenchmarkId::new("plain-loop", S), |bch| {
        bch.iter(|| {
            for ((o, x), y) in outp.iter_mut().zip(black_box(&av)).zip(black_box(&bv)) {
                *o = x + y;
            }
        })
    });
    g.finish();
}

fn all(c: &mut Criterion) {
    match stridekit::kernels::active_isa() {
        Ok(isa) => eprintln!("stridekit kernels: {isa}"),
        Err(e) => eprintln!("stridekit kernels: {e}"),
    }
    bench_m_plus_m(c);
    bench_m_plus_mt(c);
    bench_outer(c);
    bench_rows3(c);
    bench_colslice2(c);
    bench_small(c);
}

criterion_group! {
    name = benches;
    // 0.05-40 ms per iteration at these sizes: 20 samples fit in 2 s each
    // (flat sampling for the large cases), and the thirteen benchmarks finish
    // in under a minute. Command-line options (`--warm-up-time`,
    // `--measurement-time`, `--sample-size`) override these.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = all
}
criterion_main!(benches);
