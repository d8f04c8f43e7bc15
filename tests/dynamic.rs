//! The runtime-typed layer (`stridekit::dynamic`) against the typed API it
//! dispatches to: foreign layouts (negative and zero strides, big-endian
//! data), every dispatch family, and the errors' kinds.

use stridekit::dtype::{ByteOrder, DType, Kind, Scalar};
use stridekit::dynamic::{self, Reduce};
use stridekit::kernels::{BinaryOp, UnaryOp};
use stridekit::{Array, Compare, DynArray, DynView, ErrorKind, Mode, Rolling};

fn dyn_of<T: stridekit::NpyScalar>(a: &Array<T>) -> DynView<'_> {
    DynView::from_typed(a.view())
}

fn values<T: stridekit::NpyScalar + stridekit::Element>(d: &DynArray) -> Vec<T> {
    d.view().typed::<T>().unwrap().to_vec()
}

fn big_endian_f64(x: &[f64]) -> Vec<u8> {
    x.iter().flat_map(|v| v.to_be_bytes()).collect()
}

#[test]
fn foreign_layouts_reduce_like_the_typed_api() {
    let a = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f64 * 0.5).unwrap();
    // A reversed, transposed view of the same memory, from raw parts.
    let t = a.t();
    let last = t
        .strides()
        .iter()
        .zip(t.shape())
        .map(|(&s, &n)| s * (n as isize - 1))
        .collect::<Vec<_>>();
    let p = unsafe { t.as_ptr().cast::<u8>().offset(last[0]) };
    let strides = [-t.strides()[0], t.strides()[1]];
    // SAFETY: the layout reaches exactly the elements of `a`, alive and unwritten.
    let v = unsafe { DynView::from_raw_parts(p, DType::of::<f64>(), t.shape(), &strides) }.unwrap();
    let typed = v.typed::<f64>().unwrap();
    for op in [Reduce::Sum, Reduce::Mean, Reduce::Max, Reduce::Min] {
        let whole = dynamic::reduce(op, &v, None).unwrap();
        assert_eq!(whole.shape(), &[] as &[usize]);
        let expect = match op {
            Reduce::Sum => typed.sum().unwrap(),
            Reduce::Mean => typed.mean().unwrap(),
            Reduce::Max => typed.max().unwrap(),
            _ => typed.min().unwrap(),
        };
        assert_eq!(values::<f64>(&whole), vec![expect], "{op:?}");
        let along = dynamic::reduce(op, &v, Some(-1)).unwrap();
        assert_eq!(along.shape(), &[4]);
    }
    assert_eq!(
        values::<f64>(&dynamic::reduce(Reduce::Sum, &v, Some(0)).unwrap()),
        typed.sum_axis(0).unwrap().to_vec()
    );
}

#[test]
fn big_endian_data_is_converted_first() {
    let x = [1.5f64, -2.0, 4.25, 8.0, 0.125];
    let bytes = big_endian_f64(&x);
    let be = DType::Scalar(Scalar::new(Kind::Float, 8, ByteOrder::Big).unwrap());
    // SAFETY: `bytes` holds five 8-byte items, alive and unwritten.
    let v = unsafe { DynView::from_raw_parts(bytes.as_ptr(), be.clone(), &[5], &[8]) }.unwrap();
    let native = Array::from_slice(&x, &[5]).unwrap();
    let sum = dynamic::reduce(Reduce::Sum, &v, None).unwrap();
    assert_eq!(values::<f64>(&sum), vec![native.sum().unwrap()]);
    let doubled = dynamic::binary(BinaryOp::Add, &v, &v).unwrap();
    assert_eq!(
        values::<f64>(&doubled),
        x.iter().map(|v| v + v).collect::<Vec<_>>()
    );
    // NumPy's byteswap keeps the type: the swapped bytes are the native values.
    let swapped = dynamic::byteswap(&v).unwrap();
    assert_eq!(swapped.dtype(), &be);
    assert_eq!(swapped.as_bytes(), bytemuck::cast_slice::<f64, u8>(&x));
}

