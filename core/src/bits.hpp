// A float's or double's bits and back (Emscripten 3.1.6's libc++ has no
// std::bit_cast; both compilers have the builtin).
#pragma once

#include <cstdint>

namespace actlab::detail {

inline std::uint32_t to_bits(float x) { return __builtin_bit_cast(std::uint32_t, x); }
inline float from_bits(std::uint32_t u) { return __builtin_bit_cast(float, u); }
inline std::uint64_t to_bits(double x) { return __builtin_bit_cast(std::uint64_t, x); }
inline double from_bits(std::uint64_t u) { return __builtin_bit_cast(double, u); }

}  // namespace actlab::detail
