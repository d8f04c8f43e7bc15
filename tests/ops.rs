//! Element-wise operations on views against a naive reference that walks
//! the output's indices one at a time, broadcasting inputs by hand and
//! applying the kernel layer's scalar reference.
//!
//! Layouts are random (permuted, sliced with negative and non-unit steps,
//! broadcast); a second set of fixed, larger cases drives the engine's
//! repeat-blocked and tiled loops. The active ISA is whatever dispatch
//! chooses — CI runs this file once per ISA with `STRIDEKIT_ISA`.

mod common;

use common::{indices, RandomLayout, Rng};
use proptest::prelude::*;
use stridekit::kernels::{reference, BinaryOp, Float, TernaryOp, UnaryOp};
use stridekit::{ops, s, Array, ArrayView, Error};

fn same<T: Float>(a: T, b: T) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits_u64() == b.to_bits_u64()
}

/// Values with specials mixed in.
fn value<T: Float>(rng: &mut Rng) -> T {
    match rng.below(12) {
        0 => T::NAN,
        1 => T::INFINITY,
        2 => T::INFINITY.neg(),
        3 => T::from_f64(0.0),
        4 => T::from_f64(-0.0),
        5 => T::min_subnormal(),
        _ => T::from_f64((rng.below(2001) as f64 - 1000.0) / 8.0),
    }
}

/// The index of `idx` (of `out_shape`) in an input of `shape`, broadcasting.
fn bcast(idx: &[usize], shape: &[usize]) -> Vec<usize> {
    let lead = idx.len() - shape.len();
    shape
        .iter()
        .enumerate()
        .map(|(k, &n)| if n == 1 { 0 } else { idx[lead + k] })
        .collect()
}

/// A random input shape that broadcasts to `out`.
fn input_shape(rng: &mut Rng, out: &[usize]) -> Vec<usize> {
    let drop = rng.below(out.len() + 1).min(rng.below(3));
    out[drop..]
        .iter()
        .map(|&n| if rng.below(4) == 0 { 1 } else { n })
        .collect()
}

fn out_shape(rng: &mut Rng) -> Vec<usize> {
    let nd = rng.below(5);
    let mut shape: Vec<usize> = (0..nd)
        .map(|_| match rng.below(8) {
            0 => 0,
            1 => 1,
            2 if !cfg!(miri) => 17 + rng.below(24),
            _ => 1 + rng.below(6),
        })
        .collect();
    // Keep cases small enough for QEMU (at most ~50k elements) and Miri (at
    // most 64: it checks the engine's addresses, not the arithmetic).
    let cap = if cfg!(miri) { 64 } else { 50_000 };
    while shape.iter().product::<usize>() > cap {
        let big = (0..shape.len()).max_by_key(|&k| shape[k]).unwrap();
        shape[big] /= 2;
    }
    shape
}

fn input<T: Float>(rng: &mut Rng, out: &[usize]) -> RandomLayout<T> {
    let shape = input_shape(rng, out);
    let mut r = Rng::new(rng.next_u64());
    RandomLayout::new(rng, &shape, |_| value(&mut r))
}

