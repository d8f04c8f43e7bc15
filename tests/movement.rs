//! Property tests for the array-level data movement (`astype`, `try_astype`,
//! `byteswap`, `byteswap_in_place`, `take`, `take_flat`, `put`,
//! `from_bytes`) on random strided layouts (permuted, sliced, negative
//! steps), against a naive element-by-element reference.

mod common;

use common::{indices, random_shape, RandomLayout, Rng, RngExt};
use half::f16;
use proptest::prelude::*;
use stridekit::kernels::reference_convert as reference;
use stridekit::kernels::testkit_samples::{samples, Sample};
use stridekit::kernels::{Cast, KernelError};
use stridekit::{s, Array, ArrayView, ByteOrder, CowArray, Error};

/// Same bits, or (under Miri, whose float casts choose NaN payloads freely)
/// both NaN.
fn same<T: bytemuck::Pod + PartialEq>(a: T, b: T) -> bool {
    #[allow(clippy::eq_op)]
    let both_nan = cfg!(miri) && a != a && b != b;
    bytemuck::bytes_of(&a) == bytemuck::bytes_of(&b) || both_nan
}

/// `astype` on a random layout equals the reference element by element.
fn check_astype<A: Sample + Cast<B>, B: Sample>(rng: &mut Rng) {
    let shape = random_shape(rng);
    let n: usize = shape.iter().product::<usize>() * 8 + 8;
    let pool: Vec<A> = samples(rng.next_u64(), n);
    let x = RandomLayout::new(rng, &shape, |i| pool[i % pool.len()]);
    let v = x.view();
    let out = v.astype::<B>().unwrap();
    assert_eq!(out.shape(), v.shape());
    for idx in indices(&shape) {
        let want: B = reference::convert(v.get(&idx).unwrap());
        let got = out.get(&idx).unwrap();
        assert!(
            same(got, want),
            "{} -> {} at {idx:?}: got {got:?}, want {want:?}",
            A::NAME,
            B::NAME
        );
    }
    // The checked form: the first refused element in C order, or the same array.
    let first_bad = indices(&shape)
        .into_iter()
        .find(|idx| reference::try_convert::<A, B>(v.get(idx).unwrap()).is_none());
    match (v.try_astype::<B>(), first_bad) {
        (Ok(t), None) => assert!(indices(&shape)
            .iter()
            .all(|i| same(t.get(i).unwrap(), out.get(i).unwrap()))),
        (
            Err(Error::Unrepresentable {
                index, from, to, ..
            }),
            Some(bad),
        ) => {
            assert_eq!((index, from, to), (bad, A::NAME, B::NAME));
        }
        (got, want) => panic!(
            "try_astype {} -> {}: got {got:?}, want first bad {want:?}",
            A::NAME,
            B::NAME
        ),
    }
}

