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
//! and, at 256 KiB, 4 MiB and 64 MiB per input, with the default
//! thresholds (so the smallest size shows the one-thread path's cost):
//!
//! | group | case |
//! |---|---|
//! | `par/dot_f32` | `a.dot(&b)` |
//! | `par/argmax_f32` | `a.arg(ArgMax)` |
//! | `par/int_sum_i32` | `i.int_sum()` |
//! | `par/rolling_sum64_f32` | `a.rolling(Sum, 0, 64)` |
//! | `par/convolve32_f32` | `convolve(&a, &h, Valid)`, 32 taps (a sixteenth of the sizes: compute-bound) |
//! | `par/take_f32` | `a.take_flat(&idx)`, a random permutation of `i64` |
//! | `par/to_native_f64be` | `DynView` of big-endian `f64` `.to_native()` |
//! | `par/npy_read_f32` | `npy::read` of a cached file |
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

fn families(c: &mut Criterion) {
    use stridekit::dtype::{ByteOrder, DType, Kind, Scalar};
    use stridekit::kernels::ArgReduction;
    use stridekit::{convolve, npy, DynView, Mode, Order, Rolling};
    parallel::set_min_bytes(parallel::DEFAULT_MIN_BYTES);
    parallel::set_min_bytes_elementwise(parallel::DEFAULT_MIN_BYTES_ELEMENTWISE);
    let pools = pools();
    let dir = std::env::temp_dir().join(format!("stridekit-bench-par-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for bytes in [256 << 10, 4 << 20, 64 << 20] {
        let n = bytes / 4;
        let a = Array::from_shape_fn(&[n], |i| ((i[0] * 7919) % 1000) as f32 * 0.5).unwrap();
        let b = Array::from_shape_fn(&[n], |i| (i[0] % 77) as f32).unwrap();
        let ints = Array::from_shape_fn(&[n], |i| (i[0] as i32).wrapping_mul(7919)).unwrap();
        let h = Array::from_shape_fn(&[32], |i| 1.0 / (1 + i[0]) as f32).unwrap();
        let short = a.slice(s![..n / 16]).unwrap();
        let idx: Vec<i64> = (0..n as i64).map(|i| (i * 1_000_003) % n as i64).collect();
        let be = Scalar::new(Kind::Float, 8, ByteOrder::Big).unwrap();
        let raw: Vec<u8> = (0..n / 2).flat_map(|i| (i as f64).to_be_bytes()).collect();
        let big = DynView::new(&raw, DType::from(be), &[n / 2], Order::C).unwrap();
        let file = dir.join(format!("{bytes}.npy"));
        npy::write(&file, &DynView::from_typed(a.view())).unwrap();
        for (t, pool) in &pools {
            let id = BenchmarkId::new(format!("{t}t"), bytes);
            let mut run = |name: &str, moved: usize, f: &mut (dyn FnMut() + Send)| {
                let mut g = c.benchmark_group(name);
                g.throughput(Throughput::Bytes(moved as u64));
                g.bench_function(id.clone(), |bch| pool.install(|| bch.iter(&mut *f)));
                g.finish();
            };
            run("par/dot_f32", 2 * bytes, &mut || {
                black_box(black_box(&a).dot(&b).unwrap());
            });
            run("par/argmax_f32", bytes, &mut || {
                black_box(black_box(&a).arg(ArgReduction::ArgMax).unwrap());
            });
            run("par/int_sum_i32", bytes, &mut || {
                black_box(black_box(&ints).int_sum().unwrap());
            });
            run("par/rolling_sum64_f32", 2 * bytes, &mut || {
                black_box(black_box(&a).rolling(Rolling::Sum, 0, 64).unwrap());
            });
            run("par/convolve32_f32", 2 * bytes / 16, &mut || {
                black_box(convolve(black_box(&short), &h, Mode::Valid).unwrap());
            });
            run("par/take_f32", 3 * bytes, &mut || {
                black_box(black_box(&a).take_flat(&idx).unwrap());
            });
            run("par/to_native_f64be", 2 * bytes, &mut || {
                black_box(black_box(&big).to_native().unwrap());
            });
            run("par/npy_read_f32", bytes, &mut || {
                black_box(npy::read(black_box(&file)).unwrap());
            });
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

criterion_group! {
    name = parallel_benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(800))
        .sample_size(15);
    targets = benches, families
}
criterion_main!(parallel_benches);
