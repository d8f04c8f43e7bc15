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
    /// The largest-level cache (L3 on most x86 CPUs; L2 where there is no L3).
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

/// The sizes from sysfs entries `(level, type, size)`.
fn from_entries(entries: &[(u32, String, String)]) -> CacheSizes {
    let mut c = CacheSizes::default();
    let mut last = 0;
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
        if *level >= last {
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

/// The smallest output, in bytes, that a call writes with non-temporal
/// stores: the last-level cache's size, or [`STREAM_MIN_BYTES`] when the CPU
/// does not report it (at least 1 MiB either way).
pub fn stream_min_bytes() -> usize {
    static MIN: OnceLock<usize> = OnceLock::new();
    *MIN.get_or_init(|| {
        cache_sizes()
            .last_level
            .unwrap_or(STREAM_MIN_BYTES)
            .max(1 << 20)
    })
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
        let c = from_entries(&[e(1, "Data", "64K"), e(2, "Unified", "bad")]);
        assert_eq!(c.last_level, Some(64 << 10));
        assert!(stream_min_bytes() >= 1 << 20);
    }
}
