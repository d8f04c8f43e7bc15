//! One thread against two, inside rayon pools of that size (the timing loop
//! runs in the pool, as a caller's parallel code would), on the threaded
//! families: element-wise `a + b` into a preallocated output (f32), the
//! whole-array sum (f32) and `astype::<f64>()` of f32. Sizes are the bytes
//! an operation reads per input, 64 KiB to 64 MiB; the split thresholds are
//! set to 0 so every size splits, which shows where two threads start to
//! win (and what entering the pool costs just above a threshold).
//!
//! | group | case |
//! |---|---|
//! | `par/add_f32` | `ops::add(&a, &b, &mut out)` |
//! | `par/sum_f32` | `a.sum()` |
//! | `par/astype_f32_f64` | `a.astype_into(&mut wide)` |
//! | `par/sum_axis0_f32`, `par/sum_axis1_f32` | `m.reduce_axis(Sum, k, false)` of a square matrix |
//!
//! Ids: `<threads>t/<bytes per input>`. `cargo bench --bench parallel`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;
use stridekit::kernels::Reduction;
use stridekit::{ops, parallel, s, Array};

const SIZES: [usize; 6] = [64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20];

fn pools() -> Vec<(usize, rayon::ThreadPool)> {
    [1, 2]
        .into_iter()
        .map(|t| {
            (
                t,
                rayon::ThreadPoolBuilder::new()
                    .num_threads(t)
                    .build()
                    .unwrap(),
            )
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    parallel::set_min_bytes(0);
    parallel::set_min_bytes_elementwise(0);
    let pools = pools();
    for bytes in SIZES {
        let n = bytes / 4;
        let a = Array::from_shape_fn(&[n], |i| (i[0] % 1000) as f32 * 0.5).unwrap();
        let b = Array::from_shape_fn(&[n], |i| (i[0] % 77) as f32).unwrap();
        let mut out = Array::<f32>::zeros(&[n]).unwrap();
        let mut wide = Array::<f64>::zeros(&[n]).unwrap();
        for (t, pool) in &pools {
            let id = BenchmarkId::new(format!("{t}t"), bytes);
            let mut g = c.benchmark_group("par/add_f32");
            g.throughput(Throughput::Bytes(3 * bytes as u64));
            g.bench_function(id.clone(), |bch| {
                pool.install(|| bch.iter(|| ops::add(black_box(&a), &b, &mut out).unwrap()))
            });
            g.finish();
            let mut g = c.benchmark_group("par/sum_f32");
            g.throughput(Throughput::Bytes(bytes as u64));
            g.bench_function(id.clone(), |bch| {
                pool.install(|| bch.iter(|| black_box(&a).sum().unwrap()))
            });
            g.finish();
            let mut g = c.benchmark_group("par/astype_f32_f64");
            g.throughput(Throughput::Bytes(3 * bytes as u64));
            g.bench_function(id.clone(), |bch| {
                pool.install(|| bch.iter(|| black_box(&a).astype_into(&mut wide).unwrap()))
            });
            g.finish();
            let side = (n as f64).sqrt() as usize;
            let m = a
                .slice(s![..side * side])
                .unwrap()
                .reshape(&[side as isize, -1])
                .unwrap();
            for axis in [0, 1] {
                let mut g = c.benchmark_group(format!("par/sum_axis{axis}_f32"));
                g.throughput(Throughput::Bytes((side * side * 4) as u64));
                g.bench_function(id.clone(), |bch| {
                    pool.install(|| {
                        bch.iter(|| {
                            black_box(&m)
                                .reduce_axis(Reduction::Sum, axis, false)
                                .unwrap()
                        })
                    })
                });
                g.finish();
            }
        }
    }
}

criterion_group! {
    name = parallel_benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(800))
        .sample_size(15);
    targets = benches
}
criterion_main!(parallel_benches);
