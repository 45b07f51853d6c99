//! Growing a memory costs only the pages the guest touches (std backend):
//! a one-page memory grown to 4 GiB, with one byte written at its end,
//! adds a few pages to the process's resident set, not 4 GiB.
//!
//! Alone in its own test binary, so that no other test allocates while it
//! measures. `benches/memory-growth.sh` times the same case against wasmi.

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[test]
fn growing_to_4_gib_and_touching_one_page_stays_small() {
    use spindle::{Engine, Memory, MemoryType, Store};

    /// The resident set, in bytes (`VmRSS` in `/proc/self/status`).
    fn rss() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib * 1024
    }

    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let before = rss();
    assert_eq!(mem.grow(&mut store, 65535).unwrap(), 1);
    let end = 65536 * spindle::PAGE_SIZE - 1;
    mem.write(&mut store, end, &[7]).unwrap();
    let mut b = [0u8];
    mem.read(&store, end, &mut b).unwrap();
    assert_eq!(b, [7]);
    mem.read(&store, end - 4096, &mut b).unwrap();
    assert_eq!(b, [0]);
    let grown = rss().saturating_sub(before);
    assert!(grown < 50 << 20, "grew the resident set by {grown} bytes");
    assert_eq!(mem.size(&store), 65536);
}
