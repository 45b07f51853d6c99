//! `spindle wast`: runs a script with the spec-test runner.

use std::path::Path;
use std::process::ExitCode;

#[allow(dead_code)]
#[path = "../../../spec-tests/runner.rs"]
mod runner;

pub fn run_file(path: &Path, config: &spindle::Config) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let report = runner::run_script(&path.display().to_string(), &text, config);
    for failure in &report.failures {
        eprintln!("{failure}");
    }
    println!(
        "{}: {} passed, {} failed",
        path.display(),
        report.passed,
        report.failed
    );
    Ok(if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
