/*
 * objects.c: every kind of object in wasm.h. Types (new, accessors, copy,
 * vectors, extern type casts), modules (validate, imports, exports,
 * serialize, share/obtain across threads), instances, functions, globals,
 * tables and memories made in C and exported by wasm, externs and their
 * casts, references and their casts, `same`, `copy`, host info, foreign
 * objects, and tables of funcref and externref.
 *
 * usage: objects WASM_DIR   (objects.wasm and simple.wasm)
 */
#include <pthread.h>
#include "common.h"

static const char* dir;

/* ---------------------------------------------------------------------- */
/* Types */

static void test_valtypes(void) {
  SECTION("valtype");
  const wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32,
                                  WASM_F64, WASM_EXTERNREF, WASM_FUNCREF};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    wasm_valtype_t* t = wasm_valtype_new(kinds[i]);
    CHECK(t != NULL);
    CHECK(wasm_valtype_kind(t) == kinds[i]);
    wasm_valtype_t* c = wasm_valtype_copy(t);
    CHECK(c != NULL && wasm_valtype_kind(c) == kinds[i]);
    CHECK(wasm_valtype_is_num(t) == (i < 4));
    CHECK(wasm_valtype_is_ref(t) == (i >= 4));
    wasm_valtype_delete(t);
    wasm_valtype_delete(c);
  }

  SECTION("valtype vectors");
  wasm_valtype_t* ts[3] = {wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                           wasm_valtype_new_externref()};
  wasm_valtype_vec_t v, copy, empty, unin;
  wasm_valtype_vec_new(&v, 3, ts);
  CHECK(v.size == 3);
  CHECK(wasm_valtype_kind(v.data[0]) == WASM_I32);
  CHECK(wasm_valtype_kind(v.data[1]) == WASM_F64);
  CHECK(wasm_valtype_kind(v.data[2]) == WASM_EXTERNREF);
  wasm_valtype_vec_copy(&copy, &v);
  CHECK(copy.size == 3);
  CHECK(wasm_valtype_kind(copy.data[2]) == WASM_EXTERNREF);
  wasm_valtype_vec_delete(&v);
  /* the copy owns its own elements: still readable after the original */
  CHECK(wasm_valtype_kind(copy.data[1]) == WASM_F64);
  wasm_valtype_vec_delete(&copy);
  wasm_valtype_vec_new_empty(&empty);
  CHECK(empty.size == 0);
  wasm_valtype_vec_delete(&empty);
  wasm_valtype_vec_new_uninitialized(&unin, 2);
  CHECK(unin.size == 2 && unin.data != NULL);
  unin.data[0] = wasm_valtype_new_i64();
  unin.data[1] = wasm_valtype_new_funcref();
  CHECK(wasm_valtype_kind(unin.data[1]) == WASM_FUNCREF);
  wasm_valtype_vec_delete(&unin);

  SECTION("byte vectors");
  wasm_byte_vec_t b, bc;
  wasm_byte_vec_new(&b, 5, "hello");
  wasm_byte_vec_copy(&bc, &b);
  CHECK(bc.size == 5 && memcmp(bc.data, "hello", 5) == 0);
  wasm_byte_vec_delete(&b);
  wasm_byte_vec_delete(&bc);
  wasm_name_t n;
  wasm_name_new_from_string(&n, "abc");
  CHECK(name_is(&n, "abc"));
  wasm_name_delete(&n);
  wasm_name_new_from_string_nt(&n, "abc");
  CHECK(n.size == 4 && n.data[3] == '\0');
  wasm_name_delete(&n);
}

static void test_functypes(void) {
  SECTION("functype");
  wasm_functype_t* ft = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32());
  REQUIRE(ft != NULL);
  const wasm_valtype_vec_t* ps = wasm_functype_params(ft);
  const wasm_valtype_vec_t* rs = wasm_functype_results(ft);
  CHECK(ps->size == 2 && rs->size == 1);
  CHECK(wasm_valtype_kind(ps->data[0]) == WASM_I32);
  CHECK(wasm_valtype_kind(ps->data[1]) == WASM_I64);
  CHECK(wasm_valtype_kind(rs->data[0]) == WASM_F32);
  wasm_functype_t* fc = wasm_functype_copy(ft);
  CHECK(wasm_functype_params(fc)->size == 2);
  CHECK(wasm_valtype_kind(wasm_functype_results(fc)->data[0]) == WASM_F32);

  SECTION("functype as externtype");
  const wasm_externtype_t* ce = wasm_functype_as_externtype_const(ft);
  CHECK(ce != NULL && wasm_externtype_kind(ce) == WASM_EXTERN_FUNC);
  const wasm_functype_t* back = wasm_externtype_as_functype_const(ce);
  CHECK(back != NULL && wasm_functype_params(back)->size == 2);
  CHECK(wasm_externtype_as_globaltype_const(ce) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(ce) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(ce) == NULL);
  wasm_externtype_t* e = wasm_functype_as_externtype(fc);
  CHECK(e != NULL && wasm_externtype_kind(e) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype(e) != NULL);
  CHECK(wasm_externtype_as_globaltype(e) == NULL);
  CHECK(wasm_externtype_as_tabletype(e) == NULL);
  CHECK(wasm_externtype_as_memorytype(e) == NULL);
  wasm_externtype_t* ec = wasm_externtype_copy(e);
  CHECK(ec != NULL && wasm_externtype_kind(ec) == WASM_EXTERN_FUNC);
  CHECK(wasm_functype_results(wasm_externtype_as_functype(ec))->size == 1);
  wasm_externtype_delete(ec);

  SECTION("functype vectors");
  wasm_functype_t* fs[2] = {wasm_functype_new_0_0(), wasm_functype_copy(ft)};
  wasm_functype_vec_t v, vc;
  wasm_functype_vec_new(&v, 2, fs);
  wasm_functype_vec_copy(&vc, &v);
  wasm_functype_vec_delete(&v);
  CHECK(vc.size == 2);
  CHECK(wasm_functype_params(vc.data[0])->size == 0);
  CHECK(wasm_functype_params(vc.data[1])->size == 2);
  wasm_functype_vec_delete(&vc);
  wasm_functype_delete(ft);
  wasm_functype_delete(fc);
}

