//! Writes `.npy` files with stridekit, plus a manifest of what each must
//! hold, for NumPy to check (`tests/data/check_written.py DIR`):
//!
//! ```text
//! cargo run --example npy_write -- DIR && python3 tests/data/check_written.py DIR
//! ```
//!
//! The files: every NumPy fixture read and written back, and arrays made
//! in Rust in layouts NumPy did not write (transposed, reversed, sliced
//! views; typed records; a created memory map). The manifest's values come
//! from the source views, not from reading the written files back, so a
//! writer bug cannot hide behind a matching reader bug.

#[path = "../tests/common/npy_manifest.rs"]
mod npy_manifest;

use bytemuck::{Pod, Zeroable};
use std::path::{Path, PathBuf};
use stridekit::dtype::{DType, Kind, Scalar};
use stridekit::npy::{self, MapMut, Npy};
use stridekit::{f16, s, Array, Bool8, ByteOrder, DynView, Order};

#[repr(C, packed)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Employee {
    name: [u8; 32],
    age: i32,
    salary: f64,
}

/// The fixtures are the project's own: headers over NumPy's default
/// 10,000-byte limit (a 68 KB record header) are read as trusted.
const TRUSTED: npy::ReadOptions = npy::ReadOptions {
    max_header_size: npy::MAX_HEADER_LEN,
};

fn write(
    dir: &Path,
    name: &str,
    view: &DynView<'_>,
    entries: &mut Vec<serde_json::Value>,
) -> stridekit::Result<()> {
    let path = dir.join(name);
    npy::write(&path, view)?;
    let bytes = std::fs::read(&path).expect("just written");
    let header = Npy::parse_with(&bytes, &TRUSTED)?.header().clone();
    entries.push(npy_manifest::entry(name, &header, view));
    Ok(())
}

