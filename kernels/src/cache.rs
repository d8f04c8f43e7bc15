//! The CPU's cache sizes, read once, and the streaming-store threshold
//! chosen from them.
//!
//! Non-temporal stores pay off only when the output would not stay in
//! cache anyway: an output smaller than the last-level cache, written by a
//! caller who reads it again soon, is far faster with plain stores (the
//! lines stay resident; streamed lines must come back from DRAM). So a call
//! streams when **its whole output** (not one run of it) is at least the
//! last-level cache's size. The sizes come from Linux's
//! `/sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}`; where
//! they cannot be read (another OS, a sandbox, Miri) the threshold is
//! [`STREAM_MIN_BYTES`], the size of a typical
//! last-level cache.
//!
//! `STRIDEKIT_STREAM_MIN_BYTES` (bytes, at least 4096), read once, overrides
//! the choice: for a machine whose caches are shared with other work, and
//! for tests that reach the streaming paths without gigabyte buffers.

use crate::STREAM_MIN_BYTES;
use std::sync::OnceLock;

/// The data and unified cache sizes of the first CPU, in bytes (`None`:
/// not reported).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheSizes {
    /// The level-1 data cache.
    pub l1d: Option<usize>,
    /// The level-2 cache.
    pub l2: Option<usize>,
    /// The highest-level cache past L1 (L3 on most x86 CPUs; L2 where there
    /// is no L3; `None` when no level past L1 is reported).
    pub last_level: Option<usize>,
}

/// Parses a sysfs cache size: `32K`, `1024K`, `32M`, or plain bytes.
fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let (digits, unit) = match t.as_bytes().last()? {
        b'K' | b'k' => (&t[..t.len() - 1], 1usize << 10),
        b'M' | b'm' => (&t[..t.len() - 1], 1 << 20),
        b'G' | b'g' => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    digits.parse::<usize>().ok()?.checked_mul(unit)
}

/// The sizes from sysfs entries `(level, type, size)`. An entry whose size
/// does not parse is skipped; an L1 is never the last level (streaming
/// decided from a 32 KiB cache would stream nearly every output).
fn from_entries(entries: &[(u32, String, String)]) -> CacheSizes {
    let mut c = CacheSizes::default();
    let mut last = 1;
    for (level, kind, size) in entries {
        let (kind, Some(bytes)) = (kind.trim(), parse_size(size)) else {
            continue;
        };
        if kind == "Instruction" {
            continue;
        }
        match level {
            1 if kind == "Data" => c.l1d = Some(bytes),
            2 => c.l2 = Some(bytes),
            _ => {}
        }
        if *level > 1 && *level >= last {
            last = *level;
            c.last_level = Some(bytes);
        }
    }
    c
}

fn read_sysfs() -> CacheSizes {
    if cfg!(miri) {
        return CacheSizes::default();
    }
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let mut entries = Vec::new();
    for index in 0..16 {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let (Some(level), Some(kind), Some(size)) = (
            read(&format!("{dir}/level")),
            read(&format!("{dir}/type")),
            read(&format!("{dir}/size")),
        ) else {
            continue;
        };
        if let Ok(level) = level.trim().parse::<u32>() {
            entries.push((level, kind, size));
        }
    }
    from_entries(&entries)
}

/// The cache sizes this CPU reports (read once).
pub fn cache_sizes() -> CacheSizes {
    static SIZES: OnceLock<CacheSizes> = OnceLock::new();
    *SIZES.get_or_init(read_sysfs)
}

/// The environment variable that overrides [`stream_min_bytes`].
pub const STREAM_MIN_BYTES_VAR: &str = "STRIDEKIT_STREAM_MIN_BYTES";

/// The threshold from the override's text: bytes, at least 4096 (`None`:
/// absent or not such a number, and then the caches decide).
fn parse_override(text: Option<&str>) -> Option<usize> {
    text?.trim().parse::<usize>().ok().filter(|&b| b >= 4096)
}

