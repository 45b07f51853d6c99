//! poll_oneoff: relative and absolute clock subscriptions, fd_read/fd_write
//! subscriptions on regular files, mixed subscriptions, and errors.

use spindle_wasi_tests::*;
use wasi::{Event, Subscription, SubscriptionClock, SubscriptionFdReadwrite, SubscriptionU, SubscriptionUU};

const MS: u64 = 1_000_000;
const WORKDIR: &str = "poll.d";

/// A clock subscription (`abstime` selects SUBSCRIPTION_CLOCK_ABSTIME).
fn clock_sub(userdata: u64, id: wasi::Clockid, timeout: u64, abstime: bool) -> Subscription {
    Subscription {
        userdata,
        u: SubscriptionU {
            tag: wasi::EVENTTYPE_CLOCK.raw(),
            u: SubscriptionUU {
                clock: SubscriptionClock {
                    id,
                    timeout,
                    precision: 0,
                    flags: if abstime { wasi::SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME } else { 0 },
                },
            },
        },
    }
}

/// An fd_read or fd_write subscription.
fn fd_sub(userdata: u64, fd: Fd, write: bool) -> Subscription {
    let rw = SubscriptionFdReadwrite { file_descriptor: fd };
    Subscription {
        userdata,
        u: if write {
            SubscriptionU { tag: wasi::EVENTTYPE_FD_WRITE.raw(), u: SubscriptionUU { fd_write: rw } }
        } else {
            SubscriptionU { tag: wasi::EVENTTYPE_FD_READ.raw(), u: SubscriptionUU { fd_read: rw } }
        },
    }
}

/// Calls poll_oneoff; returns the events it reported.
fn poll(subs: &[Subscription]) -> Result<Vec<Event>, Errno> {
    let mut events: Vec<Event> = vec![unsafe { std::mem::zeroed() }; subs.len().max(1)];
    let n = unsafe { wasi::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), subs.len())? };
    if n > subs.len() {
        return Err(wasi::ERRNO_IO);
    }
    events.truncate(n);
    Ok(events)
}

fn mono() -> u64 {
    now(wasi::CLOCKID_MONOTONIC)
}

/// Checks that `events` is exactly one event with the given userdata and type.
fn expect_one(t: &mut Checks, what: &str, events: &[Event], userdata: u64, ty: wasi::Eventtype) {
    if events.len() != 1 {
        t.fail(what, format!("{} events, want 1", events.len()));
        return;
    }
    let e = &events[0];
    t.check(
        e.userdata == userdata && e.type_ == ty && e.error == wasi::ERRNO_SUCCESS,
        format_args!("{what}: one {} event with userdata {userdata:#x} and no error", ty.name()),
        format!("userdata {:#x}, type {}, error {}", e.userdata, e.type_.name(), en(e.error)),
    );
}