static void test_globaltypes(void) {
  SECTION("globaltype");
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  REQUIRE(gt != NULL);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_F64);
  CHECK(wasm_globaltype_mutability(gt) == WASM_VAR);
  wasm_globaltype_t* gc = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  CHECK(wasm_globaltype_mutability(gc) == WASM_CONST);
  wasm_globaltype_t* cp = wasm_globaltype_copy(gt);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(cp)) == WASM_F64);
  CHECK(wasm_globaltype_mutability(cp) == WASM_VAR);

  const wasm_externtype_t* ce = wasm_globaltype_as_externtype_const(gt);
  CHECK(wasm_externtype_kind(ce) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_as_globaltype_const(ce) != NULL);
  CHECK(wasm_externtype_as_functype_const(ce) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(ce) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(ce) == NULL);
  wasm_externtype_t* e = wasm_globaltype_as_externtype(gc);
  CHECK(wasm_externtype_kind(e) == WASM_EXTERN_GLOBAL);
  wasm_globaltype_t* gb = wasm_externtype_as_globaltype(e);
  CHECK(gb != NULL && wasm_globaltype_mutability(gb) == WASM_CONST);
  CHECK(wasm_externtype_as_functype(e) == NULL);

  wasm_globaltype_t* arr[2] = {gt, gc}; /* ownership moves into v */
  wasm_globaltype_vec_t v, vc;
  wasm_globaltype_vec_new(&v, 2, arr);
  wasm_globaltype_vec_copy(&vc, &v);
  wasm_globaltype_vec_delete(&v);
  CHECK(vc.size == 2);
  CHECK(wasm_globaltype_mutability(vc.data[0]) == WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(vc.data[1])) == WASM_I32);
  wasm_globaltype_vec_delete(&vc);
  wasm_globaltype_delete(cp);
}

static void test_tabletypes(void) {
  SECTION("tabletype");
  wasm_limits_t lim = {1, 5};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  REQUIRE(tt != NULL);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 1);
  CHECK(wasm_tabletype_limits(tt)->max == 5);
  wasm_limits_t nomax = {0, wasm_limits_max_default};
  wasm_tabletype_t* te = wasm_tabletype_new(wasm_valtype_new_externref(), &nomax);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(te)) == WASM_EXTERNREF);
  CHECK(wasm_tabletype_limits(te)->max == wasm_limits_max_default);
  wasm_tabletype_t* cp = wasm_tabletype_copy(tt);
  CHECK(wasm_tabletype_limits(cp)->max == 5);

  const wasm_externtype_t* ce = wasm_tabletype_as_externtype_const(tt);
  CHECK(wasm_externtype_kind(ce) == WASM_EXTERN_TABLE);
  CHECK(wasm_externtype_as_tabletype_const(ce) != NULL);
  CHECK(wasm_externtype_as_functype_const(ce) == NULL);
  CHECK(wasm_externtype_as_globaltype_const(ce) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(ce) == NULL);
  wasm_externtype_t* e = wasm_tabletype_as_externtype(te);
  CHECK(wasm_externtype_as_tabletype(e) != NULL);
  CHECK(wasm_externtype_as_memorytype(e) == NULL);

  wasm_tabletype_t* arr[2] = {tt, te};
  wasm_tabletype_vec_t v, vc;
  wasm_tabletype_vec_new(&v, 2, arr);
  wasm_tabletype_vec_copy(&vc, &v);
  wasm_tabletype_vec_delete(&v);
  CHECK(vc.size == 2 && wasm_tabletype_limits(vc.data[0])->min == 1);
  wasm_tabletype_vec_delete(&vc);
  wasm_tabletype_delete(cp);
}

static void test_memorytypes(void) {
  SECTION("memorytype");
  wasm_limits_t lim = {2, 7};
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  REQUIRE(mt != NULL);
  CHECK(wasm_memorytype_limits(mt)->min == 2);
  CHECK(wasm_memorytype_limits(mt)->max == 7);
  wasm_limits_t nomax = {1, wasm_limits_max_default};
  wasm_memorytype_t* mn = wasm_memorytype_new(&nomax);
  CHECK(wasm_memorytype_limits(mn)->max == wasm_limits_max_default);
  wasm_memorytype_t* cp = wasm_memorytype_copy(mt);
  CHECK(wasm_memorytype_limits(cp)->min == 2);

  const wasm_externtype_t* ce = wasm_memorytype_as_externtype_const(mt);
  CHECK(wasm_externtype_kind(ce) == WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_as_memorytype_const(ce) != NULL);
  CHECK(wasm_externtype_as_functype_const(ce) == NULL);
  CHECK(wasm_externtype_as_globaltype_const(ce) == NULL);
  CHECK(wasm_externtype_as_tabletype_const(ce) == NULL);
  wasm_externtype_t* e = wasm_memorytype_as_externtype(mn);
  CHECK(wasm_externtype_as_memorytype(e) != NULL);
  CHECK(wasm_externtype_as_tabletype(e) == NULL);

  wasm_memorytype_t* arr[2] = {mt, mn};
  wasm_memorytype_vec_t v, vc;
  wasm_memorytype_vec_new(&v, 2, arr);
  wasm_memorytype_vec_copy(&vc, &v);
  wasm_memorytype_vec_delete(&v);
  CHECK(vc.size == 2 && wasm_memorytype_limits(vc.data[1])->min == 1);
  wasm_memorytype_vec_delete(&vc);
  wasm_memorytype_delete(cp);

}

static void test_externtype_vec(void) {
  SECTION("externtype vectors");
  wasm_limits_t lim = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&lim);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_externtype_t* ets[2] = {
      wasm_externtype_copy(wasm_memorytype_as_externtype_const(mt)),
      wasm_externtype_copy(wasm_globaltype_as_externtype_const(gt))};
  wasm_memorytype_delete(mt);
  wasm_globaltype_delete(gt);
  wasm_externtype_vec_t v, vc;
  wasm_externtype_vec_new(&v, 2, ets);
  wasm_externtype_vec_copy(&vc, &v);
  wasm_externtype_vec_delete(&v);
  CHECK(vc.size == 2);
  CHECK(wasm_externtype_kind(vc.data[0]) == WASM_EXTERN_MEMORY);
  CHECK(wasm_externtype_kind(vc.data[1]) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(vc.data[0]))->max == 2);
  wasm_externtype_vec_delete(&vc);
}

