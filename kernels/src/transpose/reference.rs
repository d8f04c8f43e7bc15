//! The transpose oracle: two nested loops.

/// The transposing copy: `dst[c * ds + r] = src[r * ss + c]` (strides in elements).
pub fn transpose<T: Copy>(
    rows: usize,
    cols: usize,
    src: &[T],
    ss: usize,
    dst: &mut [T],
    ds: usize,
) {
    for r in 0..rows {
        for c in 0..cols {
            dst[c * ds + r] = src[r * ss + c];
        }
    }
}