fn main() {
    let mut t = Checks::new("poll");

    // ---- relative clock: sleeps ~10 ms -----------------------------------
    let t0 = mono();
    match poll(&[clock_sub(0x1234, wasi::CLOCKID_MONOTONIC, 10 * MS, false)]) {
        Ok(ev) => {
            let dt = mono() - t0;
            t.pass("poll_oneoff with a relative 10 ms monotonic clock");
            expect_one(&mut t, "relative clock", &ev, 0x1234, wasi::EVENTTYPE_CLOCK);
            t.check(
                (10 * MS..5000 * MS).contains(&dt),
                format_args!("relative clock slept at least 10 ms ({} us)", dt / 1000),
                format!("slept {dt} ns"),
            );
        }
        Err(e) => t.fail("poll_oneoff with a relative 10 ms monotonic clock", en(e)),
    }

    // Relative timeout on the realtime clock.
    let t0 = mono();
    match poll(&[clock_sub(7, wasi::CLOCKID_REALTIME, 5 * MS, false)]) {
        Ok(ev) => {
            let dt = mono() - t0;
            expect_one(&mut t, "relative 5 ms realtime clock", &ev, 7, wasi::EVENTTYPE_CLOCK);
            t.check(
                (5 * MS..5000 * MS).contains(&dt),
                format_args!("relative realtime clock slept at least 5 ms ({} us)", dt / 1000),
                format!("slept {dt} ns"),
            );
        }
        Err(e) => t.fail("poll_oneoff with a relative 5 ms realtime clock", en(e)),
    }

    // ---- absolute clock ----------------------------------------------------
    let deadline = mono() + 15 * MS;
    match poll(&[clock_sub(0xABCD, wasi::CLOCKID_MONOTONIC, deadline, true)]) {
        Ok(ev) => {
            let after = mono();
            t.pass("poll_oneoff with an absolute monotonic deadline 15 ms ahead");
            expect_one(&mut t, "absolute clock", &ev, 0xABCD, wasi::EVENTTYPE_CLOCK);
            t.check(
                after >= deadline && after < deadline + 5000 * MS,
                "absolute clock returned at (not before) the deadline",
                format!("returned {} us relative to the deadline", (after as i64 - deadline as i64) / 1000),
            );
        }
        Err(e) => t.fail("poll_oneoff with an absolute monotonic deadline", en(e)),
    }
    // A deadline in the past fires at once.
    let t0 = mono();
    match poll(&[clock_sub(3, wasi::CLOCKID_MONOTONIC, t0.saturating_sub(1000 * MS), true)]) {
        Ok(ev) => {
            expect_one(&mut t, "absolute deadline in the past", &ev, 3, wasi::EVENTTYPE_CLOCK);
            t.check(mono() - t0 < 1000 * MS, "a past deadline fires immediately", "took over a second");
        }
        Err(e) => t.fail("poll_oneoff with a past absolute deadline", en(e)),
    }
    // A zero relative timeout fires at once.
    match poll(&[clock_sub(4, wasi::CLOCKID_MONOTONIC, 0, false)]) {
        Ok(ev) => expect_one(&mut t, "relative timeout 0", &ev, 4, wasi::EVENTTYPE_CLOCK),
        Err(e) => t.fail("poll_oneoff with a zero timeout", en(e)),
    }

    // ---- fd subscriptions on regular files ------------------------------
    let Some(w) = fresh_workdir(&mut t, WORKDIR) else { t.finish() };
    let _ = write_file(w, "data.txt", b"some data to read");
    if let Some(fd) = t.ok("open data.txt", open_rw(w, "data.txt")) {
        let t0 = mono();
        match poll(&[fd_sub(0x5EAD, fd, false)]) {
            Ok(ev) => {
                t.pass("poll_oneoff with an fd_read subscription on a regular file");
                expect_one(&mut t, "fd_read on a file", &ev, 0x5EAD, wasi::EVENTTYPE_FD_READ);
                if let Some(e) = ev.first() {
                    t.check(e.fd_readwrite.nbytes >= 1, "fd_read event reports bytes available", format!("nbytes = {}", e.fd_readwrite.nbytes));
                }
                t.check(mono() - t0 < 1000 * MS, "a regular file is ready for reading immediately", "took over a second");
            }
            Err(e) => t.fail("poll_oneoff with an fd_read subscription on a regular file", en(e)),
        }
        match poll(&[fd_sub(0x3717E, fd, true)]) {
            Ok(ev) => expect_one(&mut t, "fd_write on a file", &ev, 0x3717E, wasi::EVENTTYPE_FD_WRITE),
            Err(e) => t.fail("poll_oneoff with an fd_write subscription on a regular file", en(e)),
        }

        // A ready fd plus a long timer: returns at once, without the timer.
        let t0 = mono();
        match poll(&[clock_sub(1, wasi::CLOCKID_MONOTONIC, 10_000 * MS, false), fd_sub(2, fd, false)]) {
            Ok(ev) => {
                t.check(mono() - t0 < 2000 * MS, "fd_read + 10 s clock returns without waiting for the clock", "waited");
                t.check(
                    ev.iter().any(|e| e.userdata == 2 && e.type_ == wasi::EVENTTYPE_FD_READ)
                        && !ev.iter().any(|e| e.type_ == wasi::EVENTTYPE_CLOCK),
                    "fd_read + 10 s clock reports the fd_read event only",
                    format!("{} events: {:?}", ev.len(), ev.iter().map(|e| (e.userdata, e.type_.name())).collect::<Vec<_>>()),
                );
            }
            Err(e) => t.fail("poll_oneoff with fd_read + clock", en(e)),
        }
        let _ = close(fd);
    }

    // ---- two clocks: the earlier one wins ---------------------------------
    let t0 = mono();
    match poll(&[clock_sub(10, wasi::CLOCKID_MONOTONIC, 5_000 * MS, false), clock_sub(11, wasi::CLOCKID_MONOTONIC, 5 * MS, false)]) {
        Ok(ev) => {
            t.check(mono() - t0 < 2000 * MS, "two clocks (5 s, 5 ms): returns after the short one", "waited for the long one");
            expect_one(&mut t, "two clocks", &ev, 11, wasi::EVENTTYPE_CLOCK);
        }
        Err(e) => t.fail("poll_oneoff with two clocks", en(e)),
    }

    // ---- errors --------------------------------------------------------
    t.err("poll_oneoff with zero subscriptions", poll(&[]).map(|e| e.len()), &[wasi::ERRNO_INVAL]);
    // A bad descriptor is reported either as the call's error or in the event.
    match poll(&[fd_sub(99, 1000, false)]) {
        Err(e) if e == wasi::ERRNO_BADF => t.pass("fd_read subscription on a bad fd -> EBADF"),
        Ok(ev) if ev.len() == 1 && ev[0].userdata == 99 && ev[0].error == wasi::ERRNO_BADF => {
            t.pass("fd_read subscription on a bad fd -> event with EBADF")
        }
        Ok(ev) => t.fail(
            "fd_read subscription on a bad fd",
            format!("{:?}", ev.iter().map(|e| (e.userdata, e.type_.name(), en(e.error))).collect::<Vec<_>>()),
        ),
        Err(e) => t.fail("fd_read subscription on a bad fd", format!("got {}, want EBADF", en(e))),
    }

    cleanup_workdir(&mut t, w, WORKDIR);
    t.finish()
}
