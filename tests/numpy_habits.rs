//! NumPy's everyday habits: negative axes everywhere an axis is taken, `-1`
//! in reshape, `squeeze` / `expand_dims`, `...` in `s!`, `broadcast_shapes` /
//! `broadcast_arrays`, and `keepdims` for whole-array reductions. Each
//! negative-axis form is compared with the same call on the positive axis.

use stridekit::kernels::Reduction;
use stridekit::{broadcast_arrays, broadcast_shapes, s, Array, Error, Rolling};

fn cube() -> Array<f64> {
    Array::from_shape_fn(&[2, 3, 4], |i| {
        (i[0] * 12 + i[1] * 4 + i[2]) as f64 * 0.5 - 3.0
    })
    .unwrap()
}

#[test]
fn negative_axes_name_the_same_axis_in_every_operation() {
    let a = cube();
    let nd = a.ndim() as isize;
    for k in 0..a.ndim() {
        let neg = k as isize - nd;
        let same =
            |x: &Array<f64>, y: &Array<f64>| x.shape() == y.shape() && x.to_vec() == y.to_vec();
        assert!(
            same(&a.sum_axis(neg).unwrap(), &a.sum_axis(k).unwrap()),
            "sum {k}"
        );
        assert!(
            same(&a.mean_axis(neg).unwrap(), &a.mean_axis(k).unwrap()),
            "mean {k}"
        );
        assert!(
            same(&a.max_axis(neg).unwrap(), &a.max_axis(k).unwrap()),
            "max {k}"
        );
        assert!(same(
            &a.reduce_axis(Reduction::NanMin, neg, true).unwrap(),
            &a.reduce_axis(Reduction::NanMin, k, true).unwrap()
        ));
        let (x, y) = (
            a.arg_axis(stridekit::kernels::ArgReduction::ArgMax, neg, false)
                .unwrap(),
            a.arg_axis(stridekit::kernels::ArgReduction::ArgMax, k, false)
                .unwrap(),
        );
        assert_eq!((x.shape(), x.to_vec()), (y.shape(), y.to_vec()));
        assert!(same(
            &a.rolling(Rolling::Sum, neg, 2).unwrap(),
            &a.rolling(Rolling::Sum, k, 2).unwrap()
        ));
        assert!(same(
            &a.take(neg, &[1i64, 0]).unwrap(),
            &a.take(k, &[1i64, 0]).unwrap()
        ));
        assert_eq!(a.flip(neg).unwrap().to_vec(), a.flip(k).unwrap().to_vec());
        assert_eq!(
            a.index_axis(neg, 1).unwrap().to_vec(),
            a.index_axis(k, 1).unwrap().to_vec()
        );
        assert_eq!(
            a.swap_axes(neg, -1).unwrap().strides(),
            a.swap_axes(k, 2).unwrap().strides()
        );
    }
    assert_eq!(a.permute_axes(&[-1, 0, 1]).unwrap().shape(), &[4, 2, 3]);
    assert_eq!(
        a.sliding_window_view(&[2], Some(&[-1])).unwrap().shape(),
        &[2, 3, 3, 2]
    );
    assert!(matches!(
        a.sum_axis(-4),
        Err(Error::AxisOutOfRange { axis: -4, ndim: 3 })
    ));
    assert!(a.flip(3).is_err());
    assert!(a.permute_axes(&[0, -3, 1]).is_err(), "-3 is axis 0 again");
}

#[test]
fn reshape_infers_one_length() {
    let a = cube();
    assert_eq!(a.reshape(&[-1]).unwrap().shape(), &[24]);
    assert_eq!(a.reshape(&[4, -1]).unwrap().shape(), &[4, 6]);
    assert_eq!(a.reshape_copy(&[-1, 2]).unwrap().shape(), &[12, 2]);
    assert!(matches!(
        a.t().reshape(&[-1, 2]),
        Err(Error::ReshapeNeedsCopy { .. })
    ));
    assert!(matches!(
        a.reshape(&[5, -1]),
        Err(Error::ReshapeInfer { len: 24, .. })
    ));
    assert!(matches!(
        a.reshape(&[-1, -1]),
        Err(Error::BadReshapeLengths { .. })
    ));
    assert!(matches!(
        a.reshape(&[-2, -12]),
        Err(Error::BadReshapeLengths { .. })
    ));
    let usize_shape: Vec<usize> = vec![3, 8];
    assert_eq!(a.reshape(&usize_shape).unwrap().shape(), &[3, 8]);
}

#[test]
fn squeeze_expand_dims_and_ellipsis() {
    let a = Array::<f32>::zeros(&[2, 1, 3, 1]).unwrap();
    assert_eq!(a.squeeze().shape(), &[2, 3]);
    assert_eq!(a.squeeze_axis(-1).unwrap().shape(), &[2, 1, 3]);
    assert!(matches!(
        a.squeeze_axis(0),
        Err(Error::SqueezeLength { axis: 0, len: 2 })
    ));
    assert_eq!(a.expand_dims(0).unwrap().shape(), &[1, 2, 1, 3, 1]);
    assert_eq!(a.expand_dims(-1).unwrap().shape(), &[2, 1, 3, 1, 1]);
    assert!(a.expand_dims(6).is_err());
    let c = cube();
    assert_eq!(
        c.slice(s![..., 1]).unwrap().to_vec(),
        c.slice(s![.., .., 1]).unwrap().to_vec()
    );
    assert_eq!(c.slice(s![1, ...]).unwrap().shape(), &[3, 4]);
    assert_eq!(
        c.slice(s![..., stridekit::NewAxis]).unwrap().shape(),
        &[2, 3, 4, 1]
    );
    assert_eq!(c.slice(s![0, ..., 0, 0]).unwrap().shape(), &[] as &[usize]);
    assert!(matches!(c.slice(s![..., 0, ...]), Err(Error::TwoEllipses)));
}

#[test]
fn broadcasting_helpers_and_keepdims() {
    assert_eq!(broadcast_shapes(&[]).unwrap(), Vec::<usize>::new());
    assert_eq!(
        broadcast_shapes(&[&[5, 1, 4], &[3, 1], &[4]]).unwrap(),
        vec![5, 3, 4]
    );
    assert!(matches!(
        broadcast_shapes(&[&[2], &[3]]),
        Err(Error::Broadcast { .. })
    ));
    let col = Array::from_slice(&[1.0f64, 2.0], &[2, 1]).unwrap();
    let row = Array::from_slice(&[10.0f64, 20.0, 30.0], &[3]).unwrap();
    let both = broadcast_arrays(&[col.view(), row.view()]).unwrap();
    assert_eq!(both[0].to_vec(), vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]);
    assert_eq!(both[1].to_vec(), vec![10.0, 20.0, 30.0, 10.0, 20.0, 30.0]);
    assert_eq!(both[1].strides(), &[0, 8]);
    let c = cube();
    let k = c.reduce_keepdims(Reduction::Sum).unwrap();
    assert_eq!(k.shape(), &[1, 1, 1]);
    assert_eq!(k.to_vec(), vec![c.sum().unwrap()]);
}
