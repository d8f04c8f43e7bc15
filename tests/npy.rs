//! `.npy` files NumPy wrote (`tests/data/npy`, made by `tests/data/gen.py`;
//! the manifest says what each holds): every dtype and byte order, C and
//! Fortran order, versions 1.0/2.0/3.0, 0-d and empty arrays, packed,
//! aligned, gapped, sub-array, nested and big-endian records, and the
//! dtypes that must be refused. Each is read three ways (parse from bytes,
//! read into memory, memory map) and written back.

#[path = "common/npy_manifest.rs"]
mod npy_manifest;

use npy_manifest::{leaves, listed_leaves, unhex, usizes};
use serde_json::Value;
use std::path::PathBuf;
use stridekit::dtype::{DType, Kind, Scalar};
use stridekit::npy::{self, Map, Npy, NpyError};
use stridekit::{Bool8, ByteOrder, DynView, Error, NpyScalar, Order};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/npy")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(data_dir().join("manifest.json")).unwrap();
    let m: Value = serde_json::from_str(&text).unwrap();
    let files = m["files"].as_array().unwrap().clone();
    assert!(files.len() > 40, "the manifest lists too few files");
    files
}

/// Files stridekit writes differently on purpose: NumPy was told to use a
/// larger version than needed, or the header was written by hand with
/// `fortran_order: True` for an empty array (np.save writes C for those).
const NOT_REWRITTEN_IDENTICALLY: [&str; 4] = [
    "ver_2_0.npy",
    "ver_3_0.npy",
    "empty_f_0x4.npy",
    "empty_f_4x0.npy",
];

/// Checks one view against its manifest entry: header facts, every leaf's
/// bytes, and typed access (view if native, error + converted copy if not).
fn check_view(name: &str, e: &Value, view: &DynView<'_>) {
    assert_eq!(view.shape(), usizes(&e["shape"]).as_slice(), "{name}");
    assert_eq!(
        view.dtype().descr(),
        e["header_descr"].as_str().unwrap(),
        "{name}: descr printed back"
    );
    assert_eq!(
        view.dtype().itemsize() as u64,
        e["itemsize"].as_u64().unwrap(),
        "{name}"
    );
    let got = leaves(view);
    assert_eq!(got, listed_leaves(e), "{name}: leaves");
    for leaf in &got {
        let mut v = view.clone();
        for p in &leaf.path {
            v = v.field_view(p).unwrap();
        }
        check_typed_leaf(name, &v, &unhex(&leaf.hex));
    }
}

fn check_typed_leaf(name: &str, leaf: &DynView<'_>, stored: &[u8]) {
    let DType::Scalar(s) = leaf.dtype() else {
        panic!("{name}: a leaf is a scalar")
    };
    match (s.kind, s.size) {
        (Kind::Float, 8) => typed::<f64>(name, leaf, stored),
        (Kind::Float, 4) => typed::<f32>(name, leaf, stored),
        (Kind::Float, 2) => typed::<half::f16>(name, leaf, stored),
        (Kind::Int, 8) => typed::<i64>(name, leaf, stored),
        (Kind::Int, 4) => typed::<i32>(name, leaf, stored),
        (Kind::Int, 2) => typed::<i16>(name, leaf, stored),
        (Kind::Int, 1) => typed::<i8>(name, leaf, stored),
        (Kind::UInt, 8) => typed::<u64>(name, leaf, stored),
        (Kind::UInt, 4) => typed::<u32>(name, leaf, stored),
        (Kind::UInt, 2) => typed::<u16>(name, leaf, stored),
        (Kind::UInt, 1) => typed::<u8>(name, leaf, stored),
        (Kind::Bool, 1) => typed::<Bool8>(name, leaf, stored),
        (Kind::Bytes, 32) => typed::<[u8; 32]>(name, leaf, stored),
        (Kind::Bytes, 5) => typed::<[u8; 5]>(name, leaf, stored),
        (Kind::Bytes, 3) => typed::<[u8; 3]>(name, leaf, stored),
        other => panic!("{name}: no typed check for {other:?}"),
    }
}

