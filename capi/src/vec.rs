//! wasm.h's vectors: `{ size, data }` pairs whose memory this library
//! allocates (a boxed slice) and frees. An empty vector has a NULL `data`.
//! Deleting a vector of pointers deletes every non-NULL element; copying
//! one copies every element (a new handle for each reference).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr;

/// One vector type of wasm.h (`wasm_byte_vec_t`, `wasm_val_vec_t`, ...).
#[repr(C)]
pub struct CVec<T> {
    /// The number of elements.
    pub size: usize,
    /// The elements; NULL when empty.
    pub data: *mut T,
}

/// What a vector element needs: a zero value (for `new_uninitialized`), a
/// deep copy, and a destructor for owned elements.
pub trait Elem: Sized {
    /// The value `new_uninitialized` fills in.
    fn zero() -> Self;
    /// A copy that owns what it points to.
    fn copy(&self) -> Self;
    /// Frees what the element owns.
    fn free(self);
}

impl Elem for u8 {
    fn zero() -> u8 {
        0
    }
    fn copy(&self) -> u8 {
        *self
    }
    fn free(self) {}
}

/// What a vector of pointers needs of its pointees: a copy that is a new
/// handle (for reference objects) or an equal value (for types). Dropping
/// the box frees the pointee.
pub trait Dup {
    /// The copy.
    fn dup(&self) -> Self;
}

/// Pointer elements own their pointee (a `Box`), or are NULL.
impl<T: Dup> Elem for *mut T {
    fn zero() -> *mut T {
        ptr::null_mut()
    }
    fn copy(&self) -> *mut T {
        // SAFETY: a non-NULL element of a vector points to a live, boxed T
        // (wasm.h: vectors own their elements).
        match unsafe { self.as_ref() } {
            Some(t) => Box::into_raw(Box::new(t.dup())),
            None => ptr::null_mut(),
        }
    }
    fn free(self) {
        if !self.is_null() {
            // SAFETY: as in `copy`: the element is a box this library made,
            // and the vector owned it.
            drop(unsafe { Box::from_raw(self) });
        }
    }
}

impl<T> CVec<T> {
    /// The empty vector.
    pub const EMPTY: CVec<T> = CVec {
        size: 0,
        data: ptr::null_mut(),
    };

    /// A vector owning `v`'s elements.
    pub fn from_vec(v: Vec<T>) -> CVec<T> {
        if v.is_empty() {
            return CVec::EMPTY;
        }
        let b = v.into_boxed_slice();
        let size = b.len();
        CVec {
            size,
            data: Box::into_raw(b) as *mut T,
        }
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        if self.data.is_null() || self.size == 0 {
            &[]
        } else {
            // SAFETY: a non-empty vector's data points to `size` elements
            // (made by this library, or by the caller as wasm.h allows for
            // vectors it passes in).
            unsafe { core::slice::from_raw_parts(self.data, self.size) }
        }
    }

    /// The elements, writable.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.data.is_null() || self.size == 0 {
            &mut []
        } else {
            // SAFETY: as in `as_slice`; `&mut self` makes it unique.
            unsafe { core::slice::from_raw_parts_mut(self.data, self.size) }
        }
    }

    /// Takes the elements out, leaving the vector empty.
    ///
    /// # Safety
    ///
    /// The vector's memory was allocated by this library ([`CVec::from_vec`]).
    pub unsafe fn take(&mut self) -> Vec<T> {
        if self.data.is_null() || self.size == 0 {
            *self = CVec::EMPTY;
            return Vec::new();
        }
        // SAFETY: the caller's promise: `data` is a boxed slice of `size`.
        let b = unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(self.data, self.size)) };
        *self = CVec::EMPTY;
        b.into_vec()
    }
}

impl<T: Elem> CVec<T> {
    /// A vector of elements copied from `self`.
    pub fn deep_copy(&self) -> CVec<T> {
        CVec::from_vec(self.as_slice().iter().map(Elem::copy).collect())
    }

    /// Frees the elements and the memory.
    ///
    /// # Safety
    ///
    /// As for [`CVec::take`].
    pub unsafe fn free(&mut self) {
        // SAFETY: the caller's promise.
        for e in unsafe { self.take() } {
            e.free();
        }
    }
}

/// The five functions wasm.h declares for each vector type.
macro_rules! c_vec {
    ($elem:ty, $new_empty:ident, $new_uninit:ident, $new:ident, $copy:ident, $delete:ident) => {
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_empty(out: *mut $crate::vec::CVec<$elem>) {
            // SAFETY: `out` is NULL or writable (wasm.h's `out` parameter).
            if let Some(out) = unsafe { $crate::opt_mut(out) } {
                *out = $crate::vec::CVec::EMPTY;
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_uninit(out: *mut $crate::vec::CVec<$elem>, size: usize) {
            // SAFETY: as above.
            if let Some(out) = unsafe { $crate::opt_mut(out) } {
                let mut v = alloc::vec::Vec::new();
                *out = match v.try_reserve_exact(size) {
                    Ok(()) => {
                        v.resize_with(size, <$elem as $crate::vec::Elem>::zero);
                        $crate::vec::CVec::from_vec(v)
                    }
                    Err(_) => $crate::vec::CVec::EMPTY,
                };
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new(
            out: *mut $crate::vec::CVec<$elem>,
            size: usize,
            data: *const $elem,
        ) {
            // SAFETY: as above.
            let Some(out) = (unsafe { $crate::opt_mut(out) }) else {
                return;
            };
            *out = if size == 0 || data.is_null() {
                $crate::vec::CVec::EMPTY
            } else {
                // SAFETY: `data` holds `size` elements whose ownership
                // passes to the new vector (wasm.h: `own ... const[]`), so
                // they are moved, not copied.
                let src = unsafe { core::slice::from_raw_parts(data, size) };
                $crate::vec::CVec::from_vec(
                    src.iter()
                        // SAFETY: each element is read once and owned by
                        // the new vector from here on.
                        .map(|e| unsafe { core::ptr::read(e) })
                        .collect(),
                )
            };
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(
            out: *mut $crate::vec::CVec<$elem>,
            src: *const $crate::vec::CVec<$elem>,
        ) {
            // SAFETY: `out` writable, `src` NULL or a live vector.
            let (Some(out), src) = (unsafe { $crate::opt_mut(out) }, unsafe { $crate::opt(src) })
            else {
                return;
            };
            *out = match src {
                Some(src) => src.deep_copy(),
                None => $crate::vec::CVec::EMPTY,
            };
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(v: *mut $crate::vec::CVec<$elem>) {
            // SAFETY: `v` is NULL or a vector this library made (wasm.h:
            // only own vectors are deleted).
            if let Some(v) = unsafe { $crate::opt_mut(v) } {
                // SAFETY: as above.
                unsafe { v.free() };
            }
        }
    };
}
pub(crate) use c_vec;

/// `wasm_byte_vec_t`, also `wasm_name_t` and `wasm_message_t`.
pub type wasm_byte_vec_t = CVec<u8>;

c_vec!(
    u8,
    wasm_byte_vec_new_empty,
    wasm_byte_vec_new_uninitialized,
    wasm_byte_vec_new,
    wasm_byte_vec_copy,
    wasm_byte_vec_delete
);

/// A name vector holding `s`'s bytes (no terminating NUL).
pub(crate) fn name(s: &str) -> wasm_byte_vec_t {
    CVec::from_vec(s.as_bytes().to_vec())
}
