/*
 * multivalue.c: wasm functions with 2 and 3 results called from C, host
 * functions with 2 and 3 results called from wasm (results used in wasm
 * and passed straight back to C), and calls whose result vector is too
 * small. Also a host function with a single f64 result called from wasm.
 *
 * usage: multivalue WASM_DIR   (multivalue.wasm)
 */
#include "common.h"

static int divmod_calls, split3_calls;

static wasm_trap_t* divmod_cb(const wasm_val_vec_t* args,
                              wasm_val_vec_t* results) {
  divmod_calls++;
  int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = a / b;
  results->data[1].kind = WASM_I32;
  results->data[1].of.i32 = a % b;
  return NULL;
}

/* x -> (low 32 bits, x * 2, x / 4.0) */
static wasm_trap_t* split3_cb(const wasm_val_vec_t* args,
                              wasm_val_vec_t* results) {
  split3_calls++;
  int64_t x = args->data[0].of.i64;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = (int32_t)(x & 0xffffffff);
  results->data[1].kind = WASM_I64;
  results->data[1].of.i64 = x * 2;
  results->data[2].kind = WASM_F64;
  results->data[2].of.f64 = (double)x / 4.0;
  return NULL;
}

static wasm_trap_t* half_cb(const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = args->data[0].of.f64 / 2;
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  REQUIRE(engine && store);

  wasm_functype_t* divmod_t = wasm_functype_new_2_2(
      wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
      wasm_valtype_new_i32());
  wasm_valtype_t* sp[1] = {wasm_valtype_new_i64()};
  wasm_valtype_t* sr[3] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                           wasm_valtype_new_f64()};
  wasm_valtype_vec_t sps, srs;
  wasm_valtype_vec_new(&sps, 1, sp);
  wasm_valtype_vec_new(&srs, 3, sr);
  wasm_functype_t* split3_t = wasm_functype_new(&sps, &srs);
  CHECK(wasm_functype_results(split3_t)->size == 3);

  wasm_func_t* divmod = wasm_func_new(store, divmod_t, divmod_cb);
  wasm_func_t* split3 = wasm_func_new(store, split3_t, split3_cb);
  wasm_functype_t* half_t = wasm_functype_new_1_1(wasm_valtype_new_f64(), wasm_valtype_new_f64());
  wasm_func_t* half = wasm_func_new(store, half_t, half_cb);
  wasm_functype_delete(half_t);
  REQUIRE(divmod && split3 && half);
  CHECK(wasm_func_result_arity(divmod) == 2);
  CHECK(wasm_func_result_arity(split3) == 3);

  wasm_module_t* module = load_module(store, argv[1], "multivalue.wasm");
  wasm_extern_t* ims[3] = {wasm_func_as_extern(divmod), wasm_func_as_extern(split3),
                           wasm_func_as_extern(half)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &imports, &trap);
  CHECK(no_trap(trap));
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* pair = export_func(module, &ex, "pair");
  wasm_func_t* triple = export_func(module, &ex, "triple");
  wasm_func_t* swap = export_func(module, &ex, "swap");
  wasm_func_t* block_pair = export_func(module, &ex, "block_pair");
  wasm_func_t* use_divmod = export_func(module, &ex, "use_divmod");
  wasm_func_t* pass_divmod = export_func(module, &ex, "pass_divmod");
  wasm_func_t* use_split3 = export_func(module, &ex, "use_split3");
  wasm_func_t* pass_split3 = export_func(module, &ex, "pass_split3");
  wasm_func_t* use_half = export_func(module, &ex, "use_half");
  REQUIRE(use_half && pair && triple && swap && block_pair && use_divmod && pass_divmod &&
          use_split3 && pass_split3);

  wasm_val_t r[3];
  wasm_trap_t* t;

  SECTION("wasm function with 2 results");
  CHECK(wasm_func_result_arity(pair) == 2);
  {
    wasm_functype_t* ft = wasm_func_type(pair);
    const wasm_valtype_vec_t* rs = wasm_functype_results(ft);
    CHECK(rs->size == 2 && wasm_valtype_kind(rs->data[0]) == WASM_I32 &&
          wasm_valtype_kind(rs->data[1]) == WASM_I64);
    wasm_functype_delete(ft);
    wasm_val_t a[1] = {WASM_I32_VAL(-7)};
    t = call_vals(pair, a, 1, r, 2);
    CHECK(no_trap(t));
    CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == -7);
    CHECK(r[1].kind == WASM_I64 && r[1].of.i64 == -70);
    wasm_trap_delete(t);
  }
  {
    wasm_val_t a[2] = {WASM_I64_VAL(0x123456789abLL), WASM_I32_VAL(9)};
    t = call_vals(swap, a, 2, r, 2);
    CHECK(no_trap(t) && r[0].kind == WASM_I32 && r[0].of.i32 == 9);
    CHECK(r[1].kind == WASM_I64 && r[1].of.i64 == 0x123456789abLL);
    wasm_trap_delete(t);
    t = call_vals(block_pair, NULL, 0, r, 2);
    CHECK(no_trap(t) && r[0].of.i32 == 1 && r[1].of.i32 == 2);
    wasm_trap_delete(t);
  }

  SECTION("wasm function with 3 results");
  CHECK(wasm_func_result_arity(triple) == 3);
  {
    wasm_val_t a[1] = {WASM_I32_VAL(6)};
    t = call_vals(triple, a, 1, r, 3);
    CHECK(no_trap(t));
    CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 6);
    CHECK(r[1].kind == WASM_F32 && r[1].of.f32 == 6.5f);
    CHECK(r[2].kind == WASM_F64 && r[2].of.f64 == 1.5);
    wasm_trap_delete(t);
  }

  SECTION("host function with 2 results called from wasm");
  {
    wasm_val_t a[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
    t = call_vals(use_divmod, a, 2, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 9 * 1000 + 2);
    wasm_trap_delete(t);
    t = call_vals(pass_divmod, a, 2, r, 2);
    CHECK(no_trap(t) && r[0].of.i32 == 9 && r[1].of.i32 == 2);
    wasm_trap_delete(t);
    CHECK(divmod_calls == 2);
  }

  SECTION("host function with one f64 result called from wasm");
  {
    wasm_val_t a[1] = {WASM_F64_VAL(5.0)};
    t = call_vals(use_half, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].kind == WASM_F64 && r[0].of.f64 == 3.5);
    wasm_trap_delete(t);
  }

  SECTION("host function with 3 results called from wasm");
  {
    wasm_val_t a[1] = {WASM_I64_VAL(0x100000006LL)};
    t = call_vals(use_split3, a, 1, r, 1);
    /* 6 + 2 * 0x100000006 + 0x100000006 / 4 */
    double want = 6.0 + 2.0 * 4294967302.0 + 4294967302.0 / 4.0;
    CHECK(no_trap(t) && r[0].kind == WASM_F64 && r[0].of.f64 == want);
    wasm_trap_delete(t);
    t = call_vals(pass_split3, a, 1, r, 3);
    CHECK(no_trap(t));
    CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 6);
    CHECK(r[1].kind == WASM_I64 && r[1].of.i64 == 2 * 0x100000006LL);
    CHECK(r[2].kind == WASM_F64 && r[2].of.f64 == 4294967302.0 / 4.0);
    wasm_trap_delete(t);
    CHECK(split3_calls == 2);
  }

  SECTION("host functions with several results called from C");
  {
    wasm_val_t a[2] = {WASM_I32_VAL(-9), WASM_I32_VAL(4)};
    t = call_vals(divmod, a, 2, r, 2);
    CHECK(no_trap(t) && r[0].of.i32 == -2 && r[1].of.i32 == -1);
    wasm_trap_delete(t);
    wasm_val_t b[1] = {WASM_I64_VAL(8)};
    t = call_vals(split3, b, 1, r, 3);
    CHECK(no_trap(t) && r[0].of.i32 == 8 && r[1].of.i64 == 16 && r[2].of.f64 == 2.0);
    wasm_trap_delete(t);
  }

  SECTION("too small a result vector gives a trap");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(1)};
    t = call_vals(triple, a, 1, r, 2);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_t b[1] = {WASM_I64_VAL(1)};
    t = call_vals(split3, b, 1, r, 1);
    CHECK(t != NULL);
    wasm_trap_delete(t);
  }

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_func_delete(divmod);
  wasm_func_delete(split3);
  wasm_func_delete(half);
  wasm_functype_delete(divmod_t);
  wasm_functype_delete(split3_t);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_finish("multivalue");
}
