//! `wasm_trap_t` and `wasm_frame_t`: a trap's message, and the wasm frames
//! it happened in (the trapping frame, then its callers; see
//! [`spindle::Trap::trace`]).

use crate::object::{
    FrameData, Obj, live, trap_from_message, wasm_instance_t, wasm_ref_t, wasm_trap_t,
};
use crate::store::{StoreCell, cell_of, wasm_store_t};
use crate::types::own;
use crate::vec::{CVec, Dup, c_vec, wasm_byte_vec_t};
use crate::{guard, opt, opt_mut};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use core::ptr;

/// A trap with `message` (wasm.h: NUL-terminated; a NUL is added if it is
/// missing); NULL for a NULL store.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_new(
    store: *mut wasm_store_t,
    message: *const wasm_byte_vec_t,
) -> *mut wasm_trap_t {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return ptr::null_mut();
    };
    // SAFETY: NULL or a live vector.
    let bytes = unsafe { opt(message) }.map_or(&[][..], |m| m.as_slice());
    guard(
        || ptr::null_mut(),
        || {
            let text =
                String::from_utf8_lossy(bytes.strip_suffix(&[0]).unwrap_or(bytes)).into_owned();
            let t = trap_from_message(cell, &text);
            // Keep the bytes exactly as given (not lossy).
            // SAFETY: `t` was just made.
            if let Obj::Trap(data) = &mut unsafe { &mut *t }.r.obj {
                if let Some(d) = Rc::get_mut(data) {
                    d.message = bytes.to_vec();
                    if d.message.last() != Some(&0) {
                        d.message.push(0);
                    }
                }
            }
            t
        },
    )
}

fn trap_of<'a>(
    p: *const wasm_trap_t,
) -> Option<(&'a Rc<StoreCell>, &'a Rc<crate::object::TrapData>)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Trap(t),
        }) => Some((store, t)),
        _ => None,
    }
}

/// The message, NUL-terminated; empty for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_message(t: *const wasm_trap_t, out: *mut wasm_byte_vec_t) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = match trap_of(t) {
        Some((_, t)) => CVec::from_vec(t.message.clone()),
        None => CVec::EMPTY,
    };
}

/// `wasm_frame_t`: one frame, with the instance it ran in.
pub struct wasm_frame_t {
    data: FrameData,
    /// What `wasm_frame_instance` lends (a reference to the instance).
    instance: Option<Box<wasm_ref_t>>,
}

impl wasm_frame_t {
    fn new(cell: &Rc<StoreCell>, data: &FrameData) -> wasm_frame_t {
        wasm_frame_t {
            data: data.clone(),
            instance: data.instance.map(|i| {
                Box::new(wasm_ref_t {
                    store: cell.clone(),
                    obj: Obj::Instance(i),
                })
            }),
        }
    }
}

impl Dup for wasm_frame_t {
    fn dup(&self) -> Self {
        wasm_frame_t {
            data: self.data.clone(),
            instance: self.instance.as_ref().map(|r| Box::new(r.dup())),
        }
    }
}

/// `wasm_frame_vec_t`.
pub type wasm_frame_vec_t = CVec<*mut wasm_frame_t>;

crate::types::c_delete!(wasm_frame_t, wasm_frame_delete);
crate::types::c_copy!(wasm_frame_t, wasm_frame_copy);
c_vec!(
    *mut wasm_frame_t,
    wasm_frame_vec_new_empty,
    wasm_frame_vec_new_uninitialized,
    wasm_frame_vec_new,
    wasm_frame_vec_copy,
    wasm_frame_vec_delete
);

/// The frame the trap happened in; NULL if it did not happen in wasm code
/// (a host function's trap, a link error) or for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_origin(t: *const wasm_trap_t) -> *mut wasm_frame_t {
    let Some((cell, t)) = trap_of(t) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            t.frames
                .first()
                .map_or(ptr::null_mut(), |f| own(wasm_frame_t::new(cell, f)))
        },
    )
}

/// The trapping frame and its callers, innermost first; empty if the trap
/// did not happen in wasm code.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_trace(t: *const wasm_trap_t, out: *mut wasm_frame_vec_t) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some((cell, t)) = trap_of(t) else { return };
    guard(
        || (),
        || {
            *out = CVec::from_vec(
                t.frames
                    .iter()
                    .map(|f| own(wasm_frame_t::new(cell, f)))
                    .collect(),
            );
        },
    );
}

/// The instance (borrowed from the frame); NULL if unknown.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_instance(f: *const wasm_frame_t) -> *mut wasm_instance_t {
    // SAFETY: NULL or live.
    match unsafe { opt(f) }.and_then(|f| f.instance.as_ref()) {
        Some(r) => (&**r as *const wasm_ref_t).cast_mut().cast(),
        None => ptr::null_mut(),
    }
}

/// The function's index in its module; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_func_index(f: *const wasm_frame_t) -> u32 {
    // SAFETY: NULL or live.
    unsafe { opt(f) }.map_or(0, |f| f.data.func_index)
}

/// The instruction's offset from the start of the function's body; 0 for
/// NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_func_offset(f: *const wasm_frame_t) -> usize {
    // SAFETY: NULL or live.
    unsafe { opt(f) }.map_or(0, |f| f.data.func_offset)
}

/// The instruction's offset in the module binary; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_frame_module_offset(f: *const wasm_frame_t) -> usize {
    // SAFETY: NULL or live.
    unsafe { opt(f) }.map_or(0, |f| f.data.module_offset)
}

/// `spindle_trap_code` (spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_trap_code(t: *const wasm_trap_t, out: *mut u8) -> bool {
    use spindle::TrapCode as C;
    let Some((_, t)) = trap_of(t) else {
        return false;
    };
    let Some(code) = t.error.as_ref().and_then(|e| e.trap_code()) else {
        return false;
    };
    let n = match code {
        C::Unreachable => 0,
        C::MemoryOutOfBounds => 1,
        C::TableOutOfBounds => 2,
        C::IndirectCallToNull => 3,
        C::BadSignature => 4,
        C::IntegerOverflow => 5,
        C::IntegerDivisionByZero => 6,
        C::BadConversionToInteger => 7,
        C::StackOverflow => 8,
        C::OutOfFuel => 9,
        C::NullReference => 11,
        _ => 10,
    };
    // SAFETY: `out` NULL or writable.
    if let Some(out) = unsafe { opt_mut(out) } {
        *out = n;
    }
    true
}

/// `spindle_trap_exit_status` (spindle.h).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_trap_exit_status(t: *const wasm_trap_t, out: *mut i32) -> bool {
    let Some((_, t)) = trap_of(t) else {
        return false;
    };
    let Some(status) = t.error.as_ref().and_then(|e| e.exit_code()) else {
        return false;
    };
    // SAFETY: `out` NULL or writable.
    if let Some(out) = unsafe { opt_mut(out) } {
        *out = status;
    }
    true
}
