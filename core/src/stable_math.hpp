// Numerically stable building blocks shared by activations and losses.
// Templates so the trainer's float loops and the double API use one definition.
#pragma once

#include <cmath>

namespace actlab::detail {

// 1 / (1 + e^-x), without overflow: e^-x is only formed for x >= 0.
template <class T>
inline T sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact for large |x| in both directions.
template <class T>
inline T softplus(T x) {
  return std::fmax(x, T(0)) + std::log1p(std::exp(-std::fabs(x)));
}

// log(cosh(x)) = |x| + log1p(e^-2|x|) - log 2, finite for every finite x.
template <class T>
inline T log_cosh(T x) {
  const T a = std::fabs(x);
  return a + std::log1p(std::exp(T(-2) * a)) - T(0.69314718055994530942);
}

}  // namespace actlab::detail
