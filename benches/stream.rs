//! The streaming-store threshold, swept: `(R,1) + (1,2048)` f32 into a
//! preallocated C-order `(R,2048)` output whose size runs from 1 MiB to
//! 256 MiB in steps of 2×, with one row fewer and one row more around each
//! step (8 KiB either side). The call streams (non-temporal stores) when its
//! whole output reaches `kernels::stream_min_bytes()` — the last-level
//! cache's size — so the sweep shows whether any size falls off a cliff on
//! either side of that choice.
//!
//! Group `stream/outer`, ids `<impl>/<bytes written>`, throughput in bytes
//! written:
//! - `stridekit-<isa>`: `ops::add` on the active ISA (run once per ISA with
//!   `STRIDEKIT_ISA=…` to get one series each);
//! - `plain-loop`: rows of `row + col[i]`, plain stores, compiled (by
//!   `multiversion`) for the best target features the CPU has;
//! - `fill`: `slice::fill` of the same bytes — what the machine can write at
//!   that size, the limit line of the chart.
//!
//! `taskset -c 1 cargo bench --bench stream`; then
//! `python3 benches/chart.py stream/outer` draws `docs/charts/stream-outer.svg`
//! from criterion's results. `STRIDEKIT_BENCH_MIB=1,32` (output sizes in MiB) limits the
//! sweep to those steps.

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
#[macro_use]
#[path = "../kernels/benches/common/plain_loop.rs"]
mod plain_loop;
use std::hint::black_box;
use std::time::Duration;
use stridekit::{ops, s, Array};

/// Columns of every output row (8 KiB of f32).
const COLS: usize = 2048;

fn steps_mib() -> Vec<usize> {
    match std::env::var("STRIDEKIT_BENCH_MIB") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => (0..9).map(|k| 1 << k).collect(),
    }
}

plain_loop! {
    /// The plain loop: each output row is `row + col[i]`, stored normally.
    fn plain_outer(col: &[f32], row: &[f32], out: &mut [f32]) {
        for (out_row, &x) in out.chunks_exact_mut(row.len()).zip(col) {
            for (o, &y) in out_row.iter_mut().zip(row) {
                *o = x + y;
            }
        }
    }
}

fn sweep(c: &mut Criterion) {
    let isa = stridekit::kernels::active_isa()
        .map(|i| i.to_string())
        .unwrap_or_else(|e| panic!("no kernels: {e}"));
    let row_bytes = COLS * 4;
    let steps = steps_mib();
    let max_rows = steps.iter().max().copied().unwrap_or(1) * (1 << 20) / row_bytes + 1;
    let colv: Vec<f32> = (0..max_rows).map(|i| (i % 1000) as f32 * 0.5).collect();
    let rowv: Vec<f32> = (0..COLS)
        .map(|j| ((j * 7 + 3) % 977) as f32 * 0.25)
        .collect();
    let row = Array::from_slice(&rowv, &[1, COLS]).unwrap();
    let mut out = Array::<f32>::zeros(&[max_rows, COLS]).unwrap();
    let mut plain = vec![0f32; max_rows * COLS];

    let mut g = c.benchmark_group("stream/outer");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(200));
    g.measurement_time(Duration::from_millis(800));
    for mib in steps {
        let base = mib * (1 << 20) / row_bytes;
        for rows in [base - 1, base, base + 1] {
            let bytes = rows * row_bytes;
            g.throughput(Throughput::Bytes(bytes as u64));
            let col = Array::from_slice(&colv[..rows], &[rows, 1]).unwrap();
            let mut dst = out.slice_mut(s![..rows, ..]).unwrap();
            // The two results must agree before anything is timed.
            ops::add(&col, &row, &mut dst).unwrap();
            plain_outer(&colv[..rows], &rowv, &mut plain[..rows * COLS]);
            assert_eq!(
                dst.to_vec(),
                plain[..rows * COLS],
                "stridekit and the plain loop differ at {rows} rows"
            );
            g.bench_function(BenchmarkId::new(format!("stridekit-{isa}"), bytes), |b| {
                b.iter(|| ops::add(black_box(&col), &row, &mut dst).unwrap())
            });
            g.bench_function(BenchmarkId::new("plain-loop", bytes), |b| {
                b.iter(|| plain_outer(black_box(&colv[..rows]), &rowv, &mut plain[..rows * COLS]))
            });
            g.bench_function(BenchmarkId::new("fill", bytes), |b| {
                b.iter(|| plain[..rows * COLS].fill(black_box(1.5)))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, sweep);
criterion_main!(benches);