/// A native leaf is a zero-copy typed view of the stored bytes; a foreign
/// one refuses `typed` (naming the byte order) and converts with `native`.
fn typed<T: NpyScalar>(name: &str, leaf: &DynView<'_>, stored: &[u8]) {
    let size = std::mem::size_of::<T>();
    if leaf.dtype().is_native() {
        let v = leaf.typed::<T>().unwrap();
        assert_eq!(v.as_ptr().cast::<u8>(), leaf.as_ptr(), "{name}: zero-copy");
        assert_eq!(bytemuck::cast_slice::<T, u8>(&v.to_vec()), stored, "{name}");
        assert!(leaf.native::<T>().unwrap().is_borrowed());
    } else {
        let err = leaf.typed::<T>().err().unwrap().to_string();
        assert!(err.contains("byte order"), "{name}: {err}");
        let swapped: Vec<u8> = stored
            .chunks(size)
            .flat_map(|c| c.iter().rev().copied())
            .collect();
        let native = leaf.native::<T>().unwrap();
        assert_eq!(
            bytemuck::cast_slice::<T, u8>(&native.view().to_vec()),
            swapped,
            "{name}"
        );
    }
    // The other types of the same size are refused.
    if size != 4 {
        assert!(leaf.typed::<f32>().is_err() && leaf.typed::<i32>().is_err());
    } else {
        assert!(leaf.typed::<u16>().is_err() && leaf.typed::<i64>().is_err());
    }
}

/// Fixtures include NumPy-written headers over NumPy's default limit (a
/// 68 KB record header): they are read with the largest limit.
const TRUSTED: npy::ReadOptions = npy::ReadOptions {
    max_header_size: npy::MAX_HEADER_LEN,
};

#[test]
fn numpy_fixtures_read_three_ways_and_write_back_identically() {
    // Miri (no memory maps; slow) checks a sample that covers each path.
    const MIRI_SAMPLE: [&str; 3] = ["fort_i2_be_3d.npy", "rec_nested.npy", "bad_c8.npy"];
    for e in manifest() {
        let name = e["file"].as_str().unwrap();
        if cfg!(miri) && !MIRI_SAMPLE.contains(&name) {
            continue;
        }
        let path = data_dir().join(name);
        let bytes = std::fs::read(&path).unwrap();
        let version = usizes(&e["version"]);
        if !e["ok"].as_bool().unwrap() {
            let mut errors = vec![
                Npy::parse_with(&bytes, &TRUSTED).unwrap_err(),
                npy::read_with(&path, &TRUSTED).unwrap_err(),
            ];
            if !cfg!(miri) {
                errors.push(Map::open_with(&path, &TRUSTED).err().unwrap());
            }
            for err in errors {
                assert!(npy::is_unsupported_dtype(&err), "{name}: {err}");
                let descr = e["header_descr"].as_str().unwrap();
                assert!(
                    err.to_string().contains(descr),
                    "{name}: {err} should name {descr}"
                );
            }
            continue;
        }
        let file = Npy::parse_with(&bytes, &TRUSTED).unwrap();
        let h = file.header();
        // As NumPy: headers over 10,000 bytes need max_header_size raised.
        let header_len = h.data_offset - if h.version.0 == 1 { 10 } else { 12 };
        if header_len > npy::DEFAULT_MAX_HEADER_SIZE {
            assert!(
                Npy::parse(&bytes).is_err(),
                "{name}: the default limit refuses it"
            );
        }
        assert_eq!(
            [h.version.0 as usize, h.version.1 as usize],
            version[..],
            "{name}"
        );
        assert_eq!(
            h.order == Order::F,
            e["fortran_order"].as_bool().unwrap(),
            "{name}"
        );
        assert_eq!(h.data_offset % 64, 0, "{name}");
        check_view(name, &e, &file.view());

        // Fortran order is an F-contiguous view, not a copy.
        if h.order == Order::F && file.view().len() > 1 {
            let (order, data) = file.view().dense_bytes().unwrap();
            assert_eq!(order, Order::F, "{name}");
            assert_eq!(data.as_ptr(), bytes[h.data_offset..].as_ptr(), "{name}");
        }

        let owned = npy::read_with(&path, &TRUSTED).unwrap();
        assert_eq!(owned.as_bytes().as_ptr() as usize % 64, 0, "{name}");
        check_view(name, &e, &owned.view());

        if !cfg!(miri) {
            let map = Map::open_with(&path, &TRUSTED).unwrap();
            assert_eq!(map.header(), Some(h));
            if !map.view().is_empty() {
                let p = map.view().as_ptr() as usize;
                assert_eq!(p % 64, 0, "{name}: mapped data 64-byte aligned");
            }
            check_view(name, &e, &map.view());
        }

        let mut written = Vec::new();
        npy::write_to(&mut written, &file.view()).unwrap();
        if !NOT_REWRITTEN_IDENTICALLY.contains(&name) {
            assert!(
                written == bytes,
                "{name}: stridekit's file differs from NumPy's"
            );
        }
        let back = Npy::parse_with(&written, &TRUSTED).unwrap();
        check_view(name, &e, &back.view());

        // Converting to native keeps every value.
        let native = file.view().to_native().unwrap();
        assert!(native.dtype().is_native());
        assert_eq!(native.dtype(), &file.view().dtype().to_native());
        for (a, b) in leaves(&native.view()).iter().zip(leaves(&file.view())) {
            let size = match DType::parse_descr(&format!("'{}'", b.descr)).unwrap() {
                DType::Scalar(Scalar {
                    order: Some(o),
                    size,
                    ..
                }) if o != ByteOrder::NATIVE => size,
                _ => 1,
            };
            let want: Vec<u8> = unhex(&b.hex)
                .chunks(size)
                .flat_map(|c| c.iter().rev().copied())
                .collect();
            assert_eq!(unhex(&a.hex), want, "{name}: {:?} to native", a.path);
        }
    }
}

