// How the bindings report failure: every raw export runs its body inside
// `guarded`, which turns a C++ exception into a JS Error value that api.js
// throws, so no exception unwinds through JS and no C++ frame is skipped.
#pragma once

#include <emscripten/val.h>

namespace actlab::wasm {

// The exception being handled as a JS Error: its what(), "out of memory" for
// std::bad_alloc, "internal error" for anything else. Call only inside a catch.
emscripten::val current_error_as_js() noexcept;

template <class Body>
emscripten::val guarded(Body&& body) {
  try {
    return body();
  } catch (...) {  // one handler here, the sorting out of line: this is in every export
    return current_error_as_js();
  }
}

}  // namespace actlab::wasm
