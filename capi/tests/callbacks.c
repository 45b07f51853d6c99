/*
 * callbacks.c: host functions. wasm_func_new and wasm_func_new_with_env
 * (the env pointer is delivered, the finalizer runs exactly once, when the
 * store, the last owner, is deleted), a callback that returns a trap (the
 * wasm caller's wasm_func_call returns a trap with the callback's
 * message), re-entrant calls (a callback calls wasm exports of the same
 * store, also one that traps), and callbacks whose results have the wrong
 * kind (a trap, not a crash).
 *
 * usage: callbacks WASM_DIR   (callbacks.wasm)
 */
#include "common.h"

struct twice_env {
  int magic;
  int calls;
  int bad_shape; /* set when args/results did not look as declared */
};

struct reenter_env {
  const wasm_func_t* triple;
  const wasm_func_t* call_twice;
  const wasm_func_t* call_fail;
  int mode; /* 0: compute, 1: pass on the trap of call_fail */
  int calls;
};

static int twice_finalized, fail_finalized, reenter_finalized, extra_finalized;
static void* twice_finalized_with;

static void twice_fin(void* env) {
  twice_finalized++;
  twice_finalized_with = env;
}
static void fail_fin(void* env) {
  (void)env;
  fail_finalized++;
}
static void reenter_fin(void* env) {
  (void)env;
  reenter_finalized++;
}
static void extra_fin(void* env) {
  (void)env;
  extra_finalized++;
}

