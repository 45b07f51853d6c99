/*
 * spindle.h: Spindle's own additions to the standard WebAssembly C API.
 *
 * Include "wasm.h" (the WebAssembly CG's header, fetched unmodified by
 * capi/header.sh) first or let this header include it. Everything here
 * follows wasm.h's conventions: `own` marks ownership that passes to the
 * receiver, and a function that can fail returns an own wasm_trap_t* that
 * describes the error (NULL on success). Read its text with
 * wasm_trap_message.
 *
 * No function here aborts on a caller's mistake: a NULL handle, an object
 * of another store or a wrong value kind gives NULL, false or an error
 * trap. Stores are single-threaded: use each store, and the objects in it,
 * from one thread at a time.
 */
#ifndef SPINDLE_H
#define SPINDLE_H

#include "wasm.h"

/* wasm.h undefines its `own` marker at its end; this header uses it too. */
#define own

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Configuration (set before wasm_engine_new_with_config takes the config) */

/* Count fuel: every call then needs fuel (spindle_store_set_fuel); a call
 * that runs out traps with SPINDLE_TRAP_OUT_OF_FUEL. Off by default. */
void spindle_config_consume_fuel(wasm_config_t*, bool enable);
/* The oracle mode: results that the spec leaves to the implementation
 * (NaN bit patterns) are canonical, so two runs agree bit for bit. */
void spindle_config_deterministic(wasm_config_t*, bool enable);
/* Translate each function when it is first called (on by default). */
void spindle_config_lazy_translation(wasm_config_t*, bool enable);
/* Validate each function body only when it is first called (off by
 * default): faster loading; a fault in a body is reported by the call that
 * first reaches it. Ignored by builds without it (small-footprint). */
void spindle_config_lazy_validation(wasm_config_t*, bool enable);
/* The deepest nesting of wasm calls; deeper is SPINDLE_TRAP_STACK_OVERFLOW. */
void spindle_config_max_call_depth(wasm_config_t*, size_t frames);
/* The most 64-bit value-stack slots all active frames may use together. */
void spindle_config_max_stack_slots(wasm_config_t*, size_t slots);
/* WebAssembly proposals beyond 2.0, on or off (defaults as in Wasmtime:
 * tail calls and extended constants on, wide arithmetic and custom page
 * sizes off). A module that uses a proposal turned off is invalid. */
void spindle_config_wasm_tail_call(wasm_config_t*, bool enable);
void spindle_config_wasm_extended_const(wasm_config_t*, bool enable);
void spindle_config_wasm_wide_arithmetic(wasm_config_t*, bool enable);
void spindle_config_wasm_custom_page_sizes(wasm_config_t*, bool enable);

/* ---------------------------------------------------------------------- */
/* Fuel */

/* Sets the store's fuel. Returns false if the engine does not count fuel. */
bool spindle_store_set_fuel(wasm_store_t*, uint64_t fuel);
/* Reads the fuel left. Returns false if the engine does not count fuel. */
bool spindle_store_get_fuel(const wasm_store_t*, uint64_t* out);

/* ---------------------------------------------------------------------- */
/* Limits: what a store's guests may allocate. A negative value means no
 * limit. A memory.grow or table.grow beyond a limit fails (returns -1 to
 * the guest); a module whose initial sizes or counts exceed one fails to
 * instantiate. */
void spindle_store_limit(wasm_store_t*, int64_t memory_bytes,
                         int64_t table_elements, int64_t instances,
                         int64_t tables, int64_t memories);

/* ---------------------------------------------------------------------- */
/* SIMD. wasm.h has no kind for v128 and its value union cannot hold one:
 * wasm_valtype_kind reports a v128 in a signature as SPINDLE_V128, and
 * wasm_func_call refuses (with a trap) a function that takes or returns
 * one. Such functions still run when called from wasm. */
#define SPINDLE_V128 4

/* ---------------------------------------------------------------------- */
/* Errors and traps */

typedef uint8_t spindle_trap_code_t;
enum spindle_trap_code_enum {
  SPINDLE_TRAP_UNREACHABLE,
  SPINDLE_TRAP_MEMORY_OUT_OF_BOUNDS,
  SPINDLE_TRAP_TABLE_OUT_OF_BOUNDS,
  SPINDLE_TRAP_INDIRECT_CALL_TO_NULL,
  SPINDLE_TRAP_BAD_SIGNATURE,
  SPINDLE_TRAP_INTEGER_OVERFLOW,
  SPINDLE_TRAP_INTEGER_DIVISION_BY_ZERO,
  SPINDLE_TRAP_BAD_CONVERSION_TO_INTEGER,
  SPINDLE_TRAP_STACK_OVERFLOW,
  SPINDLE_TRAP_OUT_OF_FUEL,
  SPINDLE_TRAP_HOST,
  /* ref.as_non_null or call_ref on a null reference. */
  SPINDLE_TRAP_NULL_REFERENCE,
};

