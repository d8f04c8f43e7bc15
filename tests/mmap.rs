//! Memory maps: read-only `.npy` maps (zero-copy, 64-byte aligned data),
//! read-write maps whose writes reach the file, newly created files, and
//! headerless raw files at an offset (NumPy's `np.memmap`). Miri cannot
//! map files, so these run natively only.
#![cfg(not(miri))]

use stridekit::dtype::{DType, Kind, Scalar};
use stridekit::npy::{self, Map, MapMut};
use stridekit::{Array, ByteOrder, Error, Order};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn read_only_map_is_a_zero_copy_aligned_view() {
    let dir = temp();
    let path = dir.path().join("a.npy");
    let a = Array::from_shape_fn(&[37, 5], |i| (i[0] * 5 + i[1]) as f64 * 0.25).unwrap();
    npy::save(&path, &a.view()).unwrap();
    let map = Map::open(&path).unwrap();
    let v = map.view().typed::<f64>().unwrap();
    assert_eq!(v.as_ptr() as usize % 64, 0);
    assert!(v.is_aligned() && v.is_c_contiguous());
    assert_eq!(v.to_vec(), a.view().to_vec());
    assert_eq!(v.sum().unwrap().to_bits(), a.sum().unwrap().to_bits());
    let h = map.header().unwrap();
    assert_eq!(
        (h.shape.as_slice(), h.order, h.version),
        (&[37usize, 5][..], Order::C, (1, 0))
    );
}

#[test]
fn read_write_map_writes_reach_the_file() {
    let dir = temp();
    let path = dir.path().join("rw.npy");
    let a = Array::from_shape_fn(&[4, 6], |i| (i[0] * 6 + i[1]) as i32).unwrap();
    npy::save(&path, &a.t()).unwrap(); // F order on disk
    {
        let mut map = MapMut::open(&path).unwrap();
        assert_eq!(map.header().unwrap().order, Order::F);
        let mut v = map.view_mut().typed_mut::<i32>().unwrap();
        assert_eq!(v.shape(), &[6, 4]);
        v.set(&[5, 3], -7).unwrap();
        map.flush().unwrap();
    }
    let back = npy::read(&path).unwrap();
    let v = back.view().typed::<i32>().unwrap();
    assert_eq!(v.get(&[5, 3]), Some(-7));
    assert_eq!(v.get(&[2, 1]), Some(a.get(&[1, 2]).unwrap()));
}

#[test]
fn create_makes_a_file_numpy_can_read() {
    let dir = temp();
    let path = dir.path().join("new.npy");
    let dtype = DType::parse_descr("[('t', '<f8'), ('flag', '|u1')]").unwrap();
    {
        let mut map = MapMut::create(&path, dtype.clone(), &[3, 2], Order::F).unwrap();
        let mut t = map.view_mut().field_mut::<f64>("t").unwrap();
        t.set(&[2, 1], 9.5).unwrap();
        let mut flag = map.view_mut().field_mut::<u8>("flag").unwrap();
        flag.set(&[0, 1], 1).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let f = npy::Npy::parse(&bytes).unwrap();
    assert_eq!(f.header().order, Order::F);
    assert_eq!(f.view().dtype(), &dtype);
    assert_eq!(f.view().field::<f64>("t").unwrap().get(&[2, 1]), Some(9.5));
    assert_eq!(f.view().field::<u8>("flag").unwrap().get(&[0, 1]), Some(1));
    assert_eq!(f.view().field::<f64>("t").unwrap().sum().unwrap(), 9.5);
}

#[test]
fn raw_binary_files_at_an_offset() {
    let dir = temp();
    let path = dir.path().join("raw.bin");
    // A 13-byte "header" of our own, then 2x3 big-endian i32 in F order.
    let mut bytes = b"instrument-1\n".to_vec();
    let values: [[i32; 3]; 2] = [[1, -2, 3], [40000, -50000, 600000]];
    for j in 0..3 {
        for row in &values {
            bytes.extend_from_slice(&row[j].to_be_bytes());
        }
    }
    bytes.extend_from_slice(b"trailer");
    std::fs::write(&path, &bytes).unwrap();
    let be_i4 = DType::from(Scalar::new(Kind::Int, 4, ByteOrder::Big).unwrap());
    let map = Map::open_raw(&path, be_i4.clone(), &[2, 3], 13, Order::F).unwrap();
    assert!(map.header().is_none());
    let v = map.view().native::<i32>().unwrap();
    for (i, row) in values.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            assert_eq!(v.view().get(&[i, j]), Some(x));
        }
    }
    // Too large for the file: refused with the sizes.
    let e = Map::open_raw(&path, be_i4.clone(), &[2, 4], 13, Order::C)
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("should be 32 bytes") && e.to_string().contains("holds 31"),
        "{e}"
    );
    assert!(Map::open_raw(&path, be_i4.clone(), &[usize::MAX, 2], 0, Order::C).is_err());
    assert!(Map::open_raw(&path, be_i4.clone(), &[1], usize::MAX, Order::C).is_err());

    // Writable raw maps: create (zero-filled, sized offset + data) and r+.
    let path2 = dir.path().join("new.bin");
    {
        let mut m = MapMut::create_raw(&path2, DType::of::<f32>(), &[10], 100, Order::C).unwrap();
        m.view_mut()
            .typed_mut::<f32>()
            .unwrap()
            .set(&[9], 2.5)
            .unwrap();
    }
    let raw = std::fs::read(&path2).unwrap();
    assert_eq!(raw.len(), 140);
    assert_eq!(&raw[136..], &2.5f32.to_ne_bytes());
    {
        let mut m = MapMut::open_raw(&path2, DType::of::<f32>(), &[10], 100, Order::C).unwrap();
        m.view_mut()
            .typed_mut::<f32>()
            .unwrap()
            .set(&[0], -1.0)
            .unwrap();
    }
    assert_eq!(
        &std::fs::read(&path2).unwrap()[100..104],
        &(-1.0f32).to_ne_bytes()
    );
    // Empty raw maps need no bytes.
    let empty = Map::open_raw(&path, DType::of::<f64>(), &[0, 5], 0, Order::C).unwrap();
    assert!(empty.view().typed::<f64>().unwrap().is_empty());
}

