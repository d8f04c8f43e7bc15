//! The one loop of the differential tests: every ISA under test × one length
//! set × one layout list, each family supplying only its (kernel, reference)
//! comparison.
//!
//! * [`Lengths`] — the shared length set: every length up to 260 (every tail
//!   of every lane count, up to four 64-byte blocks of the narrowest element),
//!   the lengths around 512 and 1024, and two long odd ones. A family adds the
//!   lengths around its own block sizes with [`Lengths::and`]. Under Miri only
//!   the scalar backend runs (one lane, four-element blocks), so the set is
//!   that backend's shapes: empty, singles only, one block, a block and one,
//!   two blocks and one.
//! * [`LAYOUTS`] — the shared placements of a run: contiguous at 0, 1 and 3
//!   elements past a 64-byte boundary, at an odd byte offset, broadcast
//!   (stride 0), steps 2, −1, −2, −3, and a negative byte stride that is no
//!   multiple of the element size. Byte-addressed families (conversions, byte
//!   swaps, element-wise inputs) take any of them; families over typed slices
//!   filter with [`Layout::element_aligned`]; outputs never broadcast.
//! * [`LaidOut`] — a guard-filled byte buffer holding a run in a layout: it
//!   fills and reads the run, hands it to a kernel (raw parts, `Src`, `Dst`)
//!   and proves no byte outside the run's elements changed.
//! * [`Runner`] — walks ISAs × lengths × layouts, hands each [`Case`] to the
//!   family, and prints how many cases it checked when it is dropped (so a
//!   change that shrinks coverage shows in the test log).

use crate::Isa;
use std::fmt;

/// The length set the differential tests share (see the module docs).
#[derive(Clone, Debug)]
pub struct Lengths {
    dense_to: usize,
    extra: Vec<usize>,
    miri_extra: Vec<usize>,
}

/// Lengths Miri runs: the scalar backend's shapes (empty; a tail alone; one
/// unrolled step; a step and a tail; two steps and a tail).
pub const MIRI_LENGTHS: [usize; 5] = [0, 1, 4, 5, 9];

impl Lengths {
    /// The shared set: `0..=260`, `511 512 513 1000 1024 4099`.
    pub fn standard() -> Self {
        Lengths {
            dense_to: 260,
            extra: vec![511, 512, 513, 1000, 1024, 4099],
            miri_extra: Vec::new(),
        }
    }

    /// Every length up to `n` (for a family whose unrolled block is longer).
    pub fn dense_to(mut self, n: usize) -> Self {
        self.dense_to = self.dense_to.max(n);
        self
    }

    /// Adds lengths (around a family's own block sizes) to the native set.
    pub fn and(mut self, lengths: &[usize]) -> Self {
        self.extra.extend_from_slice(lengths);
        self
    }

    /// Adds lengths to the Miri set (a family whose scalar blocks are longer
    /// than four elements).
    pub fn and_under_miri(mut self, lengths: &[usize]) -> Self {
        self.miri_extra.extend_from_slice(lengths);
        self
    }

    /// The lengths, ascending, without repeats.
    pub fn get(&self) -> Vec<usize> {
        let mut v: Vec<usize> = if cfg!(miri) {
            MIRI_LENGTHS
                .iter()
                .chain(&self.miri_extra)
                .copied()
                .collect()
        } else {
            (0..=self.dense_to)
                .chain(self.extra.iter().copied())
                .collect()
        };
        v.sort_unstable();
        v.dedup();
        v
    }

    /// [`get`](Self::get), thinned under Miri for a family with many type
    /// pairs: case `salt` runs `keep` of the Miri lengths, rotating with the
    /// salt so that the pairs together still cover every length. Natively:
    /// all lengths.
    pub fn rotated(&self, salt: usize, keep: usize) -> Vec<usize> {
        rotated_under_miri(&self.get(), salt, keep)
    }
}

/// Under Miri, `keep` of `all`, spread out and rotating with `salt` (so that
/// several salts together cover every item); natively all of them.
pub fn rotated_under_miri<T: Copy>(all: &[T], salt: usize, keep: usize) -> Vec<T> {
    if !cfg!(miri) || keep >= all.len() {
        return all.to_vec();
    }
    rotate(all, salt, keep)
}

/// The environment variable that thins the rotating dimensions of the
/// slowest kernel tests natively, as Miri does ([`rotated_when_thinned`]);
/// `ci/neon-qemu.sh` sets it, where emulation makes every element ~30× dearer.
pub const THIN_VAR: &str = "STRIDEKIT_TEST_THIN";

/// Whether the run is thinned: under Miri, or with [`THIN_VAR`] set.
pub fn thinned() -> bool {
    cfg!(miri) || std::env::var_os(THIN_VAR).is_some()
}

