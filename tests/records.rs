//! Records: typed (`#[repr(C)]` / packed `Pod` structs, `field!`
//! projections) and described at run time (`DynView::field`), including
//! unaligned fields, through every kind of operation — checked element by
//! element against plain Rust on the structs.

use bytemuck::{Pod, Zeroable};
use stridekit::dtype::{DType, Field, Kind, Record, Scalar};
use stridekit::npy::{self, Npy};
use stridekit::{field, ops, s, AlignedBuf, Array, ArrayView, ByteOrder, DynArray, DynView, Order};

/// The seed's 44-byte layout: `name S32, age i4, salary f8`, packed, so
/// `salary` is unaligned in every other record.
#[repr(C, packed)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Employee {
    name: [u8; 32],
    age: i32,
    salary: f64,
}

/// The same fields as a C struct (NumPy's `align=True`): 48 bytes.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Aligned {
    name: [u8; 32],
    age: i32,
    pad: u32,
    salary: f64,
}

fn staff(n: usize) -> Vec<Employee> {
    (0..n)
        .map(|i| {
            let mut name = [0u8; 32];
            name[..4].copy_from_slice(format!("e{i:03}").as_bytes());
            Employee {
                name,
                age: 20 + (i * 7 % 45) as i32,
                salary: 1000.0 + (i * 37 % 101) as f64 * 12.5,
            }
        })
        .collect()
}

fn seed_dtype() -> DType {
    DType::parse_descr("[('name', '|S32'), ('age', '<i4'), ('salary', '<f8')]").unwrap()
}

#[test]
fn typed_projection_is_a_strided_view_every_operation_accepts() {
    let n = if cfg!(miri) { 9 } else { 301 };
    let people = staff(n);
    let arr = Array::from_slice(&people, &[n]).unwrap();
    let salary = field!(arr.view(), Employee, salary).unwrap();
    let age = field!(arr.view(), Employee, age).unwrap();
    assert_eq!(salary.shape(), &[n]);
    assert_eq!(salary.strides(), &[44]);
    assert_eq!(salary.as_ptr() as usize - arr.view().as_ptr() as usize, 36);
    assert!(!salary.is_aligned(), "every other salary is unaligned");
    assert!(salary.as_slice().is_none());
    let want: Vec<f64> = people.iter().map(|p| p.salary).collect();
    assert_eq!(salary.to_vec(), want);
    // Reductions follow the fixed order: the same bits as on a contiguous copy.
    let copy = Array::from_slice(&want, &[n]).unwrap();
    assert_eq!(
        salary.sum().unwrap().to_bits(),
        copy.sum().unwrap().to_bits()
    );
    assert_eq!(
        salary.mean().unwrap().to_bits(),
        copy.mean().unwrap().to_bits()
    );
    assert_eq!(salary.max().unwrap(), copy.max().unwrap());
    assert_eq!(
        age.int_sum().unwrap(),
        people.iter().map(|p| p.age as i64).sum::<i64>()
    );
    // Element-wise operations, conversions, slicing, windows.
    let raised = (&salary + &salary).unwrap();
    assert_eq!(
        raised.to_vec(),
        want.iter().map(|x| x + x).collect::<Vec<_>>()
    );
    assert_eq!(
        age.astype::<f64>().unwrap().to_vec(),
        people.iter().map(|p| p.age as f64).collect::<Vec<_>>()
    );
    let every_third = salary.slice(s![1..;3]).unwrap();
    assert_eq!(
        every_third.to_vec(),
        want.iter().skip(1).step_by(3).copied().collect::<Vec<_>>()
    );
    let rolled = salary.rolling_max(0, 3).unwrap();
    assert_eq!(
        rolled.get(&[0]).unwrap(),
        want[..3].iter().copied().fold(f64::MIN, f64::max)
    );
    let names = field!(arr.view(), Employee, name).unwrap();
    assert_eq!(&names.get(&[2]).unwrap()[..4], b"e002");
}

#[test]
fn writable_projection_writes_the_records() {
    let n = 50;
    let mut arr = Array::from_slice(&staff(n), &[n]).unwrap();
    {
        let mut salary = field!(mut arr.view_mut(), Employee, salary).unwrap();
        let bonus = Array::full(&[n], 100.0).unwrap();
        let current = salary.view().to_owned();
        ops::add(&current, &bonus, &mut salary).unwrap();
        salary.set(&[3], -1.0).unwrap();
    }
    let people = staff(n);
    for (i, (p, q)) in people.iter().zip(arr.as_slice().unwrap()).enumerate() {
        let want = if i == 3 { -1.0 } else { p.salary + 100.0 };
        assert_eq!({ q.salary }, want);
        assert_eq!({ q.age }, { p.age }, "other fields untouched");
        assert_eq!(q.name, p.name);
    }
}

/// `bytes` copied to `offset` bytes past a 64-byte aligned address (a plain
/// `Vec<u8>` may start anywhere, e.g. at an odd address under Miri).
fn at_offset(bytes: &[u8], offset: usize) -> AlignedBuf<u8> {
    let mut buf = AlignedBuf::<u8>::zeros(offset);
    buf.extend_from_slice(bytes);
    buf
}