static void test_import_export_types(void) {
  SECTION("importtype");
  wasm_name_t mod, name;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_functype_t* ft = wasm_functype_new_1_1(wasm_valtype_new_i32(),
                                              wasm_valtype_new_i32());
  wasm_importtype_t* it =
      wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(ft));
  REQUIRE(it != NULL);
  CHECK(name_is(wasm_importtype_module(it), "env"));
  CHECK(name_is(wasm_importtype_name(it), "f"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(it)) == WASM_EXTERN_FUNC);
  CHECK(wasm_functype_params(wasm_externtype_as_functype_const(
                                 wasm_importtype_type(it)))->size == 1);
  wasm_importtype_t* ic = wasm_importtype_copy(it);
  CHECK(name_is(wasm_importtype_name(ic), "f"));

  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "m");
  wasm_limits_t lim = {1, 1};
  wasm_importtype_t* it2 = wasm_importtype_new(
      &mod, &name, wasm_memorytype_as_externtype(wasm_memorytype_new(&lim)));
  wasm_importtype_t* iarr[2] = {it, it2};
  wasm_importtype_vec_t iv, ivc;
  wasm_importtype_vec_new(&iv, 2, iarr);
  wasm_importtype_vec_copy(&ivc, &iv);
  wasm_importtype_vec_delete(&iv);
  CHECK(ivc.size == 2 && name_is(wasm_importtype_name(ivc.data[1]), "m"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(ivc.data[1])) == WASM_EXTERN_MEMORY);
  wasm_importtype_vec_delete(&ivc);
  wasm_importtype_delete(ic);

  SECTION("exporttype");
  wasm_name_new_from_string(&name, "g");
  wasm_exporttype_t* et = wasm_exporttype_new(
      &name, wasm_globaltype_as_externtype(
                 wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR)));
  REQUIRE(et != NULL);
  CHECK(name_is(wasm_exporttype_name(et), "g"));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(et)) == WASM_EXTERN_GLOBAL);
  wasm_exporttype_t* ec = wasm_exporttype_copy(et);
  CHECK(name_is(wasm_exporttype_name(ec), "g"));
  wasm_exporttype_t* earr[2] = {et, ec};
  wasm_exporttype_vec_t ev, evc;
  wasm_exporttype_vec_new(&ev, 2, earr);
  wasm_exporttype_vec_copy(&evc, &ev);
  wasm_exporttype_vec_delete(&ev);
  CHECK(evc.size == 2 && name_is(wasm_exporttype_name(evc.data[1]), "g"));
  wasm_exporttype_vec_delete(&evc);
}

/* ---------------------------------------------------------------------- */
/* Modules */

static const char* const expected_exports[] = {
    "funcs", "refs", "counter", "pi", "mem", "forty_two", "call_add",
    "get_g", "set_g", "get_counter", "htab_size", "call_htab", "call_funcs",
    "load", "store", "pass", "pass_func", "is_null", "ref_set", "ref_get"};
static const wasm_externkind_t expected_kinds[] = {
    WASM_EXTERN_TABLE, WASM_EXTERN_TABLE, WASM_EXTERN_GLOBAL,
    WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY};
#define N_EXPORTS (sizeof expected_exports / sizeof *expected_exports)

static void check_module_exports(const wasm_module_t* m) {
  wasm_exporttype_vec_t ex;
  wasm_module_exports(m, &ex);
  CHECK(ex.size == N_EXPORTS);
  bool names_ok = ex.size == N_EXPORTS;
  bool kinds_ok = names_ok;
  for (size_t i = 0; names_ok && i < ex.size; i++) {
    if (!name_is(wasm_exporttype_name(ex.data[i]), expected_exports[i]))
      names_ok = false;
    wasm_externkind_t want = i < 5 ? expected_kinds[i] : WASM_EXTERN_FUNC;
    if (wasm_externtype_kind(wasm_exporttype_type(ex.data[i])) != want)
      kinds_ok = false;
  }
  CHECK(names_ok);
  CHECK(kinds_ok);
  if (ex.size == N_EXPORTS) {
    const wasm_tabletype_t* t =
        wasm_externtype_as_tabletype_const(wasm_exporttype_type(ex.data[0]));
    CHECK(t && wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_FUNCREF);
    CHECK(t && wasm_tabletype_limits(t)->min == 3 && wasm_tabletype_limits(t)->max == 10);
    const wasm_globaltype_t* g =
        wasm_externtype_as_globaltype_const(wasm_exporttype_type(ex.data[3]));
    CHECK(g && wasm_globaltype_mutability(g) == WASM_CONST);
    CHECK(g && wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F64);
    const wasm_functype_t* f =
        wasm_externtype_as_functype_const(wasm_exporttype_type(ex.data[6]));
    CHECK(f && wasm_functype_params(f)->size == 2 && wasm_functype_results(f)->size == 1);
  }
  wasm_exporttype_vec_delete(&ex);
}

static void test_module(wasm_store_t* store) {
  SECTION("module: validate, new, imports, exports");
  wasm_byte_vec_t bytes;
  read_wasm(wasm_path(dir, "objects.wasm"), &bytes);
  CHECK(wasm_module_validate(store, &bytes));
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 8, "\0asm\x02\0\0\0");
  CHECK(!wasm_module_validate(store, &junk));
  CHECK(wasm_module_new(store, &junk) == NULL);
  wasm_byte_vec_delete(&junk);

  wasm_module_t* m = wasm_module_new(store, &bytes);
  REQUIRE(m != NULL);
  wasm_importtype_vec_t im;
  wasm_module_imports(m, &im);
  CHECK(im.size == 4);
  if (im.size == 4) {
    CHECK(name_is(wasm_importtype_module(im.data[0]), "host"));
    CHECK(name_is(wasm_importtype_name(im.data[0]), "add"));
    CHECK(wasm_externtype_kind(wasm_importtype_type(im.data[0])) == WASM_EXTERN_FUNC);
    const wasm_functype_t* f = wasm_externtype_as_functype_const(wasm_importtype_type(im.data[0]));
    CHECK(f && wasm_functype_params(f)->size == 2);
    CHECK(name_is(wasm_importtype_name(im.data[1]), "g"));
    const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(wasm_importtype_type(im.data[1]));
    CHECK(g && wasm_globaltype_mutability(g) == WASM_VAR);
    CHECK(g && wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_I32);
    CHECK(name_is(wasm_importtype_name(im.data[2]), "tab"));
    const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(wasm_importtype_type(im.data[2]));
    CHECK(t && wasm_tabletype_limits(t)->min == 2);
    CHECK(t && wasm_tabletype_limits(t)->max == wasm_limits_max_default);
    CHECK(name_is(wasm_importtype_name(im.data[3]), "mem"));
    const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(wasm_importtype_type(im.data[3]));
    CHECK(mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 2);
  }
  wasm_importtype_vec_delete(&im);
  check_module_exports(m);

  SECTION("module: serialize and deserialize");
  wasm_byte_vec_t ser;
  wasm_module_serialize(m, &ser);
  CHECK(ser.size > 0);
  wasm_module_t* d = wasm_module_deserialize(store, &ser);
  CHECK(d != NULL);
  if (d) check_module_exports(d);
  wasm_module_delete(d);
  wasm_byte_vec_delete(&ser);

  wasm_module_t* mc = wasm_module_copy(m);
  CHECK(mc != NULL && wasm_module_same(m, mc));
  wasm_module_delete(mc);
  wasm_module_delete(m);
  wasm_byte_vec_delete(&bytes);
}

