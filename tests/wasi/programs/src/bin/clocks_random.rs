//! clock_res_get, clock_time_get, random_get, sched_yield.

use spindle_wasi_tests::*;

/// 2020-01-01T00:00:00Z and 2200-01-01T00:00:00Z in nanoseconds.
const Y2020_NS: u64 = 1_577_836_800 * 1_000_000_000;
const Y2200_NS: u64 = 7_258_118_400 * 1_000_000_000;
const SECOND: u64 = 1_000_000_000;

/// The raw imports, to pass clock ids the typed `wasi` API cannot express.
use wasi::wasi_snapshot_preview1 as raw;

fn main() {
    let mut t = Checks::new("clocks_random");

    // ---- resolutions -----------------------------------------------------
    for (name, id) in [("realtime", wasi::CLOCKID_REALTIME), ("monotonic", wasi::CLOCKID_MONOTONIC)] {
        if let Some(res) = t.ok(format_args!("clock_res_get({name})"), unsafe { wasi::clock_res_get(id) }) {
            t.check(
                res > 0 && res <= SECOND,
                format_args!("{name} resolution is in (0, 1s]"),
                format!("resolution = {res} ns"),
            );
        }
    }

    // ---- realtime --------------------------------------------------------
    if let Some(rt) = t.ok("clock_time_get(realtime)", unsafe { wasi::clock_time_get(wasi::CLOCKID_REALTIME, 1) }) {
        t.check(
            (Y2020_NS..Y2200_NS).contains(&rt),
            "realtime is a plausible date (2020..2200)",
            format!("realtime = {rt} ns since the epoch"),
        );
        // std::time::SystemTime uses the same call; they must agree closely.
        let st = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        t.check(
            st >= rt && st - rt < 10 * SECOND,
            "std::time::SystemTime agrees with clock_time_get(realtime)",
            format!("std = {st}, raw = {rt}"),
        );
    }

    // ---- monotonic -------------------------------------------------------
    let mut prev = 0u64;
    let mut decreasing = None;
    let mut first = 0u64;
    for i in 0..2000 {
        match unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 1) } {
            Ok(v) => {
                if i == 0 {
                    first = v;
                } else if v < prev {
                    decreasing = Some(format!("call {i}: {v} < {prev}"));
                    break;
                }
                prev = v;
            }
            Err(e) => {
                decreasing = Some(format!("call {i} failed: {}", en(e)));
                break;
            }
        }
    }
    t.check(
        decreasing.is_none(),
        "monotonic clock is non-decreasing over 2000 calls",
        decreasing.unwrap_or_default(),
    );

    // The monotonic clock must actually advance: spin (yielding) until it does.
    let mut advanced = false;
    for _ in 0..5_000_000 {
        if now(wasi::CLOCKID_MONOTONIC) > first {
            advanced = true;
            break;
        }
        let _ = unsafe { wasi::sched_yield() };
    }
    t.check(advanced, "monotonic clock advances", "value did not change while spinning");

    // Precision is only a hint: 0 and u64::MAX are both acceptable.
    t.ok("clock_time_get(monotonic, precision 0)", unsafe { wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, 0) });
    t.ok("clock_time_get(monotonic, precision u64::MAX)", unsafe {
        wasi::clock_time_get(wasi::CLOCKID_MONOTONIC, u64::MAX)
    });

    // ---- random_get ------------------------------------------------------
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    t.ok("random_get 64 bytes (first draw)", unsafe { wasi::random_get(a.as_mut_ptr(), a.len()) });
    t.ok("random_get 64 bytes (second draw)", unsafe { wasi::random_get(b.as_mut_ptr(), b.len()) });
    t.check(a != b, "two 64-byte random draws differ", "identical draws");
    t.check(a.iter().any(|x| *x != 0), "random bytes are not all zero", "all zero");

    // Only the requested range is written.
    let mut guarded = [0x5Au8; 80];
    t.ok("random_get into the middle of a buffer", unsafe { wasi::random_get(guarded.as_mut_ptr().add(8), 64) });
    t.check(
        guarded[..8].iter().all(|x| *x == 0x5A) && guarded[72..].iter().all(|x| *x == 0x5A),
        "random_get writes exactly the requested range",
        "bytes outside the range were modified",
    );

    // A zero-length request is fine.
    t.ok("random_get of 0 bytes", unsafe { wasi::random_get(b.as_mut_ptr(), 0) });

    // 64 KiB: every byte value should show up (a missing one has probability ~e^-256).
    let mut big = vec![0u8; 65536];
    if t.ok("random_get 64 KiB", unsafe { wasi::random_get(big.as_mut_ptr(), big.len()) }).is_some() {
        let mut seen = [false; 256];
        for x in &big {
            seen[*x as usize] = true;
        }
        let missing = seen.iter().filter(|s| !**s).count();
        t.eq("64 KiB of random bytes contain all 256 byte values (missing count)", missing, 0);
    }

    // ---- sched_yield -----------------------------------------------------
    t.ok("sched_yield", unsafe { wasi::sched_yield() });

    // ---- invalid clock ids (last: a host may trap instead) -------------
    // Wasmtime traps ("Invalid enum value Clockid") instead of returning
    // EINVAL, which ends the program; so this runs last, and is skipped in
    // lenient mode.
    if t.lenient() {
        t.divergence(
            "clock_time_get / clock_res_get with an invalid clock id -> EINVAL (not called)",
            "the reference runtime traps on an invalid clock id",
        );
    } else {
        for id in [99u32, 0xFFFF_FFFF] {
            let mut out = 0u64;
            let out_ptr = &mut out as *mut u64 as i32;
            let e = unsafe { raw::clock_time_get(id as i32, 1, out_ptr) };
            t.eq(format_args!("clock_time_get(clock id {id}) -> EINVAL"), e, wasi::ERRNO_INVAL.raw() as i32);
            let e = unsafe { raw::clock_res_get(id as i32, out_ptr) };
            t.eq(format_args!("clock_res_get(clock id {id}) -> EINVAL"), e, wasi::ERRNO_INVAL.raw() as i32);
        }
    }

    t.finish()
}
