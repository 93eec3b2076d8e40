#include "js_error.hpp"

#include <exception>
#include <new>
#include <string>

#include "actlab/attributes.hpp"

namespace actlab::wasm {

ACTLAB_COLD emscripten::val current_error_as_js() noexcept {
  const char* message = "internal error";
  try {
    throw;
  } catch (const std::bad_alloc&) {
    message = "out of memory";
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
  }
  // The text is UTF-8 (a message may quote a user's id): std::string is what Embind
  // decodes as UTF-8, val(const char*) would read it as Latin-1. Copying it can fail
  // only for lack of memory, and then the ASCII message needs no copy.
  try {
    return emscripten::val::global("Error").new_(std::string(message));
  } catch (...) {
    return emscripten::val::global("Error").new_(emscripten::val("out of memory"));
  }
}

}  // namespace actlab::wasm