static wasm_trap_t* twice_cb(void* env, const wasm_val_vec_t* args,
                             wasm_val_vec_t* results) {
  struct twice_env* e = env;
  e->calls++;
  if (args->size != 1 || args->data[0].kind != WASM_I32 || results->size != 1)
    e->bad_shape = 1;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

static wasm_trap_t* fail_cb(void* env, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t msg;
  message_of(&msg, "boom from host");
  wasm_trap_t* trap = wasm_trap_new((wasm_store_t*)env, &msg);
  wasm_byte_vec_delete(&msg);
  return trap;
}

static wasm_trap_t* reenter_cb(void* env, const wasm_val_vec_t* args,
                               wasm_val_vec_t* results) {
  struct reenter_env* e = env;
  e->calls++;
  int32_t x = args->data[0].of.i32;
  if (e->mode == 1) {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    /* the callee's trap is returned as this callback's own trap */
    return call_vals(e->call_fail, NULL, 0, r, 1);
  }
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  wasm_val_t r1[1] = {WASM_INIT_VAL}, r2[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(e->triple, a, 1, r1, 1);
  if (t) return t;
  t = call_vals(e->call_twice, a, 1, r2, 1); /* wasm -> host -> wasm -> host */
  if (t) return t;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r1[0].of.i32 + r2[0].of.i32;
  return NULL;
}

static wasm_trap_t* bad_kind_cb(const wasm_val_vec_t* args,
                                wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I64; /* declared i32 */
  results->data[0].of.i64 = 5;
  return NULL;
}

static wasm_trap_t* bad_ref_cb(const wasm_val_vec_t* args,
                               wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_EXTERNREF; /* declared i32 */
  results->data[0].of.ref = NULL;
  return NULL;
}

static int plain_calls;
static wasm_trap_t* plain_cb(const wasm_val_vec_t* args,
                             wasm_val_vec_t* results) {
  plain_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * args->data[1].of.i32;
  return NULL;
}

static wasm_functype_t* type_i_i(void) {
  return wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  const char* dir = argv[1];
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  REQUIRE(engine && store);

  struct twice_env tenv = {0x5eed, 0, 0};
  struct reenter_env renv = {NULL, NULL, NULL, 0, 0};

  wasm_functype_t* t_i_i = type_i_i();
  wasm_functype_t* t_0_0 = wasm_functype_new_0_0();
  wasm_functype_t* t_0_i = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_functype_t* t_ii_i = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());

  wasm_func_t* twice = wasm_func_new_with_env(store, t_i_i, twice_cb, &tenv, twice_fin);
  wasm_func_t* fail = wasm_func_new_with_env(store, t_0_0, fail_cb, store, fail_fin);
  wasm_func_t* reenter = wasm_func_new_with_env(store, t_i_i, reenter_cb, &renv, reenter_fin);
  wasm_func_t* bad_kind = wasm_func_new(store, t_0_i, bad_kind_cb);
  wasm_func_t* plain = wasm_func_new(store, t_ii_i, plain_cb);
  wasm_func_t* bad_ref = wasm_func_new(store, t_0_i, bad_ref_cb);
  REQUIRE(twice && fail && reenter && bad_kind && plain && bad_ref);
  /* alive: not finalized */
  CHECK(twice_finalized == 0 && fail_finalized == 0 && reenter_finalized == 0);
  /* a function with env that is never used: finalized with the store */
  wasm_func_t* extra = wasm_func_new_with_env(store, t_0_0, fail_cb, store, extra_fin);
  CHECK(extra != NULL);
  wasm_func_delete(extra);
  CHECK(extra_finalized == 0);
  /* with env and no finalizer */
  wasm_func_t* nofin = wasm_func_new_with_env(store, t_i_i, twice_cb, &tenv, NULL);
  CHECK(nofin != NULL);

  SECTION("host functions called directly from C");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(21)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(twice, a, 1, r, 1);
    CHECK(no_trap(t));
    CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 42);
    CHECK(tenv.calls == 1);
    t = call_vals(nofin, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 42 && tenv.calls == 2);
    wasm_trap_delete(t);
    wasm_val_t b[2] = {WASM_I32_VAL(6), WASM_I32_VAL(7)};
    t = call_vals(plain, b, 2, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 42 && plain_calls == 1);
    t = call_vals(fail, NULL, 0, NULL, 0);
    char* msg = trap_text(t);
    printf("  direct host trap: %s\n", msg ? msg : "(none)");
    CHECK(t != NULL && strcmp(msg, "boom from host") == 0);
    free(msg);
    wasm_trap_delete(t);
    t = call_vals(bad_kind, NULL, 0, r, 1);
    msg = trap_text(t);
    printf("  wrong result kind, direct: %s\n", msg ? msg : "(no trap)");
    CHECK(t != NULL);
    free(msg);
    wasm_trap_delete(t);
  }
  wasm_func_delete(nofin);

  wasm_module_t* module = load_module(store, dir, "callbacks.wasm");
  wasm_extern_t* ims[6] = {
      wasm_func_as_extern(twice),    wasm_func_as_extern(fail),
      wasm_func_as_extern(reenter),  wasm_func_as_extern(bad_kind),
      wasm_func_as_extern(plain),    wasm_func_as_extern(bad_ref)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(no_trap(trap));
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* call_twice = export_func(module, &ex, "call_twice");
  wasm_func_t* call_fail = export_func(module, &ex, "call_fail");
  wasm_func_t* triple = export_func(module, &ex, "triple");
  wasm_func_t* call_reenter = export_func(module, &ex, "call_reenter");
  wasm_func_t* call_bad_kind = export_func(module, &ex, "call_bad_kind");
  wasm_func_t* call_bad_ref = export_func(module, &ex, "call_bad_ref");
  wasm_func_t* call_plain = export_func(module, &ex, "call_plain");
  REQUIRE(call_twice && call_fail && triple && call_reenter && call_bad_kind &&
          call_bad_ref && call_plain);
  renv.triple = triple;
  renv.call_twice = call_twice;
  renv.call_fail = call_fail;

  SECTION("wasm calls a host function with env");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(-8)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    int before = tenv.calls;
    wasm_trap_t* t = call_vals(call_twice, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == -16);
    CHECK(tenv.calls == before + 1);
    CHECK(tenv.bad_shape == 0);
    CHECK(tenv.magic == 0x5eed);
    wasm_trap_delete(t);
  }

  SECTION("wasm calls a host function without env");
  {
    wasm_val_t a[2] = {WASM_I32_VAL(-3), WASM_I32_VAL(5)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(call_plain, a, 2, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == -15 && plain_calls == 2);
    wasm_trap_delete(t);
  }

  SECTION("a callback's trap comes back to the wasm caller's caller");
  {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(call_fail, NULL, 0, r, 1);
    REQUIRE(t != NULL);
    char* msg = trap_text(t);
    printf("  message: \"%s\"\n", msg);
    CHECK(strcmp(msg, "boom from host") == 0);
    free(msg);
    wasm_message_t raw;
    wasm_trap_message(t, &raw);
    CHECK(raw.size == strlen("boom from host") + 1 && raw.data[raw.size - 1] == '\0');
    wasm_byte_vec_delete(&raw);
    wasm_trap_delete(t);
  }

  SECTION("re-entrant calls: host -> wasm -> host inside a wasm call");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(4)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    int tc = tenv.calls;
    wasm_trap_t* t = call_vals(call_reenter, a, 1, r, 1);
    CHECK(no_trap(t));
    CHECK(r[0].of.i32 == 4 * 3 + 4 * 2 + 1);
    CHECK(renv.calls == 1);
    CHECK(tenv.calls == tc + 1);
    wasm_trap_delete(t);
    /* many times over, to see that nothing builds up */
    bool all = true;
    for (int i = 0; i < 200; i++) {
      a[0].of.i32 = i;
      t = call_vals(call_reenter, a, 1, r, 1);
      if (t || r[0].of.i32 != 5 * i + 1) all = false;
      wasm_trap_delete(t);
    }
    CHECK(all);
    renv.mode = 1;
    a[0].of.i32 = 1;
    t = call_vals(call_reenter, a, 1, r, 1);
    char* msg = trap_text(t);
    printf("  nested trap: \"%s\"\n", msg ? msg : "(none)");
    CHECK(t != NULL && strcmp(msg, "boom from host") == 0);
    free(msg);
    wasm_trap_delete(t);
    renv.mode = 0;
    a[0].of.i32 = 2;
    t = call_vals(call_reenter, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 11); /* still usable after the trap */
    wasm_trap_delete(t);
  }

  SECTION("callback results of the wrong kind give a trap");
  {
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(call_bad_kind, NULL, 0, r, 1);
    char* msg = trap_text(t);
    printf("  i64 for i32: %s\n", msg ? msg : "(no trap)");
    CHECK(t != NULL);
    free(msg);
    wasm_trap_delete(t);
    t = call_vals(call_bad_ref, NULL, 0, r, 1);
    msg = trap_text(t);
    printf("  externref for i32: %s\n", msg ? msg : "(no trap)");
    CHECK(t != NULL);
    free(msg);
    wasm_trap_delete(t);
    wasm_val_t a[1] = {WASM_I32_VAL(5)};
    t = call_vals(call_twice, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 10); /* the store still works */
    wasm_trap_delete(t);
  }

  SECTION("finalizers run once, when the store is deleted");
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_func_delete(twice);
  wasm_func_delete(fail);
  wasm_func_delete(reenter);
  wasm_func_delete(bad_kind);
  wasm_func_delete(plain);
  wasm_func_delete(bad_ref);
  CHECK(twice_finalized == 0 && fail_finalized == 0 && reenter_finalized == 0);
  CHECK(extra_finalized == 0);
  wasm_store_delete(store);
  CHECK(twice_finalized == 1);
  CHECK(twice_finalized_with == &tenv);
  CHECK(fail_finalized == 1);
  CHECK(reenter_finalized == 1);
  CHECK(extra_finalized == 1);

  SECTION("a store with a host function that is never called");
  {
    wasm_store_t* s2 = wasm_store_new(engine);
    wasm_func_t* f = wasm_func_new_with_env(s2, t_i_i, twice_cb, &tenv, twice_fin);
    CHECK(f != NULL);
    wasm_store_delete(s2); /* the func handle still holds it */
    CHECK(twice_finalized == 1);
    wasm_func_delete(f);
    CHECK(twice_finalized == 2);
  }

  wasm_functype_delete(t_i_i);
  wasm_functype_delete(t_0_0);
  wasm_functype_delete(t_0_i);
  wasm_functype_delete(t_ii_i);
  wasm_engine_delete(engine);
  CHECK(twice_finalized == 2 && fail_finalized == 1 && reenter_finalized == 1);
  return test_finish("callbacks");
}