/// [`rotated_under_miri`], also when [`THIN_VAR`] is set: for dimensions
/// (layouts, data sets, windows) that every length need not take in full,
/// as long as the lengths together take every item. Never for the lengths
/// themselves: each ISA still meets every tail.
pub fn rotated_when_thinned<T: Copy>(all: &[T], salt: usize, keep: usize) -> Vec<T> {
    if !thinned() || keep >= all.len() {
        return all.to_vec();
    }
    rotate(all, salt, keep)
}

fn rotate<T: Copy>(all: &[T], salt: usize, keep: usize) -> Vec<T> {
    let step = all.len() / keep.max(1);
    (0..keep)
        .map(|k| all[(salt + k * step) % all.len()])
        .collect()
}

/// The byte every [`LaidOut`] buffer holds outside its elements.
pub const GUARD_BYTE: u8 = 0xA5;

/// A byte buffer holding `n` elements of `size` bytes laid out as a
/// [`Layout`] says (a broadcast holds one element), everything else guard
/// bytes; it reads the run back, checks that no guard byte changed, and
/// hands the run to kernels as raw parts or as a typed operand.
pub struct LaidOut {
    buf: Vec<u8>,
    first: usize,
    stride: isize,
    n: usize,
    size: usize,
    layout: Layout,
}

impl LaidOut {
    /// `n` guard-filled elements of `size` bytes laid out as `layout`.
    pub fn new(layout: Layout, n: usize, size: usize) -> Self {
        let stride = layout.stride(size);
        let span = if n == 0 {
            0
        } else {
            (n - 1) * stride.unsigned_abs() + size
        };
        let mut buf = vec![GUARD_BYTE; span + 256];
        let base = (64 - buf.as_ptr() as usize % 64) % 64 + 64 + layout.offset(size);
        let first = if stride < 0 && n > 0 {
            base + (n - 1) * stride.unsigned_abs()
        } else {
            base
        };
        buf.truncate(base + span + 64);
        LaidOut {
            buf,
            first,
            stride,
            n,
            size,
            layout,
        }
    }

    /// A run holding `xs` (for a broadcast: `xs[0]` at every position).
    pub fn with<T: bytemuck::Pod>(layout: Layout, xs: &[T]) -> Self {
        let mut run = Self::new(layout, xs.len(), std::mem::size_of::<T>());
        run.fill(xs);
        run
    }

    fn pos(&self, k: usize) -> usize {
        (self.first as isize + k as isize * self.stride) as usize
    }

    /// Writes `xs` into the run (a broadcast keeps the first).
    pub fn fill<T: bytemuck::Pod>(&mut self, xs: &[T]) {
        assert_eq!(xs.len(), self.n, "fill: length");
        for (k, x) in xs.iter().enumerate().rev() {
            let p = self.pos(k);
            self.buf[p..p + self.size].copy_from_slice(bytemuck::bytes_of(x));
        }
    }

    /// The run's elements (for a broadcast, the one element `n` times).
    pub fn read<T: bytemuck::Pod>(&self) -> Vec<T> {
        (0..self.n)
            .map(|k| bytemuck::pod_read_unaligned(&self.buf[self.pos(k)..self.pos(k) + self.size]))
            .collect()
    }

    /// The run's layout.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Byte stride between elements.
    pub fn stride(&self) -> isize {
        self.stride
    }

    /// Address of element 0, derived from the whole buffer so that offsets
    /// in either direction stay inside it.
    pub fn ptr(&mut self) -> *mut u8 {
        self.buf.as_mut_ptr().wrapping_add(self.first)
    }

    /// The lowest byte index of the run and the bytes it spans.
    fn span(&self) -> (usize, usize) {
        if self.n == 0 {
            return (self.first, 0);
        }
        let low = self.pos(if self.stride < 0 { self.n - 1 } else { 0 });
        (low, (self.n - 1) * self.stride.unsigned_abs() + self.size)
    }