const CASES: u32 = if cfg!(miri) { 2 } else { 96 };

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn astype_matches_the_reference_on_any_layout(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        check_astype::<f32, f64>(&mut rng);
        check_astype::<f64, f32>(&mut rng);
        check_astype::<f32, f16>(&mut rng);
        check_astype::<f16, f32>(&mut rng);
        check_astype::<f64, i32>(&mut rng);
        check_astype::<i64, u8>(&mut rng);
        check_astype::<u16, half::bf16>(&mut rng);
    }

    #[test]
    fn byteswap_matches_the_reference_on_any_layout(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let mut x = RandomLayout::new(&mut rng, &shape, |i| (i as u32).wrapping_mul(0x9E37_79B9));
        let before = x.base.to_vec();
        let swapped = x.view().byteswap().unwrap();
        let original: Vec<(Vec<usize>, u32)> = indices(&shape).into_iter().map(|i| (i.clone(), x.view().get(&i).unwrap())).collect();
        for (i, v) in &original {
            prop_assert_eq!(swapped.get(i).unwrap(), v.swap_bytes());
        }
        x.view_mut().byteswap_in_place().unwrap();
        for (i, v) in &original {
            prop_assert_eq!(x.view().get(i).unwrap(), v.swap_bytes());
        }
        // Elements outside the view are untouched: swapping back restores
        // the whole base.
        x.view_mut().byteswap_in_place().unwrap();
        prop_assert_eq!(x.base.to_vec(), before);
    }

    #[test]
    fn take_matches_naive_indexing_along_any_axis(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let x = RandomLayout::new(&mut rng, &shape, |i| i as f64);
        let v = x.view();
        let axis = rng.below(shape.len());
        let len = shape[axis];
        let count = rng.below(9);
        let idx: Vec<i64> = (0..count)
            .map(|_| if len == 0 { 0 } else { rng.below(len) as i64 - if rng.coin() { len as i64 } else { 0 } })
            .collect();
        let got = v.take(axis, &idx);
        if len == 0 && count > 0 {
            let out_of_bounds = matches!(got, Err(Error::Kernel(KernelError::IndexOutOfBounds { .. })));
            prop_assert!(out_of_bounds);
            return Ok(());
        }
        let got = got.unwrap();
        let mut want_shape = shape.clone();
        want_shape[axis] = count;
        prop_assert_eq!(got.shape(), &want_shape[..]);
        for out_idx in indices(&want_shape) {
            let mut src = out_idx.clone();
            let i = idx[out_idx[axis]];
            src[axis] = if i < 0 { (i + len as i64) as usize } else { i as usize };
            prop_assert_eq!(got.get(&out_idx), v.get(&src));
        }
        // Flat take over the C-order elements.
        let flat: Vec<f64> = indices(&shape).iter().map(|i| v.get(i).unwrap()).collect();
        if !flat.is_empty() {
            let fi: Vec<usize> = (0..5).map(|_| rng.below(flat.len())).collect();
            let got = v.take_flat(&fi).unwrap();
            prop_assert_eq!(got.to_vec(), fi.iter().map(|&i| flat[i]).collect::<Vec<_>>());
        }
    }

    #[test]
    fn put_writes_flat_positions_of_any_layout(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let total: usize = shape.iter().product();
        let mut x = RandomLayout::new(&mut rng, &shape, |i| i as i32);
        let mut model: Vec<i32> = indices(&shape).iter().map(|i| x.view().get(i).unwrap()).collect();
        let outside: Vec<i32> = x.base.to_vec();
        let count = if total == 0 { 0 } else { rng.below(12) };
        let idx: Vec<i32> = (0..count).map(|_| rng.below(total) as i32 - if rng.coin() { total as i32 } else { 0 }).collect();
        let values: Vec<i32> = (0..1 + rng.below(4)).map(|k| -1000 - k as i32).collect();
        for (k, &i) in idx.iter().enumerate() {
            let at = if i < 0 { (i + total as i32) as usize } else { i as usize };
            model[at] = values[k % values.len()];
        }
        x.view_mut().put(&idx, &values).unwrap();
        let got: Vec<i32> = indices(&shape).iter().map(|i| x.view().get(i).unwrap()).collect();
        prop_assert_eq!(got, model);
        // Writes stayed inside the view: every changed base element is a value.
        for (a, b) in x.base.to_vec().iter().zip(&outside) {
            prop_assert!(a == b || values.contains(a));
        }
    }
}

#[test]
fn try_astype_names_the_first_bad_index_in_c_order() {
    let m = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f64).unwrap();
    let mut m = m;
    m.set(&[2, 1], f64::NAN).unwrap();
    m.set(&[1, 3], 1e12).unwrap();
    // Transposed, the C order of the view visits [1, 2] (= m[2, 1]) before
    // [3, 1] (= m[1, 3]).
    let err = m.t().try_astype::<i32>().unwrap_err();
    assert!(
        matches!(&err, Error::Unrepresentable { index, from: "float64", to: "int32", .. } if index == &[1, 2]),
        "{err}"
    );
    assert_eq!(
        m.t().astype::<i32>().unwrap().get(&[3, 1]),
        Some(i32::MAX),
        "saturates"
    );
}

#[test]
fn astype_keeps_fortran_order() {
    let a = Array::from_slice_with_order(
        &[1.5f32, 2.5, 3.5, 4.5, 5.5, 6.5],
        &[2, 3],
        stridekit::Order::F,
    )
    .unwrap();
    let b = a.astype::<f64>().unwrap();
    assert!(b.is_f_contiguous() && !b.is_c_contiguous());
    assert_eq!(b.get(&[1, 2]), Some(6.5));
}

