//! Fuzz target: any bytes as a `.npy` file. Parsing must return (never
//! panic, hang or allocate beyond the input's size); an accepted file must
//! describe exactly its bytes, and everything a user can do with it —
//! field views, typed access, conversion to native order, writing it back —
//! must work and round-trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridekit::dtype::DType;
use stridekit::npy::Npy;
use stridekit::{DynView, Order};

/// Copies stay small: the fuzzer's inputs are small, but zero-size items can
/// describe huge counts (a copy of those is legal and would take the time).
const MAX_COPY: usize = 1 << 16;

fn exercise(v: &DynView<'_>, depth: usize) {
    let n = v.len();
    let count = if v.shape().contains(&0) {
        Some(0)
    } else {
        v.shape().iter().try_fold(1usize, |a, &d| a.checked_mul(d))
    };
    assert_eq!(Some(n), count, "len() is the item count, which fits");
    let _ = v.is_empty();
    if let Ok(t) = v.typed::<f64>() {
        let _ = (t.len(), t.sum());
    }
    if let Ok(t) = v.typed::<u8>() {
        if t.len() <= MAX_COPY {
            let _ = t.try_to_vec();
        }
    }
    let _ = v.native::<i32>().map(|a| a.view().len());
    if n.saturating_mul(v.dtype().itemsize().max(1)) <= MAX_COPY {
        let _ = v.to_owned(Order::C);
        let _ = v.to_owned(Order::F);
    }
    if let DType::Record(r) = v.dtype() {
        for f in r.fields() {
            // A field view may be refused (the size rule), never panic.
            let Ok(field) = v.field_view(&f.name) else {
                continue;
            };
            let _ = field.len();
            let _ = field.typed::<f32>().map(|t| t.len());
            if depth < 4 {
                exercise(&field, depth + 1);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(file) = Npy::parse(data) else {
        return;
    };
    let h = file.header();
    assert_eq!(h.data_offset + h.data_len, data.len());
    let view = file.view();
    exercise(&view, 0);
    let native = view.to_native().expect("conversion of a parsed file");
    assert_eq!(native.dtype(), &view.dtype().to_native());
    let mut out = Vec::new();
    stridekit::npy::write_to(&mut out, &view).expect("writing to memory");
    let back = Npy::parse(&out).expect("stridekit reads what it writes");
    assert_eq!(back.view().dtype(), view.dtype());
    assert_eq!(back.view().shape(), view.shape());
    assert_eq!(
        back.view().to_owned(Order::C).as_bytes(),
        view.to_owned(Order::C).as_bytes()
    );
});
