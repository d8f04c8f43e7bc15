//! The dispatch report, then a quick per-ISA throughput table.
//!
//! `cargo run --release --example report` (add `-- --no-bench` for the report only).
//! For careful numbers use `cargo bench`; this table is a quick look (median of
//! repeated runs, one thread).

use std::time::Instant;
use stridekit::kernels::{self, reference, BinaryOp, Dst, Isa, Src, TernaryOp, UnaryOp};
use stridekit::AlignedBuf;

/// Median nanoseconds of `f` over enough repetitions to take ~`budget_ms`.
fn median_ns(budget_ms: u64, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    f();
    let once = start.elapsed().as_nanos().max(1) as u64;
    let reps = ((budget_ms * 1_000_000) / once).clamp(5, 2001) as usize;
    let inner = ((20_000 / once) as usize).clamp(1, 1000);
    let mut samples: Vec<f64> = (0..reps.div_ceil(inner).max(5))
        .map(|_| {
            let t = Instant::now();
            for _ in 0..inner {
                f();
            }
            t.elapsed().as_nanos() as f64 / inner as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    println!("{}", kernels::report());
    use stridekit::parallel;
    println!(
        "threads: {} in the {} pool (reductions and conversions from {} bytes, element-wise \
         outputs from {} bytes; STRIDEKIT_THREADS / stridekit::parallel; results do not depend on it)\n",
        parallel::threads(),
        parallel::pool(),
        parallel::min_bytes(),
        parallel::min_bytes_elementwise()
    );
    if let Some(w) = stridekit::parallel::env_warning() {
        println!("warning: {w}\n");
    }
    if std::env::args().any(|a| a == "--no-bench") {
        return;
    }
    let sizes = [4096usize, 1 << 20];
    println!("quick throughput, f32, GB/s moved (elements/ns); median of repeated runs");
    let mut header = format!("{:<10} {:>9}", "kernel", "n");
    let isas = Isa::available();
    for isa in &isas {
        header += &format!(" {:>17}", isa.name());
    }
    header += &format!(" {:>17}", "reference");
    println!("{header}");
    for &n in &sizes {
        let a: AlignedBuf<f32> = (0..n).map(|i| 1.0 + (i % 97) as f32 * 0.25).collect();
        let b: AlignedBuf<f32> = (0..n).map(|i| 2.0 + (i % 89) as f32 * 0.5).collect();
        let c: AlignedBuf<f32> = (0..n).map(|i| 0.5 + (i % 83) as f32).collect();
        let mut out = AlignedBuf::<f32>::zeros(n);
        for (name, streams) in [("add", 3usize), ("mul_add", 4), ("maximum", 3), ("sqrt", 2)] {
            let mut line = format!("{name:<10} {n:>9}");
            let cell = |ns: f64| {
                let gbs = (n * streams * 4) as f64 / ns;
                format!(" {:>8.1} ({:>5.2})", gbs, n as f64 / ns)
            };
            for isa in &isas {
                let k = kernels::kernels_for::<f32>(*isa).expect("available ISA");
                let ns = median_ns(60, || match name {
                    "add" => k
                        .binary(
                            BinaryOp::Add,
                            Src::Slice(&a),
                            Src::Slice(&b),
                            Dst::Slice(&mut out),
                        )
                        .unwrap(),
                    "maximum" => k
                        .binary(
                            BinaryOp::Maximum,
                            Src::Slice(&a),
                            Src::Slice(&b),
                            Dst::Slice(&mut out),
                        )
                        .unwrap(),
                    "sqrt" => k
                        .unary(UnaryOp::Sqrt, Src::Slice(&a), Dst::Slice(&mut out))
                        .unwrap(),
                    _ => k
                        .ternary(
                            TernaryOp::MulAdd,
                            Src::Slice(&a),
                            Src::Slice(&b),
                            Src::Slice(&c),
                            Dst::Slice(&mut out),
                        )
                        .unwrap(),
                });
                line += &cell(ns);
            }
            let ns = median_ns(60, || match name {
                "add" => reference::binary_slices(BinaryOp::Add, &a, &b, &mut out),
                "maximum" => reference::binary_slices(BinaryOp::Maximum, &a, &b, &mut out),
                "sqrt" => reference::unary_slices(UnaryOp::Sqrt, &a, &mut out),
                _ => reference::ternary_slices(TernaryOp::MulAdd, &a, &b, &c, &mut out),
            });
            line += &cell(ns);
            println!("{line}");
        }
    }
}