/// Runs one random case of `arity` inputs; `apply` calls the operation under
/// test into the output view, `want` is the scalar reference.
fn random_case<T: Float>(
    seed: u64,
    arity: usize,
    apply: impl Fn(&[ArrayView<'_, T>], stridekit::ArrayViewMut<'_, T>) -> stridekit::Result<()>,
    want: impl Fn(&[T]) -> T,
) {
    let mut rng = Rng::new(seed);
    let shape = out_shape(&mut rng);
    let ins: Vec<RandomLayout<T>> = (0..arity).map(|_| input(&mut rng, &shape)).collect();
    let guard = T::from_f64(-12345.0);
    let mut out = RandomLayout::new(&mut rng, &shape, |_| guard);
    let views: Vec<ArrayView<'_, T>> = ins.iter().map(|l| l.view()).collect();
    apply(&views, out.view_mut()).unwrap();
    let o = out.view();
    for idx in indices(&shape) {
        let args: Vec<T> = views
            .iter()
            .map(|v| v.get(&bcast(&idx, v.shape())).unwrap())
            .collect();
        let (got, w) = (o.get(&idx).unwrap(), want(&args));
        assert!(
            same(got, w),
            "seed {seed}: out{idx:?} = {got:?}, want {w:?} from {args:?}; out strides {:?}, inputs {:?}",
            o.strides(),
            views.iter().map(|v| (v.shape().to_vec(), v.strides().to_vec())).collect::<Vec<_>>()
        );
    }
    // Nothing outside the output view was touched: every buffer position the
    // view does not reach still holds the guard's bits.
    let base = out.base.as_ptr() as usize;
    let mut reached = vec![false; out.base.len()];
    for idx in indices(&shape) {
        let off: isize = idx
            .iter()
            .zip(o.strides())
            .map(|(&i, &s)| i as isize * s)
            .sum();
        let addr = (o.as_ptr() as usize).wrapping_add_signed(off);
        reached[(addr - base) / std::mem::size_of::<T>()] = true;
    }
    for (k, x) in out.base.buf().iter().enumerate() {
        assert!(
            reached[k] || same(*x, guard),
            "seed {seed}: wrote outside the view at {k}"
        );
    }
}

/// Every op natively; under Miri two of each arity (every op of an arity
/// runs the same engine loop, and Miri checks the loop's memory accesses).
fn ops_under_test<O: Copy>(all: &[O]) -> Vec<O> {
    if cfg!(miri) {
        all.iter().copied().step_by(all.len().div_ceil(2)).collect()
    } else {
        all.to_vec()
    }
}

fn all_ops<T: Float>(seed: u64) {
    for op in ops_under_test(&BinaryOp::ALL) {
        random_case::<T>(
            seed,
            2,
            |i, o| ops::binary(op, &i[0], &i[1], o),
            |a| reference::binary(op, a[0], a[1]),
        );
    }
    for op in ops_under_test(&UnaryOp::ALL) {
        random_case::<T>(
            seed,
            1,
            |i, o| ops::unary(op, &i[0], o),
            |a| reference::unary(op, a[0]),
        );
    }
    random_case::<T>(
        seed,
        3,
        |i, o| ops::mul_add(&i[0], &i[1], &i[2], o),
        |a| reference::ternary(TernaryOp::MulAdd, a[0], a[1], a[2]),
    );
}

const CASES: u32 = if cfg!(miri) { 2 } else { 256 };

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn every_op_on_random_layouts_f32(seed in any::<u64>()) {
        all_ops::<f32>(seed);
    }

    #[test]
    fn every_op_on_random_layouts_f64(seed in any::<u64>()) {
        all_ops::<f64>(seed);
    }

    #[test]
    fn in_place_and_allocating_forms_agree(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = out_shape(&mut rng);
        let a = input::<f32>(&mut rng, &shape);
        let mut acc = RandomLayout::<f32>::new(&mut rng, &shape, |i| i as f32 * 0.25);
        let c = acc.view().to_owned();
        // out= form into a fresh array.
        let mut want = Array::<f32>::zeros(&shape).unwrap();
        ops::sub(&c, a.view(), &mut want).unwrap();
        // Allocating form and operator.
        let got_new = ops::sub_new(&c, a.view()).unwrap();
        prop_assert_eq!(got_new.shape(), &shape[..]);
        prop_assert!(got_new.to_vec().iter().zip(want.to_vec()).all(|(x, y)| same(*x, y)));
        let got_op = (&c - &a.view()).unwrap();
        prop_assert!(got_op.to_vec().iter().zip(want.to_vec()).all(|(x, y)| same(*x, y)));
        // In place through a strided mutable view.
        ops::sub_assign(acc.view_mut(), a.view()).unwrap();
        prop_assert!(acc.view().to_vec().iter().zip(want.to_vec()).all(|(x, y)| same(*x, y)));
        // mul_add_assign: acc = a * 2 + acc.
        let two = 2.0f32;
        let before = acc.view().to_vec();
        ops::mul_add_assign(acc.view_mut(), a.view(), ArrayView::scalar(&two)).unwrap();
        let a_full = a.view().broadcast_to(&shape).unwrap().to_vec();
        let expect: Vec<f32> = before.iter().zip(&a_full).map(|(&c, &x)| x.mul_add(2.0, c)).collect();
        prop_assert!(acc.view().to_vec().iter().zip(expect).all(|(x, y)| same(*x, y)));
    }
}