/* The code of a trap raised by running wasm code. Returns false for traps
 * that are errors of another kind (made by wasm_trap_new or a host
 * function, a link error, a WASI exit). */
bool spindle_trap_code(const wasm_trap_t*, spindle_trap_code_t* out);
/* If the trap is a WASI proc_exit, its status. */
bool spindle_trap_exit_status(const wasm_trap_t*, int32_t* out);

/* Like wasm_module_new, but says why a module is refused: returns NULL and
 * sets *out on success; otherwise returns the error (an own trap whose
 * message is the reason) and sets *out to NULL. */
own wasm_trap_t* spindle_module_new(wasm_store_t*, const wasm_byte_vec_t* binary,
                                    own wasm_module_t** out);

/* ---------------------------------------------------------------------- */
/* WASI preview1 */

typedef struct spindle_wasi_config_t spindle_wasi_config_t;

own spindle_wasi_config_t* spindle_wasi_config_new(void);
void spindle_wasi_config_delete(own spindle_wasi_config_t*);

/* Appends one argument (argv[0] is the first one appended). */
void spindle_wasi_config_arg(spindle_wasi_config_t*, const char* arg);
/* Adds an environment variable. */
void spindle_wasi_config_env(spindle_wasi_config_t*, const char* key, const char* value);
/* Gives the guest a host directory under the name guest_path. Returns false
 * if the directory cannot be opened, or in a build without std (no host
 * filesystem: use spindle_wasi_config_file). */
bool spindle_wasi_config_preopen_dir(spindle_wasi_config_t*, const char* host_path,
                                     const char* guest_path);
/* Adds a file to an in-memory filesystem, which the guest sees preopened
 * as "/" (the embedded backend). A configuration with any such file uses
 * the in-memory filesystem instead of the host's. Returns false for a
 * path that cannot be created. */
bool spindle_wasi_config_file(spindle_wasi_config_t*, const char* path,
                              const wasm_byte_vec_t* contents);

/* stdin: nothing (the default: reads return end of file), the host's, or
 * these bytes. */
void spindle_wasi_config_inherit_stdin(spindle_wasi_config_t*);
void spindle_wasi_config_stdin_bytes(spindle_wasi_config_t*, const wasm_byte_vec_t* bytes);
/* stdout and stderr: captured in the store (the default; read them with
 * spindle_store_wasi_stdout/stderr), or the host's (std builds only). */
void spindle_wasi_config_inherit_stdout(spindle_wasi_config_t*);
void spindle_wasi_config_inherit_stderr(spindle_wasi_config_t*);
void spindle_wasi_config_capture_stdout(spindle_wasi_config_t*);
void spindle_wasi_config_capture_stderr(spindle_wasi_config_t*);

/* Gives the store its WASI context, built from the configuration, which
 * this call takes (it is deleted even on failure). Replaces an earlier
 * context. Returns an error if a preopened directory cannot be used. */
own wasm_trap_t* spindle_store_set_wasi(wasm_store_t*, own spindle_wasi_config_t*);

/* The WASI function that satisfies an import of module
 * "wasi_snapshot_preview1", or NULL if the import is not one (unknown
 * name, wrong kind or type). The function uses the store's WASI context
 * (an empty one if none was set). */
own wasm_extern_t* spindle_wasi_import(wasm_store_t*, const wasm_importtype_t*);

/* Instantiates a module whose imports are all WASI functions. */
own wasm_trap_t* spindle_wasi_instantiate(wasm_store_t*, const wasm_module_t*,
                                          own wasm_instance_t** out);

/* Runs a WASI command: calls the instance's "_start" export. Sets
 * *exit_status to the guest's proc_exit status, or 0 when _start returns.
 * Returns NULL when the program ended either way, else the trap. */
own wasm_trap_t* spindle_wasi_run(const wasm_instance_t*, int32_t* exit_status);

/* What the guest wrote to a captured stdout or stderr so far (an empty
 * vector if it is not captured). */
void spindle_store_wasi_stdout(const wasm_store_t*, own wasm_byte_vec_t* out);
void spindle_store_wasi_stderr(const wasm_store_t*, own wasm_byte_vec_t* out);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#undef own

#endif  /* SPINDLE_H */
