/*
 * memory.c: linear memory seen from C. wasm_memory_data, data_size, size
 * and grow; data written by wasm read from C and the other way round;
 * growth from wasm seen from C; growing beyond the maximum fails; and
 * spindle_store_limit: a grow beyond the store's memory limit fails (from
 * C and from wasm), a module whose memory exceeds it does not instantiate,
 * and the table and instance limits.
 *
 * usage: memory WASM_DIR   (memory.wasm, tables.wasm)
 */
#include <stdint.h>
#include "common.h"
#include "spindle.h"

static const char* dir;

struct mem_instance {
  wasm_module_t* module;
  wasm_instance_t* inst;
  wasm_extern_vec_t ex;
  wasm_memory_t* mem;
  wasm_func_t *store, *load, *grow, *size;
};

static bool instantiate(wasm_store_t* store, struct mem_instance* m,
                        wasm_trap_t** trap) {
  memset(m, 0, sizeof *m);
  m->module = load_module(store, dir, "memory.wasm");
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  m->inst = wasm_instance_new(store, m->module, &none, trap);
  if (!m->inst) {
    wasm_module_delete(m->module);
    return false;
  }
  wasm_instance_exports(m->inst, &m->ex);
  wasm_extern_t* e = find_export(m->module, &m->ex, "mem");
  m->mem = e ? wasm_extern_as_memory(e) : NULL;
  m->store = export_func(m->module, &m->ex, "store");
  m->load = export_func(m->module, &m->ex, "load");
  m->grow = export_func(m->module, &m->ex, "grow");
  m->size = export_func(m->module, &m->ex, "size");
  return m->mem && m->store && m->load && m->grow && m->size;
}

static void release(struct mem_instance* m) {
  wasm_extern_vec_delete(&m->ex);
  wasm_instance_delete(m->inst);
  wasm_module_delete(m->module);
}

static int32_t call1(const wasm_func_t* f, int32_t x, int nargs) {
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(f, a, (size_t)nargs, r, 1);
  if (t) {
    char* msg = trap_text(t);
    printf("    unexpected trap: %s\n", msg);
    free(msg);
    wasm_trap_delete(t);
    return INT32_MIN;
  }
  return r[0].of.i32;
}