/* ---------------------------------------------------------------------- */
/* Share and obtain on another thread */

struct thread_job {
  wasm_engine_t* engine;
  const wasm_shared_module_t* shared;
  int obtained;
  int result;
};

static void* obtain_thread(void* arg) {
  struct thread_job* job = arg;
  wasm_store_t* store = wasm_store_new(job->engine);
  wasm_module_t* m = wasm_module_obtain(store, job->shared);
  job->obtained = m != NULL;
  job->result = -1;
  if (m) {
    wasm_extern_vec_t none = WASM_EMPTY_VEC;
    wasm_trap_t* trap = NULL;
    wasm_instance_t* inst = wasm_instance_new(store, m, &none, &trap);
    if (inst) {
      wasm_extern_vec_t ex;
      wasm_instance_exports(inst, &ex);
      wasm_func_t* sq = export_func(m, &ex, "square");
      if (sq) {
        wasm_val_t a[1] = {WASM_I32_VAL(12)};
        wasm_val_t r[1] = {WASM_INIT_VAL};
        wasm_trap_t* t = call_vals(sq, a, 1, r, 1);
        if (!t) job->result = r[0].of.i32;
        wasm_trap_delete(t);
      }
      wasm_extern_vec_delete(&ex);
      wasm_instance_delete(inst);
    }
    wasm_trap_delete(trap);
    wasm_module_delete(m);
  }
  wasm_store_delete(store);
  return NULL;
}

static void test_share(wasm_engine_t* engine, wasm_store_t* store) {
  SECTION("module share / obtain on a second thread");
  wasm_module_t* m = load_module(store, dir, "simple.wasm");
  wasm_shared_module_t* shared = wasm_module_share(m);
  CHECK(shared != NULL);
  wasm_module_delete(m); /* the shared module keeps its own reference */
  struct thread_job job = {engine, shared, 0, 0};
  pthread_t th;
  CHECK(pthread_create(&th, NULL, obtain_thread, &job) == 0);
  pthread_join(th, NULL);
  CHECK(job.obtained);
  CHECK(job.result == 144);
  /* and obtained again here, into the first store */
  wasm_module_t* again = wasm_module_obtain(store, shared);
  CHECK(again != NULL);
  wasm_exporttype_vec_t ex;
  if (again) {
    wasm_module_exports(again, &ex);
    CHECK(ex.size == 3);
    wasm_exporttype_vec_delete(&ex);
  }
  wasm_module_delete(again);
  wasm_shared_module_delete(shared);
}

/* ---------------------------------------------------------------------- */
/* Instances and runtime objects */

static wasm_trap_t* add_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

static wasm_trap_t* seven_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 7;
  return NULL;
}

static int32_t call_i32(const wasm_func_t* f, int nargs, int32_t a, int32_t b,
                        bool* trapped) {
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_trap_t* t = call_vals(f, args, (size_t)nargs, res, 1);
  if (trapped) *trapped = t != NULL;
  if (t) {
    wasm_trap_delete(t);
    return -1;
  }
  return res[0].kind == WASM_I32 ? res[0].of.i32 : -2;
}

static int info_a, info_b;

