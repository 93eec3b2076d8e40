// The C library's exp and log, replaced in the wasm link by core's table-free
// versions (core/src/elementary.hpp). A definition here wins over the library's
// archive member, so the library's own callers (erfc) use these too, and musl's
// 6 KB of exp and log tables stay out of the module.
#include "elementary.hpp"

extern "C" {
double exp(double x) { return actlab::elementary::exp(x); }
double log(double x) { return actlab::elementary::log(x); }
}
