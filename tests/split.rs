//! Disjoint pieces of views: `split_at(_mut)` and `axis_chunks(_mut)` cover
//! every element exactly once, on C, transposed and reversed layouts, along
//! every axis (negative ones too); the rayon iterators write every element
//! once from several threads; bad splits are errors.

use stridekit::{s, Array, ArrayViewMut, Error};

/// Adds 1 to every element of `v` (a piece).
fn touch(mut v: ArrayViewMut<'_, u32>) {
    v.map_inplace(|x| x + 1);
}

/// Layouts of a 5×4×3 array: C order, transposed, reversed with a step.
fn layouts(a: &mut Array<u32>, k: usize, f: impl FnOnce(ArrayViewMut<'_, u32>)) {
    match k {
        0 => f(a.view_mut()),
        1 => f(a.t_mut()),
        _ => f(a.slice_mut(s![..;-1, .., ..;-2]).unwrap()),
    }
}

#[test]
fn pieces_cover_every_element_once() {
    for k in 0..3 {
        for axis in -3isize..3 {
            // Miri: some of the cuts and chunk sizes, both ends kept.
            let (cuts, sizes): (Vec<usize>, Vec<usize>) = if cfg!(miri) {
                (vec![0, 2, 5], vec![1, 2, 4, 6])
            } else {
                ((0..=5).collect(), (1..=6).collect())
            };
            for &cut in &cuts {
                let mut a = Array::<u32>::zeros(&[5, 4, 3]).unwrap();
                layouts(&mut a, k, |mut v| {
                    let ax = axis.rem_euclid(3) as usize;
                    let cut = cut.min(v.shape()[ax]);
                    let (x, y) = v.split_at_mut(axis, cut).unwrap();
                    assert_eq!(x.shape()[ax] + y.shape()[ax], v_len(ax, k));
                    touch(x);
                    touch(y);
                });
                let want = if k == 2 { 40 } else { 60 }; // ..;-2 keeps 2 of 3
                let hits = a.iter().filter(|&x| x == 1).count();
                assert_eq!(hits, want, "layout {k} axis {axis} cut {cut}");
                assert!(a.iter().all(|x| x <= 1));
            }
            for &size in &sizes {
                let mut a = Array::<u32>::zeros(&[5, 4, 3]).unwrap();
                layouts(&mut a, k, |mut v| {
                    for piece in v.axis_chunks_mut(axis, size).unwrap() {
                        touch(piece);
                    }
                });
                assert!(
                    a.iter().all(|x| x <= 1),
                    "layout {k} axis {axis} size {size}"
                );
            }
        }
    }
}

/// Length of axis `ax` of layout `k`'s view.
fn v_len(ax: usize, k: usize) -> usize {
    let shape = match k {
        1 => [3, 4, 5],
        2 => [5, 4, 2],
        _ => [5, 4, 3],
    };
    shape[ax]
}

#[test]
fn read_only_pieces_and_errors() {
    let a = Array::from_shape_fn(&[4, 6], |i| (i[0] * 6 + i[1]) as i64).unwrap();
    let (l, r) = a.split_at(1, 2).unwrap();
    assert_eq!(
        l.int_sum().unwrap() + r.int_sum().unwrap(),
        a.int_sum().unwrap()
    );
    let sums: Vec<i64> = a
        .axis_chunks(0, 3)
        .unwrap()
        .map(|c| c.int_sum().unwrap())
        .collect();
    assert_eq!(sums, [(0..18).sum::<i64>(), (18..24).sum::<i64>()]);
    assert_eq!(
        a.split_at(0, 5).unwrap_err(),
        Error::IndexOutOfRange {
            index: 5,
            axis: 0,
            len: 4
        }
    );
    assert!(matches!(
        a.axis_chunks(1, 0),
        Err(Error::ChunkSize { axis: 1 })
    ));
    assert!(matches!(
        a.split_at(2, 0),
        Err(Error::AxisOutOfRange { axis: 2, ndim: 2 })
    ));
}

#[test]
#[cfg(feature = "rayon")]
#[cfg_attr(miri, ignore = "rayon runs under Miri in ci/miri.sh's parallel run")]
fn parallel_iterators_write_each_element_once() {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    pool.install(|| {
        let mut m = Array::<u32>::zeros(&[37, 9]).unwrap();
        m.t_mut()
            .par_rows_mut()
            .unwrap()
            .enumerate()
            .for_each(|(i, mut col)| col.fill(i as u32 + 1));
        // The rows of the transpose are the columns.
        for (index, x) in m.indexed_iter() {
            assert_eq!(x, index[1] as u32 + 1, "{index:?}");
        }
        m.par_axis_chunks_mut(0, 5).unwrap().for_each(touch);
        m.par_axis_iter_mut(1).unwrap().for_each(touch);
        for (index, x) in m.indexed_iter() {
            assert_eq!(x, index[1] as u32 + 3, "{index:?}");
        }
        let total: u64 = m.par_rows().unwrap().map(|r| r.int_sum().unwrap()).sum();
        assert_eq!(total, m.int_sum().unwrap());
    });
}
