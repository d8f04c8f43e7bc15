//! `.npz` archives: every member of the archives NumPy wrote
//! (`tests/data/npz/`, from `tests/data/gen_npz.py`: `np.savez`,
//! `np.savez_compressed`, positional names) read back with its descr, shape
//! and bytes; archives stridekit writes read back the same (stored and
//! deflated); a missing member, a file that is not an archive, and a
//! truncated archive are errors; an unfinished writer leaves the target.

mod common;

use common::fixture::unhex;
use serde_json::Value;
use stridekit::npy::{save_npz, Compression, Npz, NpzWriter};
use stridekit::{Array, DynView, Order};

fn data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/npz")
}

#[test]
fn archives_numpy_wrote_read_back_member_by_member() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("manifest.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for (archive, names) in manifest["archives"].as_object().unwrap() {
        let mut npz = Npz::open(data_dir().join(archive)).unwrap();
        let want_names: Vec<String> = names
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        assert_eq!(npz.names(), want_names, "{archive}");
        for name in &want_names {
            let m = &manifest["members"][name];
            let a = npz.read(name).unwrap();
            let v = a.view();
            assert_eq!(
                v.dtype().descr(),
                m["descr"].as_str().unwrap(),
                "{archive}/{name}"
            );
            let shape: Vec<usize> = m["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(v.shape(), shape.as_slice(), "{archive}/{name}");
            let c = v.to_owned(Order::C);
            assert_eq!(
                c.as_bytes(),
                unhex(m["hex"].as_str().unwrap()),
                "{archive}/{name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 7 + 7 + 2);
    let mut npz = Npz::open(data_dir().join("stored.npz")).unwrap();
    let err = npz.read("nope").unwrap_err().to_string();
    assert!(err.contains("\"nope\"") && err.contains("\"x\""), "{err}");
}

#[test]
fn archives_stridekit_writes_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let a = Array::from_shape_fn(&[3, 5], |i| (i[0] * 5 + i[1]) as f64 - 2.5).unwrap();
    let b = Array::from_shape_fn(&[4], |i| i[0] as i32 * 7).unwrap();
    let at = a.t();
    for compression in [Compression::Stored, Compression::Deflated] {
        let path = dir.path().join(format!("{compression:?}.npz"));
        save_npz(
            &path,
            &[
                ("a", DynView::from_typed(a.view())),
                ("a_t", DynView::from_typed(at.view())),
                ("b", DynView::from_typed(b.view())),
            ],
            compression,
        )
        .unwrap();
        let mut npz = Npz::open(&path).unwrap();
        assert_eq!(npz.names(), ["a", "a_t", "b"]);
        let got = npz.read("a").unwrap();
        assert_eq!(got.view().typed::<f64>().unwrap().to_vec(), a.to_vec());
        let got = npz.read("a_t").unwrap();
        let got = got.view().typed::<f64>().unwrap();
        assert_eq!((got.shape(), got.to_vec()), (at.shape(), at.to_vec()));
        assert!(
            got.is_f_contiguous(),
            "a transposed C array is stored F-order, as np.save"
        );
        assert_eq!(
            npz.read("b")
                .unwrap()
                .view()
                .typed::<i32>()
                .unwrap()
                .to_vec(),
            b.to_vec()
        );
    }
    // An unfinished writer leaves the old file and no temporary behind.
    let path = dir.path().join("keep.npz");
    std::fs::write(&path, b"old").unwrap();
    let mut w = NpzWriter::create(&path, Compression::Deflated).unwrap();
    w.add("a", &DynView::from_typed(a.view())).unwrap();
    drop(w);
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn broken_archives_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let not_zip = dir.path().join("not.npz");
    std::fs::write(&not_zip, b"\x93NUMPY this is not a zip").unwrap();
    assert!(Npz::open(&not_zip).is_err());
    let whole = std::fs::read(data_dir().join("deflated.npz")).unwrap();
    for cut in [whole.len() / 2, whole.len() - 10] {
        let truncated = dir.path().join(format!("cut{cut}.npz"));
        std::fs::write(&truncated, &whole[..cut]).unwrap();
        let opened = Npz::open(&truncated);
        if let Ok(mut npz) = opened {
            let names = npz.names();
            assert!(names.iter().any(|n| npz.read(n).is_err()), "cut at {cut}");
        }
    }
    // A member whose bytes are not a .npy file.
    let path = dir.path().join("junk.npz");
    {
        let f = std::fs::File::create(&path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("x.npy", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"garbage").unwrap();
        z.finish().unwrap();
    }
    assert!(Npz::open(&path).unwrap().read("x").is_err());
}

#[test]
fn a_failed_finish_leaves_no_temporary_behind() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a directory: the final rename fails.
    let target = dir.path().join("taken.npz");
    std::fs::create_dir(&target).unwrap();
    let a = Array::from_vec(vec![1.0f64, 2.0], &[2]).unwrap();
    let mut w = NpzWriter::create(&target, Compression::Stored).unwrap();
    w.add("a", &DynView::from_typed(a.view())).unwrap();
    assert!(w.finish().is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("taken.npz")],
        "{left:?}"
    );
    assert!(target.is_dir(), "the target is untouched");
}
