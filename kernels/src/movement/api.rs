//! The data-movement entry points: byte swaps, conversions, take and put.
//!
//! Each comes in three forms: a safe slice function on the active ISA
//! (`byteswap`), the same on a named ISA for tests and benchmarks
//! (`byteswap_on`), and an `unsafe` raw form over (pointer, length, byte
//! stride) runs for the array layer, which resolves the ISA once per call and
//! then runs many runs without re-validating them.

use super::byteswap::{supported_width, SwapRun};
use super::convert::{Cast, CheckRun, ConvertRun};
use super::gather::{CheckIndices, Index, PutRun, TakeRun};
use crate::dispatch::{check_isa, isa_or_active};
use crate::element::{read_at, Element};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::per_isa::{run_on, run_on_unchecked};
use bytemuck::Pod;
use std::marker::PhantomData;

fn width<T>() -> Result<usize, KernelError> {
    let size = size_of::<T>();
    if supported_width(size) {
        Ok(size)
    } else {
        Err(KernelError::UnsupportedWidth { size })
    }
}

/// `dst[i] = src[i]` with the bytes of each element reversed, on `isa`.
pub fn byteswap_on<T: Pod>(isa: Option<Isa>, src: &[T], dst: &mut [T]) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("src", dst.len(), src.len())?;
    let w = width::<T>()?;
    let (n, e) = (src.len(), w as isize);
    let body = SwapRun {
        width: w,
        n,
        src: src.as_ptr().cast(),
        ss: e,
        dst: dst.as_mut_ptr().cast(),
        ds: e,
    };
    // SAFETY (of the body): two distinct borrows of n elements each.
    Ok(run_on(isa, body)?)
}

/// Reverses the bytes of each element in place, on `isa`.
pub fn byteswap_in_place_on<T: Pod>(isa: Option<Isa>, x: &mut [T]) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    let w = width::<T>()?;
    let p = x.as_mut_ptr().cast::<u8>();
    let e = w as isize;
    let body = SwapRun {
        width: w,
        n: x.len(),
        src: p,
        ss: e,
        dst: p,
        ds: e,
    };
    // SAFETY (of the body): one exclusive borrow of n elements, in place.
    Ok(run_on(isa, body)?)
}

/// `dst[i] = src[i]` with the bytes of each element reversed (2-, 4-, 8- or
/// 16-byte elements; 1-byte elements are copied).
pub fn byteswap<T: Pod>(src: &[T], dst: &mut [T]) -> Result<(), KernelError> {
    byteswap_on(None, src, dst)
}

/// Reverses the bytes of each element of `x`.
pub fn byteswap_in_place<T: Pod>(x: &mut [T]) -> Result<(), KernelError> {
    byteswap_in_place_on(None, x)
}

/// Byte swap of a run of `n` `T`s at byte strides (`src == dst` with equal
/// strides for in place).
///
/// # Safety
/// `isa` is supported by this CPU; `src` readable and `dst` writable for `n`
/// elements at their strides; no two elements of `dst` overlap; the runs are
/// either the same run or disjoint.
pub unsafe fn byteswap_raw<T: Pod>(
    isa: Isa,
    n: usize,
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
) -> Result<(), KernelError> {
    let w = width::<T>()?;
    let body = SwapRun {
        width: w,
        n,
        src,
        ss,
        dst,
        ds,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) };
    Ok(())
}

/// `dst[i] = src[i]` converted by the saturating / wrapping rule, on `isa`.
pub fn convert_on<A: Cast<B>, B: Element>(
    isa: Option<Isa>,
    src: &[A],
    dst: &mut [B],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("src", dst.len(), src.len())?;
    // SAFETY: two distinct borrows of n elements each.
    let body = unsafe {
        ConvertRun::<A, B>::new(
            src.len(),
            src.as_ptr().cast(),
            size_of::<A>() as isize,
            dst.as_mut_ptr().cast(),
            size_of::<B>() as isize,
        )
    };
    Ok(run_on(isa, body)?)
}

/// `dst[i] = src[i]` converted (see [`Cast`] for the rules).
pub fn convert<A: Cast<B>, B: Element>(src: &[A], dst: &mut [B]) -> Result<(), KernelError> {
    convert_on(None, src, dst)
}

/// The first position of a run whose value [`Cast::try_cast`] refuses, as an
/// error (or `Ok` if there is none).
fn refused<A: Cast<B>, B: Element>(isa: Isa, src: &[A]) -> Result<(), KernelError> {
    // SAFETY: a borrowed slice of src.len() elements.
    let body =
        unsafe { CheckRun::<A, B>::new(src.len(), src.as_ptr().cast(), size_of::<A>() as isize) };
    match run_on(isa, body)? {
        None => Ok(()),
        Some(position) => Err(KernelError::Unrepresentable {
            value: src[position].to_string(),
            position,
            from: A::NAME,
            to: B::NAME,
        }),
    }
}

/// Checked conversion on `isa`: an error naming the first value that would
/// saturate or wrap, with `dst` untouched.
pub fn try_convert_on<A: Cast<B>, B: Element>(
    isa: Option<Isa>,
    src: &[A],
    dst: &mut [B],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("src", dst.len(), src.len())?;
    refused::<A, B>(isa, src)?;
    convert_on(Some(isa), src, dst)
}

/// Checked conversion: an error naming the first value that would saturate
/// or wrap, with `dst` untouched.
pub fn try_convert<A: Cast<B>, B: Element>(src: &[A], dst: &mut [B]) -> Result<(), KernelError> {
    try_convert_on(None, src, dst)
}