fn main() -> stridekit::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: npy_write DIR"));
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let mut entries = Vec::new();

    // Every NumPy fixture, read and written back.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/npy");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the fixtures")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .into_string()
                .expect("UTF-8 names")
        })
        .filter(|n| n.ends_with(".npy"))
        .collect();
    names.sort();
    for name in &names {
        let bytes = std::fs::read(fixtures.join(name)).expect("a fixture");
        match Npy::parse_with(&bytes, &TRUSTED) {
            Ok(f) => write(&dir, &format!("rewritten_{name}"), &f.view(), &mut entries)?,
            Err(e) if npy::is_unsupported_dtype(&e) => {}
            Err(e) => return Err(e),
        }
    }

    // Layouts made in Rust.
    let m = Array::from_shape_fn(&[5, 7], |i| (i[0] as f64 - 2.0) * 1.5 + i[1] as f64 / 8.0)?;
    write(
        &dir,
        "f64_c.npy",
        &DynView::from_typed(m.view()),
        &mut entries,
    )?;
    write(
        &dir,
        "f64_transposed.npy",
        &DynView::from_typed(m.t()),
        &mut entries,
    )?;
    let odd = m.slice(s![..;-2, 1..;3])?;
    write(
        &dir,
        "f64_reversed_slice.npy",
        &DynView::from_typed(odd),
        &mut entries,
    )?;
    let h = Array::from_shape_fn(&[3, 4], |i| f16::from_f32(i[0] as f32 - i[1] as f32 / 3.0))?;
    write(
        &dir,
        "f16.npy",
        &DynView::from_typed(h.view()),
        &mut entries,
    )?;
    let b = Array::from_shape_fn(&[6], |i| Bool8(u8::from(i[0] % 3 == 0)))?;
    write(
        &dir,
        "bool.npy",
        &DynView::from_typed(b.view()),
        &mut entries,
    )?;
    let i8s = Array::from_shape_fn(&[2, 2, 2], |i| (i[0] * 100) as i8 - (i[2] * 64) as i8)?;
    write(
        &dir,
        "i8_3d.npy",
        &DynView::from_typed(i8s.view()),
        &mut entries,
    )?;
    let zero_d = Array::from_shape_fn(&[], |_| 7u64)?;
    write(
        &dir,
        "u64_0d.npy",
        &DynView::from_typed(zero_d.view()),
        &mut entries,
    )?;
    let empty = Array::<i16>::zeros(&[0, 3])?;
    write(
        &dir,
        "i16_empty.npy",
        &DynView::from_typed(empty.view()),
        &mut entries,
    )?;

    let staff: Vec<Employee> = (0..5)
        .map(|i| {
            let mut name = [0u8; 32];
            name[..3].copy_from_slice(format!("p{i:02}").as_bytes());
            Employee {
                name,
                age: 30 + i,
                salary: 1e3 * f64::from(i) + 0.5,
            }
        })
        .collect();
    let records = Array::from_slice(&staff, &[5])?;
    let seed = DType::parse_descr("[('name', '|S32'), ('age', '<i4'), ('salary', '<f8')]")?;
    write(
        &dir,
        "records_packed.npy",
        &DynView::from_records(records.view(), seed.clone())?,
        &mut entries,
    )?;
    let every_other = records.slice(s![..;2])?;
    write(
        &dir,
        "records_strided.npy",
        &DynView::from_records(every_other, seed)?,
        &mut entries,
    )?;

    let be = DType::from(Scalar::new(Kind::Float, 8, ByteOrder::Big).expect("a valid scalar"));
    let be_bytes: Vec<u8> = (0..6)
        .flat_map(|i| (f64::from(i) * -0.75).to_be_bytes())
        .collect();
    write(
        &dir,
        "f64_big_endian_f.npy",
        &DynView::new(&be_bytes, be, &[2, 3], Order::F)?,
        &mut entries,
    )?;

    // A file created as a memory map ('w+'), filled through a field view.
    let path = dir.join("created_map.npy");
    let dtype = DType::parse_descr("[('温度', '<f4'), ('id', '<u2', (2,))]")?;
    let mut map = MapMut::create(&path, dtype, &[4], Order::C)?;
    {
        let mut t = map.view_mut().field_mut::<f32>("温度")?;
        for i in 0..4 {
            t.set(&[i], i as f32 * 2.5 - 1.0)?;
        }
        let mut id = map.view_mut().field_mut::<u16>("id")?;
        id.set(&[3, 1], 65535)?;
    }
    map.flush()?;
    let header = map.header().expect("an .npy map").clone();
    entries.push(npy_manifest::entry("created_map.npy", &header, &map.view()));

    let manifest = serde_json::json!({ "writer": "stridekit", "files": entries });
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).expect("JSON"),
    )
    .expect("write the manifest");
    println!(
        "wrote {} files and manifest.json to {}",
        entries.len(),
        dir.display()
    );
    rewrite_npz(&dir)
}

/// Every `.npz` fixture, read member by member and written back stored and
/// deflated into `DIR/npz/` (`tests/data/check_npz.py` compares them).
fn rewrite_npz(dir: &Path) -> stridekit::Result<()> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/npz");
    let out = dir.join("npz");
    std::fs::create_dir_all(&out).expect("create the npz directory");
    for archive in ["stored.npz", "deflated.npz", "positional.npz"] {
        let mut npz = npy::Npz::open(fixtures.join(archive))?;
        let names = npz.names();
        let arrays = names
            .iter()
            .map(|n| npz.read(n))
            .collect::<stridekit::Result<Vec<_>>>()?;
        let views: Vec<(&str, DynView<'_>)> = names
            .iter()
            .zip(&arrays)
            .map(|(n, a)| (n.as_str(), a.view()))
            .collect();
        for (tag, compression) in [
            ("stored", npy::Compression::Stored),
            ("deflated", npy::Compression::Deflated),
        ] {
            npy::save_npz(out.join(format!("{tag}_{archive}")), &views, compression)?;
        }
    }
    println!("rewrote the .npz fixtures into {}", out.display());
    Ok(())
}
