//! proc_exit: the program prints one line and calls proc_exit(42). The
//! harness checks that the exit code is 42 and that the line arrived (output
//! written before proc_exit must not be lost). proc_raise is not tested.

fn main() {
    println!("# exit_code: calling proc_exit(42)");
    unsafe { wasi::proc_exit(42) };
    // proc_exit does not return; if it does, that is a failure.
    println!("FAIL: proc_exit(42) returned");
    std::process::exit(1);
}
