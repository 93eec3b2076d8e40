// Branch-free float tanh and sigmoid for the trainer's hot loops.
//
// Why not the table's value_batch: libm's tanhf/expf are scalar calls the
// compiler cannot vectorise, and tanh alone was most of the time of the
// playground-sized networks and of predict_grid. These use only +, -, *, /,
// float<->int conversion and bit casts, so the loops vectorise under -msimd128
// (and SSE2 natively), and they give the same bits on every platform (no libm).
// Accuracy, checked by tests/core/trainer_test.cpp against the double-precision
// definitions: within 3e-7 absolute and 2e-6 relative for tanh, and within
// 2e-6 relative for sigmoid, over the whole float range; NaN stays NaN.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "bits.hpp"

namespace actlab::detail {

inline constexpr float log2e_f = 1.44269504088896341f;
inline constexpr float ln2_hi_f = 0.693145751953125f;       // few mantissa bits: k * ln2_hi is exact
inline constexpr float ln2_lo_f = 1.42860682030941723e-6f;  // ln 2 - ln2_hi

// e^r for |r| <= 0.35 (degree-6 Taylor polynomial, error below 1.2e-7 relative).
inline float exp_kernel(float r) {
  return 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
}

// c ? a : b through bit masks, so compilers that keep -ftrapping-math (GCC's
// default) still see straight-line code they can vectorise.
inline float select(bool c, float a, float b) {
  const std::uint32_t mask = 0u - static_cast<std::uint32_t>(c);
  return from_bits((to_bits(a) & mask) | (to_bits(b) & ~mask));
}

// 2^k for integer k in [-126, 127].
inline float pow2i(std::int32_t k) { return from_bits(static_cast<std::uint32_t>(k + 127) << 23); }

// tanh(x) = sign(x) * expm1(2|x|) / (expm1(2|x|) + 2).
inline float tanh_fast(float x) {
  const float a = std::fabs(x);
  const float t = select(2.0f * a < 18.0f, 2.0f * a, 18.0f);  // tanh(9) rounds to 1 in float; NaN -> 18
  // expm1(t) for small t: Taylor to t^7 (no cancellation).
  const float small =
      t *
      (1.0f + t * (0.5f + t * (1.0f / 6 + t * (1.0f / 24 + t * (1.0f / 120 + t * (1.0f / 720 + t * (1.0f / 5040)))))));
  // expm1(t) for larger t: 2^k e^r - 1 with t = k ln 2 + r.
  const std::int32_t k = static_cast<std::int32_t>(t * log2e_f + 0.5f);
  const float kf = static_cast<float>(k);
  const float r = (t - kf * ln2_hi_f) - kf * ln2_lo_f;
  const float big = exp_kernel(r) * pow2i(k) - 1.0f;
  const float e = select(t < 0.35f, small, big);
  const float y = e / (e + 2.0f);
  const std::uint32_t sign = to_bits(x) & 0x80000000u;
  const float signed_y = from_bits(to_bits(y) | sign);
  return select(x == x, signed_y, x);
}

// sigmoid(x) = 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) below, with e^-|x| formed once.
inline float sigmoid_fast(float x) {
  const float a = std::fabs(x);
  const float t = select(a < 87.0f, a, 87.0f);  // e^-87 is still a normal float; NaN -> 87
  const std::int32_t k = static_cast<std::int32_t>(t * log2e_f + 0.5f);
  const float kf = static_cast<float>(k);
  const float r = (kf * ln2_hi_f - t) + kf * ln2_lo_f;  // -t = -k ln 2 + r
  const float e = exp_kernel(r) * pow2i(-k);
  const float s = 1.0f / (1.0f + e);
  const float y = select(x >= 0.0f, s, e * s);
  return select(x == x, y, x);
}

inline void tanh_batch(const float* __restrict in, float* __restrict out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = tanh_fast(in[i]);
}

inline void sigmoid_batch(const float* __restrict in, float* __restrict out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = sigmoid_fast(in[i]);
}

}  // namespace actlab::detail