    /// The run as a kernel input: a slice when contiguous and aligned, a
    /// scalar when broadcast (the first element, or `empty` for none), else a
    /// strided run over the buffer's bytes.
    pub fn src<T: bytemuck::Pod>(&self, empty: T) -> crate::Src<'_, T> {
        let (low, len) = self.span();
        if self.layout.is_broadcast() {
            return crate::Src::Scalar(self.read::<T>().first().copied().unwrap_or(empty));
        }
        if self.layout.is_contiguous() && self.layout.element_aligned() {
            return crate::Src::Slice(bytemuck::cast_slice(&self.buf[low..low + len]));
        }
        crate::Src::Strided(
            crate::Strided::from_bytes(&self.buf, self.first, self.stride, self.n)
                .expect("a laid-out run lies inside its buffer"),
        )
    }

    /// The run as a kernel output (never a broadcast).
    pub fn dst<T: bytemuck::Pod>(&mut self) -> crate::Dst<'_, T> {
        assert!(!self.layout.is_broadcast(), "an output cannot broadcast");
        let (low, len) = self.span();
        if self.layout.is_contiguous() && self.layout.element_aligned() {
            return crate::Dst::Slice(bytemuck::cast_slice_mut(&mut self.buf[low..low + len]));
        }
        let (first, stride, n) = (self.first, self.stride, self.n);
        crate::Dst::Strided(
            crate::StridedMut::from_bytes(&mut self.buf, first, stride, n)
                .expect("a laid-out run lies inside its buffer"),
        )
    }

    /// Panics unless every byte outside the run's elements is still a guard byte.
    #[track_caller]
    pub fn check_guards(&self, context: &str) {
        let mut inside = vec![false; self.buf.len()];
        for k in 0..self.n {
            inside[self.pos(k)..self.pos(k) + self.size].fill(true);
        }
        if let Some(i) = (0..self.buf.len()).find(|&i| !inside[i] && self.buf[i] != GUARD_BYTE) {
            panic!(
                "{context}: byte {i} outside the {} run was written",
                self.layout
            );
        }
    }
}

/// Where a run's elements sit: element 0 at `elems` whole elements plus
/// `bytes` bytes past a 64-byte boundary, consecutive elements `step` ×
/// (element size + `pad`) bytes apart (0: broadcast; negative: element 0 is
/// the highest; a `pad` makes the byte stride no multiple of the size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// A short name for failure messages.
    pub name: &'static str,
    /// Misalignment of element 0 in whole elements.
    pub elems: usize,
    /// Further misalignment in bytes (breaks element alignment when odd).
    pub bytes: usize,
    /// Elements between consecutive elements.
    pub step: isize,
    /// Extra bytes per step.
    pub pad: usize,
}

impl Layout {
    /// Whether elements stay aligned to their size (no extra byte offset),
    /// as typed slices need.
    pub fn element_aligned(&self) -> bool {
        self.bytes == 0 && self.pad == 0
    }
    /// Whether the run is one dense, increasing slice.
    pub fn is_contiguous(&self) -> bool {
        self.step == 1
    }
    /// Whether every element is the same one (stride 0): inputs only.
    pub fn is_broadcast(&self) -> bool {
        self.step == 0
    }
    /// Byte offset of element 0 past a 64-byte boundary, for `size`-byte elements.
    pub fn offset(&self, size: usize) -> usize {
        self.elems * size + self.bytes
    }
    /// Byte stride between consecutive `size`-byte elements.
    pub fn stride(&self, size: usize) -> isize {
        self.step * (size + self.pad) as isize
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

const fn layout(name: &'static str, elems: usize, bytes: usize, step: isize, pad: usize) -> Layout {
    Layout {
        name,
        elems,
        bytes,
        step,
        pad,
    }
}

/// Layouts of two inputs and an output for case `k` of length `n`: case 0
/// is all contiguous, the others rotate through [`LAYOUTS`] with the length
/// so that every pair meets many lengths; the output never broadcasts.
pub fn layout_triple(n: usize, k: usize) -> [Layout; 3] {
    if k == 0 {
        return [LAYOUTS[0]; 3];
    }
    let outs: Vec<Layout> = LAYOUTS.into_iter().filter(|l| !l.is_broadcast()).collect();
    [
        LAYOUTS[(n + k) % LAYOUTS.len()],
        LAYOUTS[(3 * n + 2 * k) % LAYOUTS.len()],
        outs[(5 * n + k) % outs.len()],
    ]
}

/// The shared layout list (see the module docs).
pub const LAYOUTS: [Layout; 11] = [
    layout("contig@0", 0, 0, 1, 0),
    layout("contig@1", 1, 0, 1, 0),
    layout("contig@3", 3, 0, 1, 0),
    layout("contig@1B", 0, 1, 1, 0),
    layout("broadcast", 0, 0, 0, 0),
    layout("step2", 0, 0, 2, 0),
    layout("step2@3B", 0, 3, 2, 0),
    layout("step-1", 0, 0, -1, 0),
    layout("step-2", 0, 0, -2, 0),
    layout("step-3", 1, 0, -3, 0),
    layout("odd-stride", 0, 1, -1, 1),
];

/// The layouts of [`LAYOUTS`] with these names, in this order (a family
/// that cannot afford every combination picks its subset by name).
pub fn layouts_named(names: &[&str]) -> Vec<Layout> {
    names
        .iter()
        .map(|n| {
            *LAYOUTS
                .iter()
                .find(|l| l.name == *n)
                .unwrap_or_else(|| panic!("no layout named {n:?}"))
        })
        .collect()
}

/// [`LAYOUTS`] an element-typed family can lay out (no odd byte offset).
pub fn element_layouts() -> Vec<Layout> {
    LAYOUTS
        .into_iter()
        .filter(Layout::element_aligned)
        .collect()
}

/// Output layouts: [`LAYOUTS`] without the broadcast.
pub fn output_layouts() -> Vec<Layout> {
    LAYOUTS.into_iter().filter(|l| !l.is_broadcast()).collect()
}

/// One checked case: an ISA, a length and a layout.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// The ISA the kernel runs on.
    pub isa: Isa,
    /// The run length.
    pub n: usize,
    /// The operand layout.
    pub layout: Layout,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} n={} {}", self.isa, self.n, self.layout)
    }
}

