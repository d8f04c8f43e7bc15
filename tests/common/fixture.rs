//! Reading the NumPy fixtures (`tests/data/*.json`, each written by the
//! `gen_*.py` beside it): loading, hex-encoded element bytes, shapes.

use serde_json::Value;

/// Parses `tests/data/<name>`.
pub fn load(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bytes of a hex string (two digits a byte).
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The elements of a hex string of native-order (little-endian) bytes.
pub fn elements<T: bytemuck::Pod>(hex: &str) -> Vec<T> {
    unhex(hex)
        .chunks_exact(std::mem::size_of::<T>())
        .map(bytemuck::pod_read_unaligned)
        .collect()
}

/// A JSON list of non-negative integers (a shape).
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_u64().expect("a non-negative integer") as usize)
        .collect()
}
