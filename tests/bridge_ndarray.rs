//! Zero-copy views between stridekit and `ndarray` (feature `ndarray`):
//! random layouts (any ndim up to 4, empty axes, steps of either sign,
//! transposes, broadcasts) round-trip with the same elements at the same
//! addresses in both directions, writes through either side are seen by the
//! other, and a byte stride that is not a whole element is an error naming
//! it. Proptest logs the failing case's seed.
#![cfg(feature = "ndarray")]

use bytemuck::{Pod, Zeroable};
use proptest::prelude::*;
use stridekit::{field, s, Array, ArrayView, ArrayViewMut, Error, SliceArg};

/// A shape, a step per axis (±1..3) and a permutation seed.
fn layouts() -> impl Strategy<Value = (Vec<usize>, Vec<isize>, usize)> {
    (0usize..=4).prop_flat_map(|nd| {
        (
            prop::collection::vec(0usize..6, nd),
            prop::collection::vec(prop_oneof![-3isize..=-1, 1isize..=3], nd),
            any::<usize>(),
        )
    })
}

/// The view of `base` the layout describes: every axis stepped, then the
/// axes rotated by `rot`.
fn view_of<'a>(base: &'a Array<i32>, steps: &[isize], rot: usize) -> ArrayView<'a, i32> {
    let args: Vec<SliceArg> = steps
        .iter()
        .map(|&step| SliceArg::Range {
            start: None,
            stop: None,
            step,
        })
        .collect();
    let v = base.slice(&args).unwrap();
    let nd = v.ndim();
    let axes: Vec<usize> = (0..nd).map(|k| (k + rot) % nd.max(1)).collect();
    // The permuted view borrows `base` only; rebuild it from its parts.
    let p = v.permute_axes(&axes).unwrap();
    // SAFETY: the parts are those of a live view of `base`.
    unsafe { ArrayView::from_raw_parts(p.as_ptr(), p.shape(), p.strides()).unwrap() }
}

proptest! {
    #[test]
    fn views_round_trip_without_copies((shape, steps, rot) in layouts()) {
        let base = Array::from_shape_fn(&shape, |i| i.iter().fold(7i32, |a, &x| a * 31 + x as i32)).unwrap();
        let v = view_of(&base, &steps, rot);
        let nd = v.as_ndarray().unwrap();
        prop_assert_eq!(nd.shape(), v.shape());
        for (index, x) in v.indexed_iter() {
            prop_assert_eq!(nd[index.as_slice()], x);
            let offset: isize = index.iter().zip(v.strides()).map(|(&i, &st)| i as isize * st).sum();
            let addr = (v.as_ptr() as *const u8).wrapping_offset(offset);
            prop_assert_eq!(&nd[index.as_slice()] as *const i32 as *const u8, addr);
        }
        let back = ArrayView::from_ndarray(nd.view()).unwrap();
        prop_assert_eq!(back.shape(), v.shape());
        if !v.is_empty() {
            // Strides matter only along axes of more than one element.
            for k in (0..v.ndim()).filter(|&k| v.shape()[k] > 1) {
                prop_assert_eq!(back.strides()[k], v.strides()[k], "axis {}", k);
            }
            prop_assert_eq!(back.as_ptr(), v.as_ptr());
        }
        prop_assert_eq!(back.to_vec(), v.to_vec());
    }
}

#[test]
fn writes_cross_over_and_broadcasts_read() {
    let mut a = Array::<f64>::zeros(&[3, 4]).unwrap();
    {
        let mut flipped = a.slice_mut(s![..;-1, ..;2]).unwrap();
        let mut nd = flipped.as_ndarray_mut().unwrap();
        nd[[0, 1]] = 5.0; // a[2, 2]
    }
    assert_eq!(a.get(&[2, 2]), Some(5.0));
    let mut nd = ndarray::Array2::<f64>::zeros((2, 3));
    {
        let mut v = ArrayViewMut::from_ndarray_mut(nd.view_mut().reversed_axes()).unwrap();
        stridekit::ops::add_assign(&mut v, 1.5).unwrap();
    }
    assert!(nd.iter().all(|&x| x == 1.5));
    let row = Array::from_vec(vec![1.0f32, 2.0, 3.0], &[3]).unwrap();
    let b = row.broadcast_to(&[2, 3]).unwrap();
    let nd = b.as_ndarray().unwrap();
    assert_eq!(nd.strides(), &[0, 1]);
    assert_eq!(nd.sum(), 12.0);
    let owned = Array::from_ndarray(&ndarray::arr2(&[[1u8, 2], [3, 4]]).t()).unwrap();
    assert_eq!(owned.to_vec(), [1, 3, 2, 4]);
    assert_eq!(owned.as_ptr() as usize % 64, 0);
    assert_eq!(
        owned.to_ndarray().unwrap(),
        ndarray::arr2(&[[1u8, 3], [2, 4]]).into_dyn()
    );
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C, packed)]
struct Packed {
    tag: u8,
    value: f32,
    pair: [u8; 2],
}

#[test]
fn strides_that_are_not_whole_elements_are_errors() {
    let rec = Packed {
        tag: 1,
        value: 2.0,
        pair: [3, 4],
    };
    let recs = Array::from_vec(vec![rec; 4], &[4]).unwrap();
    // Misaligned f32s: element 0 sits at byte 1.
    let values = field!(recs.view(), Packed, value).unwrap();
    assert!(matches!(
        values.as_ndarray(),
        Err(Error::Unaligned { align: 4 })
    ));
    // Two-byte elements (align 1) seven bytes apart: not a whole element.
    let pairs = field!(recs.view(), Packed, pair).unwrap();
    let e = pairs.as_ndarray().unwrap_err();
    assert_eq!(
        e,
        Error::NotElementStride {
            axis: 0,
            stride: 7,
            size: 2,
            to: "ndarray"
        }
    );
    assert!(e.to_string().contains("byte stride 7 of axis 0"), "{e}");
}