/// Bytes parsed in place at an odd address: contiguous but unaligned typed
/// views must work everywhere (the kernels take them in strided form).
#[test]
fn unaligned_contiguous_views() {
    let n = if cfg!(miri) { 5 } else { 37 };
    let a = Array::from_shape_fn(&[n], |i| i[0] as i32 * 3 - 7).unwrap();
    let mut file = Vec::new();
    npy::write_to(&mut file, &DynView::from_typed(a.view())).unwrap();
    let shifted = at_offset(&file, 1);
    let f = Npy::parse(&shifted[1..]).unwrap();
    let v = f.view().typed::<i32>().unwrap();
    assert!(!v.is_aligned() && v.as_slice().is_none());
    assert_eq!(v.int_sum().unwrap(), a.view().int_sum().unwrap());
    assert_eq!(v.int_min().unwrap(), -7);
    assert_eq!(v.slice(s![3..4]).unwrap().int_max().unwrap(), 2);
    let x = Array::from_shape_fn(&[n], |i| i[0] as f32 * 0.5).unwrap();
    let mut file = Vec::new();
    npy::write_to(&mut file, &DynView::from_typed(x.view())).unwrap();
    let shifted = at_offset(&file, 3);
    let f = Npy::parse(&shifted[3..]).unwrap();
    let xv = f.view().typed::<f32>().unwrap();
    assert_eq!((&xv + &xv).unwrap().to_vec(), (&x + &x).unwrap().to_vec());
    assert_eq!(xv.sum().unwrap().to_bits(), x.sum().unwrap().to_bits());
    let one = xv.slice(s![2..3]).unwrap();
    assert_eq!((&one * &one).unwrap().to_vec(), vec![1.0]);
    let m = xv.slice(s![..36]).unwrap();
    if !cfg!(miri) {
        let m = m.reshape(&[6, 6]).unwrap();
        let want: Vec<f32> = (0..6)
            .map(|j| (0..6).map(|i| (i * 6 + j) as f32 * 0.5).sum())
            .collect();
        assert_eq!(m.sum_axis(0).unwrap().to_vec(), want);
    }
}

#[test]
fn projection_outside_the_record_is_refused() {
    let arr = Array::from_slice(&staff(2), &[2]).unwrap();
    let v = arr.view();
    assert!(v.project::<f64>(36).is_ok());
    assert!(v.project::<f64>(37).is_err());
    assert!(v.project::<[u8; 45]>(0).is_err());
    assert!(v.project::<u8>(usize::MAX).is_err());
}

#[test]
fn described_fields_match_the_typed_ones() {
    let n = 40;
    let people = staff(n);
    let arr = Array::from_slice(&people, &[n]).unwrap();
    let dv = DynView::from_records(arr.view(), seed_dtype()).unwrap();
    let by_name = dv.field::<f64>("salary").unwrap();
    let by_type = field!(arr.view(), Employee, salary).unwrap();
    assert_eq!(by_name.as_ptr(), by_type.as_ptr());
    assert_eq!(by_name.strides(), by_type.strides());
    assert_eq!(
        dv.records::<Employee>().unwrap().as_ptr(),
        arr.view().as_ptr()
    );
    assert!(
        dv.records::<Aligned>().is_err(),
        "48-byte struct over 44-byte records"
    );
    assert!(DynView::from_records(arr.view(), DType::of::<f64>()).is_err());

    // The aligned layout NumPy builds with align=True.
    let aligned = Record::aligned(vec![
        (
            "name".into(),
            Scalar::new(Kind::Bytes, 32, ByteOrder::Little)
                .unwrap()
                .into(),
            vec![],
        ),
        ("age".into(), DType::of::<i32>(), vec![]),
        ("salary".into(), DType::of::<f64>(), vec![]),
    ])
    .unwrap();
    assert_eq!(aligned.itemsize(), std::mem::size_of::<Aligned>());
    assert_eq!(
        aligned.field("salary").unwrap().offset,
        std::mem::offset_of!(Aligned, salary)
    );
    assert_eq!(
        DType::from(aligned).descr(),
        "[('name', '|S32'), ('age', '<i4'), ('', '|V4'), ('salary', '<f8')]"
    );
}

#[test]
fn records_round_trip_through_npy_bytes() {
    let n = 7;
    let people = staff(n);
    let arr = Array::from_slice(&people, &[n]).unwrap();
    let dv = DynView::from_records(arr.view(), seed_dtype()).unwrap();
    let mut bytes = Vec::new();
    npy::write_to(&mut bytes, &dv).unwrap();
    let back = Npy::parse(&bytes).unwrap();
    assert_eq!(back.view().dtype(), &seed_dtype());
    assert_eq!(back.view().records::<Employee>().unwrap().to_vec().len(), n);
    let ages = back.view().field::<i32>("age").unwrap().to_vec();
    assert_eq!(ages, people.iter().map(|p| p.age).collect::<Vec<_>>());
    // A non-contiguous selection is written in C order.
    let odd = arr.slice(s![1..;2]).unwrap();
    let dv = DynView::from_records(odd, seed_dtype()).unwrap();
    let mut bytes = Vec::new();
    npy::write_to(&mut bytes, &dv).unwrap();
    let back = Npy::parse(&bytes).unwrap();
    assert_eq!(back.view().shape(), &[3]);
    assert_eq!(
        back.view().field::<f64>("salary").unwrap().to_vec(),
        vec![people[1].salary, people[3].salary, people[5].salary]
    );
}

