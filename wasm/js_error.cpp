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
  // val(const char*) copies the text into a JS string before the exception object goes away.
  return emscripten::val::global("Error").new_(emscripten::val(message));
}

}  // namespace actlab::wasm