#[test]
fn the_seed_layout_by_field_name() {
    let bytes = std::fs::read(data_dir().join("rec_packed.npy")).unwrap();
    let file = Npy::parse(&bytes).unwrap();
    let v = file.view();
    let salary = v.field::<f64>("salary").unwrap();
    assert_eq!(salary.strides(), &[44]);
    assert!(!salary.is_aligned() || salary.strides()[0] % 8 != 0);
    // The fixture's salaries include NaN and inf; the first two are plain.
    let head = salary.slice(stridekit::s![..2]).unwrap();
    let want = (head.get(&[0]).unwrap() + head.get(&[1]).unwrap()) / 2.0;
    assert_eq!(head.mean().unwrap(), want);
    assert!(salary.mean().unwrap().is_nan());
    let age = v.field::<i32>("age").unwrap();
    assert_eq!(age.shape(), &[6]);
    let names = v.field::<[u8; 32]>("name").unwrap();
    assert_eq!(&names.get(&[0]).unwrap()[..5], b"Alice");

    fn e<T>(r: Result<T, Error>) -> String {
        r.err().unwrap().to_string()
    }
    assert!(e(v.field::<f64>("wage")).contains("no field \"wage\""));
    assert!(e(v.field::<f32>("salary")).contains("'<f8'"));
    assert!(e(v.field::<i64>("age")).contains("'<i4'"));
    assert!(e(v.typed::<f64>()).contains("[('name'"));
    let plain = Npy::parse(&[]).err();
    assert!(matches!(
        plain,
        Some(Error::Npy(NpyError::Truncated { .. }))
    ));
    let f8 = std::fs::read(data_dir().join("f8_le.npy")).unwrap();
    let f8 = Npy::parse(&f8).unwrap();
    assert!(e(f8.view().field::<f64>("x")).contains("not a structured type"));
}

/// `native_into` fills an existing buffer: swapped from big-endian, copied
/// when native, broadcast like `np.copyto`, refused for other types and shapes.
#[test]
fn native_into_fills_an_existing_buffer() {
    use stridekit::{s, Array};
    let read = |name: &str| std::fs::read(data_dir().join(name)).unwrap();
    let (be, le) = (read("f8_be.npy"), read("f8_le.npy"));
    let (be, le) = (Npy::parse(&be).unwrap(), Npy::parse(&le).unwrap());
    let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let want = bits(be.view().native::<f64>().unwrap().into_owned().to_vec());
    let le_bits = bits(le.view().typed::<f64>().unwrap().to_vec());
    assert_eq!(want, le_bits, "the fixtures hold the same values");
    let shape = be.view().shape().to_vec();
    assert_eq!(shape.len(), 2);
    let (r, c) = (shape[0], shape[1]);
    for src in [be.view(), le.view()] {
        let mut out = Array::<f64>::zeros(&shape).unwrap();
        src.native_into(&mut out).unwrap();
        assert_eq!(bits(out.to_vec()), want);
        // Into every other column, reversed: a strided output.
        let mut wide = Array::<f64>::zeros(&[r, 2 * c]).unwrap();
        src.native_into(wide.slice_mut(s![.., ..;-2]).unwrap())
            .unwrap();
        let wide = wide.to_vec();
        for i in 0..r {
            for j in 0..c {
                let at = i * 2 * c + (2 * c - 1 - 2 * j);
                assert_eq!(wide[at].to_bits(), want[i * c + j], "element ({i}, {j})");
                assert_eq!(wide[at - 1], 0.0, "untouched gap at ({i}, {j})");
            }
        }
        // Broadcast: each of two stacked copies gets the data.
        let mut stacked = Array::<f64>::zeros(&[2, r, c]).unwrap();
        src.native_into(&mut stacked).unwrap();
        assert_eq!(bits(stacked.slice(s![1]).unwrap().to_vec()), want);
        // Refused: a shape the data does not broadcast to, another type.
        let mut other = Array::<f64>::zeros(&[r + 1, c]).unwrap();
        assert!(matches!(
            src.native_into(&mut other),
            Err(Error::OutputShape { .. })
        ));
        let mut f32s = Array::<f32>::zeros(&shape).unwrap();
        assert!(src
            .native_into(&mut f32s)
            .unwrap_err()
            .to_string()
            .contains("'<f4'"));
    }
}
