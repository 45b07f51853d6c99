//! `wasm_config_t` and `wasm_engine_t`, with `spindle.h`'s settings.

use crate::opt_mut;
use crate::types::own;
use alloc::boxed::Box;

use spindle::{Config, Engine};

/// `wasm_config_t`: Spindle's [`Config`].
pub struct wasm_config_t {
    pub(crate) config: Config,
}

/// `wasm_engine_t`: Spindle's [`Engine`].
pub struct wasm_engine_t {
    pub(crate) engine: Engine,
}

/// The default configuration.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_config_new() -> *mut wasm_config_t {
    own(wasm_config_t {
        config: Config::new(),
    })
}

crate::types::c_delete!(wasm_config_t, wasm_config_delete);
crate::types::c_delete!(wasm_engine_t, wasm_engine_delete);

/// An engine with the default configuration.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_engine_new() -> *mut wasm_engine_t {
    own(wasm_engine_t {
        engine: Engine::default(),
    })
}

/// An engine with `config`, which this takes (NULL: the default).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_engine_new_with_config(
    config: *mut wasm_config_t,
) -> *mut wasm_engine_t {
    let config = if config.is_null() {
        Config::new()
    } else {
        // SAFETY: an own config of this library.
        unsafe { Box::from_raw(config) }.config
    };
    own(wasm_engine_t {
        engine: Engine::new(&config),
    })
}

/// The `spindle_config_*` setters: each does nothing for a NULL config.
macro_rules! setters {
    ($($name:ident($arg:ident: $t:ty) => $method:ident;)*) => {$(
        #[doc = concat!("`Config::", stringify!($method), "` (spindle.h).")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(config: *mut wasm_config_t, $arg: $t) {
            // SAFETY: NULL or live.
            if let Some(c) = unsafe { opt_mut(config) } {
                c.config.$method($arg);
            }
        }
    )*};
}

setters! {
    spindle_config_consume_fuel(enable: bool) => consume_fuel;
    spindle_config_deterministic(enable: bool) => deterministic;
    spindle_config_lazy_translation(enable: bool) => lazy_translation;
    spindle_config_lazy_validation(enable: bool) => lazy_validation;
    spindle_config_max_call_depth(frames: usize) => max_call_depth;
    spindle_config_max_stack_slots(slots: usize) => max_stack_slots;
    spindle_config_wasm_tail_call(enable: bool) => wasm_tail_call;
    spindle_config_wasm_extended_const(enable: bool) => wasm_extended_const;
    spindle_config_wasm_wide_arithmetic(enable: bool) => wasm_wide_arithmetic;
    spindle_config_wasm_custom_page_sizes(enable: bool) => wasm_custom_page_sizes;
}
