// libFuzzer target: actlab::decimal against the C library, differentially.
// Any text that decimal::parse accepts must be read by strtod completely and to
// the same bits; anything else must be rejected with std::invalid_argument.
// The first nine bytes also make a double and a precision, and decimal::format
// must print exactly what printf's %.*g prints.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "actlab/decimal.hpp"

namespace {

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const double ours = actlab::decimal::parse(text);
    char* end = nullptr;
    const double libc = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || bits(ours) != bits(libc)) std::abort();
  } catch (const std::invalid_argument&) {
  }

  if (size >= 9) {
    double v;
    std::memcpy(&v, data, sizeof v);
    const int precision = data[8] % 18;  // 0 means 1, as in printf
    char expected[64];
    std::snprintf(expected, sizeof expected, "%.*g", precision, v);
    const std::string got = actlab::decimal::format(v, precision);
    if (v == v && got != expected) std::abort();  // NaN's sign is printed differently by glibc
  }
  return 0;
}
