//! Window kernels, 1M `f32` values: `rolling_sum`, `rolling_mean`,
//! `rolling_max`, `rolling_var` for w ∈ {4, 64, 1024}, and
//! `convolve(valid)` for taps ∈ {3, 64, 1024}, per ISA this CPU runs, beside
//! a naive O(n·w) loop (`plain`, compiled by `multiversion` for the best
//! target this CPU has) in the same run. `benches/numpy_window.py` times
//! NumPy's `sliding_window_view(...).sum(axis=1)` / `.max(axis=1)` and
//! `np.convolve` on the same data.
//!
//! `cargo bench -p stridekit-kernels --bench window -- 'rolling_sum'`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
#[macro_use]
#[path = "common/plain_loop.rs"]
mod plain_loop;
use std::hint::black_box;
use std::time::Duration;
use stridekit_kernels::{convolve_on, correlate_len, rolling_on, Isa, Mode, Rolling};

const N: usize = 1 << 20;

fn input() -> Vec<f32> {
    (0..N)
        .map(|i| ((i * 7919) % 10007) as f32 * 1e-3 - 5.0)
        .collect()
}

plain_loop! {
    fn plain_sum(x: &[f32], w: usize, out: &mut [f32]) {
        for (o, win) in out.iter_mut().zip(x.windows(w)) {
            *o = win.iter().sum();
        }
    }
}

plain_loop! {
    fn plain_max(x: &[f32], w: usize, out: &mut [f32]) {
        for (o, win) in out.iter_mut().zip(x.windows(w)) {
            *o = win.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        }
    }
}

plain_loop! {
    fn plain_convolve_valid(x: &[f32], h: &[f32], out: &mut [f32]) {
        let m = h.len();
        for (j, o) in out.iter_mut().enumerate() {
            let mut acc = 0.0f32;
            for k in 0..m {
                acc += x[j + k] * h[m - 1 - k];
            }
            *o = acc;
        }
    }
}

/// A naive rolling loop.
type PlainRolling = fn(&[f32], usize, &mut [f32]);

fn bench_rolling(c: &mut Criterion) {
    let x = input();
    for (op, name) in [
        (Rolling::Sum, "rolling_sum"),
        (Rolling::Mean, "rolling_mean"),
        (Rolling::Max, "rolling_max"),
        (Rolling::Var { ddof: 0 }, "rolling_var"),
    ] {
        let mut g = c.benchmark_group(format!("{name}/f32"));
        g.throughput(Throughput::Elements(N as u64));
        for w in [4usize, 64, 1024] {
            let mut out = vec![0f32; N - w + 1];
            for isa in Isa::available() {
                g.bench_with_input(BenchmarkId::new(isa.name(), w), &w, |b, &w| {
                    b.iter(|| {
                        rolling_on(Some(isa), op, black_box(&x), w, black_box(&mut out)).unwrap()
                    })
                });
            }
            let plain: Option<PlainRolling> = match op {
                Rolling::Sum => Some(plain_sum),
                Rolling::Max => Some(plain_max),
                _ => None,
            };
            if let Some(f) = plain {
                g.bench_with_input(BenchmarkId::new("plain", w), &w, |b, &w| {
                    b.iter(|| f(black_box(&x), w, black_box(&mut out)))
                });
            }
            if op == Rolling::Max {
                // Reading the input and writing the outputs once, as a copy:
                // the chart's limit line.
                let mut copy = vec![0f32; N];
                g.bench_with_input(BenchmarkId::new("copy-same-bytes", w), &w, |b, _| {
                    b.iter(|| copy.copy_from_slice(black_box(&x)))
                });
            }
        }
        g.finish();
    }
}

fn bench_convolve(c: &mut Criterion) {
    let x = input();
    let mut g = c.benchmark_group("convolve_valid/f32");
    g.throughput(Throughput::Elements(N as u64));
    for taps in [3usize, 64, 1024] {
        let h: Vec<f32> = (0..taps).map(|k| 1.0 / (k + 1) as f32).collect();
        let mut out = vec![0f32; correlate_len(Mode::Valid, N, taps).unwrap()];
        for isa in Isa::available() {
            g.bench_with_input(BenchmarkId::new(isa.name(), taps), &taps, |b, _| {
                b.iter(|| {
                    convolve_on(
                        Some(isa),
                        black_box(&x),
                        black_box(&h),
                        Mode::Valid,
                        black_box(&mut out),
                    )
                    .unwrap()
                })
            });
        }
        g.bench_with_input(BenchmarkId::new("plain", taps), &taps, |b, _| {
            b.iter(|| plain_convolve_valid(black_box(&x), black_box(&h), black_box(&mut out)))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(10)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_rolling, bench_convolve
}
criterion_main!(benches);
