//! `.npy` files, memory maps and record fields (`benches/numpy_npy.py` times
//! NumPy on the same files and sizes):
//!
//! * `mmap_open/{1MiB,256MiB}` — `Map::open` + typed view: must cost the
//!   header only, whatever the file size.
//! * `open_sum_f32/256MiB` — open + full `sum` through a map (`mmap`) vs
//!   reading the file into memory first (`read`); `mmap-1-thread` is the
//!   same sum with `parallel::set_threads(1)` (the default uses every CPU).
//! * `big_endian_to_native/256MiB` — a `>f8` file converted to native `f64`
//!   (SIMD byte swap from the map; default threads and one thread; `into` =
//!   `native_into` an existing array, no page faults) vs a plain
//!   `from_be_bytes` loop.
//! * `field_mean/10M` — the mean of the unaligned `salary` field of 10M
//!   packed 44-byte records (`name S32, age i4, salary f8`): `field!` view
//!   (default threads, and one thread) vs a plain loop over the structs.
//!
//! Files live in `target/stridekit-bench-data` (made on first run).
//! `cargo bench --bench npy`

use bytemuck::{Pod, Zeroable};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;
use stridekit::dtype::{DType, Kind, Scalar};
use stridekit::npy::{self, Map};
use stridekit::{field, parallel, Array, ByteOrder, DynView, Order};

const MIB: usize = 1 << 20;

fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/stridekit-bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An f32 `.npy` of `bytes` bytes (values i % 1000 / 8, exact in f32 sums of blocks).
fn f32_file(bytes: usize) -> PathBuf {
    let path = data_dir().join(format!("f32_{}MiB.npy", bytes / MIB));
    if !path.exists() {
        let n = bytes / 4;
        let a = Array::from_vec((0..n).map(|i| (i % 1000) as f32 / 8.0).collect(), &[n]).unwrap();
        npy::save(&path, &a.view()).unwrap();
    }
    path
}

/// A big-endian f64 `.npy` of `bytes` bytes.
fn be_f64_file(bytes: usize) -> PathBuf {
    let path = data_dir().join(format!("f64_be_{}MiB.npy", bytes / MIB));
    if !path.exists() {
        let n = bytes / 8;
        let raw: Vec<u8> = (0..n)
            .flat_map(|i| (i as f64 * 0.5 - 7.0).to_be_bytes())
            .collect();
        let be = DType::from(Scalar::new(Kind::Float, 8, ByteOrder::Big).unwrap());
        npy::write(&path, &DynView::new(&raw, be, &[n], Order::C).unwrap()).unwrap();
    }
    path
}

#[repr(C, packed)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Employee {
    name: [u8; 32],
    age: i32,
    salary: f64,
}

/// `f` on one thread (the in-run baseline of the threaded default;
/// `parallel` keeps the results the same).
fn one_thread<R>(f: impl FnOnce() -> R) -> R {
    parallel::set_threads(1);
    let r = f();
    parallel::set_threads(0);
    r
}

fn bench_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("mmap_open");
    g.measurement_time(Duration::from_secs(2));
    for size in [MIB, 256 * MIB] {
        let path = f32_file(size);
        g.bench_function(format!("{}MiB", size / MIB), |b| {
            b.iter(|| {
                let map = Map::open(&path).unwrap();
                black_box(map.view().typed::<f32>().unwrap().len())
            })
        });
    }
    g.finish();
}

fn bench_open_sum(c: &mut Criterion) {
    let size = 256 * MIB;
    let path = f32_file(size);
    let mut g = c.benchmark_group("open_sum_f32");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Bytes(size as u64));
    g.bench_function("mmap/256MiB", |b| {
        b.iter(|| {
            let map = Map::open(&path).unwrap();
            black_box(map.view().typed::<f32>().unwrap().sum().unwrap())
        })
    });
    g.bench_function("mmap-1-thread/256MiB", |b| {
        b.iter(|| {
            one_thread(|| {
                let map = Map::open(&path).unwrap();
                black_box(map.view().typed::<f32>().unwrap().sum().unwrap())
            })
        })
    });
    g.bench_function("read/256MiB", |b| {
        b.iter(|| {
            let a = npy::read(&path).unwrap();
            black_box(a.view().typed::<f32>().unwrap().sum().unwrap())
        })
    });
    g.finish();
}

fn bench_big_endian(c: &mut Criterion) {
    let size = 256 * MIB;
    let path = be_f64_file(size);
    let mut g = c.benchmark_group("big_endian_to_native");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Bytes(size as u64));
    g.bench_function("stridekit/256MiB", |b| {
        b.iter(|| {
            let map = Map::open(&path).unwrap();
            black_box(map.view().native::<f64>().unwrap().into_owned().len())
        })
    });
    g.bench_function("stridekit-1-thread/256MiB", |b| {
        b.iter(|| {
            one_thread(|| {
                let map = Map::open(&path).unwrap();
                black_box(map.view().native::<f64>().unwrap().into_owned().len())
            })
        })
    });
    let mut out = Array::<f64>::zeros(&[size / 8]).unwrap();
    g.bench_function("stridekit-into/256MiB", |b| {
        b.iter(|| {
            let map = Map::open(&path).unwrap();
            map.view().native_into(&mut out).unwrap();
            black_box(out.len())
        })
    });
    g.bench_function("plain/256MiB", |b| {
        b.iter(|| {
            let map = Map::open(&path).unwrap();
            let v = map.view();
            let (_, bytes) = v.dense_bytes().unwrap();
            let out: Vec<f64> = bytes
                .chunks_exact(8)
                .map(|c| f64::from_be_bytes(c.try_into().unwrap()))
                .collect();
            black_box(out.len())
        })
    });
    g.finish();
}

fn bench_field_mean(c: &mut Criterion) {
    let n = 10_000_000;
    let staff: Vec<Employee> = (0..n)
        .map(|i| Employee {
            name: [b'x'; 32],
            age: (i % 50) as i32,
            salary: (i % 1000) as f64 * 10.0,
        })
        .collect();
    let arr = Array::from_vec(staff, &[n]).unwrap();
    let mut g = c.benchmark_group("field_mean");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Bytes((n * 44) as u64));
    g.bench_function("stridekit/10M", |b| {
        b.iter(|| {
            black_box(
                field!(arr.view(), Employee, salary)
                    .unwrap()
                    .mean()
                    .unwrap(),
            )
        })
    });
    g.bench_function("stridekit-1-thread/10M", |b| {
        b.iter(|| {
            one_thread(|| {
                let salary = field!(arr.view(), Employee, salary).unwrap();
                black_box(salary.mean().unwrap())
            })
        })
    });
    g.bench_function("plain/10M", |b| {
        b.iter(|| {
            let s: f64 = arr.as_slice().unwrap().iter().map(|e| e.salary).sum();
            black_box(s / n as f64)
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_open,
    bench_open_sum,
    bench_big_endian,
    bench_field_mean
);
criterion_main!(benches);
