//! args_get / args_sizes_get / environ_get / environ_sizes_get.
//!
//! Run as `args_env.wasm a b c` with `SPINDLE_TEST=1` in the environment.

use spindle_wasi_tests::*;

/// Sentinel byte used to detect writes past the end of a buffer.
const SENTINEL: u8 = 0xA5;

/// Calls a `*_get` function (args_get or environ_get) with exactly sized
/// buffers followed by sentinels, and decodes the result into strings.
/// `get` receives the pointer array and the string buffer.
fn fetch(
    t: &mut Checks,
    what: &str,
    count: usize,
    buf_size: usize,
    get: unsafe fn(*mut *mut u8, *mut u8) -> Result<(), Errno>,
) -> Option<Vec<String>> {
    // Pointer array and buffer each get 4 extra sentinel slots.
    let mut ptrs: Vec<*mut u8> = vec![SENTINEL as usize as *mut u8; count + 4];
    let mut buf = vec![SENTINEL; buf_size + 16];
    t.ok(format_args!("{what}_get"), unsafe { get(ptrs.as_mut_ptr(), buf.as_mut_ptr()) })?;

    t.check(
        ptrs[count..].iter().all(|p| *p as usize == SENTINEL as usize),
        format_args!("{what}_get writes exactly {count} pointers"),
        "pointer array overrun",
    );
    t.check(
        buf[buf_size..].iter().all(|b| *b == SENTINEL),
        format_args!("{what}_get writes no more than {buf_size} string bytes"),
        "string buffer overrun",
    );

    let base = buf.as_ptr() as usize;
    let mut out = Vec::new();
    let mut total = 0;
    for (i, p) in ptrs[..count].iter().enumerate() {
        let p = *p as usize;
        if p < base || p >= base + buf_size {
            t.fail(format_args!("{what}[{i}] pointer"), format!("{p:#x} is outside the buffer {base:#x}+{buf_size}"));
            return None;
        }
        let start = p - base;
        let Some(len) = buf[start..buf_size].iter().position(|b| *b == 0) else {
            t.fail(format_args!("{what}[{i}] NUL terminator"), "no NUL before the end of the buffer");
            return None;
        };
        total += len + 1;
        out.push(String::from_utf8_lossy(&buf[start..start + len]).into_owned());
    }
    t.pass(format_args!("{what}_get: all {count} pointers point into the buffer at NUL-terminated strings"));
    t.eq(format_args!("{what}_sizes_get buffer size equals the sum of NUL-terminated lengths"), total, buf_size);
    Some(out)
}

fn main() {
    let mut t = Checks::new("args_env");

    // ---- arguments -------------------------------------------------------
    if let Some((argc, size)) = t.ok("args_sizes_get", unsafe { wasi::args_sizes_get() }) {
        t.eq("argc is 4 (program name + a b c)", argc, 4);
        if let Some(args) = fetch(&mut t, "args", argc, size, wasi::args_get) {
            t.note(format_args!("args = {args:?}"));
            let rest: Vec<&str> = args.iter().skip(1).map(|s| s.as_str()).collect();
            t.eq("argv[1..] is [a, b, c]", rest, vec!["a", "b", "c"]);
            // std reads the same data through the same calls.
            let std_args: Vec<String> = std::env::args().collect();
            t.eq("std::env::args agrees with args_get", std_args, args);
        }
    }

    // ---- environment -----------------------------------------------------
    if let Some((envc, size)) = t.ok("environ_sizes_get", unsafe { wasi::environ_sizes_get() }) {
        t.check(envc >= 1, "environ count is at least 1", format!("count = {envc}"));
        if let Some(env) = fetch(&mut t, "environ", envc, size, wasi::environ_get) {
            t.note(format_args!("environ = {env:?}"));
            t.check(
                env.iter().all(|e| e.contains('=')),
                "every environ entry has the form KEY=VALUE",
                format!("{env:?}"),
            );
            t.check(
                env.iter().any(|e| e == "SPINDLE_TEST=1"),
                "environ contains SPINDLE_TEST=1",
                format!("{env:?}"),
            );
            t.eq(
                "std::env::var(SPINDLE_TEST) is \"1\"",
                std::env::var("SPINDLE_TEST").ok(),
                Some("1".to_string()),
            );
            t.check(
                std::env::var_os("SPINDLE_SURELY_NOT_SET").is_none(),
                "an unset variable is absent",
                "SPINDLE_SURELY_NOT_SET is set",
            );
        }
    }

    // Calling the size functions twice gives the same answer (no state).
    let a = unsafe { wasi::args_sizes_get() };
    let b = unsafe { wasi::args_sizes_get() };
    t.eq("args_sizes_get is stable across calls", a.ok(), b.ok());

    t.finish()
}