/// Walks ISAs × lengths × layouts for one family and counts its cases.
pub struct Runner {
    family: String,
    isas: Vec<Isa>,
    cases: u64,
}

impl Runner {
    /// A runner over every ISA under test ([`super::isas_under_test`]).
    pub fn new(family: impl Into<String>) -> Self {
        Runner {
            family: family.into(),
            isas: super::isas_under_test(),
            cases: 0,
        }
    }

    /// The ISAs this runner walks.
    pub fn isas(&self) -> &[Isa] {
        &self.isas
    }

    /// Calls `check` for every ISA × length × layout, in that nesting
    /// (lengths outermost, so a family can build its data once per length
    /// in `check` keyed on `n`).
    pub fn run(&mut self, lengths: &[usize], layouts: &[Layout], mut check: impl FnMut(Case)) {
        for &n in lengths {
            for &layout in layouts {
                for &isa in &self.isas {
                    self.cases += 1;
                    check(Case { isa, n, layout });
                }
            }
        }
    }

    /// Counts `k` cases a family checked in a loop of its own.
    pub fn count(&mut self, k: u64) {
        self.cases += k;
    }

    /// Cases checked so far.
    pub fn cases(&self) -> u64 {
        self.cases
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        eprintln!(
            "{}: {} cases on {:?}",
            self.family,
            self.cases,
            self.isas.iter().map(|i| i.name()).collect::<Vec<_>>()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laid_out_runs_read_back_what_was_written_and_guard_the_rest() {
        for layout in LAYOUTS {
            for n in [0usize, 1, 2, 7] {
                let xs: Vec<u32> = (0..n as u32).map(|i| i * 3 + 1).collect();
                let mut run = LaidOut::with(layout, &xs);
                let want: Vec<u32> = if layout.is_broadcast() {
                    xs.iter().map(|_| xs[0]).collect()
                } else {
                    xs.clone()
                };
                assert_eq!(run.read::<u32>(), want, "{layout} n={n}");
                run.check_guards("fresh");
                if !layout.is_broadcast() {
                    assert_eq!(run.dst::<u32>().len(), n);
                }
                if layout.step >= 0 {
                    let p = run.ptr() as usize;
                    assert_eq!((p - layout.offset(4)) % 64, 0, "{layout}: offset");
                }
            }
        }
    }

    #[test]
    #[should_panic(expected = "outside the")]
    fn a_write_outside_the_run_is_caught() {
        let mut run = LaidOut::new(LAYOUTS[5], 3, 4); // step2: gaps between elements
        let p = run.ptr();
        // SAFETY: one byte past element 0, inside the buffer (a gap byte).
        unsafe { p.add(4).write(0) };
        run.check_guards("gap");
    }

    #[test]
    fn lengths_are_sorted_unique_and_cover_the_scalar_shapes() {
        let l = Lengths::standard().and(&[9, 4099, 5000]).get();
        assert!(l.windows(2).all(|w| w[0] < w[1]));
        for n in MIRI_LENGTHS {
            assert!(l.contains(&n));
        }
        if !cfg!(miri) {
            assert!(l.contains(&260) && l.contains(&5000) && !l.contains(&261));
        }
    }

    #[test]
    fn rotated_lengths_cover_every_length_across_salts() {
        let l = Lengths::standard();
        let mut seen: Vec<usize> = (0..8).flat_map(|s| l.rotated(s, 2)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, l.get());
    }

    #[test]
    fn the_runner_visits_every_case_once() {
        let mut r = Runner::new("self-test");
        let isas = r.isas().len();
        let mut seen = Vec::new();
        r.run(&[0, 3], &element_layouts(), |c| {
            seen.push((c.n, c.layout.name))
        });
        assert_eq!(seen.len(), 2 * element_layouts().len() * isas);
        assert_eq!(r.cases(), seen.len() as u64);
    }
}