/// Converts a run of `n` elements at byte strides.
///
/// # Safety
/// `isa` is supported; `src` readable for `n` `A`s at stride `ss`; `dst`
/// writable for `n` `B`s at stride `ds`, its elements pairwise disjoint and
/// disjoint from `src`'s.
pub unsafe fn convert_raw<A: Cast<B>, B: Element>(
    isa: Isa,
    n: usize,
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
) {
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, ConvertRun::<A, B>::new(n, src, ss, dst, ds)) }
}

/// The first element of a run that a checked conversion to `B` refuses.
///
/// # Safety
/// `isa` is supported; `src` readable for `n` `A`s at stride `ss`.
pub unsafe fn check_convert_raw<A: Cast<B>, B: Element>(
    isa: Isa,
    n: usize,
    src: *const u8,
    ss: isize,
) -> Option<usize> {
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, CheckRun::<A, B>::new(n, src, ss)) }
}

/// Reads element `k` of a run (for error messages of raw callers).
///
/// # Safety
/// Element `k` must be readable.
pub unsafe fn read_element<T: Pod>(src: *const u8, stride: isize, k: usize) -> T {
    // SAFETY: caller contract.
    unsafe { read_at(src, stride, k) }
}

/// Checks every index against a run of `len` elements on `isa`.
pub fn check_indices_on<I: Index>(
    isa: Option<Isa>,
    indices: &[I],
    len: usize,
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    run_on(isa, CheckIndices { indices, len })?
}

/// `out[k] = data[indices[k]]`, on `isa` (see the module rule in
/// `gather.rs`: negative indices count from the end; any bad index is an
/// error and nothing is written).
pub fn take_on<T: Pod, I: Index>(
    isa: Option<Isa>,
    data: &[T],
    indices: &[I],
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("indices", out.len(), indices.len())?;
    check_isa(isa)?;
    let e = size_of::<T>() as isize;
    // SAFETY: the ISA was checked; `data` and `out` are distinct borrows,
    // `out` holds indices.len() elements.
    unsafe {
        take_raw::<T, I>(
            isa,
            data.as_ptr().cast(),
            data.len(),
            e,
            indices,
            out.as_mut_ptr().cast(),
            e,
        )
    }
}

/// `out[k] = data[indices[k]]` on the active ISA.
pub fn take<T: Pod, I: Index>(data: &[T], indices: &[I], out: &mut [T]) -> Result<(), KernelError> {
    take_on(None, data, indices, out)
}

/// `dst[indices[k]] = values[k % values.len()]` in order (last write wins),
/// on `isa`; any bad index is an error and nothing is written.
pub fn put_on<T: Pod, I: Index>(
    isa: Option<Isa>,
    dst: &mut [T],
    indices: &[I],
    values: &[T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    check_isa(isa)?;
    let e = size_of::<T>() as isize;
    // SAFETY: the ISA was checked; `dst` and `values` are distinct borrows.
    unsafe {
        put_raw::<T, I>(
            isa,
            dst.as_mut_ptr().cast(),
            dst.len(),
            e,
            indices,
            values.as_ptr().cast(),
            values.len(),
            e,
        )
    }
}

/// `dst[indices[k]] = values[k % values.len()]` on the active ISA.
pub fn put<T: Pod, I: Index>(
    dst: &mut [T],
    indices: &[I],
    values: &[T],
) -> Result<(), KernelError> {
    put_on(None, dst, indices, values)
}

/// Gathers `out[k] = data[indices[k]]` between strided runs, indices checked
/// first (an error writes nothing).
///
/// # Safety
/// `isa` is supported; `data` readable for `data_len` elements at its
/// stride; `out` writable for `indices.len()` elements at its stride,
/// pairwise disjoint and disjoint from `data`.
pub unsafe fn take_raw<T: Pod, I: Index>(
    isa: Isa,
    data: *const u8,
    data_len: usize,
    data_stride: isize,
    indices: &[I],
    out: *mut u8,
    out_stride: isize,
) -> Result<(), KernelError> {
    // SAFETY: caller contract.
    unsafe {
        run_on_unchecked(
            isa,
            CheckIndices {
                indices,
                len: data_len,
            },
        )?
    };
    let body = TakeRun::<T, I> {
        data,
        data_len,
        data_stride,
        indices,
        out,
        out_stride,
        _t: PhantomData,
    };
    // SAFETY: caller contract; indices checked.
    unsafe { run_on_unchecked(isa, body) };
    Ok(())
}

/// Scatters `dst[indices[k]] = values[k % values_len]` between strided runs,
/// indices checked first (an error writes nothing).
///
/// # Safety
/// `isa` is supported; `dst` writable for `dst_len` elements at its stride,
/// pairwise disjoint; `values` readable for `values_len` elements and
/// disjoint from `dst`.
#[allow(clippy::too_many_arguments)]
pub unsafe fn put_raw<T: Pod, I: Index>(
    isa: Isa,
    dst: *mut u8,
    dst_len: usize,
    dst_stride: isize,
    indices: &[I],
    values: *const u8,
    values_len: usize,
    values_stride: isize,
) -> Result<(), KernelError> {
    if values_len == 0 && !indices.is_empty() {
        return Err(KernelError::NoValues {
            indices: indices.len(),
        });
    }
    // SAFETY: caller contract.
    unsafe {
        run_on_unchecked(
            isa,
            CheckIndices {
                indices,
                len: dst_len,
            },
        )?
    };
    let body = PutRun::<T, I> {
        dst,
        dst_len,
        dst_stride,
        indices,
        values,
        values_len,
        values_stride,
        _t: PhantomData,
    };
    // SAFETY: caller contract; indices checked.
    unsafe { run_on_unchecked(isa, body) };
    Ok(())
}
