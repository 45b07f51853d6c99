/*
 * Shared helpers for the C API tests: a CHECK macro that prints what it
 * checks (with file:line), a REQUIRE that stops the program when a later
 * step could not run without it, and small loaders. Uses wasm.h only, so
 * every test may include it.
 */
#ifndef SPINDLE_CAPI_TEST_COMMON_H
#define SPINDLE_CAPI_TEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "wasm.h"

static int test_checks;
static int test_failures;

/* Records and prints one check; returns ok. */
static inline bool test_check(bool ok, const char* expr, const char* file,
                              int line) {
  test_checks++;
  if (!ok) test_failures++;
  printf("  %s %s:%d: %s\n", ok ? "ok  " : "FAIL", file, line, expr);
  fflush(stdout);
  return ok;
}

#define CHECK(cond) ((void)test_check((cond) ? true : false, #cond, __FILE__, __LINE__))

/* A check whose failure makes the rest of the program meaningless. */
#define REQUIRE(cond)                                                        \
  do {                                                                       \
    if (!test_check((cond) ? true : false, #cond, __FILE__, __LINE__)) {     \
      printf("  stopping: %s:%d: required check failed\n", __FILE__,       \
             __LINE__);                                                      \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

#define SECTION(name) printf("%s\n", name)

static inline int test_finish(const char* name) {
  printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
  fflush(stdout); /* before LeakSanitizer's report at exit */
  return test_failures ? 1 : 0;
}

/* Reads a whole file into an own byte vector; exits on failure. */
static inline void read_wasm(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (!f) {
    printf("cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  if (n > 0 && fread(out->data, 1, (size_t)n, f) != (size_t)n) {
    printf("cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
}

/* Joins a directory and a file name (static buffer rotation of 4). */
static inline const char* wasm_path(const char* dir, const char* file) {
  static char bufs[4][4096];
  static int next;
  char* b = bufs[next++ & 3];
  snprintf(b, sizeof bufs[0], "%s/%s", dir, file);
  return b;
}

/* Compiles <dir>/<file>; exits when the module cannot be made. */
static inline wasm_module_t* load_module(wasm_store_t* store, const char* dir,
                                         const char* file) {
  wasm_byte_vec_t bytes;
  read_wasm(wasm_path(dir, file), &bytes);
  wasm_module_t* m = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  if (!m) {
    printf("  FAIL: wasm_module_new(%s) returned NULL\n", file);
    exit(1);
  }
  return m;
}

/* True if a name vector holds exactly the string s (no terminator). */
static inline bool name_is(const wasm_name_t* n, const char* s) {
  return n && n->size == strlen(s) && memcmp(n->data, s, n->size) == 0;
}

/* The message of a trap as a C string (own, free() it); NULL for NULL. */
static inline char* trap_text(const wasm_trap_t* trap) {
  if (!trap) return NULL;
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  char* s = (char*)malloc(m.size + 1);
  if (m.size) memcpy(s, m.data, m.size);
  s[m.size] = '\0';
  wasm_byte_vec_delete(&m);
  return s;
}

/* True for no trap; otherwise prints the trap's message (for a CHECK). */
static inline bool no_trap(const wasm_trap_t* t) {
  if (!t) return true;
  char* m = trap_text(t);
  printf("    unexpected trap: \"%s\"\n", m);
  free(m);
  return false;
}

/* Case-insensitive "haystack contains needle". */
static inline bool contains_ci(const char* hay, const char* needle) {
  if (!hay) return false;
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (strncasecmp(hay, needle, n) == 0) return true;
  return false;
}

/* The export called name, looked up through the module's export types;
 * a borrowed pointer into exports (an own vector kept by the caller). */
static inline wasm_extern_t* find_export(const wasm_module_t* module,
                                         const wasm_extern_vec_t* exports,
                                         const char* name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size && i < exports->size; i++) {
    if (name_is(wasm_exporttype_name(types.data[i]), name)) {
      found = exports->data[i];
      break;
    }
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

/* Calls f with n args into m results (arrays owned by the caller). */
static inline wasm_trap_t* call_vals(const wasm_func_t* f, wasm_val_t* args,
                                     size_t n, wasm_val_t* results, size_t m) {
  wasm_val_vec_t a = {n, args};
  wasm_val_vec_t r = {m, results};
  return wasm_func_call(f, &a, &r);
}

/* The export called name as a function (borrowed), or NULL. */
static inline wasm_func_t* export_func(const wasm_module_t* module,
                                       const wasm_extern_vec_t* exports,
                                       const char* name) {
  wasm_extern_t* e = find_export(module, exports, name);
  return e ? wasm_extern_as_func(e) : NULL;
}

/* A message vector holding s with its terminating NUL (wasm_message_t). */
static inline void message_of(wasm_message_t* out, const char* s) {
  wasm_name_new_from_string_nt(out, s);
}

#endif
