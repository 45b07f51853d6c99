// The README's C quick start: load a module, call its export, print the
// result. Only wasm.h: this builds unchanged against any engine's wasm.h
// library. Build (from the repository root):
//   bash capi/header.sh && cargo build --release -p spindle-c-api
//   cc capi/examples/quickstart.c -I capi/include target/release/libspindle.a -lpthread -ldl -lm
#include <stdio.h>
#include "wasm.h"

// (module (func (export "add") (param i32 i32) (result i32)
//   local.get 0 local.get 1 i32.add))
static const char add_wasm[] = "\0asm\1\0\0\0\1\7\1`\2\177\177\1\177\3\2\1\0\7\7\1\3add\0\0\n\t\1\7\0 \0 \1j\v";

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary = {sizeof add_wasm - 1, (char*)add_wasm};
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  wasm_instance_exports(instance, &exports);
  wasm_val_t args[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)}, results[1];
  wasm_val_vec_t args_vec = WASM_ARRAY_VEC(args), results_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args_vec, &results_vec);
  if (trap) return 1;
  printf("add(40, 2) = %d\n", results[0].of.i32);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