/// Fixed larger layouts that select each of the engine's loop shapes.
#[test]
#[cfg_attr(miri, ignore)]
fn engine_loop_shapes_compute_the_same_as_the_reference() {
    let mut rng = Rng::new(7);
    let mut vals = |n: usize| -> Vec<f32> { (0..n).map(|_| value(&mut rng)).collect() };
    let check = |a: ArrayView<'_, f32>, b: ArrayView<'_, f32>, out: &Array<f32>, what: &str| {
        for idx in indices(out.shape()) {
            let x = a.get(&bcast(&idx, a.shape())).unwrap();
            let y = b.get(&bcast(&idx, b.shape())).unwrap();
            assert!(same(out.get(&idx).unwrap(), x + y), "{what} at {idx:?}");
        }
    };
    // Repeat-blocked: (3000, 3) + (3,), and with an outer axis (5, 700, 3) + (5, 1, 3).
    for (sa, sb) in [
        (vec![3000, 3], vec![3]),
        (vec![5, 700, 3], vec![5, 1, 3]),
        (vec![900, 2, 5], vec![2, 5]),
    ] {
        let a = Array::from_vec(vals(sa.iter().product()), &sa).unwrap();
        let b = Array::from_vec(vals(sb.iter().product()), &sb).unwrap();
        let out = ops::add_new(&a, &b).unwrap();
        check(a.view(), b.view(), &out, &format!("{sa:?} + {sb:?}"));
    }
    // Tiled: m + m.T and a transposed copy, with sizes that are not tile multiples.
    let m = Array::from_vec(vals(613 * 587), &[613, 587]).unwrap();
    let n = Array::from_vec(vals(587 * 613), &[587, 613]).unwrap();
    let out = ops::add_new(&m, n.t()).unwrap();
    check(m.view(), n.t(), &out, "m + n.T");
    // Staged input that is not dense along its rows (element-by-element staging).
    let wide = Array::from_vec(vals(587 * 1226), &[587, 1226]).unwrap();
    let every_other = wide.slice(s![.., ..;2]).unwrap();
    let out = ops::add_new(&m, every_other.t()).unwrap();
    check(m.view(), every_other.t(), &out, "m + wide[:, ::2].T");
    // f64 staging (4 × 4 blocks on AVX2).
    let m64 = Array::from_shape_fn(&[300, 517], |i| (i[0] * 1000 + i[1]) as f64).unwrap();
    let n64 = Array::from_shape_fn(&[517, 300], |i| (i[0] as f64) * 0.5 - i[1] as f64).unwrap();
    let sum = ops::add_new(&m64, n64.t()).unwrap();
    for idx in indices(&[300, 517]) {
        let want = m64.get(&idx).unwrap() + n64.get(&[idx[1], idx[0]]).unwrap();
        assert_eq!(sum.get(&idx), Some(want), "f64 m + n.T at {idx:?}");
    }
    let zero = 0.0f32;
    let out = ops::add_new(n.t(), ArrayView::scalar(&zero)).unwrap();
    check(n.t(), ArrayView::scalar(&zero), &out, "n.T + 0");
    let copied = n.t().to_contiguous();
    assert!(copied.is_c_contiguous() && copied.shape() == [613, 587]);
    for idx in indices(&[613, 587]) {
        let want = n.get(&[idx[1], idx[0]]).unwrap();
        assert!(
            same(copied.get(&idx).unwrap(), want),
            "transposed copy at {idx:?}"
        );
    }
    // Negative strides everywhere: reversed views iterate forwards.
    let r = m.slice(s![..;-1, ..;-1]).unwrap();
    let out = ops::add_new(r.clone(), r.clone()).unwrap();
    check(r.clone(), r, &out, "reversed");
}