static void test_instance(wasm_store_t* store) {
  SECTION("instance: imports made in C");
  wasm_functype_t* add_t = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* add = wasm_func_new(store, add_t, add_cb);
  wasm_functype_delete(add_t);
  REQUIRE(add != NULL);
  CHECK(wasm_func_param_arity(add) == 2);
  CHECK(wasm_func_result_arity(add) == 1);
  wasm_functype_t* got_t = wasm_func_type(add);
  CHECK(got_t && wasm_functype_params(got_t)->size == 2);
  wasm_functype_delete(got_t);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t five = WASM_I32_VAL(5);
  wasm_global_t* g = wasm_global_new(store, gt, &five);
  wasm_globaltype_delete(gt);
  REQUIRE(g != NULL);
  wasm_val_t v;
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 5);
  wasm_globaltype_t* ggt = wasm_global_type(g);
  CHECK(ggt && wasm_globaltype_mutability(ggt) == WASM_VAR);
  wasm_globaltype_delete(ggt);

  wasm_limits_t tl = {2, 4};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &tl);
  wasm_table_t* tab = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  REQUIRE(tab != NULL);
  CHECK(wasm_table_size(tab) == 2);
  wasm_tabletype_t* gtt = wasm_table_type(tab);
  CHECK(gtt && wasm_tabletype_limits(gtt)->max == 4);
  wasm_tabletype_delete(gtt);

  wasm_limits_t ml = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&ml);
  wasm_memory_t* mem = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  REQUIRE(mem != NULL);
  CHECK(wasm_memory_size(mem) == 1);
  CHECK(wasm_memory_data_size(mem) == 65536);
  wasm_memorytype_t* gmt = wasm_memory_type(mem);
  CHECK(gmt && wasm_memorytype_limits(gmt)->min == 1 && wasm_memorytype_limits(gmt)->max == 2);
  wasm_memorytype_delete(gmt);
  uint32_t word = 0x11223344;
  memcpy(wasm_memory_data(mem) + 8, &word, 4);

  wasm_module_t* m = load_module(store, dir, "objects.wasm");
  wasm_extern_t* ims[4] = {wasm_func_as_extern(add), wasm_global_as_extern(g),
                           wasm_table_as_extern(tab), wasm_memory_as_extern(mem)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(ims);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* inst = wasm_instance_new(store, m, &imports, &trap);
  CHECK(no_trap(trap));
  REQUIRE(inst != NULL);
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  CHECK(ex.size == N_EXPORTS);

  SECTION("instance: exports are the kinds the module says");
  {
    wasm_exporttype_vec_t types;
    wasm_module_exports(m, &types);
    bool kinds = types.size == ex.size;
    for (size_t i = 0; kinds && i < ex.size; i++) {
      wasm_externkind_t k = wasm_externtype_kind(wasm_exporttype_type(types.data[i]));
      if (wasm_extern_kind(ex.data[i]) != k) kinds = false;
      wasm_externtype_t* et = wasm_extern_type(ex.data[i]);
      if (!et || wasm_externtype_kind(et) != k) kinds = false;
      wasm_externtype_delete(et);
    }
    CHECK(kinds);
    wasm_exporttype_vec_delete(&types);
  }

  wasm_func_t* forty_two = export_func(m, &ex, "forty_two");
  wasm_func_t* call_add = export_func(m, &ex, "call_add");
  wasm_func_t* get_g = export_func(m, &ex, "get_g");
  wasm_func_t* set_g = export_func(m, &ex, "set_g");
  wasm_func_t* get_counter = export_func(m, &ex, "get_counter");
  wasm_func_t* htab_size = export_func(m, &ex, "htab_size");
  wasm_func_t* call_htab = export_func(m, &ex, "call_htab");
  wasm_func_t* call_funcs = export_func(m, &ex, "call_funcs");
  wasm_func_t* load = export_func(m, &ex, "load");
  wasm_func_t* pass = export_func(m, &ex, "pass");
  wasm_func_t* pass_func = export_func(m, &ex, "pass_func");
  wasm_func_t* is_null = export_func(m, &ex, "is_null");
  wasm_func_t* ref_set = export_func(m, &ex, "ref_set");
  wasm_func_t* ref_get = export_func(m, &ex, "ref_get");
  REQUIRE(forty_two && call_add && get_g && set_g && get_counter && htab_size &&
          call_htab && call_funcs && load && pass && pass_func && is_null &&
          ref_set && ref_get);
  wasm_extern_t* funcs_e = find_export(m, &ex, "funcs");
  wasm_extern_t* refs_e = find_export(m, &ex, "refs");
  wasm_extern_t* counter_e = find_export(m, &ex, "counter");
  wasm_extern_t* pi_e = find_export(m, &ex, "pi");
  wasm_extern_t* mem_e = find_export(m, &ex, "mem");
  REQUIRE(funcs_e && refs_e && counter_e && pi_e && mem_e);

  SECTION("functions");
  CHECK(call_i32(forty_two, 0, 0, 0, NULL) == 42);
  CHECK(call_i32(call_add, 2, 2, 3, NULL) == 5);
  CHECK(call_i32(add, 2, 20, 22, NULL) == 42);
  CHECK(wasm_func_param_arity(call_add) == 2 && wasm_func_result_arity(call_add) == 1);
  CHECK(wasm_func_param_arity(forty_two) == 0);

  SECTION("globals: imported from C, exported by wasm");
  CHECK(call_i32(get_g, 0, 0, 0, NULL) == 5);
  {
    wasm_val_t a[1] = {WASM_I32_VAL(9)};
    wasm_trap_t* t = call_vals(set_g, a, 1, NULL, 0);
    CHECK(no_trap(t));
    wasm_trap_delete(t);
  }
  wasm_global_get(g, &v);
  CHECK(v.of.i32 == 9);
  wasm_val_t eleven = WASM_I32_VAL(11);
  wasm_global_set(g, &eleven);
  CHECK(call_i32(get_g, 0, 0, 0, NULL) == 11);
  wasm_global_t* counter = wasm_extern_as_global(counter_e);
  wasm_global_t* pi = wasm_extern_as_global(pi_e);
  REQUIRE(counter && pi);
  wasm_global_get(counter, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 7);
  wasm_val_t eight = WASM_I32_VAL(8);
  wasm_global_set(counter, &eight);
  CHECK(call_i32(get_counter, 0, 0, 0, NULL) == 8);
  wasm_global_get(pi, &v);
  CHECK(v.kind == WASM_F64 && v.of.f64 == 3.5);
  wasm_val_t one = WASM_F64_VAL(1.0);
  wasm_global_set(pi, &one); /* immutable: must be refused, not crash */
  wasm_global_get(pi, &v);
  CHECK(v.of.f64 == 3.5);
  wasm_val_t wrong = WASM_I64_VAL(1);
  wasm_global_set(counter, &wrong); /* wrong kind: refused */
  wasm_global_get(counter, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 8);

  SECTION("memory: imported from C and re-exported");
  CHECK(call_i32(load, 1, 8, 0, NULL) == 0x11223344);
  wasm_memory_t* emem = wasm_extern_as_memory(mem_e);
  CHECK(emem != NULL && wasm_memory_same(emem, mem));
  CHECK(emem != NULL && wasm_memory_size(emem) == 1);

  SECTION("tables: imported funcref table");
  CHECK(call_i32(htab_size, 0, 0, 0, NULL) == 2);
  CHECK(wasm_table_set(tab, 1, wasm_func_as_ref(forty_two)));
  CHECK(call_i32(call_htab, 1, 1, 0, NULL) == 42);
  bool trapped = false;
  call_i32(call_htab, 1, 0, 0, &trapped); /* null element */
  CHECK(trapped);

  SECTION("tables: exported funcref table get/set/grow");
  wasm_table_t* funcs = wasm_extern_as_table(funcs_e);
  REQUIRE(funcs != NULL);
  CHECK(wasm_table_size(funcs) == 3);
  wasm_ref_t* r0 = wasm_table_get(funcs, 0);
  CHECK(r0 != NULL);
  wasm_func_t* f0 = r0 ? wasm_ref_as_func(r0) : NULL;
  CHECK(f0 != NULL && wasm_func_same(f0, forty_two));
  CHECK(f0 != NULL && call_i32(f0, 0, 0, 0, NULL) == 42);
  wasm_ref_delete(r0);
  CHECK(wasm_table_get(funcs, 1) == NULL); /* a null element */
  wasm_functype_t* seven_t = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* seven = wasm_func_new(store, seven_t, seven_cb);
  wasm_functype_delete(seven_t);
  CHECK(wasm_table_set(funcs, 1, wasm_func_as_ref(seven)));
  CHECK(call_i32(call_funcs, 1, 1, 0, NULL) == 7);
  CHECK(wasm_table_set(funcs, 2, wasm_func_as_ref(add)));
  trapped = false;
  call_i32(call_funcs, 1, 2, 0, &trapped); /* signature mismatch */
  CHECK(trapped);
  CHECK(wasm_table_grow(funcs, 2, wasm_func_as_ref(forty_two)));
  CHECK(wasm_table_size(funcs) == 5);
  wasm_ref_t* r4 = wasm_table_get(funcs, 4);
  CHECK(r4 != NULL && wasm_ref_as_func(r4) != NULL &&
        wasm_func_same(wasm_ref_as_func(r4), forty_two));
  wasm_ref_delete(r4);
  CHECK(call_i32(call_funcs, 1, 4, 0, NULL) == 42);
  CHECK(!wasm_table_grow(funcs, 6, NULL)); /* max is 10 */
  CHECK(wasm_table_size(funcs) == 5);
  CHECK(wasm_table_grow(funcs, 5, NULL));
  CHECK(wasm_table_size(funcs) == 10);
  CHECK(wasm_table_get(funcs, 100) == NULL);
  CHECK(!wasm_table_set(funcs, 100, wasm_func_as_ref(forty_two)));
  CHECK(wasm_table_set(funcs, 1, NULL));
  CHECK(wasm_table_get(funcs, 1) == NULL);

  SECTION("funcref through wasm");
  {
    wasm_val_t a[1] = {{.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(seven)}}};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(pass_func, a, 1, r, 1);
    CHECK(no_trap(t));
    CHECK(r[0].kind == WASM_FUNCREF && r[0].of.ref != NULL);
    wasm_func_t* back = r[0].of.ref ? wasm_ref_as_func(r[0].of.ref) : NULL;
    CHECK(back && wasm_func_same(back, seven));
    CHECK(back && call_i32(back, 0, 0, 0, NULL) == 7);
    wasm_trap_delete(t);
    wasm_val_delete(&r[0]);
  }

  SECTION("foreign objects and host info");
  wasm_foreign_t* fo = wasm_foreign_new(store);
  wasm_foreign_t* fo2 = wasm_foreign_new(store);
  REQUIRE(fo && fo2);
  CHECK(wasm_foreign_get_host_info(fo) == NULL);
  wasm_foreign_set_host_info(fo, &info_a);
  wasm_foreign_set_host_info(fo2, &info_b);
  CHECK(wasm_foreign_get_host_info(fo) == &info_a);
  CHECK(!wasm_foreign_same(fo, fo2));
  wasm_foreign_t* foc = wasm_foreign_copy(fo);
  CHECK(foc && wasm_foreign_same(foc, fo));
  CHECK(foc && wasm_foreign_get_host_info(foc) == &info_a);
  wasm_foreign_delete(foc);

  SECTION("foreign as externref through wasm");
  {
    wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(fo))};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(pass, a, 1, r, 1);
    CHECK(no_trap(t));
    wasm_trap_delete(t);
    CHECK(r[0].kind == WASM_EXTERNREF && r[0].of.ref != NULL);
    wasm_foreign_t* back = r[0].of.ref ? wasm_ref_as_foreign(r[0].of.ref) : NULL;
    CHECK(back != NULL && wasm_foreign_same(back, fo));
    CHECK(back != NULL && wasm_foreign_get_host_info(back) == &info_a);
    CHECK(r[0].of.ref && wasm_ref_get_host_info(r[0].of.ref) == &info_a);
    wasm_val_delete(&r[0]);
  }
  {
    wasm_val_t a[1] = {WASM_REF_VAL(NULL)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(is_null, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 1);
    wasm_trap_delete(t);
    a[0].of.ref = wasm_foreign_as_ref(fo2);
    t = call_vals(is_null, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].of.i32 == 0);
    wasm_trap_delete(t);
    a[0].of.ref = NULL;
    r[0].kind = WASM_I32;
    t = call_vals(pass, a, 1, r, 1);
    CHECK(no_trap(t) && r[0].kind == WASM_EXTERNREF && r[0].of.ref == NULL);
    wasm_trap_delete(t);
  }

  SECTION("externref table: set in wasm, get from C, and back");
  wasm_table_t* refs = wasm_extern_as_table(refs_e);
  REQUIRE(refs != NULL);
  CHECK(wasm_table_size(refs) == 2);
  {
    wasm_val_t a[2] = {WASM_I32_VAL(0), WASM_REF_VAL(wasm_foreign_as_ref(fo))};
    wasm_trap_t* t = call_vals(ref_set, a, 2, NULL, 0);
    CHECK(no_trap(t));
    wasm_trap_delete(t);
  }
  wasm_ref_t* got = wasm_table_get(refs, 0);
  CHECK(got != NULL);
  wasm_foreign_t* gotf = got ? wasm_ref_as_foreign(got) : NULL;
  CHECK(gotf && wasm_foreign_same(gotf, fo));
  CHECK(gotf && wasm_foreign_get_host_info(gotf) == &info_a);
  CHECK(got && wasm_ref_as_func(got) == NULL);
  wasm_ref_delete(got);
  CHECK(wasm_table_set(refs, 1, wasm_foreign_as_ref(fo2)));
  {
    wasm_val_t a[1] = {WASM_I32_VAL(1)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_trap_t* t = call_vals(ref_get, a, 1, r, 1);
    CHECK(no_trap(t));
    wasm_trap_delete(t);
    wasm_foreign_t* b = r[0].of.ref ? wasm_ref_as_foreign(r[0].of.ref) : NULL;
    CHECK(b && wasm_foreign_same(b, fo2));
    CHECK(b && wasm_foreign_get_host_info(b) == &info_b);
    wasm_val_delete(&r[0]);
  }
  CHECK(wasm_table_grow(refs, 1, wasm_foreign_as_ref(fo2)));
  CHECK(wasm_table_size(refs) == 3);
  got = wasm_table_get(refs, 2);
  CHECK(got && wasm_ref_as_foreign(got) && wasm_foreign_same(wasm_ref_as_foreign(got), fo2));
  wasm_ref_delete(got);
  CHECK(!wasm_table_set(funcs, 0, wasm_foreign_as_ref(fo))); /* wrong kind */

  SECTION("externref table made in C with an initial foreign");
  {
    wasm_limits_t l = {1, 3};
    wasm_tabletype_t* ett = wasm_tabletype_new(wasm_valtype_new_externref(), &l);
    wasm_table_t* et = wasm_table_new(store, ett, wasm_foreign_as_ref(fo));
    wasm_tabletype_delete(ett);
    CHECK(et != NULL);
    if (et) {
      wasm_ref_t* e0 = wasm_table_get(et, 0);
      CHECK(e0 && wasm_ref_as_foreign(e0) && wasm_foreign_same(wasm_ref_as_foreign(e0), fo));
      wasm_ref_delete(e0);
      CHECK(!wasm_table_grow(et, 3, NULL));
      CHECK(wasm_table_grow(et, 2, NULL));
      CHECK(wasm_table_get(et, 2) == NULL);
      wasm_table_delete(et);
    }
  }

  SECTION("externs: kinds, types and casts");
  wasm_extern_t* fe = wasm_func_as_extern(forty_two);
  wasm_extern_t* ge = wasm_global_as_extern(counter);
  wasm_extern_t* te = wasm_table_as_extern(funcs);
  wasm_extern_t* me = wasm_memory_as_extern(emem);
  CHECK(wasm_extern_kind(fe) == WASM_EXTERN_FUNC);
  CHECK(wasm_extern_kind(ge) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_kind(te) == WASM_EXTERN_TABLE);
  CHECK(wasm_extern_kind(me) == WASM_EXTERN_MEMORY);
  CHECK(wasm_extern_as_func(fe) && wasm_func_same(wasm_extern_as_func(fe), forty_two));
  CHECK(wasm_extern_as_global(fe) == NULL && wasm_extern_as_table(fe) == NULL && wasm_extern_as_memory(fe) == NULL);
  CHECK(wasm_extern_as_global(ge) != NULL);
  CHECK(wasm_extern_as_func(ge) == NULL && wasm_extern_as_table(ge) == NULL && wasm_extern_as_memory(ge) == NULL);
  CHECK(wasm_extern_as_table(te) != NULL);
  CHECK(wasm_extern_as_func(te) == NULL && wasm_extern_as_global(te) == NULL && wasm_extern_as_memory(te) == NULL);
  CHECK(wasm_extern_as_memory(me) != NULL);
  CHECK(wasm_extern_as_func(me) == NULL && wasm_extern_as_global(me) == NULL && wasm_extern_as_table(me) == NULL);
  CHECK(wasm_extern_as_func_const(wasm_func_as_extern_const(forty_two)) != NULL);
  CHECK(wasm_extern_as_global_const(wasm_global_as_extern_const(counter)) != NULL);
  CHECK(wasm_extern_as_table_const(wasm_table_as_extern_const(funcs)) != NULL);
  CHECK(wasm_extern_as_memory_const(wasm_memory_as_extern_const(emem)) != NULL);
  CHECK(wasm_extern_as_memory_const(wasm_func_as_extern_const(forty_two)) == NULL);
  {
    wasm_externtype_t* t = wasm_extern_type(ge);
    const wasm_globaltype_t* gtc = t ? wasm_externtype_as_globaltype_const(t) : NULL;
    CHECK(gtc && wasm_globaltype_mutability(gtc) == WASM_VAR);
    wasm_externtype_delete(t);
    t = wasm_extern_type(me);
    CHECK(t && wasm_externtype_kind(t) == WASM_EXTERN_MEMORY);
    wasm_externtype_delete(t);
  }
  {
    wasm_extern_t* exc = wasm_extern_copy(fe);
    CHECK(exc && wasm_extern_same(exc, fe));
    CHECK(exc && !wasm_extern_same(exc, ge));
    CHECK(exc && wasm_extern_as_func(exc) && call_i32(wasm_extern_as_func(exc), 0, 0, 0, NULL) == 42);
    wasm_extern_delete(exc);
    /* extern vectors copy their elements */
    wasm_extern_vec_t vc;
    wasm_extern_vec_copy(&vc, &ex);
    CHECK(vc.size == ex.size);
    CHECK(vc.size > 5 && wasm_extern_same(vc.data[5], ex.data[5]));
    wasm_extern_vec_delete(&vc);
  }

  SECTION("references: as_ref / ref_as_X, wrong kinds give NULL");
  {
    wasm_ref_t* rf = wasm_func_as_ref(forty_two);
    CHECK(rf && wasm_ref_as_func(rf) && wasm_func_same(wasm_ref_as_func(rf), forty_two));
    CHECK(rf && wasm_ref_as_foreign(rf) == NULL);
    CHECK(rf && wasm_ref_as_global(rf) == NULL);
    CHECK(rf && wasm_ref_as_table(rf) == NULL);
    CHECK(rf && wasm_ref_as_memory(rf) == NULL);
    CHECK(rf && wasm_ref_as_module(rf) == NULL);
    CHECK(rf && wasm_ref_as_instance(rf) == NULL);
    CHECK(rf && wasm_ref_as_trap(rf) == NULL);
    wasm_ref_t* rg = wasm_global_as_ref(counter);
    CHECK(rg && wasm_ref_as_global(rg) != NULL && wasm_ref_as_func(rg) == NULL);
    wasm_ref_t* rt = wasm_table_as_ref(funcs);
    CHECK(rt && wasm_ref_as_table(rt) != NULL && wasm_ref_as_memory(rt) == NULL);
    wasm_ref_t* rm = wasm_memory_as_ref(emem);
    CHECK(rm && wasm_ref_as_memory(rm) != NULL && wasm_ref_as_table(rm) == NULL);
    wasm_ref_t* ro = wasm_foreign_as_ref(fo);
    CHECK(ro && wasm_ref_as_foreign(ro) != NULL && wasm_ref_as_func(ro) == NULL);
    CHECK(ro && wasm_ref_as_global(ro) == NULL && wasm_ref_as_instance(ro) == NULL);
    wasm_ref_t* ri = wasm_instance_as_ref(inst);
    CHECK(ri && wasm_ref_as_instance(ri) != NULL && wasm_ref_as_module(ri) == NULL);
    wasm_ref_t* rmod = wasm_module_as_ref(m);
    CHECK(rmod && wasm_ref_as_module(rmod) != NULL && wasm_ref_as_instance(rmod) == NULL);
    wasm_message_t msg;
    message_of(&msg, "a trap");
    wasm_trap_t* tr = wasm_trap_new(store, &msg);
    wasm_byte_vec_delete(&msg);
    wasm_ref_t* rtr = wasm_trap_as_ref(tr);
    CHECK(rtr && wasm_ref_as_trap(rtr) != NULL && wasm_ref_as_foreign(rtr) == NULL);
    CHECK(wasm_ref_as_func_const(wasm_func_as_ref_const(forty_two)) != NULL);
    CHECK(wasm_ref_as_foreign_const(wasm_func_as_ref_const(forty_two)) == NULL);
    CHECK(wasm_ref_as_global_const(wasm_global_as_ref_const(counter)) != NULL);
    CHECK(wasm_ref_as_table_const(wasm_table_as_ref_const(funcs)) != NULL);
    CHECK(wasm_ref_as_memory_const(wasm_memory_as_ref_const(emem)) != NULL);
    CHECK(wasm_ref_as_foreign_const(wasm_foreign_as_ref_const(fo)) != NULL);
    CHECK(wasm_ref_as_instance_const(wasm_instance_as_ref_const(inst)) != NULL);
    CHECK(wasm_ref_as_module_const(wasm_module_as_ref_const(m)) != NULL);
    CHECK(wasm_ref_as_trap_const(wasm_trap_as_ref_const(tr)) != NULL);
    CHECK(wasm_ref_as_trap_const(wasm_module_as_ref_const(m)) == NULL);

    wasm_ref_t* rc = wasm_ref_copy(rf);
    CHECK(rc && wasm_ref_same(rc, rf));
    CHECK(rc && !wasm_ref_same(rc, ro));
    CHECK(rc && wasm_ref_as_func(rc) && call_i32(wasm_ref_as_func(rc), 0, 0, 0, NULL) == 42);
    wasm_ref_delete(rc);
    wasm_trap_delete(tr);
  }

  SECTION("same and copy for every kind");
  {
    wasm_func_t* fc = wasm_func_copy(forty_two);
    CHECK(fc && wasm_func_same(fc, forty_two) && !wasm_func_same(fc, call_add));
    wasm_func_delete(fc);
    wasm_global_t* gc = wasm_global_copy(counter);
    CHECK(gc && wasm_global_same(gc, counter) && !wasm_global_same(gc, g));
    wasm_global_delete(gc);
    wasm_table_t* tc = wasm_table_copy(funcs);
    CHECK(tc && wasm_table_same(tc, funcs) && !wasm_table_same(tc, refs));
    wasm_table_delete(tc);
    wasm_memory_t* mc = wasm_memory_copy(emem);
    CHECK(mc && wasm_memory_same(mc, emem));
    wasm_memory_delete(mc);
    wasm_instance_t* ic = wasm_instance_copy(inst);
    CHECK(ic && wasm_instance_same(ic, inst));
    wasm_instance_delete(ic);
    wasm_module_t* mdc = wasm_module_copy(m);
    CHECK(mdc && wasm_module_same(mdc, m));
    wasm_module_delete(mdc);
    /* two exports lists of one instance hold the same objects */
    wasm_extern_vec_t ex2;
    wasm_instance_exports(inst, &ex2);
    CHECK(ex2.size == ex.size);
    bool all_same = ex2.size == ex.size;
    for (size_t i = 0; all_same && i < ex.size; i++)
      all_same = wasm_extern_same(ex.data[i], ex2.data[i]);
    CHECK(all_same);
    wasm_extern_vec_delete(&ex2);
  }

  SECTION("host info on every kind");
  {
    wasm_func_set_host_info(forty_two, &info_a);
    CHECK(wasm_func_get_host_info(forty_two) == &info_a);
    wasm_func_t* fc = wasm_func_copy(forty_two);
    CHECK(wasm_func_get_host_info(fc) == &info_a);
    wasm_func_delete(fc);
    CHECK(wasm_global_get_host_info(counter) == NULL);
    wasm_global_set_host_info(counter, &info_b);
    CHECK(wasm_global_get_host_info(counter) == &info_b);
    wasm_table_set_host_info(funcs, &info_a);
    CHECK(wasm_table_get_host_info(funcs) == &info_a);
    wasm_memory_set_host_info(emem, &info_b);
    CHECK(wasm_memory_get_host_info(emem) == &info_b);
    wasm_instance_set_host_info(inst, &info_a);
    CHECK(wasm_instance_get_host_info(inst) == &info_a);
    wasm_module_set_host_info(m, &info_b);
    CHECK(wasm_module_get_host_info(m) == &info_b);
    wasm_extern_set_host_info(me, &info_a);
    CHECK(wasm_extern_get_host_info(me) == &info_a);
    wasm_foreign_set_host_info(fo2, &info_a);
    CHECK(wasm_foreign_get_host_info(fo2) == &info_a);
    wasm_foreign_set_host_info(fo2, NULL);
    CHECK(wasm_foreign_get_host_info(fo2) == NULL);
  }

  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_foreign_delete(fo);
  wasm_foreign_delete(fo2);
  wasm_func_delete(seven);
  wasm_func_delete(add);
  wasm_global_delete(g);
  wasm_table_delete(tab);
  wasm_memory_delete(mem);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  test_valtypes();
  test_functypes();
  test_globaltypes();
  test_tabletypes();
  test_memorytypes();
  test_externtype_vec();
  test_import_export_types();

  SECTION("config, engine, store");
  wasm_config_t* config = wasm_config_new();
  CHECK(config != NULL);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  CHECK(engine != NULL);
  wasm_engine_t* plain = wasm_engine_new();
  CHECK(plain != NULL);
  wasm_store_t* ps = wasm_store_new(plain);
  CHECK(ps != NULL);
  wasm_store_delete(ps);
  wasm_engine_delete(plain);
  wasm_store_t* store = wasm_store_new(engine);
  REQUIRE(store != NULL);

  test_module(store);
  test_share(engine, store);
  test_instance(store);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_finish("objects");
}
