/*
 * portable.c: an application written only against the standard wasm.h.
 * It loads a module from a file, lists its imports and exports, provides
 * two host functions (print_i32 and print_str, which reads the guest's
 * memory), calls the exports and prints what they return. run.sh builds
 * this same file against Spindle and against another engine's C API and
 * compares the two outputs, which must be identical.
 *
 * usage: portable PORTABLE.wasm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm.h"

static wasm_memory_t* guest_memory;
static int failures;

#define EXPECT(cond)                                                        \
  do {                                                                      \
    if (!(cond)) {                                                          \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
      failures++;                                                           \
    }                                                                       \
  } while (0)

static wasm_trap_t* print_i32(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("print_i32: %d\n", args->data[0].of.i32);
  return NULL;
}

static wasm_trap_t* print_str(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  uint32_t ptr = (uint32_t)args->data[0].of.i32;
  uint32_t len = (uint32_t)args->data[1].of.i32;
  if (!guest_memory || (size_t)ptr + len > wasm_memory_data_size(guest_memory)) {
    printf("print_str: out of range\n");
    return NULL;
  }
  printf("print_str: %.*s\n", (int)len, wasm_memory_data(guest_memory) + ptr);
  return NULL;
}

static const char* kind_name(wasm_externkind_t k) {
  switch (k) {
    case WASM_EXTERN_FUNC: return "func";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TABLE: return "table";
    case WASM_EXTERN_MEMORY: return "memory";
  }
  return "?";
}

static void describe(const char* what, const wasm_name_t* module,
                     const wasm_name_t* name, const wasm_externtype_t* type) {
  printf("%s ", what);
  if (module) printf("%.*s.", (int)module->size, module->data);
  printf("%.*s: %s", (int)name->size, name->data, kind_name(wasm_externtype_kind(type)));
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(type);
  if (ft)
    printf(" (%zu params, %zu results)", wasm_functype_params(ft)->size,
           wasm_functype_results(ft)->size);
  const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(type);
  if (mt) printf(" (min %u pages)", wasm_memorytype_limits(mt)->min);
  const wasm_globaltype_t* gt = wasm_externtype_as_globaltype_const(type);
  if (gt)
    printf(" (%s)", wasm_globaltype_mutability(gt) == WASM_VAR ? "var" : "const");
  printf("\n");
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PORTABLE.wasm\n", argv[0]);
    return 2;
  }
  FILE* file = fopen(argv[1], "rb");
  if (!file) {
    printf("cannot open %s\n", argv[1]);
    return 2;
  }
  fseek(file, 0, SEEK_END);
  size_t size = (size_t)ftell(file);
  fseek(file, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, size);
  if (fread(binary.data, 1, size, file) != size) {
    printf("cannot read %s\n", argv[1]);
    return 2;
  }
  fclose(file);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  EXPECT(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    printf("cannot compile the module\n");
    return 1;
  }

  wasm_importtype_vec_t import_types;
  wasm_module_imports(module, &import_types);
  for (size_t i = 0; i < import_types.size; i++)
    describe("import", wasm_importtype_module(import_types.data[i]),
             wasm_importtype_name(import_types.data[i]),
             wasm_importtype_type(import_types.data[i]));
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(module, &export_types);
  for (size_t i = 0; i < export_types.size; i++)
    describe("export", NULL, wasm_exporttype_name(export_types.data[i]),
             wasm_exporttype_type(export_types.data[i]));

  wasm_functype_t* i_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_functype_t* ii_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f_print_i32 = wasm_func_new(store, i_type, print_i32);
  wasm_func_t* f_print_str = wasm_func_new(store, ii_type, print_str);
  wasm_functype_delete(i_type);
  wasm_functype_delete(ii_type);
  wasm_extern_t* externs[2] = {wasm_func_as_extern(f_print_i32),
                               wasm_func_as_extern(f_print_str)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    printf("cannot instantiate the module\n");
    return 1;
  }

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = NULL;
  wasm_func_t* mix = NULL;
  wasm_global_t* version = NULL;
  for (size_t i = 0; i < exports.size && i < export_types.size; i++) {
    const wasm_name_t* name = wasm_exporttype_name(export_types.data[i]);
    if (name->size == 3 && memcmp(name->data, "run", 3) == 0)
      run = wasm_extern_as_func(exports.data[i]);
    else if (name->size == 3 && memcmp(name->data, "mix", 3) == 0)
      mix = wasm_extern_as_func(exports.data[i]);
    else if (name->size == 7 && memcmp(name->data, "version", 7) == 0)
      version = wasm_extern_as_global(exports.data[i]);
    else if (name->size == 6 && memcmp(name->data, "memory", 6) == 0)
      guest_memory = wasm_extern_as_memory(exports.data[i]);
  }
  EXPECT(run && mix && version && guest_memory);
  if (!(run && mix && version && guest_memory)) return 1;

  printf("memory: %u page(s), %zu bytes\n", wasm_memory_size(guest_memory),
         wasm_memory_data_size(guest_memory));
  wasm_val_t v;
  wasm_global_get(version, &v);
  printf("version: %d\n", v.of.i32);

  wasm_val_t run_args[1] = {WASM_I32_VAL(10)};
  wasm_val_t run_results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(run_args);
  wasm_val_vec_t results = WASM_ARRAY_VEC(run_results);
  trap = wasm_func_call(run, &args, &results);
  EXPECT(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  printf("run(10) = %d\n", run_results[0].of.i32);

  wasm_val_t mix_args[2] = {WASM_I64_VAL(7), WASM_F64_VAL(2.25)};
  wasm_val_t mix_results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t margs = WASM_ARRAY_VEC(mix_args);
  wasm_val_vec_t mresults = WASM_ARRAY_VEC(mix_results);
  trap = wasm_func_call(mix, &margs, &mresults);
  EXPECT(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  printf("mix(7, 2.25) = %g\n", mix_results[0].of.f64);

  /* a trap made by the host, through the standard API */
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "host says stop");
  trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  wasm_message_t text;
  wasm_trap_message(trap, &text);
  printf("trap message: %s\n", text.data);
  wasm_byte_vec_delete(&text);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  wasm_importtype_vec_delete(&import_types);
  wasm_instance_delete(instance);
  wasm_func_delete(f_print_i32);
  wasm_func_delete(f_print_str);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("%s\n", failures ? "portable: FAILED" : "portable: done");
  fflush(stdout);
  return failures ? 1 : 0;
}
