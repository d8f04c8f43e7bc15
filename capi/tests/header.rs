//! The committed C header is what cbindgen generates from this crate now;
//! `STRIDEKIT_BLESS=1` rewrites it.

use std::path::Path;

#[test]
fn header_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen runs")
        .write(&mut generated);
    let path = dir.join("include/stridekit.h");
    if std::env::var_os("STRIDEKIT_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write the header");
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "capi/include/stridekit.h is stale: run `STRIDEKIT_BLESS=1 cargo test -p stridekit-capi --test header` and commit it"
    );
}
