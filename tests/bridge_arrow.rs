//! The Arrow bridge (feature `arrow`): an Arrow `Float32Array`'s values are a
//! stridekit view at the same address, a kernel runs on them, and the owned
//! result goes back into an Arrow array without a copy (same address); other
//! layouts are copied once into C order; misaligned or wrongly sized byte
//! buffers are errors; the Arrow buffer keeps the stridekit allocation alive
//! after the array is gone.
#![cfg(feature = "arrow")]

use arrow_array::{Float32Array, Float64Array, Int32Array};
use arrow_buffer::{Buffer, MutableBuffer, ScalarBuffer};
use stridekit::{ops, s, Array, ArrayView, ArrayViewMut, Error};

#[test]
fn an_arrow_column_runs_a_kernel_and_comes_back_without_a_copy() {
    let n = 1000;
    let col = Float32Array::from_iter_values((0..n).map(|i| i as f32 * 0.5));
    let b = Float32Array::from_iter_values((0..n).map(|i| 1.0 - i as f32));
    // In: the column's values, viewed where Arrow keeps them.
    let x = ArrayView::from_arrow(col.values(), &[n]).unwrap();
    assert_eq!(x.as_ptr(), col.values().as_ptr());
    let y = ArrayView::from_arrow(b.values(), &[n]).unwrap();
    // A kernel: x * y + x, into a new stridekit array.
    let prod = ops::mul_new(&x, &y).unwrap();
    let out = ops::add_new(&prod, &x).unwrap();
    let at = out.as_ptr();
    // Out: the result's buffer becomes the Arrow array's values.
    let back = Float32Array::new(out.into_arrow().unwrap(), None);
    assert_eq!(back.values().as_ptr(), at, "handed over without a copy");
    assert_eq!(back.len(), n);
    for i in 0..n {
        let (p, q) = (col.value(i), b.value(i));
        assert_eq!(
            back.value(i).to_bits(),
            (p * q + p).to_bits(),
            "element {i}"
        );
    }
    // The Arrow array outlives every stridekit value and can be cloned and
    // sliced (one shared allocation).
    let tail = back.slice(990, 10);
    drop(back);
    assert_eq!(tail.value(9).to_bits(), {
        let (p, q) = (col.value(999), b.value(999));
        (p * q + p).to_bits()
    });
}

#[test]
fn views_of_an_arrow_buffer_take_any_shape_and_layout() {
    let col = Int32Array::from_iter_values(0..24);
    let a = ArrayView::from_arrow(col.values(), &[2, 3, 4]).unwrap();
    let t = a.t();
    assert_eq!(t.shape(), &[4, 3, 2]);
    assert_eq!(t.get(&[3, 2, 1]), Some(23));
    let r = a.slice(s![.., ..;-1, 1..;2]).unwrap();
    assert_eq!(r.to_vec(), vec![9, 11, 5, 7, 1, 3, 21, 23, 17, 19, 13, 15]);
    assert_eq!(a.int_sum().unwrap(), (0..24).sum::<i64>());
    // A wrong shape is an error naming both sizes.
    let err = ArrayView::from_arrow(col.values(), &[5, 5]).unwrap_err();
    assert!(matches!(err, Error::DataLength { .. }), "{err}");
}

#[test]
fn non_contiguous_arrays_are_copied_once_into_c_order() {
    let a = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f64).unwrap();
    let t = a.t().to_owned_with_order(stridekit::Order::F);
    assert!(!t.is_c_contiguous());
    let col = Float64Array::new(t.into_arrow().unwrap(), None);
    let want: Vec<f64> = (0..12).map(|k| ((k % 3) * 4 + k / 3) as f64).collect();
    assert_eq!(col.values().to_vec(), want);
    // Empty arrays cross too.
    let e = Array::<f64>::zeros(&[0, 5]).unwrap().into_arrow().unwrap();
    assert!(e.is_empty());
}

#[test]
fn byte_buffers_need_whole_aligned_elements() {
    let bytes: Vec<u8> = (0..=16u8).collect();
    let buf = Buffer::from_vec(bytes);
    // 16 aligned bytes from the start: four f32s.
    let head = buf.slice_with_length(0, 16);
    let v = ArrayView::<u32>::from_arrow_buffer(&head, &[2, 2]).unwrap();
    assert_eq!(v.get(&[1, 1]), Some(u32::from_ne_bytes([12, 13, 14, 15])));
    // Sliced one byte in: not aligned for u32.
    let odd = buf.slice_with_length(1, 16);
    let err = ArrayView::<u32>::from_arrow_buffer(&odd, &[4]).unwrap_err();
    assert!(matches!(err, Error::Unaligned { align: 4 }), "{err}");
    // 17 bytes are no whole number of u32s.
    let err = ArrayView::<u32>::from_arrow_buffer(&buf, &[4]).unwrap_err();
    assert!(matches!(err, Error::ByteLength { found: 17, .. }), "{err}");
}

#[test]
fn a_mutable_arrow_buffer_is_written_in_place() {
    let mut m = MutableBuffer::from_len_zeroed(6 * 8);
    {
        let v = ArrayViewMut::<f64>::from_arrow_mut(&mut m, &[2, 3]).unwrap();
        let ones = Array::<f64>::full(&[3], 1.5).unwrap();
        ops::add_assign(v.slice_mut(s![1, ..]).unwrap(), &ones).unwrap();
    }
    let values: ScalarBuffer<f64> = ScalarBuffer::new(m.into(), 0, 6);
    assert_eq!(&values[..], &[0.0, 0.0, 0.0, 1.5, 1.5, 1.5]);
}
