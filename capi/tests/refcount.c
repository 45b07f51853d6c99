/*
 * refcount.c: references and finalizers as wasm.h documents them
 * ("deleting a reference does not necessarily delete the underlying
 * object"). A copy of a function works after the original handle, the
 * exports vector, the instance and the module are deleted; a store deleted
 * before the objects obtained from it stays alive until the last of them
 * is deleted (its functions still run, its memories still read), and the
 * host function's finalizer runs only then; host-info finalizers run
 * exactly once, at the right time: for foreign objects and functions when
 * the store is gone and no reference remains, for traps and modules when
 * the last copy is deleted.
 *
 * usage: refcount WASM_DIR   (refcount.wasm, simple.wasm)
 */
#include "common.h"

static const char* dir;

static int tick_calls;
static int tick_finalized;
static void* tick_finalized_with;
static int env_value = 1;

static void tick_fin(void* env) {
  tick_finalized++;
  tick_finalized_with = env;
}

static wasm_trap_t* tick_cb(void* env, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  (void)args;
  tick_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = *(int*)env;
  return NULL;
}

/* Host info finalizers: how often each ran, and with what. */
enum { FOREIGN_A, FOREIGN_B, FOREIGN_C, TRAP, MODULE, FUNC, INSTANCE, N_INFO };
static int finalized[N_INFO];
static int infos[N_INFO];
static bool wrong_arg;
static void info_fin(void* p) {
  int* ip = p;
  if (ip < infos || ip >= infos + N_INFO) {
    wrong_arg = true;
    return;
  }
  finalized[ip - infos]++;
}

static int32_t call0(const wasm_func_t* f) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(f, NULL, 0, r, 1);
  if (t) {
    wasm_trap_delete(t);
    return -1;
  }
  return r[0].of.i32;
}

static int32_t square(const wasm_func_t* f, int32_t x) {
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(f, a, 1, r, 1);
  if (t) {
    wasm_trap_delete(t);
    return -1;
  }
  return r[0].of.i32;
}

static void copies_outlive_originals(wasm_engine_t* engine) {
  SECTION("a function copy outlives the exports, the instance and the module");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, dir, "simple.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store, module, &none, NULL);
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* sq = export_func(module, &ex, "square");
  REQUIRE(sq != NULL);
  wasm_func_t* copy = wasm_func_copy(sq);
  wasm_extern_vec_t excopy;
  wasm_extern_vec_copy(&excopy, &ex);
  wasm_extern_vec_delete(&ex);
  CHECK(square(copy, 9) == 81);
  wasm_instance_delete(inst);
  CHECK(square(copy, 10) == 100);
  wasm_module_delete(module);
  CHECK(square(copy, 11) == 121);
  /* the copied vector's elements are alive too */
  CHECK(excopy.size == 3);
  wasm_func_t* sq2 = excopy.size == 3 ? wasm_extern_as_func(excopy.data[2]) : NULL;
  CHECK(sq2 && square(sq2, 3) == 9);
  wasm_extern_vec_delete(&excopy);
  CHECK(square(copy, 12) == 144);

  SECTION("a value copy of a reference");
  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(fo));
  wasm_val_t vc;
  wasm_val_copy(&vc, &v);
  CHECK(vc.kind == WASM_EXTERNREF && vc.of.ref != NULL);
  CHECK(vc.of.ref && wasm_ref_same(vc.of.ref, v.of.ref));
  wasm_val_delete(&vc);
  wasm_foreign_t* fo2 = wasm_foreign_copy(fo);
  wasm_foreign_delete(fo);
  CHECK(fo2 && wasm_ref_as_foreign(wasm_foreign_as_ref(fo2)) != NULL);
  wasm_foreign_delete(fo2);
  wasm_val_vec_t vals, valcopy;
  wasm_val_t arr[2] = {WASM_I32_VAL(1), WASM_I64_VAL(2)};
  wasm_val_vec_new(&vals, 2, arr);
  wasm_val_vec_copy(&valcopy, &vals);
  wasm_val_vec_delete(&vals);
  CHECK(valcopy.size == 2 && valcopy.data[1].of.i64 == 2);
  wasm_val_vec_delete(&valcopy);

  wasm_func_delete(copy);
  wasm_store_delete(store);
}