#[test]
fn big_endian_records_to_native() {
    // Explicit offsets with a gap; one big-endian field, one sub-array.
    let be = Scalar::new(Kind::Float, 8, ByteOrder::Big).unwrap();
    let rec = Record::new(
        vec![
            Field::new("id", 0, DType::of::<u16>()),
            Field::new("x", 3, be),
            Field::new("v", 12, Scalar::new(Kind::Int, 4, ByteOrder::Big).unwrap())
                .with_shape(&[2]),
        ],
        24,
    )
    .unwrap();
    let dtype = DType::from(rec);
    assert_eq!(
        dtype.descr(),
        "[('id', '<u2'), ('', '|V1'), ('x', '>f8'), ('', '|V1'), ('v', '>i4', (2,)), ('', '|V4')]"
    );
    assert_eq!(DType::parse_descr(&dtype.descr()).unwrap(), dtype);
    let n = 5;
    let mut bytes = vec![0u8; n * 24];
    for i in 0..n {
        let r = &mut bytes[i * 24..];
        r[..2].copy_from_slice(&(i as u16).to_le_bytes());
        r[3..11].copy_from_slice(&(i as f64 * 1.5).to_be_bytes());
        r[12..16].copy_from_slice(&(-(i as i32)).to_be_bytes());
        r[16..20].copy_from_slice(&(i as i32 * 1000).to_be_bytes());
    }
    let dv = DynView::new(&bytes, dtype.clone(), &[n], Order::C).unwrap();
    assert!(dv.field::<f64>("x").is_err());
    let native: DynArray = dv.to_native().unwrap();
    let x = native.view().field::<f64>("x").unwrap();
    assert_eq!(
        x.to_vec(),
        (0..n).map(|i| i as f64 * 1.5).collect::<Vec<_>>()
    );
    let v = native.view().field::<i32>("v").unwrap();
    assert_eq!(v.shape(), &[n, 2]);
    assert_eq!(v.get(&[4, 0]), Some(-4));
    assert_eq!(v.get(&[4, 1]), Some(4000));
    assert_eq!(
        native.view().field::<u16>("id").unwrap().to_vec(),
        (0..n as u16).collect::<Vec<_>>()
    );
    // The field's own conversion agrees.
    assert_eq!(
        dv.field_view("x")
            .unwrap()
            .native::<f64>()
            .unwrap()
            .view()
            .to_vec(),
        x.to_vec()
    );
}

#[test]
fn typed_views_from_other_layouts() {
    // A transposed (F-contiguous) typed view writes fortran_order True and
    // reads back as an F-contiguous view of the same values.
    let a = Array::from_shape_fn(&[3, 4], |i| (i[0] * 10 + i[1]) as f32).unwrap();
    let t = a.t();
    let mut bytes = Vec::new();
    npy::write_to(&mut bytes, &DynView::from_typed(t.clone())).unwrap();
    let back = Npy::parse(&bytes).unwrap();
    assert_eq!(back.header().order, Order::F);
    let v: ArrayView<'_, f32> = back.view().typed().unwrap();
    assert!(v.is_f_contiguous() && !v.is_c_contiguous());
    assert_eq!(v.to_vec(), t.to_vec());
}

/// Descriptors NumPy writes that name no field or nest sub-arrays: an
/// unnamed field is `f<position>` (as NumPy names it), and a sub-array whose
/// element is a sub-array is one sub-array of both shapes (the same bytes).
#[test]
fn unnamed_fields_and_nested_sub_arrays_read_as_numpy_does() {
    use stridekit::dtype::DType;
    let d = DType::parse_descr("[('a', '<i4'), ('', '<i4'), ('b', '<i4')]").unwrap();
    assert_eq!(d.descr(), "[('a', '<i4'), ('f1', '<i4'), ('b', '<i4')]");
    let d = DType::parse_descr("[('c', ('<f8', (5,)), (2,))]").unwrap();
    assert_eq!(d.itemsize(), 80);
    assert_eq!(d.descr(), "[('c', '<f8', (2, 5))]");
    let d = DType::parse_descr("[('c', (('<f4', 3), (5,)), 2)]").unwrap();
    assert_eq!(d.descr(), "[('c', '<f4', (2, 5, 3))]");
    // Padding (an unnamed void) still only moves the next offset.
    let d = DType::parse_descr("[('a', '<i2'), ('', '|V2'), ('b', '<i4')]").unwrap();
    assert_eq!(d.itemsize(), 8);
}