#[test]
fn shape_errors_name_the_shapes_and_write_nothing() {
    let a = Array::<f32>::zeros(&[3, 4]).unwrap();
    let b = Array::<f32>::zeros(&[5]).unwrap();
    let mut out = Array::<f32>::full(&[3, 4], 9.0).unwrap();
    let e = ops::add(&a, &b, &mut out).unwrap_err();
    assert_eq!(
        e,
        Error::OutputShape {
            input: vec![5],
            output: vec![3, 4]
        }
    );
    assert!(e.to_string().contains("[5]") && e.to_string().contains("[3, 4]"));
    assert!(out.to_vec().iter().all(|&x| x == 9.0));
    assert!(matches!(ops::add_new(&a, &b), Err(Error::Broadcast { .. })));
    assert!(matches!(&a + &b, Err(Error::Broadcast { .. })));
    // The output does not broadcast: (3, 1) cannot hold (3, 4).
    let mut small = Array::<f32>::zeros(&[3, 1]).unwrap();
    assert!(matches!(
        ops::add(&a, &a, &mut small),
        Err(Error::OutputShape { .. })
    ));
    assert!(matches!(
        ops::add_assign(&mut small, &a),
        Err(Error::OutputShape { .. })
    ));
}

#[test]
#[should_panic(expected = "add_assign")]
fn compound_assignment_operators_panic_on_mismatch() {
    let mut a = Array::<f32>::zeros(&[3, 4]).unwrap();
    let b = Array::<f32>::zeros(&[5]).unwrap();
    a += &b;
}

#[test]
fn operators_work_on_arrays_and_views() {
    let a = Array::from_vec((0..6).map(|i| i as f64).collect(), &[2, 3]).unwrap();
    let b = Array::from_vec(vec![10.0, 20.0, 30.0], &[3]).unwrap();
    assert_eq!(
        (&a + &b).unwrap().to_vec(),
        vec![10.0, 21.0, 32.0, 13.0, 24.0, 35.0]
    );
    assert_eq!(
        (a.t() * a.t()).unwrap().to_vec(),
        vec![0.0, 9.0, 1.0, 16.0, 4.0, 25.0]
    );
    let mut c = a.clone();
    c -= &b;
    c /= b.view();
    assert_eq!(c.get(&[1, 2]), Some((5.0 - 30.0) / 30.0));
    assert_eq!((-&a).unwrap().get(&[0, 1]), Some(-1.0));
    let mut v = c.view_mut();
    v *= &a;
    assert_eq!(c.get(&[0, 0]), Some(-0.0));
}

/// Small instances of the tiled and repeat-blocked loops (cheap enough for Miri).
#[test]
fn small_tiled_and_repeat_blocked_loops() {
    let a = Array::from_shape_fn(&[40, 36], |i| (i[0] * 100 + i[1]) as f64).unwrap();
    let b = Array::from_shape_fn(&[36, 40], |i| (i[0] * 1000 + i[1]) as f64 * 0.5).unwrap();
    let sum = ops::add_new(&a, b.t()).unwrap();
    let copy = b.t().to_contiguous();
    for idx in indices(&[40, 36]) {
        let bt = b.get(&[idx[1], idx[0]]).unwrap();
        assert_eq!(sum.get(&idx), Some(a.get(&idx).unwrap() + bt), "{idx:?}");
        assert_eq!(copy.get(&idx), Some(bt), "{idx:?}");
    }
    let rows = Array::from_shape_fn(&[50, 3], |i| (i[0] * 3 + i[1]) as f32).unwrap();
    let row = Array::from_vec(vec![0.5f32, 0.25, 0.125], &[3]).unwrap();
    let sum = ops::add_new(&rows, &row).unwrap();
    for idx in indices(&[50, 3]) {
        assert_eq!(
            sum.get(&idx),
            Some(rows.get(&idx).unwrap() + row.get(&[idx[1]]).unwrap())
        );
    }
}