static void store_deleted_first(wasm_engine_t* engine) {
  SECTION("the store deleted first: its objects keep it alive");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* tick = wasm_func_new_with_env(store, ft, tick_cb, &env_value, tick_fin);
  wasm_functype_delete(ft);
  REQUIRE(tick != NULL);
  wasm_module_t* module = load_module(store, dir, "refcount.wasm");
  wasm_extern_t* ims[1] = {wasm_func_as_extern(tick)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_instance_t* inst = wasm_instance_new(store, module, &imports, NULL);
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* run = wasm_func_copy(export_func(module, &ex, "run"));
  REQUIRE(run != NULL);
  CHECK(call0(run) == 101);

  wasm_module_t* simple = load_module(store, dir, "simple.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* sinst = wasm_instance_new(store, simple, &none, NULL);
  REQUIRE(sinst != NULL);
  wasm_extern_vec_t sex;
  wasm_instance_exports(sinst, &sex);
  wasm_memory_t* mem = wasm_memory_copy(wasm_extern_as_memory(find_export(simple, &sex, "memory")));
  wasm_global_t* answer = wasm_global_copy(wasm_extern_as_global(find_export(simple, &sex, "answer")));
  REQUIRE(mem && answer);
  wasm_memory_data(mem)[10] = 42;

  wasm_extern_vec_delete(&ex);
  wasm_extern_vec_delete(&sex);
  wasm_instance_delete(inst);
  wasm_instance_delete(sinst);
  wasm_module_delete(module);
  wasm_module_delete(simple);
  wasm_store_delete(store); /* still referenced: run, tick, mem, answer */
  CHECK(tick_finalized == 0);

  env_value = 5;
  CHECK(call0(run) == 105);
  CHECK(call0(tick) == 5);
  CHECK(tick_calls == 3);
  CHECK(wasm_memory_data(mem)[10] == 42);
  CHECK(wasm_memory_grow(mem, 1) && wasm_memory_size(mem) == 2);
  wasm_val_t v;
  wasm_global_get(answer, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 42);

  wasm_func_delete(tick);
  CHECK(tick_finalized == 0); /* run still holds the store */
  CHECK(call0(run) == 105);
  wasm_memory_delete(mem);
  wasm_global_delete(answer);
  CHECK(tick_finalized == 0);
  wasm_func_delete(run); /* the last object: the store goes now */
  CHECK(tick_finalized == 1);
  CHECK(tick_finalized_with == &env_value);
}

static void host_info_finalizers(wasm_engine_t* engine) {
  SECTION("foreign: finalized when the store is gone and no reference remains");
  wasm_store_t* store = wasm_store_new(engine);
  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(a, &infos[FOREIGN_A], info_fin);
  CHECK(wasm_foreign_get_host_info(a) == &infos[FOREIGN_A]);
  wasm_foreign_t* a2 = wasm_foreign_copy(a);
  wasm_foreign_delete(a);
  CHECK(finalized[FOREIGN_A] == 0);
  CHECK(wasm_foreign_get_host_info(a2) == &infos[FOREIGN_A]);
  wasm_foreign_delete(a2);
  CHECK(finalized[FOREIGN_A] == 0); /* the store may still hand it out */

  /* B: only a table holds it */
  wasm_foreign_t* b = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(b, &infos[FOREIGN_B], info_fin);
  wasm_limits_t lim = {1, 1};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  wasm_table_t* table = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  CHECK(table && wasm_table_set(table, 0, wasm_foreign_as_ref(b)));
  wasm_foreign_delete(b);
  wasm_ref_t* got = wasm_table_get(table, 0);
  CHECK(got && wasm_ref_get_host_info(got) == &infos[FOREIGN_B]);
  wasm_ref_delete(got);
  wasm_table_delete(table);
  CHECK(finalized[FOREIGN_B] == 0);

  SECTION("func: host info finalized with the store");
  wasm_module_t* simple = load_module(store, dir, "simple.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store, simple, &none, NULL);
  REQUIRE(inst != NULL);
  wasm_instance_set_host_info_with_finalizer(inst, &infos[INSTANCE], info_fin);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* sq = export_func(simple, &ex, "square");
  wasm_func_set_host_info_with_finalizer(sq, &infos[FUNC], info_fin);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(simple);
  CHECK(finalized[FUNC] == 0 && finalized[INSTANCE] == 0);

  SECTION("trap: finalized when the last copy is deleted");
  wasm_message_t msg;
  message_of(&msg, "host info test");
  wasm_trap_t* t = wasm_trap_new(store, &msg);
  wasm_byte_vec_delete(&msg);
  wasm_trap_set_host_info_with_finalizer(t, &infos[TRAP], info_fin);
  wasm_trap_t* t2 = wasm_trap_copy(t);
  CHECK(wasm_trap_get_host_info(t2) == &infos[TRAP]);
  wasm_trap_delete(t);
  CHECK(finalized[TRAP] == 0);
  wasm_trap_delete(t2);
  CHECK(finalized[TRAP] == 1);

  SECTION("module: finalized when the last copy is deleted");
  wasm_module_t* m = load_module(store, dir, "simple.wasm");
  wasm_module_set_host_info_with_finalizer(m, &infos[MODULE], info_fin);
  wasm_module_t* m2 = wasm_module_copy(m);
  CHECK(wasm_module_get_host_info(m2) == &infos[MODULE]);
  wasm_module_delete(m);
  CHECK(finalized[MODULE] == 0);
  wasm_module_delete(m2);
  CHECK(finalized[MODULE] == 1);

  SECTION("the store is deleted, no reference remains: finalized once");
  wasm_store_delete(store);
  CHECK(finalized[FOREIGN_A] == 1);
  CHECK(finalized[FOREIGN_B] == 1);
  CHECK(finalized[FUNC] == 1);
  CHECK(finalized[INSTANCE] == 1);
  CHECK(finalized[TRAP] == 1 && finalized[MODULE] == 1);

  SECTION("a foreign that outlives its store: finalized with its last reference");
  wasm_store_t* store2 = wasm_store_new(engine);
  wasm_foreign_t* c = wasm_foreign_new(store2);
  wasm_foreign_set_host_info_with_finalizer(c, &infos[FOREIGN_C], info_fin);
  wasm_store_delete(store2);
  CHECK(finalized[FOREIGN_C] == 0);
  CHECK(wasm_foreign_get_host_info(c) == &infos[FOREIGN_C]);
  wasm_foreign_t* c2 = wasm_foreign_copy(c);
  wasm_foreign_delete(c);
  CHECK(finalized[FOREIGN_C] == 0);
  CHECK(wasm_foreign_get_host_info(c2) == &infos[FOREIGN_C]);
  wasm_foreign_delete(c2);
  CHECK(finalized[FOREIGN_C] == 1);
  CHECK(!wrong_arg);
}

static int replaced_fin_calls;
static void replaced_fin(void* p) {
  (void)p;
  replaced_fin_calls++;
}

static void engine_deleted_first(void) {
  SECTION("host info replaced: each finalizer still runs at most once");
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_foreign_t* f = wasm_foreign_new(store);
  static int x, y;
  wasm_foreign_set_host_info_with_finalizer(f, &x, replaced_fin);
  wasm_foreign_set_host_info_with_finalizer(f, &y, replaced_fin);
  CHECK(wasm_foreign_get_host_info(f) == &y);
  wasm_foreign_delete(f);

  SECTION("the engine deleted before its store");
  wasm_engine_delete(engine);
  wasm_module_t* m = load_module(store, dir, "simple.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_instance_t* inst = wasm_instance_new(store, m, &none, NULL);
  CHECK(inst != NULL);
  if (inst) {
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    CHECK(square(export_func(m, &ex, "square"), 5) == 25);
    wasm_extern_vec_delete(&ex);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_store_delete(store);
  printf("    replaced host info: finalizer ran %d time(s) (1 or 2 is fine)\n",
         replaced_fin_calls);
  CHECK(replaced_fin_calls >= 1 && replaced_fin_calls <= 2);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  wasm_engine_t* engine = wasm_engine_new();
  REQUIRE(engine != NULL);
  copies_outlive_originals(engine);
  store_deleted_first(engine);
  host_info_finalizers(engine);
  wasm_engine_delete(engine);
  engine_deleted_first();
  /* nothing finalized twice */
  bool once = true;
  for (int i = 0; i < N_INFO; i++) once = once && finalized[i] == 1;
  CHECK(once);
  CHECK(tick_finalized == 1);
  return test_finish("refcount");
}
