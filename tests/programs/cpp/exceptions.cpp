// C++ exceptions thrown and caught across several frames, with destructors
// running on the way. tests/programs/run.sh builds it for wasm32 with clang's
// -fwasm-exceptions (with eh_runtime.cpp), in both of WebAssembly's exception
// forms, and compares what it prints with exceptions.expected (and with the
// same source built for the host, when the host has a C++ compiler).
//   exceptions            the transcript; exit status 0
//   exceptions uncaught   no handler catches: the exception leaves main
//   exceptions noexcept   an exception reaches a noexcept function: std::terminate
#include <cstdio>
#include <cstring>

static int destroyed;  // Frame destructors run so far
static int live;       // Overflow objects alive (constructed - destroyed)

struct Frame {  // one per call of dive
  int depth;
  explicit Frame(int d) : depth(d) {}
  ~Frame() {
    ++destroyed;
    std::printf("    ~Frame %d\n", depth);
  }
};

struct Overflow {  // has a destructor, which the runtime must run once
  int depth;
  explicit Overflow(int d) : depth(d) { ++live; }
  Overflow(const Overflow &o) : depth(o.depth) { ++live; }
  ~Overflow() { --live; }
};
struct BadInput {
  int code;
};
struct Mystery {  // no handler names it: only catch (...) catches it
  long long bits;
};

enum Kind { NONE, OVERFLOW, BAD_INPUT, MYSTERY };

// Recurses `depth` more times, a Frame in each call, and throws (or returns)
// from the innermost.
__attribute__((noinline)) static int dive(int depth, Kind kind) {
  Frame frame(depth);
  if (depth == 0) {
    if (kind == OVERFLOW) throw Overflow(depth);
    if (kind == BAD_INPUT) throw BadInput{400};
    if (kind == MYSTERY) throw Mystery{0x5eed};
    return 0;
  }
  return dive(depth - 1, kind) + 1;
}

// Catches BadInput, notes it, and rethrows the same object with `throw;`.
static const BadInput *relayed;
__attribute__((noinline)) static void relay(int depth) {
  Frame frame(100);
  try {
    dive(depth, BAD_INPUT);
  } catch (BadInput &e) {
    std::printf("  relay: caught BadInput %d, rethrowing\n", e.code);
    relayed = &e;
    e.code++;
    throw;
  }
}

// A destructor that throws and catches its own exception while another
// exception unwinds through it.
struct Auditor {
  ~Auditor() {
    try {
      dive(1, BAD_INPUT);
    } catch (const BadInput &e) {
      std::printf("    ~Auditor: caught its own BadInput %d\n", e.code);
    }
  }
};
__attribute__((noinline)) static void audited(int depth) {
  Auditor auditor;
  dive(depth, OVERFLOW);
}

static const char *classify(Kind kind) {
  try {
    dive(3, kind);
  } catch (const BadInput &e) {
    return "BadInput";
  } catch (const Overflow &e) {
    return "Overflow";
  } catch (...) {
    return "something else";
  }
  return "nothing";
}

__attribute__((noinline)) static void must_not_throw() noexcept { dive(3, MYSTERY); }

int main(int argc, char **argv) {
  if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0) {
    std::printf("throwing Mystery with no handler\n");
    std::fflush(stdout);
    dive(3, MYSTERY);
    std::printf("not reached\n");
    return 0;
  }
  if (argc > 1 && std::strcmp(argv[1], "noexcept") == 0) {
    std::printf("throwing Mystery into a noexcept function\n");
    std::fflush(stdout);
    must_not_throw();
    std::printf("not reached\n");
    return 0;
  }

  std::printf("1. no exception\n");
  int r = dive(4, NONE);
  std::printf("  returned %d, %d frames destroyed\n", r, destroyed);

  std::printf("2. Overflow through 5 frames, caught by the second handler\n");
  destroyed = 0;
  try {
    dive(4, OVERFLOW);
    std::printf("  not reached\n");
  } catch (const BadInput &e) {
    std::printf("  wrong handler: BadInput\n");
  } catch (const Overflow &e) {
    std::printf("  caught Overflow from depth %d, %d frames destroyed, %d alive\n", e.depth,
                destroyed, live);
  }
  std::printf("  after the handler: %d Overflow alive\n", live);

  std::printf("3. BadInput through 6 frames, caught by the first handler\n");
  destroyed = 0;
  try {
    dive(5, BAD_INPUT);
  } catch (const BadInput &e) {
    std::printf("  caught BadInput %d, %d frames destroyed\n", e.code, destroyed);
  } catch (const Overflow &e) {
    std::printf("  wrong handler: Overflow\n");
  }

  std::printf("4. rethrow from a handler to an outer one\n");
  destroyed = 0;
  try {
    relay(3);
  } catch (const Overflow &e) {
    std::printf("  wrong handler: Overflow\n");
  } catch (const BadInput &e) {
    std::printf("  main: caught BadInput %d, the same object: %s, %d frames destroyed\n", e.code,
                &e == relayed ? "yes" : "no", destroyed);
  }

  std::printf("5. a type no handler names, caught by catch (...)\n");
  destroyed = 0;
  try {
    try {
      dive(4, MYSTERY);
    } catch (const BadInput &) {
      std::printf("  wrong handler: BadInput\n");
    } catch (const Overflow &) {
      std::printf("  wrong handler: Overflow\n");
    }
  } catch (...) {
    std::printf("  caught by catch (...), %d frames destroyed\n", destroyed);
  }

  std::printf("6. a handler that throws a new exception\n");
  destroyed = 0;
  try {
    try {
      dive(2, OVERFLOW);
    } catch (const Overflow &e) {
      std::printf("  caught Overflow, throwing BadInput from the handler\n");
      dive(1, BAD_INPUT);
    }
  } catch (const BadInput &e) {
    std::printf("  caught BadInput %d, %d frames destroyed, %d Overflow alive\n", e.code, destroyed,
                live);
  }

  std::printf("7. an exception thrown and caught inside a destructor during unwinding\n");
  destroyed = 0;
  try {
    audited(2);
  } catch (const Overflow &e) {
    std::printf("  caught Overflow from depth %d, %d frames destroyed\n", e.depth, destroyed);
  }

  std::printf("8. the same call site, each kind\n");
  const char *kinds[4];
  for (int k = NONE; k <= MYSTERY; k++) kinds[k] = classify(Kind(k));
  std::printf("  %s, %s, %s, %s\n", kinds[0], kinds[1], kinds[2], kinds[3]);

  std::printf("done: %d Overflow alive\n", live);
  return 0;
}
