//! Every documented error of the array layer, provoked on purpose: each is a
//! `Result`, never a panic, and names what was wrong.

use stridekit::{ops, s, Array, ArrayView, ArrayViewMut, Error, SliceArg};

fn arange(shape: &[usize]) -> Array<f32> {
    let n = shape.iter().product::<usize>();
    Array::from_vec((0..n).map(|i| i as f32).collect(), shape).unwrap()
}

#[test]
fn construction_errors() {
    let data = [1.0f32; 5];
    assert_eq!(
        ArrayView::from_slice(&data, &[2, 3]).unwrap_err(),
        Error::DataLength {
            shape: vec![2, 3],
            expected: 6,
            found: 5
        }
    );
    let mut m = [0.0f64; 4];
    assert!(matches!(
        ArrayViewMut::from_slice(&mut m, &[5]),
        Err(Error::DataLength { .. })
    ));
    assert!(matches!(
        Array::<f32>::zeros(&[usize::MAX / 2, 3]),
        Err(Error::SizeOverflow { .. })
    ));
}

#[test]
fn axis_and_index_errors() {
    let a = arange(&[3, 4]);
    assert_eq!(
        a.flip(2).unwrap_err(),
        Error::AxisOutOfRange { axis: 2, ndim: 2 }
    );
    assert_eq!(
        a.swap_axes(0, 9).unwrap_err(),
        Error::AxisOutOfRange { axis: 9, ndim: 2 }
    );
    assert_eq!(
        a.index_axis(3, 0).unwrap_err(),
        Error::AxisOutOfRange { axis: 3, ndim: 2 }
    );
    assert_eq!(
        a.permute_axes(&[0, 0]).unwrap_err(),
        Error::NotAPermutation {
            axes: vec![0, 0],
            ndim: 2
        }
    );
    assert!(matches!(
        a.permute_axes(&[1]),
        Err(Error::NotAPermutation { .. })
    ));
    assert_eq!(
        a.slice(s![.., 4]).unwrap_err(),
        Error::IndexOutOfRange {
            index: 4,
            axis: 1,
            len: 4
        }
    );
    assert_eq!(
        a.slice(s![-4]).unwrap_err(),
        Error::IndexOutOfRange {
            index: -4,
            axis: 0,
            len: 3
        }
    );
    assert_eq!(
        a.slice(s![.., ..;0]).unwrap_err(),
        Error::ZeroStep { axis: 1 }
    );
    assert_eq!(
        a.slice([SliceArg::ALL; 3]).unwrap_err(),
        Error::AxisCount {
            what: "slice",
            expected: 2,
            found: 3
        }
    );
    let mut b = a.clone();
    assert_eq!(
        b.set(&[3, 0], 1.0).unwrap_err(),
        Error::BadIndex {
            index: vec![3, 0],
            shape: vec![3, 4]
        }
    );
    assert!(b.set(&[0], 1.0).is_err());
    assert_eq!(a.get(&[0, 4]), None);
}

#[test]
fn reshape_errors() {
    let a = arange(&[3, 4]);
    assert_eq!(
        a.reshape(&[5, 2]).unwrap_err(),
        Error::ReshapeSize {
            from: vec![3, 4],
            to: vec![5, 2],
            from_size: 12,
            to_size: 10
        }
    );
    let e = a.t().reshape(&[12]).unwrap_err();
    assert_eq!(
        e,
        Error::ReshapeNeedsCopy {
            from: vec![4, 3],
            strides: vec![4, 16],
            to: vec![12]
        }
    );
    assert!(e.to_string().contains("reshape_copy"));
    assert_eq!(
        a.t().reshape_copy(&[12]).unwrap().to_vec(),
        vec![0.0, 4.0, 8.0, 1.0, 5.0, 9.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0]
    );
    assert!(matches!(
        a.reshape_copy(&[7]),
        Err(Error::ReshapeSize { .. })
    ));
}

#[test]
fn broadcast_and_window_errors() {
    let a = arange(&[3, 4]);
    assert_eq!(
        a.broadcast_to(&[3, 5]).unwrap_err(),
        Error::OutputShape {
            input: vec![3, 4],
            output: vec![3, 5]
        }
    );
    assert!(matches!(
        a.broadcast_to(&[4]),
        Err(Error::OutputShape { .. })
    ));
    assert_eq!(
        a.sliding_window_view(&[2, 5], None).unwrap_err(),
        Error::WindowTooLarge {
            window: 5,
            axis: 1,
            len: 4
        }
    );
    assert_eq!(
        a.sliding_window_view(&[2], None).unwrap_err(),
        Error::AxisCount {
            what: "sliding_window_view window_shape",
            expected: 2,
            found: 1
        }
    );
    assert_eq!(
        a.sliding_window_view(&[2], Some(&[2])).unwrap_err(),
        Error::AxisOutOfRange { axis: 2, ndim: 2 }
    );
    assert_eq!(
        a.as_strided(&[2], &[4, 4]).unwrap_err(),
        Error::AxisCount {
            what: "as_strided strides",
            expected: 1,
            found: 2
        }
    );
    let b = arange(&[5]);
    let e = ops::add_new(&a, &b).unwrap_err();
    assert_eq!(
        e,
        Error::Broadcast {
            a: vec![3, 4],
            b: vec![5]
        }
    );
    assert_eq!(
        e.to_string(),
        "shapes [3, 4] and [5] cannot be broadcast together"
    );
}

#[test]
fn messages_name_the_right_operation_and_cause() {
    let a = Array::from_vec(vec![1.0f64, 2.0], &[2]).unwrap();
    let empty = Array::<f64>::zeros(&[0]).unwrap();
    let e = stridekit::convolve(&a, &empty, stridekit::Mode::Full).unwrap_err();
    assert!(e.to_string().contains("convolve"), "{e}");
    let e = stridekit::correlate(&empty, &a, stridekit::Mode::Full).unwrap_err();
    assert!(e.to_string().contains("correlate"), "{e}");
    // as_strided from a misaligned first element (a packed field): the
    // alignment is named, not a stride.
    let records = Array::<[u8; 12]>::zeros(&[4]).unwrap();
    let field = records.view().project::<u32>(1).unwrap();
    let e = field.as_strided(&[2], &[12]).unwrap_err();
    assert!(matches!(e, Error::Unaligned { align: 4 }), "{e:?}");
}
