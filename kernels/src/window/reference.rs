//! The oracle for the window kernels, written literally from the
//! definitions: every window reduced on its own (O(n·w)), every correlation
//! output summed term by term.

use super::convolve::{mode_geometry, Mode};
use crate::elementwise::reference::{maximum, minimum};
use crate::Float;

/// Every window of `w` elements of `x` (NumPy's `sliding_window_view`).
fn windows<T: Float>(x: &[T], w: usize) -> impl Iterator<Item = &[T]> {
    x.windows(w.max(1)).filter(move |_| w >= 1)
}

/// The IEEE 754-2019 maximum of each window, folded left to right.
pub fn rolling_max<T: Float>(x: &[T], w: usize) -> Vec<T> {
    windows(x, w)
        .map(|v| v.iter().copied().reduce(maximum).expect("w >= 1"))
        .collect()
}

/// The IEEE 754-2019 minimum of each window, folded left to right.
pub fn rolling_min<T: Float>(x: &[T], w: usize) -> Vec<T> {
    windows(x, w)
        .map(|v| v.iter().copied().reduce(minimum).expect("w >= 1"))
        .collect()
}

/// Each window's sum, left to right in `T` (for the NaN/inf cases), and
/// nearly exactly in `f64` with Neumaier compensation, with `Σ|x|`.
pub fn rolling_sum_exact<T: Float>(x: &[T], w: usize) -> Vec<(T, f64, f64)> {
    windows(x, w)
        .map(|v| {
            let naive = v.iter().fold(T::from_f64(0.0), |s, &a| s.add(a));
            let (mut s, mut c, mut abs) = (0f64, 0f64, 0f64);
            for &a in v {
                let a = a.to_f64();
                let t = s + a;
                c += if s.abs() >= a.abs() {
                    (s - t) + a
                } else {
                    (a - t) + s
                };
                s = t;
                abs += a.abs();
            }
            (naive, s + c, abs)
        })
        .collect()
}

/// Each window's variance (`ddof`) by the two-pass formula in `f64` (on
/// values shifted by the window's first), and
/// its range (`max - min`), or NaN for a window with a NaN or an infinity.
pub fn rolling_var_exact<T: Float>(x: &[T], w: usize, ddof: usize) -> Vec<(f64, f64)> {
    windows(x, w)
        .map(|v| {
            let v: Vec<f64> = v.iter().map(|a| a.to_f64()).collect();
            if v.iter().any(|a| !a.is_finite()) {
                return (f64::NAN, f64::NAN);
            }
            // Shifted by the first value (an exact subtraction for nearby
            // values), so an offset costs the reference no digits either.
            let v0 = v[0];
            let v: Vec<f64> = v.iter().map(|a| a - v0).collect();
            let mean = v.iter().sum::<f64>() / w as f64;
            let m2: f64 = v.iter().map(|a| (a - mean) * (a - mean)).sum();
            let range = v.iter().cloned().fold(f64::MIN, f64::max)
                - v.iter().cloned().fold(f64::MAX, f64::min);
            (m2 / (w - ddof) as f64, range)
        })
        .collect()
}

/// NumPy's `correlate(a, v, mode)`, term by term: each output starts at `+0`
/// and adds `a[·]·v[k]` for `k` ascending with one fused multiply-add,
/// skipping terms outside `a`; `v` longer than `a` correlates the other way
/// round and reverses.
pub fn correlate<T: Float>(a: &[T], v: &[T], mode: Mode) -> Vec<T> {
    if a.len() < v.len() {
        let mut out = correlate(v, a, mode);
        out.reverse();
        return out;
    }
    let (n, m) = (a.len(), v.len());
    let (len, left) = mode_geometry(mode, n, m);
    (0..len)
        .map(|j| {
            let mut acc = T::from_f64(0.0);
            for (k, &h) in v.iter().enumerate() {
                let i = j as isize - left as isize + k as isize;
                if (0..n as isize).contains(&i) {
                    acc = a[i as usize].mul_add(h, acc);
                }
            }
            acc
        })
        .collect()
}

/// NumPy's `convolve(a, v, mode)`: the longer input correlated with the
/// shorter reversed.
pub fn convolve<T: Float>(a: &[T], v: &[T], mode: Mode) -> Vec<T> {
    let (long, short) = if a.len() >= v.len() { (a, v) } else { (v, a) };
    let reversed: Vec<T> = short.iter().rev().copied().collect();
    correlate(long, &reversed, mode)
}