static bool store2(const wasm_func_t* f, int32_t addr, int32_t value) {
  wasm_val_t a[2] = {WASM_I32_VAL(addr), WASM_I32_VAL(value)};
  wasm_trap_t* t = call_vals(f, a, 2, NULL, 0);
  bool ok = t == NULL;
  wasm_trap_delete(t);
  return ok;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  REQUIRE(engine && store);
  struct mem_instance m;
  REQUIRE(instantiate(store, &m, NULL));

  SECTION("sizes");
  CHECK(wasm_memory_size(m.mem) == 1);
  CHECK(wasm_memory_data_size(m.mem) == MEMORY_PAGE_SIZE);
  CHECK(wasm_memory_data(m.mem) != NULL);
  {
    wasm_memorytype_t* mt = wasm_memory_type(m.mem);
    CHECK(mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 3);
    wasm_memorytype_delete(mt);
  }

  SECTION("wasm writes, C reads");
  CHECK(store2(m.store, 100, 0x12345678));
  {
    unsigned char* d = (unsigned char*)wasm_memory_data(m.mem);
    CHECK(d[100] == 0x78 && d[101] == 0x56 && d[102] == 0x34 && d[103] == 0x12);
  }
  CHECK(store2(m.store, 65532, -1));
  {
    unsigned char* d = (unsigned char*)wasm_memory_data(m.mem);
    CHECK(d[65532] == 0xff && d[65535] == 0xff);
  }

  SECTION("C writes, wasm reads");
  {
    char* d = wasm_memory_data(m.mem);
    uint32_t v = 0xcafef00d;
    memcpy(d + 200, &v, 4);
    CHECK((uint32_t)call1(m.load, 200, 1) == 0xcafef00d);
    memset(d + 300, 0xab, 4);
    CHECK((uint32_t)call1(m.load, 300, 1) == 0xabababab);
  }

  SECTION("wasm_memory_grow from C");
  CHECK(wasm_memory_grow(m.mem, 1));
  CHECK(wasm_memory_size(m.mem) == 2);
  CHECK(wasm_memory_data_size(m.mem) == 2 * MEMORY_PAGE_SIZE);
  CHECK(call1(m.size, 0, 0) == 2);
  {
    /* the old contents are kept, the new page is zero, and both sides
     * see the new page */
    unsigned char* d = (unsigned char*)wasm_memory_data(m.mem);
    CHECK(d[100] == 0x78);
    CHECK(d[65536] == 0 && d[2 * 65536 - 1] == 0);
    d[70000] = 0x5a;
    CHECK(call1(m.load, 70000, 1) == 0x5a);
    CHECK(store2(m.store, 2 * 65536 - 4, 0x01020304));
    CHECK(d[2 * 65536 - 4] == 0x04);
  }
  CHECK(wasm_memory_grow(m.mem, 0));
  CHECK(wasm_memory_size(m.mem) == 2);

  SECTION("memory.grow from wasm, seen from C");
  CHECK(call1(m.grow, 1, 1) == 2); /* returns the old size */
  CHECK(wasm_memory_size(m.mem) == 3);
  CHECK(wasm_memory_data_size(m.mem) == 3 * MEMORY_PAGE_SIZE);
  {
    unsigned char* d = (unsigned char*)wasm_memory_data(m.mem);
    d[3 * 65536 - 1] = 0x77;
    CHECK(d[2 * 65536 - 4] == 0x04);
  }

  SECTION("growing beyond the maximum fails");
  CHECK(!wasm_memory_grow(m.mem, 1));
  CHECK(wasm_memory_size(m.mem) == 3);
  CHECK(call1(m.grow, 1, 1) == -1);
  CHECK(!wasm_memory_grow(m.mem, 0x10000)); /* 4 GiB and more */
  CHECK(!wasm_memory_grow(m.mem, 0xffffffffu));
  CHECK(wasm_memory_size(m.mem) == 3);
  CHECK(((unsigned char*)wasm_memory_data(m.mem))[3 * 65536 - 1] == 0x77);

  SECTION("memory made in C without a maximum");
  {
    wasm_limits_t lim = {0, wasm_limits_max_default};
    wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
    wasm_memory_t* mem = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    REQUIRE(mem != NULL);
    CHECK(wasm_memory_size(mem) == 0 && wasm_memory_data_size(mem) == 0);
    CHECK(wasm_memory_grow(mem, 2));
    CHECK(wasm_memory_size(mem) == 2 && wasm_memory_data_size(mem) == 2 * MEMORY_PAGE_SIZE);
    wasm_memory_data(mem)[131071] = 1;
    CHECK(!wasm_memory_grow(mem, 0x10000)); /* beyond 4 GiB in all */
    CHECK(wasm_memory_size(mem) == 2);
    wasm_memory_delete(mem);
  }
  release(&m);

  SECTION("spindle_store_limit: memory");
  {
    wasm_store_t* limited = wasm_store_new(engine);
    spindle_store_limit(limited, 2 * 65536, -1, -1, -1, -1);
    struct mem_instance l;
    REQUIRE(instantiate(limited, &l, NULL));
    CHECK(wasm_memory_grow(l.mem, 1)); /* 2 pages: at the limit */
    CHECK(wasm_memory_size(l.mem) == 2);
    CHECK(!wasm_memory_grow(l.mem, 1)); /* 3 pages: max allows, limit does not */
    CHECK(wasm_memory_size(l.mem) == 2);
    CHECK(call1(l.grow, 1, 1) == -1);
    CHECK(call1(l.size, 0, 0) == 2);
    CHECK(call1(l.grow, 0, 1) == 2);
    release(&l);

    /* a memory made in C is limited too */
    wasm_limits_t lim = {1, 5};
    wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
    wasm_memory_t* mem = wasm_memory_new(limited, mt);
    CHECK(mem != NULL);
    CHECK(mem && wasm_memory_grow(mem, 1));
    CHECK(mem && !wasm_memory_grow(mem, 1));
    wasm_memory_delete(mem);
    /* and one whose initial size exceeds the limit is not made */
    lim.min = 3;
    wasm_memorytype_t* big = wasm_memorytype_new(&lim);
    wasm_memory_t* too_big = wasm_memory_new(limited, big);
    CHECK(too_big == NULL);
    wasm_memory_delete(too_big);
    wasm_memorytype_delete(big);
    wasm_memorytype_delete(mt);
    wasm_store_delete(limited);
  }

  SECTION("spindle_store_limit: a module whose memory exceeds it");
  {
    wasm_store_t* tiny = wasm_store_new(engine);
    spindle_store_limit(tiny, 32768, -1, -1, -1, -1);
    struct mem_instance l;
    wasm_trap_t* trap = NULL;
    CHECK(!instantiate(tiny, &l, &trap));
    CHECK(trap != NULL);
    char* msg = trap_text(trap);
    printf("    \"%s\"\n", msg ? msg : "(no trap)");
    free(msg);
    wasm_trap_delete(trap);
    /* memories: 0 allowed */
    spindle_store_limit(tiny, -1, -1, -1, -1, 0);
    trap = NULL;
    CHECK(!instantiate(tiny, &l, &trap));
    CHECK(trap != NULL);
    wasm_trap_delete(trap);
    /* no limit any more: it instantiates */
    spindle_store_limit(tiny, -1, -1, -1, -1, -1);
    trap = NULL;
    CHECK(instantiate(tiny, &l, &trap));
    CHECK(no_trap(trap));
    if (l.inst) release(&l);
    wasm_store_delete(tiny);
  }

  SECTION("spindle_store_limit: table elements and instances");
  {
    wasm_store_t* s = wasm_store_new(engine);
    spindle_store_limit(s, -1, 4, 2, -1, -1);
    wasm_module_t* tm = load_module(s, dir, "tables.wasm");
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_instance_t* ti = wasm_instance_new(s, tm, &none, NULL);
    REQUIRE(ti != NULL);
    wasm_extern_vec_t tex;
    wasm_instance_exports(ti, &tex);
    wasm_table_t* tab = wasm_extern_as_table(find_export(tm, &tex, "tab"));
    wasm_func_t* tgrow = export_func(tm, &tex, "grow");
    REQUIRE(tab && tgrow);
    CHECK(wasm_table_size(tab) == 1);
    CHECK(call1(tgrow, 2, 1) == 1); /* 3 elements */
    CHECK(wasm_table_grow(tab, 1, NULL)); /* 4: at the limit */
    CHECK(!wasm_table_grow(tab, 1, NULL));
    CHECK(call1(tgrow, 1, 1) == -1);
    CHECK(wasm_table_size(tab) == 4);
    /* a table made in C: limited when it grows and when it is made */
    wasm_limits_t tl = {2, 100};
    wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
    wasm_table_t* ct = wasm_table_new(s, tt, NULL);
    CHECK(ct != NULL);
    CHECK(ct && wasm_table_grow(ct, 2, NULL));
    CHECK(ct && !wasm_table_grow(ct, 1, NULL));
    wasm_table_delete(ct);
    wasm_tabletype_delete(tt);
    tl.min = 5;
    tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
    wasm_table_t* big_table = wasm_table_new(s, tt, NULL);
    CHECK(big_table == NULL);
    wasm_table_delete(big_table);
    wasm_tabletype_delete(tt);
    /* the second instance is allowed, the third is not */
    wasm_instance_t* ti2 = wasm_instance_new(s, tm, &none, NULL);
    CHECK(ti2 != NULL);
    wasm_trap_t* trap = NULL;
    wasm_instance_t* ti3 = wasm_instance_new(s, tm, &none, &trap);
    CHECK(ti3 == NULL && trap != NULL);
    wasm_trap_delete(trap);
    wasm_instance_delete(ti3);
    wasm_instance_delete(ti2);
    wasm_extern_vec_delete(&tex);
    wasm_instance_delete(ti);
    wasm_module_delete(tm);
    wasm_store_delete(s);
  }

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_finish("memory");
}