#[test]
fn take_reports_the_bad_index_and_its_position() {
    let a = Array::from_shape_fn(&[4, 5], |i| (i[0] * 5 + i[1]) as f32).unwrap();
    let err = a.take(1, &[0i64, -5, 5, 9]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Kernel(KernelError::IndexOutOfBounds {
                index: 5,
                position: 2,
                len: 5
            })
        ),
        "{err}"
    );
    assert!(matches!(
        a.take(2, &[0i64]),
        Err(Error::AxisOutOfRange { axis: 2, ndim: 2 })
    ));
    // Long rows take the sub-array path.
    let wide = Array::from_shape_fn(&[3, 40], |i| (i[0] * 40 + i[1]) as f32).unwrap();
    let rows = wide.take(0, &[2usize, 0]).unwrap();
    assert_eq!(rows.get(&[0, 39]), Some(119.0));
    assert_eq!(rows.get(&[1, 7]), Some(7.0));
}

#[test]
fn put_error_writes_nothing() {
    let mut a = Array::from_shape_fn(&[3, 3], |i| (i[0] * 3 + i[1]) as i64).unwrap();
    let before = a.to_vec();
    let t = a.t_mut();
    let mut t = t;
    assert!(t.put(&[1i32, 9], &[0]).is_err());
    assert!(matches!(
        t.put(&[1i32], &[]),
        Err(Error::Kernel(KernelError::NoValues { indices: 1 }))
    ));
    assert_eq!(a.to_vec(), before);
}

#[test]
fn from_bytes_views_native_data_without_copying() {
    let data: Vec<u32> = (0..12).map(|i| i * 0x0102_0304).collect();
    let bytes: &[u8] = bytemuck::cast_slice(&data);
    let native = ArrayView::<u32>::from_bytes(bytes, &[3, 4], ByteOrder::NATIVE).unwrap();
    assert!(native.is_borrowed());
    assert_eq!(
        native.view().as_ptr().cast::<u8>(),
        bytes.as_ptr(),
        "zero-copy"
    );
    assert_eq!(native.view().get(&[2, 3]), Some(11 * 0x0102_0304));
    // The other byte order: converted with the SIMD swap.
    let other = if ByteOrder::NATIVE == ByteOrder::Little {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };
    let swapped = ArrayView::<u32>::from_bytes(bytes, &[3, 4], other).unwrap();
    assert!(!swapped.is_borrowed());
    assert_eq!(
        swapped.view().get(&[2, 3]),
        Some((11u32 * 0x0102_0304).swap_bytes())
    );
    // Misaligned native data is copied, not viewed unaligned.
    let shifted = &bytemuck::cast_slice::<u32, u8>(&data)[1..45];
    let copied = ArrayView::<u32>::from_bytes(shifted, &[11], ByteOrder::NATIVE).unwrap();
    assert!(matches!(copied, CowArray::Owned(_)));
    assert_eq!(
        copied.view().get(&[0]),
        Some(u32::from_ne_bytes(shifted[..4].try_into().unwrap()))
    );
    assert!(matches!(
        ArrayView::<u32>::from_bytes(&bytes[..47], &[3, 4], ByteOrder::Big),
        Err(Error::ByteLength {
            elem: 4,
            found: 47,
            ..
        })
    ));
    // Big-endian bytes from elsewhere read as the numbers they encode.
    let be: Vec<u8> = [1.5f64, -2.25]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    let v = ArrayView::<f64>::from_bytes(&be, &[2], ByteOrder::Big).unwrap();
    assert_eq!(v.view().to_vec(), [1.5, -2.25]);
}

#[test]
fn byteswap_of_a_sliced_view_is_c_ordered() {
    let a = Array::from_shape_fn(&[4, 6], |i| (i[0] * 6 + i[1]) as u16).unwrap();
    let v = a.slice(s![..;2, ..;-3]).unwrap();
    let b = v.byteswap().unwrap();
    assert!(b.is_c_contiguous());
    assert_eq!(b.get(&[1, 0]), Some(17u16.swap_bytes()));
}
