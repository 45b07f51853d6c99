/*
 * traps.c: traps and their frames. unreachable, integer division by zero
 * and overflow, memory out of bounds and call stack exhaustion, each with
 * its message, spindle_trap_code, origin (function index, function and
 * module offsets, instance) and trace; wasm_trap_new from C; frame copies.
 * Then misuse that must not crash: wrong argument counts and kinds, NULL
 * handles, too few or wrong imports, invalid module bytes (with
 * spindle_module_new's reason).
 *
 * usage: traps WASM_DIR   (traps.wasm, objects.wasm)
 */
#include "common.h"
#include "spindle.h"

static wasm_byte_vec_t binary; /* traps.wasm, to look at offsets */

/* Function bodies of the module, from its code section. */
struct body {
  size_t entry;  /* offset of the body's size field */
  size_t start;  /* offset just after it (the locals) */
  size_t end;
};
static struct body bodies[16];
static size_t n_bodies;

static uint32_t leb(const unsigned char* p, size_t* pos) {
  uint32_t v = 0;
  int shift = 0;
  unsigned char b;
  do {
    b = p[(*pos)++];
    v |= (uint32_t)(b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return v;
}

static void find_bodies(void) {
  const unsigned char* p = (const unsigned char*)binary.data;
  size_t pos = 8;
  while (pos < binary.size) {
    unsigned id = p[pos++];
    uint32_t size = leb(p, &pos);
    size_t next = pos + size;
    if (id == 10) {
      uint32_t count = leb(p, &pos);
      for (uint32_t i = 0; i < count && i < 16; i++) {
        bodies[i].entry = pos;
        uint32_t bsize = leb(p, &pos);
        bodies[i].start = pos;
        bodies[i].end = pos + bsize;
        pos += bsize;
      }
      n_bodies = count;
    }
    pos = next;
  }
}

static const char* code_name(spindle_trap_code_t c) {
  static const char* names[] = {
      "UNREACHABLE", "MEMORY_OUT_OF_BOUNDS", "TABLE_OUT_OF_BOUNDS",
      "INDIRECT_CALL_TO_NULL", "BAD_SIGNATURE", "INTEGER_OVERFLOW",
      "INTEGER_DIVISION_BY_ZERO", "BAD_CONVERSION_TO_INTEGER",
      "STACK_OVERFLOW", "OUT_OF_FUEL", "HOST"};
  return c < sizeof names / sizeof *names ? names[c] : "?";
}

static void print_frame(const char* what, const wasm_frame_t* f) {
  printf("    %s: func %u, func offset %zu, module offset %zu\n", what,
         wasm_frame_func_index(f), wasm_frame_func_offset(f),
         wasm_frame_module_offset(f));
}

/* Checks one trap: code, message keyword, origin and trace. opcode < 0
 * means the byte at the origin is not checked. */
static void check_trap(wasm_trap_t* trap, const wasm_instance_t* inst,
                       spindle_trap_code_t want_code, const char* kw1,
                       const char* kw2, uint32_t want_func, int opcode) {
  REQUIRE(trap != NULL);
  char* msg = trap_text(trap);
  printf("    message: \"%s\"\n", msg);
  CHECK(msg[0] != '\0');
  CHECK(contains_ci(msg, kw1) || contains_ci(msg, kw2));
  free(msg);
  wasm_message_t raw;
  wasm_trap_message(trap, &raw);
  CHECK(raw.size > 0 && raw.data[raw.size - 1] == '\0'); /* null terminated */
  wasm_byte_vec_delete(&raw);

  spindle_trap_code_t code = 0xff;
  CHECK(spindle_trap_code(trap, &code));
  printf("    code: %u (%s)\n", code, code_name(code));
  CHECK(code == want_code);
  int32_t status;
  CHECK(!spindle_trap_exit_status(trap, &status));

  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  if (origin) {
    print_frame("origin", origin);
    CHECK(wasm_frame_func_index(origin) == want_func);
    size_t mo = wasm_frame_module_offset(origin);
    size_t fo = wasm_frame_func_offset(origin);
    CHECK(mo < binary.size);
    if (want_func < n_bodies) {
      const struct body* b = &bodies[want_func];
      CHECK(mo >= b->start && mo < b->end); /* inside the function's body */
      CHECK(fo <= mo);
      printf("    body of func %u: size field at %zu, locals at %zu, end %zu\n",
             want_func, b->entry, b->start, b->end);
      /* func offset counts from the body start (after its size field,
       * like V8 and wasmtime); from the size field is accepted too */
      CHECK(mo - fo == b->start || mo - fo == b->entry);
    }
    if (opcode >= 0 && mo < binary.size)
      CHECK((unsigned char)binary.data[mo] == opcode);
    wasm_instance_t* fi = wasm_frame_instance(origin);
    CHECK(fi != NULL);
    CHECK(fi && wasm_instance_same(fi, inst));

    wasm_frame_t* copy = wasm_frame_copy(origin);
    CHECK(copy != NULL);
    if (copy) {
      CHECK(wasm_frame_func_index(copy) == wasm_frame_func_index(origin));
      CHECK(wasm_frame_func_offset(copy) == fo);
      CHECK(wasm_frame_module_offset(copy) == mo);
      CHECK(wasm_frame_instance(copy) &&
            wasm_instance_same(wasm_frame_instance(copy), inst));
    }
    wasm_frame_delete(origin);
    wasm_frame_delete(copy); /* the copy outlives the original */
  }

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("    trace: %zu frame(s)\n", trace.size);
  CHECK(trace.size >= 1);
  if (trace.size >= 1) {
    CHECK(wasm_frame_func_index(trace.data[0]) == want_func);
    for (size_t i = 0; i < trace.size && i < 3; i++) print_frame("frame", trace.data[i]);
  }
  wasm_frame_vec_t tcopy;
  wasm_frame_vec_copy(&tcopy, &trace);
  CHECK(tcopy.size == trace.size);
  wasm_frame_vec_delete(&trace);
  wasm_frame_vec_delete(&tcopy);

  wasm_trap_t* tc = wasm_trap_copy(trap);
  CHECK(tc && wasm_trap_same(tc, trap));
  wasm_trap_delete(tc);
}

static wasm_trap_t* nop_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  const char* dir = argv[1];
  read_wasm(wasm_path(dir, "traps.wasm"), &binary);
  find_bodies();
  CHECK(n_bodies == 7);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_new(store, &binary);
  REQUIRE(module != NULL);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, module, &none, &trap);
  CHECK(no_trap(trap));
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  wasm_func_t* unreachable = export_func(module, &ex, "unreachable");
  wasm_func_t* div = export_func(module, &ex, "div");
  wasm_func_t* oob = export_func(module, &ex, "oob");
  wasm_func_t* recurse = export_func(module, &ex, "recurse");
  wasm_func_t* nested = export_func(module, &ex, "nested");
  wasm_func_t* id = export_func(module, &ex, "id");
  wasm_func_t* pair = export_func(module, &ex, "pair");
  REQUIRE(unreachable && div && oob && recurse && nested && id && pair);
  wasm_val_t r[2] = {WASM_INIT_VAL, WASM_INIT_VAL};

  SECTION("unreachable");
  trap = call_vals(unreachable, NULL, 0, NULL, 0);
  check_trap(trap, inst, SPINDLE_TRAP_UNREACHABLE, "unreachable", "unreachable", 0, 0x00);
  wasm_trap_delete(trap);

  SECTION("integer division by zero");
  {
    wasm_val_t a[2] = {WASM_I32_VAL(7), WASM_I32_VAL(0)};
    trap = call_vals(div, a, 2, r, 1);
    check_trap(trap, inst, SPINDLE_TRAP_INTEGER_DIVISION_BY_ZERO, "divi", "zero", 1, 0x6d);
    wasm_trap_delete(trap);
    a[1].of.i32 = -1;
    a[0].of.i32 = INT32_MIN;
    SECTION("integer overflow");
    trap = call_vals(div, a, 2, r, 1);
    check_trap(trap, inst, SPINDLE_TRAP_INTEGER_OVERFLOW, "overflow", "overflow", 1, 0x6d);
    wasm_trap_delete(trap);
    a[0].of.i32 = 7;
    a[1].of.i32 = 2;
    trap = call_vals(div, a, 2, r, 1);
    CHECK(no_trap(trap) && r[0].of.i32 == 3);
    wasm_trap_delete(trap);
  }

  SECTION("memory out of bounds");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(65534)};
    trap = call_vals(oob, a, 1, r, 1);
    check_trap(trap, inst, SPINDLE_TRAP_MEMORY_OUT_OF_BOUNDS, "out of bounds", "bounds", 2, 0x28);
    wasm_trap_delete(trap);
  }

  SECTION("call stack exhaustion");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(0)};
    trap = call_vals(recurse, a, 1, r, 1);
    check_trap(trap, inst, SPINDLE_TRAP_STACK_OVERFLOW, "stack", "exhaust", 3, -1);
    wasm_trap_delete(trap);
  }

  SECTION("a trap two calls deep: the trace has the caller too");
  {
    wasm_val_t a[2] = {WASM_I32_VAL(1), WASM_I32_VAL(0)};
    trap = call_vals(nested, a, 2, r, 1);
    check_trap(trap, inst, SPINDLE_TRAP_INTEGER_DIVISION_BY_ZERO, "divi", "zero", 1, 0x6d);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    if (trace.size >= 2) {
      CHECK(wasm_frame_func_index(trace.data[1]) == 4);
      size_t mo = wasm_frame_module_offset(trace.data[1]);
      CHECK(mo < binary.size && (unsigned char)binary.data[mo] == 0x10); /* the call */
    } else {
      printf("    note: the trace has no frame for the caller\n");
    }
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
  }

  SECTION("the store runs on after traps");
  {
    wasm_val_t a[1] = {WASM_I32_VAL(99)};
    trap = call_vals(id, a, 1, r, 1);
    CHECK(no_trap(trap) && r[0].of.i32 == 99);
    wasm_trap_delete(trap);
  }

  SECTION("a shallow call-depth limit");
  {
    wasm_config_t* cfg = wasm_config_new();
    spindle_config_max_call_depth(cfg, 100);
    wasm_engine_t* e2 = wasm_engine_new_with_config(cfg);
    wasm_store_t* s2 = wasm_store_new(e2);
    wasm_module_t* m2 = wasm_module_new(s2, &binary);
    wasm_instance_t* i2 = m2 ? wasm_instance_new(s2, m2, &none, NULL) : NULL;
    CHECK(i2 != NULL);
    if (i2) {
      wasm_extern_vec_t ex2;
      wasm_instance_exports(i2, &ex2);
      wasm_func_t* rec2 = export_func(m2, &ex2, "recurse");
      wasm_val_t a[1] = {WASM_I32_VAL(0)};
      wasm_trap_t* t = call_vals(rec2, a, 1, r, 1);
      spindle_trap_code_t code = 0xff;
      CHECK(t && spindle_trap_code(t, &code) && code == SPINDLE_TRAP_STACK_OVERFLOW);
      wasm_frame_vec_t trace = WASM_EMPTY_VEC;
      if (t) wasm_trap_trace(t, &trace);
      printf("    trace with max depth 100: %zu frame(s)\n", trace.size);
      CHECK(trace.size >= 1 && trace.size <= 101);
      wasm_frame_vec_delete(&trace);
      wasm_trap_delete(t);
      wasm_extern_vec_delete(&ex2);
      wasm_instance_delete(i2);
    }
    wasm_module_delete(m2);
    wasm_store_delete(s2);
    wasm_engine_delete(e2);
  }

  SECTION("wasm_trap_new from C");
  {
    wasm_message_t msg;
    message_of(&msg, "made in C");
    wasm_trap_t* t = wasm_trap_new(store, &msg);
    wasm_byte_vec_delete(&msg);
    REQUIRE(t != NULL);
    char* text = trap_text(t);
    CHECK(strcmp(text, "made in C") == 0);
    free(text);
    wasm_message_t raw;
    wasm_trap_message(t, &raw);
    CHECK(raw.size == 10 && memcmp(raw.data, "made in C", 10) == 0);
    wasm_byte_vec_delete(&raw);
    spindle_trap_code_t code;
    CHECK(!spindle_trap_code(t, &code));
    int32_t status;
    CHECK(!spindle_trap_exit_status(t, &status));
    wasm_frame_t* o = wasm_trap_origin(t);
    CHECK(o == NULL);
    wasm_frame_delete(o);
    wasm_frame_vec_t trace;
    wasm_trap_trace(t, &trace);
    CHECK(trace.size == 0);
    wasm_frame_vec_delete(&trace);
    wasm_trap_t* c = wasm_trap_copy(t);
    text = trap_text(c);
    CHECK(c && wasm_trap_same(c, t) && strcmp(text, "made in C") == 0);
    free(text);
    wasm_trap_delete(t);
    wasm_trap_delete(c);
  }

  SECTION("misuse: wrong argument counts and kinds give a trap");
  {
    char* text;
    wasm_val_t a2[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
    wasm_trap_t* t = call_vals(id, a2, 0, r, 1);
    text = trap_text(t);
    printf("    0 args for 1: %s\n", text ? text : "(no trap)");
    CHECK(t != NULL);
    free(text);
    wasm_trap_delete(t);
    t = call_vals(id, a2, 2, r, 1);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_t wrong[1] = {WASM_I64_VAL(5)};
    t = call_vals(id, wrong, 1, r, 1);
    text = trap_text(t);
    printf("    i64 for i32: %s\n", text ? text : "(no trap)");
    CHECK(t != NULL);
    free(text);
    wasm_trap_delete(t);
    wasm_val_t fref[1] = {{.kind = WASM_FUNCREF, .of = {.ref = NULL}}};
    t = call_vals(id, fref, 1, r, 1);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_t bogus[1] = {{.kind = 77, .of = {.i64 = 0}}};
    t = call_vals(id, bogus, 1, r, 1);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_t a1[1] = {WASM_I32_VAL(3)};
    t = call_vals(id, a1, 1, r, 0); /* no room for the result */
    CHECK(t != NULL);
    wasm_trap_delete(t);
    t = call_vals(pair, NULL, 0, r, 1); /* room for one of two */
    CHECK(t != NULL);
    wasm_trap_delete(t);
    t = call_vals(pair, NULL, 0, r, 2);
    CHECK(no_trap(t) && r[0].of.i32 == 1 && r[1].of.i32 == 2);
    wasm_trap_delete(t);
    t = wasm_func_call(id, NULL, NULL);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_vec_t res = {1, r};
    t = wasm_func_call(id, NULL, &res);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_vec_t args = {1, a1};
    t = wasm_func_call(id, &args, NULL);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    t = wasm_func_call(NULL, &args, &res);
    CHECK(t != NULL);
    wasm_trap_delete(t);
  }

  SECTION("misuse: NULL handles give NULL or false");
  {
    CHECK(wasm_module_new(store, NULL) == NULL);
    CHECK(wasm_module_new(NULL, &binary) == NULL);
    CHECK(!wasm_module_validate(store, NULL));
    CHECK(!wasm_module_validate(NULL, &binary));
    wasm_trap_t* t = NULL;
    CHECK(wasm_instance_new(store, NULL, &none, &t) == NULL);
    wasm_trap_delete(t);
    CHECK(wasm_instance_new(NULL, module, &none, NULL) == NULL);
    CHECK(wasm_func_new(store, NULL, nop_cb) == NULL);
    wasm_functype_t* ft = wasm_functype_new_0_0();
    CHECK(wasm_func_new(NULL, ft, nop_cb) == NULL);
    CHECK(wasm_func_new(store, ft, NULL) == NULL);
    wasm_functype_delete(ft);
    wasm_val_t v = WASM_I32_VAL(1);
    CHECK(wasm_global_new(store, NULL, &v) == NULL);
    wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    CHECK(wasm_global_new(store, gt, NULL) == NULL);
    wasm_val_t v64 = WASM_I64_VAL(1);
    CHECK(wasm_global_new(store, gt, &v64) == NULL); /* wrong kind */
    wasm_globaltype_delete(gt);
    CHECK(wasm_table_new(store, NULL, NULL) == NULL);
    CHECK(wasm_memory_new(store, NULL) == NULL);
    wasm_limits_t bad = {5, 2}; /* min above max */
    wasm_memorytype_t* mt = wasm_memorytype_new(&bad);
    CHECK(mt == NULL || wasm_memory_new(store, mt) == NULL);
    wasm_memorytype_delete(mt);
    CHECK(wasm_foreign_new(NULL) == NULL);
    CHECK(!wasm_memory_grow(NULL, 1));
    CHECK(wasm_memory_data(NULL) == NULL);
    CHECK(wasm_memory_data_size(NULL) == 0);
    CHECK(wasm_memory_size(NULL) == 0);
    CHECK(wasm_table_get(NULL, 0) == NULL);
    CHECK(!wasm_table_set(NULL, 0, NULL));
    CHECK(!wasm_table_grow(NULL, 1, NULL));
    CHECK(wasm_table_size(NULL) == 0);
    CHECK(wasm_func_type(NULL) == NULL);
    CHECK(wasm_func_param_arity(NULL) == 0);
    CHECK(wasm_extern_as_func(NULL) == NULL);
    CHECK(wasm_ref_as_func(NULL) == NULL);
    CHECK(wasm_trap_origin(NULL) == NULL);
    CHECK(wasm_module_share(NULL) == NULL);
    CHECK(wasm_module_obtain(store, NULL) == NULL);
    CHECK(wasm_module_deserialize(store, NULL) == NULL);
    wasm_byte_vec_t junk;
    wasm_byte_vec_new(&junk, 3, "xyz");
    CHECK(wasm_module_deserialize(store, &junk) == NULL);
    wasm_byte_vec_delete(&junk);
    CHECK(wasm_store_new(NULL) == NULL);
    /* deleting NULL is harmless */
    wasm_module_delete(NULL);
    wasm_trap_delete(NULL);
    wasm_func_delete(NULL);
    wasm_store_delete(NULL);
    wasm_engine_delete(NULL);
    CHECK(!spindle_store_set_fuel(NULL, 1));
    CHECK(!spindle_trap_code(NULL, NULL));
  }

  SECTION("misuse: too few or wrong imports");
  {
    wasm_module_t* om = load_module(store, dir, "objects.wasm");
    wasm_functype_t* ft = wasm_functype_new_2_1(
        wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t* f = wasm_func_new(store, ft, nop_cb);
    wasm_functype_delete(ft);
    wasm_extern_t* one[1] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t few = WASM_ARRAY_VEC(one);
    wasm_trap_t* t = NULL;
    wasm_instance_t* bad = wasm_instance_new(store, om, &few, &t);
    CHECK(bad == NULL);
    CHECK(t != NULL);
    char* text = trap_text(t);
    printf("    1 import of 4: \"%s\"\n", text ? text : "(no trap)");
    CHECK(text && text[0]);
    free(text);
    wasm_trap_delete(t);
    t = NULL;
    bad = wasm_instance_new(store, om, NULL, &t);
    CHECK(bad == NULL && t != NULL);
    wasm_trap_delete(t);
    t = NULL;
    bad = wasm_instance_new(store, om, &none, &t);
    CHECK(bad == NULL && t != NULL);
    wasm_trap_delete(t);
    /* four imports of the wrong kinds: a function everywhere */
    wasm_extern_t* four[4] = {wasm_func_as_extern(f), wasm_func_as_extern(f),
                              wasm_func_as_extern(f), wasm_func_as_extern(f)};
    wasm_extern_vec_t wrong = WASM_ARRAY_VEC(four);
    t = NULL;
    bad = wasm_instance_new(store, om, &wrong, &t);
    CHECK(bad == NULL && t != NULL);
    text = trap_text(t);
    printf("    wrong kinds: \"%s\"\n", text ? text : "(no trap)");
    free(text);
    wasm_trap_delete(t);
    /* a function of the wrong type */
    wasm_functype_t* ft0 = wasm_functype_new_0_0();
    wasm_func_t* f0 = wasm_func_new(store, ft0, nop_cb);
    wasm_functype_delete(ft0);
    one[0] = wasm_func_as_extern(f0);
    wasm_extern_vec_t wrong_type = WASM_ARRAY_VEC(one);
    t = NULL;
    bad = wasm_instance_new(store, om, &wrong_type, &t);
    CHECK(bad == NULL && t != NULL);
    wasm_trap_delete(t);
    /* a NULL element */
    wasm_extern_t* nulls[4] = {NULL, NULL, NULL, NULL};
    wasm_extern_vec_t nullv = WASM_ARRAY_VEC(nulls);
    t = NULL;
    bad = wasm_instance_new(store, om, &nullv, &t);
    CHECK(bad == NULL && t != NULL);
    wasm_trap_delete(t);
    /* and no out parameter: still NULL, no crash */
    CHECK(wasm_instance_new(store, om, &few, NULL) == NULL);
    wasm_func_delete(f);
    wasm_func_delete(f0);
    wasm_module_delete(om);
  }

  SECTION("invalid modules: NULL, and spindle_module_new says why");
  {
    static const char garbage[] = "not a wasm module";
    static const char bad_version[] = "\0asm\x02\0\0\0";
    /* () -> i32 whose body is a lone i32.add: fails validation */
    static const char bad_body[] = "\0asm\x01\0\0\0"
                                   "\x01\x05\x01\x60\x00\x01\x7f"
                                   "\x03\x02\x01\x00"
                                   "\x0a\x05\x01\x03\x00\x6a\x0b";
    struct {
      const char* what;
      const char* data;
      size_t size;
    } cases[] = {
        {"garbage", garbage, sizeof garbage - 1},
        {"bad version", bad_version, 8},
        {"truncated", binary.data, 20},
        {"empty", "", 0},
        {"body fails validation", bad_body, sizeof bad_body - 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
      wasm_byte_vec_t b;
      wasm_byte_vec_new(&b, cases[i].size, cases[i].data);
      printf("  %s\n", cases[i].what);
      CHECK(!wasm_module_validate(store, &b));
      CHECK(wasm_module_new(store, &b) == NULL);
      wasm_module_t* out = (wasm_module_t*)&b; /* must be overwritten */
      wasm_trap_t* why = spindle_module_new(store, &b, &out);
      CHECK(why != NULL);
      CHECK(out == NULL);
      char* text = trap_text(why);
      printf("    reason: \"%s\"\n", text ? text : "(none)");
      CHECK(text && text[0]);
      spindle_trap_code_t code;
      CHECK(!spindle_trap_code(why, &code));
      free(text);
      wasm_trap_delete(why);
      wasm_byte_vec_delete(&b);
    }
    wasm_module_t* out = NULL;
    wasm_trap_t* why = spindle_module_new(store, &binary, &out);
    CHECK(why == NULL && out != NULL);
    wasm_trap_delete(why);
    wasm_module_delete(out);
    out = (wasm_module_t*)&binary;
    why = spindle_module_new(store, NULL, &out);
    CHECK(why != NULL && out == NULL);
    wasm_trap_delete(why);
  }

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  wasm_byte_vec_delete(&binary);
  return test_finish("traps");
}
