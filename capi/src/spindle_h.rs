//! The rest of `spindle.h`: fuel and store limits. (Its configuration
//! setters are in [`crate::config`], trap codes in [`crate::trap`],
//! `spindle_module_new` in [`crate::module`], WASI in [`crate::wasi`].)

use crate::store::{cell_of, wasm_store_t};
use crate::{guard, opt_mut};
use spindle::StoreLimitsBuilder;

/// Sets the fuel; false if the engine does not count fuel.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_set_fuel(store: *mut wasm_store_t, fuel: u64) -> bool {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return false;
    };
    guard(|| false, || cell.with(|s| s.set_fuel(fuel).is_ok()))
}

/// Reads the fuel left; false if the engine does not count fuel.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_get_fuel(store: *const wasm_store_t, out: *mut u64) -> bool {
    // SAFETY: NULL or live; `out` NULL or writable.
    let (Some(cell), out) = (unsafe { cell_of(store) }, unsafe { opt_mut(out) }) else {
        return false;
    };
    guard(
        || false,
        || match cell.with(|s| s.get_fuel()) {
            Ok(fuel) => {
                if let Some(out) = out {
                    *out = fuel;
                }
                true
            }
            Err(_) => false,
        },
    )
}

/// Sets the store's limits; a negative value is no limit.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_store_limit(
    store: *mut wasm_store_t,
    memory_bytes: i64,
    table_elements: i64,
    instances: i64,
    tables: i64,
    memories: i64,
) {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return;
    };
    guard(
        || (),
        || {
            let mut b = StoreLimitsBuilder::new();
            if let Ok(n) = usize::try_from(memory_bytes) {
                b = b.memory_size(n);
            }
            if let Ok(n) = u32::try_from(table_elements) {
                b = b.table_elements(n);
            } else if table_elements > u32::MAX as i64 {
                b = b.table_elements(u32::MAX);
            }
            if let Ok(n) = usize::try_from(instances) {
                b = b.instances(n);
            }
            if let Ok(n) = usize::try_from(tables) {
                b = b.tables(n);
            }
            if let Ok(n) = usize::try_from(memories) {
                b = b.memories(n);
            }
            cell.with(|s| s.data_mut().limits = b.build());
        },
    );
}