#[test]
fn every_family_dispatches() {
    let a = Array::from_slice(&[3i32, -1, 7, 2], &[4]).unwrap();
    let b = Array::from_slice(&[1i32, 1, -2, 5], &[4]).unwrap();
    let (da, db) = (dyn_of(&a), dyn_of(&b));
    assert_eq!(
        values::<i32>(&dynamic::binary(BinaryOp::Mul, &da, &db).unwrap()),
        vec![3, -1, -14, 10]
    );
    assert_eq!(
        values::<i32>(&dynamic::unary(UnaryOp::Abs, &da).unwrap()),
        vec![3, 1, 7, 2]
    );
    // The integer sum is exact and has NumPy's result type, int64.
    let s = dynamic::reduce(Reduce::Sum, &da, None).unwrap();
    assert_eq!(values::<i64>(&s), vec![11]);
    let gt = dynamic::compare(Compare::Greater, &da, &db).unwrap();
    let f = dynamic::astype(&da, &DType::of::<f32>()).unwrap();
    assert_eq!(values::<f32>(&f), vec![3.0, -1.0, 7.0, 2.0]);
    let chosen = dynamic::select(&gt.view(), &da, &db).unwrap();
    assert_eq!(values::<i32>(&chosen), vec![3, 1, 7, 5]); // where(a > b, a, b)
    let idx = Array::from_slice(&[3i64, 0, -1], &[3]).unwrap();
    assert_eq!(
        values::<i32>(&dynamic::take(&da, 0, &dyn_of(&idx)).unwrap()),
        vec![2, 3, 2]
    );
    let mut out = Array::<i32>::zeros(&[4]).unwrap();
    dynamic::binary_into(
        BinaryOp::Add,
        &da,
        &db,
        stridekit::DynViewMut::from_typed(out.view_mut()),
    )
    .unwrap();
    assert_eq!(out.to_vec(), vec![4, 0, 5, 7]);

    let x = Array::from_shape_fn(&[10], |i| (i[0] * i[0]) as f64).unwrap();
    let r = dynamic::rolling(Rolling::Mean, &dyn_of(&x), 0, 3).unwrap();
    assert_eq!(
        values::<f64>(&r),
        x.rolling(Rolling::Mean, 0, 3).unwrap().to_vec()
    );
    let k = Array::from_slice(&[1.0f64, -1.0], &[2]).unwrap();
    let c = dynamic::convolve(&dyn_of(&x), &dyn_of(&k), Mode::Valid).unwrap();
    assert_eq!(
        values::<f64>(&c),
        stridekit::convolve(&x, &k, Mode::Valid).unwrap().to_vec()
    );
    let d = dynamic::dot(&dyn_of(&x), &dyn_of(&x)).unwrap();
    assert_eq!(values::<f64>(&d), vec![x.dot(&x).unwrap()]);
}

#[test]
fn errors_have_kinds() {
    let a = Array::from_slice(&[1i32, 2], &[2]).unwrap();
    let f = Array::from_slice(&[1.0f64, 2.0], &[2]).unwrap();
    let mixed = dynamic::binary(BinaryOp::Add, &dyn_of(&a), &dyn_of(&f)).unwrap_err();
    assert_eq!(mixed.kind(), ErrorKind::Type, "{mixed}");
    assert!(mixed.to_string().contains("int32 and float64"), "{mixed}");
    let sqrt = dynamic::unary(UnaryOp::Sqrt, &dyn_of(&a)).unwrap_err();
    assert_eq!(sqrt.kind(), ErrorKind::Type, "{sqrt}");
    let idx = Array::from_slice(&[5i64], &[1]).unwrap();
    let oob = dynamic::take(&dyn_of(&a), 0, &dyn_of(&idx)).unwrap_err();
    assert_eq!(oob.kind(), ErrorKind::Index, "{oob}");
    let axis = dynamic::reduce(Reduce::Sum, &dyn_of(&f), Some(3)).unwrap_err();
    assert_eq!(axis.kind(), ErrorKind::Value, "{axis}");
    // A writable foreign view whose elements overlap is refused.
    let mut buf = [0u8; 16];
    // SAFETY: never reached: the layout is rejected before any access.
    let e = unsafe {
        stridekit::DynViewMut::from_raw_parts_mut(buf.as_mut_ptr(), DType::of::<f64>(), &[2], &[0])
    };
    assert!(e.is_err());
    // Stride arithmetic that overflows is an error, not a wrap.
    // SAFETY: as above.
    let e =
        unsafe { DynView::from_raw_parts(buf.as_ptr(), DType::of::<f64>(), &[3], &[isize::MAX]) };
    assert!(e.is_err());
}
