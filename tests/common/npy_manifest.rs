//! The fixture manifest (`tests/data/npy/manifest.json`, schema in
//! `tests/data/npy_manifest.py`): what each `.npy` file holds, leaf field by
//! leaf field, as hex of the stored bytes in C index order. Shared by the
//! fixture test (reading NumPy's files) and the `npy_write` example
//! (describing the files stridekit writes, for NumPy to check).

#![allow(dead_code)]

use serde_json::{json, Value};
use stridekit::dtype::DType;
use stridekit::npy::Header;
use stridekit::{DynView, Order};

/// One leaf scalar field of a file's items.
#[derive(Debug, PartialEq)]
pub struct Leaf {
    pub path: Vec<String>,
    pub descr: String,
    pub offset: usize,
    pub subshape: Vec<usize>,
    pub hex: String,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Every leaf of `view`, depth first, with its values' stored bytes in C
/// index order (sub-array elements last).
pub fn leaves(view: &DynView<'_>) -> Vec<Leaf> {
    let mut out = Vec::new();
    walk(view, view.shape().len(), 0, &mut vec![], &mut out);
    out
}

fn walk(
    view: &DynView<'_>,
    ndim: usize,
    offset: usize,
    path: &mut Vec<String>,
    out: &mut Vec<Leaf>,
) {
    match view.dtype() {
        DType::Scalar(s) => out.push(Leaf {
            path: path.clone(),
            descr: s.type_str(),
            offset,
            subshape: view.shape()[ndim..].to_vec(),
            hex: hex(view.to_owned(Order::C).as_bytes()),
        }),
        DType::Record(r) => {
            for f in r.fields() {
                path.push(f.name.clone());
                walk(
                    &view.field_view(&f.name).unwrap(),
                    ndim,
                    offset + f.offset,
                    path,
                    out,
                );
                path.pop();
            }
        }
    }
}

/// The manifest entry describing `view` written with `header`.
pub fn entry(file: &str, header: &Header, view: &DynView<'_>) -> Value {
    let fields: Vec<Value> = leaves(view)
        .into_iter()
        .map(|l| json!({"path": l.path, "descr": l.descr, "offset": l.offset, "subshape": l.subshape, "hex": l.hex}))
        .collect();
    json!({
        "file": file,
        "ok": true,
        "version": [header.version.0, header.version.1],
        "header_descr": header.dtype.descr(),
        "itemsize": header.dtype.itemsize(),
        "shape": header.shape,
        "fortran_order": header.order == Order::F,
        "fields": fields,
    })
}

/// The leaves a manifest entry lists.
pub fn listed_leaves(entry: &Value) -> Vec<Leaf> {
    entry["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Leaf {
            path: f["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect(),
            descr: f["descr"].as_str().unwrap().to_string(),
            offset: f["offset"].as_u64().unwrap() as usize,
            subshape: f["subshape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_u64().unwrap() as usize)
                .collect(),
            hex: f["hex"].as_str().unwrap().to_string(),
        })
        .collect()
}

pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}
