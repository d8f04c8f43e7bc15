//! Transpose entry points: check the tiles fit, call the ISA's tile kernel.

use crate::dispatch::{table, Kernels};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::Float;

impl<T: Float> Kernels<T> {
    /// Transposing copy over raw tiles: `dst[c][r] = src[r][c]` for `r < rows`,
    /// `c < cols`, where source row `r` starts at `src + r * ss` bytes and
    /// destination row `c` at `dst + c * ds` bytes, each row contiguous. Bit
    /// patterns are moved unchanged, so any element type of `T`'s size may go
    /// through it.
    ///
    /// # Safety
    /// Every addressed element must be readable (source) or writable
    /// (destination), and the regions must not overlap.
    #[inline(always)]
    pub unsafe fn transpose_raw(
        &self,
        rows: usize,
        cols: usize,
        src: *const u8,
        ss: isize,
        dst: *mut u8,
        ds: isize,
    ) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.transpose)(rows, cols, src, ss, dst, ds) }
    }
}

/// Checks that a `rows × cols` tile with rows `stride` elements apart fits in `len`.
fn check_tile(
    operand: &'static str,
    rows: usize,
    cols: usize,
    stride: usize,
    len: usize,
) -> Result<(), KernelError> {
    let needed = match (rows, cols) {
        (0, _) | (_, 0) => 0,
        _ => (rows - 1)
            .checked_mul(stride)
            .and_then(|x| x.checked_add(cols))
            .unwrap_or(usize::MAX),
    };
    if needed > len || (rows > 1 && stride < cols) {
        return Err(KernelError::TileOutOfBounds {
            operand,
            rows,
            cols,
            stride,
            needed,
            len,
        });
    }
    Ok(())
}

/// `dst[c * dst_stride + r] = src[r * src_stride + c]` for `r < rows`,
/// `c < cols` (strides in elements), on the ISA given (`None`: the active one).
#[allow(clippy::too_many_arguments)]
pub fn transpose_on<T: Float>(
    isa: Option<Isa>,
    rows: usize,
    cols: usize,
    src: &[T],
    src_stride: usize,
    dst: &mut [T],
    dst_stride: usize,
) -> Result<(), KernelError> {
    let k = table::<T>(isa)?;
    check_tile("src", rows, cols, src_stride, src.len())?;
    check_tile("dst", cols, rows, dst_stride, dst.len())?;
    let e = std::mem::size_of::<T>();
    // SAFETY: both tiles were checked to fit their slices, and `&`/`&mut`
    // cannot overlap.
    unsafe {
        k.transpose_raw(
            rows,
            cols,
            src.as_ptr().cast(),
            (src_stride * e) as isize,
            dst.as_mut_ptr().cast(),
            (dst_stride * e) as isize,
        )
    };
    Ok(())
}

/// Transposes a dense row-major `rows × cols` matrix into a dense
/// `cols × rows` one.
pub fn transpose<T: Float>(
    rows: usize,
    cols: usize,
    src: &[T],
    dst: &mut [T],
) -> Result<(), KernelError> {
    transpose_on(None, rows, cols, src, cols, dst, rows)
}
