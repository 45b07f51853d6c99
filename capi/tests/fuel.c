/*
 * fuel.c: spindle_config_consume_fuel and spindle_store_set_fuel/get_fuel.
 * An endless loop stops with SPINDLE_TRAP_OUT_OF_FUEL and leaves no fuel;
 * after refuelling a short call succeeds and uses some fuel; a store
 * without fuel cannot call; an engine that does not count fuel refuses
 * set_fuel and get_fuel.
 *
 * usage: fuel WASM_DIR   (fuel.wasm)
 */
#include "common.h"
#include "spindle.h"

struct fuel_instance {
  wasm_module_t* module;
  wasm_instance_t* inst;
  wasm_extern_vec_t ex;
  wasm_func_t *spin, *add;
};

static void instantiate(wasm_store_t* store, const char* dir,
                        struct fuel_instance* f) {
  f->module = load_module(store, dir, "fuel.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  f->inst = wasm_instance_new(store, f->module, &none, NULL);
  REQUIRE(f->inst != NULL);
  wasm_instance_exports(f->inst, &f->ex);
  f->spin = export_func(f->module, &f->ex, "spin");
  f->add = export_func(f->module, &f->ex, "add");
  REQUIRE(f->spin && f->add);
}

static void release(struct fuel_instance* f) {
  wasm_extern_vec_delete(&f->ex);
  wasm_instance_delete(f->inst);
  wasm_module_delete(f->module);
}

static wasm_trap_t* add(const wasm_func_t* f, int32_t a, int32_t b, int32_t* out) {
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(f, args, 2, r, 1);
  if (!t) *out = r[0].of.i32;
  return t;
}

static bool is_out_of_fuel(const wasm_trap_t* t) {
  spindle_trap_code_t code = 0xff;
  return t && spindle_trap_code(t, &code) && code == SPINDLE_TRAP_OUT_OF_FUEL;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  wasm_config_t* config = wasm_config_new();
  spindle_config_consume_fuel(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  REQUIRE(engine && store);
  struct fuel_instance f;
  instantiate(store, argv[1], &f);
  uint64_t fuel = 12345;
  int32_t sum = 0;

  SECTION("a new store has no fuel: calls stop at once");
  CHECK(spindle_store_get_fuel(store, &fuel));
  CHECK(fuel == 0);
  {
    wasm_trap_t* t = add(f.add, 1, 2, &sum);
    CHECK(is_out_of_fuel(t));
    wasm_trap_delete(t);
  }

  SECTION("an endless loop runs out of fuel");
  CHECK(spindle_store_set_fuel(store, 100000));
  CHECK(spindle_store_get_fuel(store, &fuel) && fuel == 100000);
  {
    wasm_trap_t* t = call_vals(f.spin, NULL, 0, NULL, 0);
    REQUIRE(t != NULL);
    char* msg = trap_text(t);
    printf("    message: \"%s\"\n", msg);
    CHECK(contains_ci(msg, "fuel"));
    free(msg);
    spindle_trap_code_t code = 0xff;
    CHECK(spindle_trap_code(t, &code));
    CHECK(code == SPINDLE_TRAP_OUT_OF_FUEL);
    wasm_frame_t* origin = wasm_trap_origin(t);
    CHECK(origin != NULL && wasm_frame_func_index(origin) == 0);
    wasm_frame_delete(origin);
    wasm_trap_delete(t);
  }
  CHECK(spindle_store_get_fuel(store, &fuel));
  printf("    fuel left: %llu\n", (unsigned long long)fuel);
  CHECK(fuel == 0);

  SECTION("refuelled, a short call succeeds and uses fuel");
  CHECK(spindle_store_set_fuel(store, 1000));
  {
    wasm_trap_t* t = add(f.add, 40, 2, &sum);
    CHECK(no_trap(t) && sum == 42);
    wasm_trap_delete(t);
  }
  CHECK(spindle_store_get_fuel(store, &fuel));
  printf("    fuel left after add: %llu of 1000\n", (unsigned long long)fuel);
  CHECK(fuel < 1000 && fuel > 0);

  SECTION("the same loop with a larger budget: still stops");
  CHECK(spindle_store_set_fuel(store, 3000000));
  {
    wasm_trap_t* t = call_vals(f.spin, NULL, 0, NULL, 0);
    CHECK(is_out_of_fuel(t));
    wasm_trap_delete(t);
    CHECK(spindle_store_get_fuel(store, &fuel) && fuel == 0);
  }

  SECTION("fuel is per store");
  {
    wasm_store_t* other = wasm_store_new(engine);
    struct fuel_instance g;
    instantiate(other, argv[1], &g);
    CHECK(spindle_store_set_fuel(other, 500));
    wasm_trap_t* t = add(g.add, 1, 1, &sum); /* the first store is empty */
    CHECK(no_trap(t) && sum == 2);
    wasm_trap_delete(t);
    t = add(f.add, 1, 1, &sum);
    CHECK(is_out_of_fuel(t));
    wasm_trap_delete(t);
    release(&g);
    wasm_store_delete(other);
  }

  SECTION("an engine that does not count fuel");
  {
    wasm_engine_t* plain = wasm_engine_new();
    wasm_store_t* ps = wasm_store_new(plain);
    CHECK(!spindle_store_set_fuel(ps, 100));
    CHECK(!spindle_store_get_fuel(ps, &fuel));
    struct fuel_instance p;
    instantiate(ps, argv[1], &p);
    wasm_trap_t* t = add(p.add, 2, 3, &sum); /* no fuel needed */
    CHECK(no_trap(t) && sum == 5);
    wasm_trap_delete(t);
    release(&p);
    wasm_store_delete(ps);
    wasm_engine_delete(plain);
    wasm_config_t* off = wasm_config_new();
    spindle_config_consume_fuel(off, false);
    wasm_engine_t* e2 = wasm_engine_new_with_config(off);
    wasm_store_t* s2 = wasm_store_new(e2);
    CHECK(!spindle_store_set_fuel(s2, 100));
    wasm_store_delete(s2);
    wasm_engine_delete(e2);
  }

  release(&f);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_finish("fuel");
}
