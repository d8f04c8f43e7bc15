//! Files are never lost and maps never fault because of this crate: saving
//! over a mapped file is refused (and never truncates it), a failed save
//! leaves the old file whole, and creating a writable map on a full disk is
//! an error at creation, not SIGBUS at the first write. Each test failed
//! (crashed with SIGBUS or lost the file) before its fix.

use std::path::Path;
use stridekit::npy::{self, Map, MapMut};
use stridekit::{Array, DType, Order};

fn f64s(n: usize) -> Array<f64> {
    Array::from_shape_fn(&[n], |i| i[0] as f64 * 0.5).unwrap()
}

#[test]
fn saving_over_a_mapped_file_is_refused_and_the_map_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.npy");
    npy::save(&p, &f64s(4096).view()).unwrap();
    let m = Map::open(&p).unwrap();
    let small = f64s(3);
    assert!(
        npy::save(&p, &small.view()).is_err(),
        "a mapped file must not be replaced"
    );
    // The map still reads all its bytes (before the fix: SIGBUS here).
    let v = m.view().typed::<f64>().unwrap();
    assert_eq!(v.sum().unwrap(), f64s(4096).sum().unwrap());
    drop(m);
    let mut mm = MapMut::open(&p).unwrap();
    assert!(npy::save(&p, &small.view()).is_err());
    mm.view_mut().typed_mut::<f64>().unwrap().fill(1.0);
    mm.flush().unwrap();
    drop(mm);
    // Once no map holds it, saving replaces it.
    npy::save(&p, &small.view()).unwrap();
    assert_eq!(
        npy::read(&p)
            .unwrap()
            .view()
            .typed::<f64>()
            .unwrap()
            .to_vec(),
        small.to_vec()
    );
}

/// A mounted 1 MiB tmpfs, unmounted on drop (also when a test fails).
struct SmallTmpfs<'a>(&'a Path);

impl Drop for SmallTmpfs<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0).status();
    }
}

/// A small tmpfs to fill, where the machine lets us mount one.
fn small_tmpfs(dir: &Path) -> Option<SmallTmpfs<'_>> {
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(SmallTmpfs(dir))
}

/// Runs `body` in a fresh 1 MiB tmpfs, or prints why `case` is skipped
/// (Miri, or no permission to mount) — never silently.
fn on_a_small_disk(case: &str, body: impl FnOnce(&Path)) {
    if cfg!(miri) {
        println!("skipped under Miri: no mount");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(_disk) = small_tmpfs(dir.path()) else {
        println!("SKIPPED: cannot mount a 1 MiB tmpfs here (not root, or no mount permission); {case} is untested on this machine");
        return;
    };
    body(dir.path());
}

#[test]
fn a_failed_save_leaves_the_old_file_whole() {
    on_a_small_disk("the failed-save case", |dir| {
        let p = dir.join("keep.npy");
        let old = f64s(1000);
        npy::save(&p, &old.view()).unwrap();
        let before = std::fs::read(&p).unwrap();
        // 2 MiB cannot fit on the 1 MiB disk: the save fails part-way.
        assert!(npy::save(&p, &f64s(1 << 18).view()).is_err());
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "the old file must stay whole"
        );
        let names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            1,
            "no temporary file is left behind: {names:?}"
        );
    });
}

#[test]
fn creating_a_map_on_a_full_disk_is_an_error_not_sigbus() {
    on_a_small_disk("the disk-full case", |dir| {
        let p = dir.join("big.npy");
        let d = DType::parse_descr("'<f8'").unwrap();
        let r = MapMut::create(&p, d.clone(), &[1 << 20], Order::C); // 8 MiB on 1 MiB
        assert!(
            r.is_err(),
            "an 8 MiB map on a 1 MiB disk must be refused at creation"
        );
        // A map that fits works.
        let mut m = MapMut::create(dir.join("ok.npy"), d, &[1000], Order::C).unwrap();
        m.view_mut().typed_mut::<f64>().unwrap().fill(2.0);
        drop(m);
    });
}