/// The threshold from the caches: the last-level cache's size, or
/// [`STREAM_MIN_BYTES`] when it is not reported; at least 1 MiB.
fn from_caches(c: CacheSizes) -> usize {
    c.last_level.unwrap_or(STREAM_MIN_BYTES).max(1 << 20)
}

/// Where [`stream_min_bytes`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamSource {
    /// The last-level cache's size.
    LastLevelCache,
    /// [`STREAM_MIN_BYTES`]: the CPU reported no cache past L1.
    Default,
    /// [`STREAM_MIN_BYTES_VAR`].
    Environment,
}

#[inline]
fn stream_choice() -> (usize, StreamSource) {
    static CHOICE: OnceLock<(usize, StreamSource)> = OnceLock::new();
    *CHOICE.get_or_init(|| {
        let var = if cfg!(miri) {
            None
        } else {
            std::env::var(STREAM_MIN_BYTES_VAR).ok()
        };
        if let Some(bytes) = parse_override(var.as_deref()) {
            return (bytes, StreamSource::Environment);
        }
        let c = cache_sizes();
        let source = match c.last_level {
            Some(_) => StreamSource::LastLevelCache,
            None => StreamSource::Default,
        };
        (from_caches(c), source)
    })
}

/// The smallest output, in bytes, that a call writes with non-temporal
/// stores: [`STREAM_MIN_BYTES_VAR`] when set to at least 4096 bytes, else the
/// last-level cache's size, or [`STREAM_MIN_BYTES`] when the CPU does not
/// report it (at least 1 MiB either way). Decided once per process.
#[inline]
pub fn stream_min_bytes() -> usize {
    stream_choice().0
}

/// Where [`stream_min_bytes`] came from (for the dispatch report).
pub fn stream_source() -> StreamSource {
    stream_choice().1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sysfs_sizes_parse() {
        assert_eq!(parse_size("32K\n"), Some(32 << 10));
        assert_eq!(parse_size("32768K"), Some(32 << 20));
        assert_eq!(parse_size("2M"), Some(2 << 20));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("K"), None);
        assert_eq!(parse_size(""), None);
        let e = |l: u32, t: &str, s: &str| (l, t.to_string(), s.to_string());
        let c = from_entries(&[
            e(1, "Data\n", "48K\n"),
            e(1, "Instruction\n", "32K\n"),
            e(2, "Unified\n", "2048K\n"),
            e(3, "Unified\n", "105M\n"),
        ]);
        assert_eq!(
            c,
            CacheSizes {
                l1d: Some(48 << 10),
                l2: Some(2 << 20),
                last_level: Some(105 << 20)
            }
        );
        // No L3: the L2 is the last level.
        let c = from_entries(&[e(1, "Data", "64K"), e(2, "Unified", "512K")]);
        assert_eq!(c.last_level, Some(512 << 10));
        assert_eq!(from_caches(c), 1 << 20, "at least 1 MiB");
        // An L2 whose size does not parse is skipped, and the L1 never
        // becomes the last level: the default threshold applies.
        let c = from_entries(&[e(1, "Data", "64K"), e(2, "Unified", "bad")]);
        assert_eq!((c.l1d, c.l2, c.last_level), (Some(64 << 10), None, None));
        assert_eq!(from_caches(c), STREAM_MIN_BYTES);
        // A bad L3 leaves the L2 as the last level.
        let c = from_entries(&[e(2, "Unified", "2M"), e(3, "Unified", "?")]);
        assert_eq!(c.last_level, Some(2 << 20));
    }

    #[test]
    fn the_override_is_bytes_of_at_least_a_page() {
        assert_eq!(parse_override(Some("1048576")), Some(1 << 20));
        assert_eq!(parse_override(Some(" 4096\n")), Some(4096));
        assert_eq!(parse_override(Some("4095")), None);
        assert_eq!(parse_override(Some("1M")), None);
        assert_eq!(parse_override(Some("")), None);
        assert_eq!(parse_override(None), None);
        assert!(stream_min_bytes() >= 4096);
    }
}
