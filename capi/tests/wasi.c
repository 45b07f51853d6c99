/*
 * wasi.c: WASI commands. A program that prints its arguments and
 * environment runs with spindle_wasi_config (args, env, captured stdout
 * and stderr), spindle_store_set_wasi, spindle_wasi_instantiate and
 * spindle_wasi_run; one that calls proc_exit(3) gives exit status 3; one
 * that traps gives the trap. Then spindle_wasi_import builds the imports
 * of a module that imports one WASI function and one host function.
 *
 * usage: wasi WASM_DIR   (wasi_hello.wasm, wasi_exit.wasm, wasi_trap.wasm,
 *                         wasi_mixed.wasm)
 */
#include "common.h"
#include "spindle.h"

static const char* dir;

static bool bytes_are(const wasm_byte_vec_t* v, const char* s) {
  return v->size == strlen(s) && (v->size == 0 || memcmp(v->data, s, v->size) == 0);
}

static void print_bytes(const char* what, const wasm_byte_vec_t* v) {
  printf("    %s (%zu bytes): \"", what, v->size);
  for (size_t i = 0; i < v->size; i++) {
    char c = v->data[i];
    if (c == '\n') printf("\\n");
    else putchar(c);
  }
  printf("\"\n");
}

static void run_hello(wasm_engine_t* engine) {
  SECTION("a command with args, env and captured output");
  wasm_store_t* store = wasm_store_new(engine);
  spindle_wasi_config_t* cfg = spindle_wasi_config_new();
  REQUIRE(cfg != NULL);
  spindle_wasi_config_arg(cfg, "hello.wasm");
  spindle_wasi_config_arg(cfg, "first arg");
  spindle_wasi_config_arg(cfg, "2nd");
  spindle_wasi_config_env(cfg, "GREETING", "hi there");
  spindle_wasi_config_env(cfg, "EMPTY", "");
  spindle_wasi_config_capture_stdout(cfg);
  spindle_wasi_config_capture_stderr(cfg);
  wasm_trap_t* err = spindle_store_set_wasi(store, cfg);
  CHECK(no_trap(err));
  wasm_trap_delete(err);

  wasm_module_t* module = load_module(store, dir, "wasi_hello.wasm");
  wasm_instance_t* inst = NULL;
  err = spindle_wasi_instantiate(store, module, &inst);
  CHECK(no_trap(err));
  REQUIRE(inst != NULL);
  int32_t status = -1;
  err = spindle_wasi_run(inst, &status);
  char* msg = trap_text(err);
  if (msg) printf("    trap: %s\n", msg);
  free(msg);
  CHECK(no_trap(err));
  CHECK(status == 0);
  wasm_trap_delete(err);

  wasm_byte_vec_t out, errout;
  spindle_store_wasi_stdout(store, &out);
  spindle_store_wasi_stderr(store, &errout);
  print_bytes("stdout", &out);
  print_bytes("stderr", &errout);
  CHECK(bytes_are(&out, "hello.wasm\nfirst arg\n2nd\n"
                        "GREETING=hi there\nEMPTY=\ndone\n"));
  CHECK(bytes_are(&errout, "to stderr\n"));
  wasm_byte_vec_delete(&out);
  wasm_byte_vec_delete(&errout);

  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

static void run_exit(wasm_engine_t* engine) {
  SECTION("a command that calls proc_exit(3)");
  wasm_store_t* store = wasm_store_new(engine);
  spindle_wasi_config_t* cfg = spindle_wasi_config_new();
  spindle_wasi_config_capture_stdout(cfg);
  wasm_trap_t* err = spindle_store_set_wasi(store, cfg);
  CHECK(no_trap(err));
  wasm_trap_delete(err);
  wasm_module_t* module = load_module(store, dir, "wasi_exit.wasm");
  wasm_instance_t* inst = NULL;
  err = spindle_wasi_instantiate(store, module, &inst);
  CHECK(no_trap(err) && inst != NULL);
  wasm_trap_delete(err);
  REQUIRE(inst != NULL);
  int32_t status = -1;
  err = spindle_wasi_run(inst, &status);
  CHECK(no_trap(err));
  CHECK(status == 3);
  wasm_trap_delete(err);
  wasm_byte_vec_t out;
  spindle_store_wasi_stdout(store, &out);
  print_bytes("stdout", &out);
  CHECK(bytes_are(&out, "bye\n"));
  wasm_byte_vec_delete(&out);
  /* stderr is not captured: an empty vector */
  spindle_store_wasi_stderr(store, &out);
  CHECK(out.size == 0);
  wasm_byte_vec_delete(&out);

  SECTION("_start called directly: the exit is a trap with the status");
  {
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_func_t* start = export_func(module, &ex, "_start");
    REQUIRE(start != NULL);
    wasm_trap_t* t = call_vals(start, NULL, 0, NULL, 0);
    CHECK(t != NULL);
    int32_t st = -1;
    CHECK(t && spindle_trap_exit_status(t, &st));
    CHECK(st == 3);
    spindle_trap_code_t code;
    CHECK(t && !spindle_trap_code(t, &code));
    char* msg = trap_text(t);
    printf("    message: \"%s\"\n", msg ? msg : "");
    free(msg);
    wasm_trap_delete(t);
    wasm_extern_vec_delete(&ex);
    spindle_store_wasi_stdout(store, &out);
    CHECK(bytes_are(&out, "bye\nbye\n"));
    wasm_byte_vec_delete(&out);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

static void run_trap(wasm_engine_t* engine) {
  SECTION("a command that traps, and a store without a WASI context");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "wasi_trap.wasm");
  wasm_instance_t* inst = NULL;
  wasm_trap_t* err = spindle_wasi_instantiate(store, module, &inst);
  CHECK(no_trap(err) && inst != NULL);
  wasm_trap_delete(err);
  REQUIRE(inst != NULL);
  int32_t status = -1;
  err = spindle_wasi_run(inst, &status);
  CHECK(err != NULL);
  spindle_trap_code_t code = 0xff;
  CHECK(err && spindle_trap_code(err, &code) && code == SPINDLE_TRAP_UNREACHABLE);
  wasm_trap_delete(err);
  wasm_byte_vec_t out;
  spindle_store_wasi_stdout(store, &out); /* never captured */
  CHECK(out.size == 0);
  wasm_byte_vec_delete(&out);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

static int host_calls;
static int32_t host_arg;
static wasm_trap_t* host_value(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  host_calls++;
  host_arg = args->data[0].of.i32;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 7;
  return NULL;
}

static void run_mixed(wasm_engine_t* engine) {
  SECTION("spindle_wasi_import: one WASI import and one host import");
  wasm_store_t* store = wasm_store_new(engine);
  spindle_wasi_config_t* cfg = spindle_wasi_config_new();
  spindle_wasi_config_capture_stdout(cfg);
  wasm_trap_t* err = spindle_store_set_wasi(store, cfg);
  CHECK(no_trap(err));
  wasm_trap_delete(err);
  wasm_module_t* module = load_module(store, dir, "wasi_mixed.wasm");

  /* spindle_wasi_instantiate refuses a module with a non-WASI import */
  wasm_instance_t* refused = (wasm_instance_t*)store;
  err = spindle_wasi_instantiate(store, module, &refused);
  CHECK(err != NULL && refused == NULL);
  char* msg = trap_text(err);
  printf("    spindle_wasi_instantiate: \"%s\"\n", msg ? msg : "(no error)");
  free(msg);
  wasm_trap_delete(err);

  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, ft, host_value);
  wasm_functype_delete(ft);

  wasm_importtype_vec_t its;
  wasm_module_imports(module, &its);
  CHECK(its.size == 2);
  wasm_extern_vec_t imports;
  wasm_extern_vec_new_uninitialized(&imports, its.size);
  for (size_t i = 0; i < its.size; i++) {
    const wasm_importtype_t* it = its.data[i];
    if (name_is(wasm_importtype_module(it), "wasi_snapshot_preview1")) {
      imports.data[i] = spindle_wasi_import(store, it);
      CHECK(imports.data[i] != NULL);
      CHECK(imports.data[i] && wasm_extern_kind(imports.data[i]) == WASM_EXTERN_FUNC);
    } else {
      /* not a WASI import */
      CHECK(spindle_wasi_import(store, it) == NULL);
      imports.data[i] = wasm_extern_copy(wasm_func_as_extern(host));
    }
  }
  wasm_importtype_vec_delete(&its);

  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(no_trap(trap));
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* run = export_func(module, &ex, "run");
  REQUIRE(run != NULL);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  trap = call_vals(run, NULL, 0, r, 1);
  CHECK(no_trap(trap));
  wasm_trap_delete(trap);
  CHECK(host_calls == 1);
  CHECK(host_arg == 6); /* errno 0, 6 bytes written */
  CHECK(r[0].of.i32 == 13);
  wasm_byte_vec_t out;
  spindle_store_wasi_stdout(store, &out);
  print_bytes("stdout", &out);
  CHECK(bytes_are(&out, "mixed\n"));
  wasm_byte_vec_delete(&out);

  /* no _start: spindle_wasi_run gives an error */
  int32_t status = -1;
  trap = spindle_wasi_run(inst, &status);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);

  SECTION("spindle_wasi_import: imports that are not WASI functions");
  {
    wasm_name_t mod, name;
    wasm_name_new_from_string(&mod, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&name, "no_such_function");
    wasm_importtype_t* unknown = wasm_importtype_new(
        &mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
    CHECK(spindle_wasi_import(store, unknown) == NULL);
    wasm_importtype_delete(unknown);

    wasm_name_new_from_string(&mod, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&name, "fd_write");
    wasm_importtype_t* wrong_type = wasm_importtype_new(
        &mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
    CHECK(spindle_wasi_import(store, wrong_type) == NULL);
    wasm_importtype_delete(wrong_type);

    wasm_name_new_from_string(&mod, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&name, "memory");
    wasm_limits_t lim = {1, wasm_limits_max_default};
    wasm_importtype_t* wrong_kind = wasm_importtype_new(
        &mod, &name, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)));
    CHECK(spindle_wasi_import(store, wrong_kind) == NULL);
    wasm_importtype_delete(wrong_kind);

    wasm_name_new_from_string(&mod, "wasi_unstable");
    wasm_name_new_from_string(&name, "proc_exit");
    wasm_importtype_t* other_module = wasm_importtype_new(
        &mod, &name,
        wasm_functype_as_externtype(wasm_functype_new_1_0(wasm_valtype_new_i32())));
    CHECK(spindle_wasi_import(store, other_module) == NULL);
    wasm_importtype_delete(other_module);
    CHECK(spindle_wasi_import(store, NULL) == NULL);
  }

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_extern_vec_delete(&imports);
  wasm_func_delete(host);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

static void config_misc(wasm_engine_t* engine) {
  SECTION("configurations: deleted unused, replaced, in-memory files");
  spindle_wasi_config_t* unused = spindle_wasi_config_new();
  spindle_wasi_config_arg(unused, "x");
  spindle_wasi_config_env(unused, "K", "V");
  spindle_wasi_config_delete(unused);

  wasm_store_t* store = wasm_store_new(engine);
  spindle_wasi_config_t* first = spindle_wasi_config_new();
  spindle_wasi_config_arg(first, "first");
  wasm_trap_t* err = spindle_store_set_wasi(store, first);
  CHECK(no_trap(err));
  wasm_trap_delete(err);
  /* replaced: the second context's args and capture apply */
  spindle_wasi_config_t* second = spindle_wasi_config_new();
  spindle_wasi_config_arg(second, "second");
  spindle_wasi_config_capture_stdout(second);
  wasm_byte_vec_t contents;
  wasm_byte_vec_new(&contents, 3, "abc");
  CHECK(spindle_wasi_config_file(second, "/data/file.txt", &contents));
  wasm_byte_vec_delete(&contents);
  CHECK(!spindle_wasi_config_preopen_dir(second, "/no/such/dir/for/spindle", "/x"));
  err = spindle_store_set_wasi(store, second);
  CHECK(no_trap(err));
  wasm_trap_delete(err);
  wasm_module_t* module = load_module(store, dir, "wasi_hello.wasm");
  wasm_instance_t* inst = NULL;
  err = spindle_wasi_instantiate(store, module, &inst);
  CHECK(no_trap(err) && inst != NULL);
  wasm_trap_delete(err);
  if (inst) {
    int32_t status = -1;
    err = spindle_wasi_run(inst, &status);
    CHECK(no_trap(err) && status == 0);
    wasm_trap_delete(err);
    wasm_byte_vec_t out;
    spindle_store_wasi_stdout(store, &out);
    print_bytes("stdout", &out);
    CHECK(bytes_are(&out, "second\ndone\n"));
    wasm_byte_vec_delete(&out);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  err = spindle_store_set_wasi(NULL, spindle_wasi_config_new());
  CHECK(err != NULL); /* no store: an error, and the config is deleted */
  wasm_trap_delete(err);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  wasm_engine_t* engine = wasm_engine_new();
  REQUIRE(engine != NULL);
  run_hello(engine);
  run_exit(engine);
  run_trap(engine);
  run_mixed(engine);
  config_misc(engine);
  wasm_engine_delete(engine);
  return test_finish("wasi");
}
