// A minimal C++ exception runtime for wasm32 and clang's -fwasm-exceptions:
// just what exceptions.cpp needs. Debian's wasm32 C++ runtime
// (libc++abi-22-dev-wasm32) is built without exception support: it has no
// __cxa_throw, no personality and no libunwind, and its compiler-rt
// (libclang-rt-22-dev-wasm32) defines no __cpp_exception tag.
//
// What clang's code expects of the runtime (LLVM's WasmEHPrepare):
//  - the tag __cpp_exception (param i32): every C++ throw and catch uses it;
//    its payload is the address the runtime threw, here the Header;
//  - __wasm_lpad_context: a landing pad stores its index in the function's
//    call-site table and the function's LSDA (.gcc_except_table), calls
//    _Unwind_CallPersonality(payload), then reads the selector: the type
//    index of the catch clause that matches, 0 if none does (then it runs
//    its cleanups and rethrows);
//  - the Itanium C++ ABI's __cxa_allocate_exception, __cxa_free_exception,
//    __cxa_throw, __cxa_begin_catch, __cxa_end_catch and __cxa_rethrow.
// Limits: a catch clause matches its exact type, or catch (...) anything:
// no base-class or pointer conversions; no dynamic exception
// specifications; one thread.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <typeinfo>

namespace std {
[[noreturn]] void terminate() noexcept;  // libc++abi's: prints, then abort()
}

// The tag, defined as compiler-rt's __cpp_exception.S does when built with
// exception handling.
asm(".globl __cpp_exception\n"
    ".tagtype __cpp_exception i32\n"
    "__cpp_exception:\n");

struct LandingPadContext {
  uintptr_t lpad_index;  // in: the landing pad's call-site entry
  const uint8_t *lsda;   // in: the function's exception table
  uintptr_t selector;    // out: the matching clause's type index, or 0
};
extern "C" LandingPadContext __wasm_lpad_context;
LandingPadContext __wasm_lpad_context;

namespace {

// In front of every thrown object. The object follows at the next 16 bytes.
struct alignas(16) Header {
  const std::type_info *type;
  void *(*destroy)(void *);  // wasm's C++ ABI: destructors return this
  int handlers;              // catch handlers active for it
  bool rethrown;             // leaving a handler by `throw;`
  Header *next;              // the caught exception below it
};

Header *caught;  // exceptions being handled, innermost first

Header *header_of(void *object) { return static_cast<Header *>(object) - 1; }
void *object_of(Header *h) { return h + 1; }

uintptr_t read_uleb(const uint8_t *&p) {
  uintptr_t value = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t byte = *p++;
    value |= uintptr_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
}

intptr_t read_sleb(const uint8_t *&p) {
  uintptr_t value = 0;
  int shift = 0;
  uint8_t byte;
  do {
    byte = *p++;
    value |= uintptr_t(byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && (byte & 0x40)) value |= ~uintptr_t(0) << shift;
  return intptr_t(value);
}

// Whether catch clause `index` of the type table ending at `types` (4-byte
// absolute pointers, counted back from the end; null for catch (...))
// catches an exception of type `thrown`.
bool clause_catches(const uint8_t *types, intptr_t index, const std::type_info *thrown) {
  const std::type_info *clause;
  std::memcpy(&clause, types - index * 4, 4);
  return clause == nullptr || *clause == *thrown;
}

}  // namespace

extern "C" {

void *__cxa_allocate_exception(size_t size) noexcept {
  size_t total = (sizeof(Header) + size + 15) / 16 * 16;
  void *memory = std::aligned_alloc(16, total);
  if (!memory) std::terminate();
  std::memset(memory, 0, sizeof(Header));
  return object_of(static_cast<Header *>(memory));
}

void __cxa_free_exception(void *object) noexcept { std::free(header_of(object)); }

[[noreturn]] void __cxa_throw(void *object, std::type_info *type, void *(*destroy)(void *)) {
  Header *h = header_of(object);
  h->type = type;
  h->destroy = destroy;
  __builtin_wasm_throw(0, h);
}

// The personality: reads the landing pad's entry of the call-site table and
// walks its action list for the first clause that catches.
uintptr_t _Unwind_CallPersonality(void *payload) {
  enum { HANDLER_FOUND = 6, CONTINUE_UNWIND = 8 };  // _Unwind_Reason_Code
  const Header *h = static_cast<Header *>(payload);
  LandingPadContext &lpad = __wasm_lpad_context;
  lpad.selector = 0;
  const uint8_t *p = lpad.lsda;
  if (*p++ != 0xff) std::terminate();  // @LPStart: omitted on wasm
  uint8_t ttype_encoding = *p++;
  const uint8_t *types = nullptr;
  if (ttype_encoding != 0xff) {  // 0xff: no type table
    if (ttype_encoding != 0) std::terminate();  // 0: absolute pointers
    uintptr_t offset = read_uleb(p);
    types = p + offset;
  }
  p++;  // call-site encoding: entries are ULEB128 pairs on wasm regardless
  uintptr_t table_length = read_uleb(p);
  const uint8_t *actions = p + table_length;
  uintptr_t action = 0;  // 1-based offset into the action table; 0: cleanup only
  for (uintptr_t i = 0; i <= lpad.lpad_index; i++) {
    read_uleb(p);  // landing pad (unused on wasm)
    action = read_uleb(p);
  }
  if (action == 0) return CONTINUE_UNWIND;
  const uint8_t *a = actions + (action - 1);
  for (;;) {
    intptr_t index = read_sleb(a);  // > 0 catch clause, 0 cleanup, < 0 exception spec
    const uint8_t *link = a;
    intptr_t next = read_sleb(a);   // relative to `link`; 0 ends the list
    if (index < 0) std::terminate();
    if (index > 0 && clause_catches(types, index, h->type)) {
      lpad.selector = uintptr_t(index);
      return HANDLER_FOUND;
    }
    if (next == 0) return CONTINUE_UNWIND;
    a = link + next;
  }
}

void *__cxa_begin_catch(void *payload) noexcept {
  Header *h = static_cast<Header *>(payload);
  h->rethrown = false;
  if (h != caught) {
    h->next = caught;
    caught = h;
  }
  h->handlers++;
  return object_of(h);
}

void __cxa_end_catch() {
  Header *h = caught;
  if (--h->handlers > 0) return;
  caught = h->next;
  if (h->rethrown) return;  // still propagating: an outer handler takes it
  if (h->destroy) h->destroy(object_of(h));
  std::free(h);
}

[[noreturn]] void __cxa_rethrow() {
  Header *h = caught;
  if (!h) std::terminate();  // `throw;` with no exception being handled
  h->rethrown = true;
  __builtin_wasm_throw(0, h);
}

}  // extern "C"
