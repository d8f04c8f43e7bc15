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

fn exercise(v: &DynView<'_>, depth: usize) {
    let _ = v.typed::<f64>();
    let _ = v.typed::<u8>();
    let _ = v.native::<i32>().map(|a| a.view().len());
    if let DType::Record(r) = v.dtype() {
        for f in r.fields() {
            let field = v.field_view(&f.name).expect("listed fields exist");
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