#[test]
fn maps_exclude_each_other_like_references() {
    let dir = temp();
    let path = dir.path().join("shared.npy");
    npy::save(
        &path,
        &Array::from_slice(&[1u16, 2, 3], &[3]).unwrap().view(),
    )
    .unwrap();
    let a = Map::open(&path).unwrap();
    let b = Map::open(&path).unwrap(); // several read-only maps: fine
    let e = MapMut::open(&path).err().unwrap();
    assert!(e.to_string().contains("already mapped"), "{e}");
    assert!(MapMut::create(&path, DType::of::<f32>(), &[2], Order::C).is_err());
    assert_eq!(
        b.view().typed::<u16>().unwrap().to_vec(),
        vec![1, 2, 3],
        "refused create left the file intact"
    );
    drop((a, b));
    let mut w = MapMut::open(&path).unwrap();
    assert!(
        MapMut::open(&path).is_err(),
        "a second writable map would alias the first"
    );
    assert!(Map::open(&path).is_err());
    w.view_mut()
        .typed_mut::<u16>()
        .unwrap()
        .set(&[0], 9)
        .unwrap();
    drop(w);
    assert_eq!(
        Map::open(&path)
            .unwrap()
            .view()
            .typed::<u16>()
            .unwrap()
            .get(&[0]),
        Some(9)
    );
}

#[test]
fn bad_files_are_errors() {
    let dir = temp();
    let path = dir.path().join("bad.npy");
    let missing = Map::open(dir.path().join("missing.npy")).err().unwrap();
    assert!(
        matches!(missing, Error::Npy(npy::NpyError::Io { .. })),
        "{missing}"
    );
    std::fs::write(&path, b"").unwrap();
    assert!(Map::open(&path).is_err() && MapMut::open(&path).is_err() && npy::read(&path).is_err());
    let a = Array::from_slice(&[1.0f32, 2.0, 3.0], &[3]).unwrap();
    npy::save(&path, &a.view()).unwrap();
    let full = std::fs::read(&path).unwrap();
    for cut in [1, 4, full.len() - 1] {
        std::fs::write(&path, &full[..full.len() - cut]).unwrap();
        for e in [
            Map::open(&path).err().unwrap(),
            npy::read(&path).err().unwrap(),
        ] {
            assert!(
                e.to_string().contains("truncated") || e.to_string().contains("should be 12 bytes"),
                "{e}"
            );
        }
    }
    // A header that announces more than the file holds: no allocation of that size.
    let mut lie = full[..10].to_vec();
    lie[6] = 2;
    lie.extend_from_slice(&[0xff, 0xff, 0xff, 0x7f]);
    std::fs::write(&path, &lie).unwrap();
    let e = npy::read(&path).err().unwrap();
    assert!(e.to_string().contains("over the limit"), "{e}");
}
