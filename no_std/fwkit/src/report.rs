//! Runs the firmware's steps one at a time, measuring each, and turns their
//! outcomes into the exit status.
//!
//! Each step prints one line that `no_std/footprint.sh` reads:
//!
//! ```text
//! STEP engine=spindle name=guest ok=1 peak_heap=81234 linear=65536 stack=4321 note=...
//! ```
//!
//! `peak_heap` is the most heap the step had in use at once beyond what was
//! allocated before it (module, instance, linear memory, engine state);
//! `linear` is the size of the step's linear memory, part of `peak_heap`;
//! `stack` is the deepest host stack reached during the step.

use alloc::string::String;

/// The outcome of the steps run so far.
pub struct Report {
    engine: &'static str,
    failed: u32,
    steps: u32,
}

impl Report {
    /// A report for the firmware built on `engine`.
    pub fn new(engine: &'static str) -> Report {
        crate::semihost::println(format_args!(
            "{engine} firmware: heap {} bytes, host stack {} bytes",
            crate::heap::capacity(),
            crate::stack::size()
        ));
        Report {
            engine,
            failed: 0,
            steps: 0,
        }
    }

    /// Runs one step. `step` returns the size of its linear memory and a
    /// note, or what went wrong.
    pub fn step(&mut self, name: &str, step: impl FnOnce() -> Result<(usize, String), String>) {
        crate::stack::repaint();
        crate::heap::reset_peak();
        let before = crate::heap::used();
        let outcome = step();
        let peak = crate::heap::peak() - before;
        let stack = crate::stack::max_used();
        self.steps += 1;
        let (ok, linear, note) = match outcome {
            Ok((linear, note)) => (1, linear, note),
            Err(e) => {
                self.failed += 1;
                (0, 0, e)
            }
        };
        crate::semihost::println(format_args!(
            "STEP engine={} name={name} ok={ok} peak_heap={peak} linear={linear} stack={stack} note={note}",
            self.engine
        ));
    }

    /// Prints the summary and exits: status 0 if every step passed, 1 if
    /// any failed.
    pub fn finish(self) -> ! {
        let passed = self.steps - self.failed;
        crate::semihost::println(format_args!(
            "{} firmware: {passed} passed, {} failed",
            self.engine, self.failed
        ));
        crate::semihost::exit(if self.failed == 0 { 0 } else { 1 })
    }
}