/// An output larger than the streaming threshold: every run is written with
/// non-temporal stores (runs of 2049 elements, so most start misaligned).
#[test]
#[cfg_attr(miri, ignore)]
fn outputs_past_the_streaming_threshold_are_exact() {
    // Rows of 2049 elements, enough of them to reach the threshold (the
    // last-level cache's size on this CPU).
    let c = 2049;
    let r = stridekit::kernels::stream_min_bytes() / (4 * c) + 1;
    assert!(r * c * 4 >= stridekit::kernels::stream_min_bytes());
    let col = Array::from_shape_fn(&[r, 1], |i| i[0] as f32 * 0.5).unwrap();
    let row = Array::from_shape_fn(&[1, c], |i| i[1] as f32 * 0.25 - 7.0).unwrap();
    let out = ops::add_new(&col, &row).unwrap();
    let v = out.as_slice().unwrap();
    for i in 0..r {
        for j in 0..c {
            assert_eq!(
                v[i * c + j],
                i as f32 * 0.5 + (j as f32 * 0.25 - 7.0),
                "({i}, {j})"
            );
        }
    }
}

/// Counts the heap allocations each thread makes, so a test can prove that a
/// call path makes none (the count is per thread: other tests running at the
/// same time do not disturb it).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    }

    // SAFETY: every call is forwarded unchanged to the system allocator; the
    // counter is a const-initialised thread-local, which never allocates.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.with(|c| c.set(c.get() + 1));
            // SAFETY: forwarded with the caller's layout.
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.with(|c| c.set(c.get() + 1));
            // SAFETY: as above.
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            ALLOCATIONS.with(|c| c.set(c.get() + 1));
            // SAFETY: `ptr` came from this allocator with `layout`.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: as above.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Heap allocations `f` makes on this thread.
    pub fn allocations(f: impl FnOnce()) -> usize {
        let before = ALLOCATIONS.with(Cell::get);
        f();
        ALLOCATIONS.with(Cell::get) - before
    }
}

#[global_allocator]
static COUNTING: counting::Counting = counting::Counting;

/// The view API's small-call path allocates nothing: shapes and strides of up
/// to 8 axes live inline in the views and in the engine's plan. An allocating
/// form pays exactly one allocation, its result's buffer.
#[test]
fn small_calls_into_an_output_allocate_nothing() {
    use counting::allocations;
    let a = Array::from_shape_fn(&[16], |i| i[0] as f32).unwrap();
    let b = Array::from_shape_fn(&[16], |i| 1.5 - i[0] as f32).unwrap();
    let mut out = Array::<f32>::zeros(&[16]).unwrap();
    let a8 = a.reshape(&[2, 1, 2, 1, 2, 1, 2, 1]).unwrap();
    let b8 = b.reshape(&[2, 1, 2, 1, 2, 1, 2, 1]).unwrap();
    let mut out8 = Array::<f32>::zeros(&[2, 1, 2, 1, 2, 1, 2, 1]).unwrap();
    let m = Array::from_shape_fn(&[4, 8], |i| (i[0] * 8 + i[1]) as f32).unwrap();
    let mut q = Array::<f32>::zeros(&[4, 4]).unwrap();
    ops::add(&a, &b, &mut out).unwrap();
    let none = |name: &str, n: usize| assert_eq!(n, 0, "{name}: {n} allocations");
    none(
        "add 16 into out",
        allocations(|| ops::add(&a, &b, &mut out).unwrap()),
    );
    none(
        "add 8-d views into out",
        allocations(|| ops::add(a8.view(), b8.view(), out8.view_mut()).unwrap()),
    );
    none(
        "add_assign",
        allocations(|| ops::add_assign(&mut out, &a).unwrap()),
    );
    none(
        "sqrt into out",
        allocations(|| ops::sqrt(&a, &mut out).unwrap()),
    );
    none(
        "strided and transposed views",
        allocations(|| {
            let cols = m.slice(s![.., ..;2]).unwrap();
            ops::add(&cols, cols.t(), &mut q).unwrap()
        }),
    );
    none(
        "reshape and broadcast_to",
        allocations(|| {
            let r = a.reshape(&[4, 4]).unwrap();
            std::hint::black_box(r.broadcast_to(&[2, 4, 4]).unwrap());
        }),
    );
    none(
        "sum of 16",
        allocations(|| {
            std::hint::black_box(a.sum().unwrap());
        }),
    );
    let mut new = None;
    assert_eq!(allocations(|| new = Some((&a + &b).unwrap())), 1, "&a + &b");
    assert_eq!(new.unwrap().as_slice().unwrap(), out8.as_slice().unwrap());
}
