// Four-float vectors through the GCC/Clang vector extensions: SSE natively,
// SIMD128 in wasm (-msimd128). Only the operations the trainer needs.
#pragma once

#include <cstdint>
#include <cstring>

namespace actlab::detail {

typedef float float4 __attribute__((vector_size(16)));
typedef std::int32_t int4 __attribute__((vector_size(16)));

inline float4 load4(const float* p) {
  float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, float4 v) { std::memcpy(p, &v, sizeof v); }
inline float4 splat4(float x) { return float4{x, x, x, x}; }
// mask ? a : b lane by lane, for a mask from a comparison (all bits set or clear).
inline float4 select4(int4 mask, float4 a, float4 b) { return (float4)(((int4)a & mask) | ((int4)b & ~mask)); }
inline float4 abs4(float4 x) { return (float4)((int4)x & int4{0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff}); }
inline float sum4(float4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

}  // namespace actlab::detail
