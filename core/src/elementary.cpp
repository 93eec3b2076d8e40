// See elementary.hpp. The constants that split ln 2 and pi/2 into a short head and
// a tail were computed from the decimal expansions with Python's decimal module:
// each head has 32 significant bits, so k * head is exact for the |k| used here.
#include "elementary.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "bits.hpp"

namespace actlab::elementary {
namespace {

using detail::from_bits;
using detail::to_bits;

constexpr double ln2_hi = 0x1.62e42ff000000p-1;    // ln 2 to 32 bits
constexpr double ln2_lo = -0x1.718432a1b0e26p-35;  // ln 2 - ln2_hi
constexpr double inv_ln2 = 1.4426950408889634;
constexpr double infinity = std::numeric_limits<double>::infinity();

// c[0] + x (c[1] + x (c[2] + ...)), evaluated from the last coefficient.
template <std::size_t N>
inline double horner(double x, const double (&c)[N]) {
  double p = c[N - 1];
  for (std::size_t i = N - 1; i-- > 0;) p = p * x + c[i];
  return p;
}

}  // namespace

double exp(double x) {
  // e^x is above the largest double past 709.78..., and rounds to 0 below ln(2^-1075).
  if (!(x <= 709.782712893384)) return x > 0 ? infinity : x;  // +inf, or NaN unchanged
  if (x < -745.1332191019412) return 0;

  // x = k ln 2 + r with |r| <= ln(2)/2. hi is exact: k * ln2_hi is, and x is close to it.
  const double k = std::nearbyint(x * inv_ln2);
  const double hi = x - k * ln2_hi;
  const double lo = k * ln2_lo;
  const double r = hi - lo;

  // e^r = 1 + r + r^2 q(r), Taylor to r^13 (the next term is below 5e-18 of the result).
  // r = hi - lo is only used in the small terms; 1 + hi is kept as an exact pair
  // (sum and rounding error), so the result is rounded once at the end.
  constexpr double inverse_factorials[] = {1.0 / 2,       1.0 / 6,        1.0 / 24,        1.0 / 120,
                                           1.0 / 720,     1.0 / 5040,     1.0 / 40320,     1.0 / 362880,
                                           1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800};
  const double q = horner(r, inverse_factorials);
  const double one_hi = 1.0 + hi;
  const double one_hi_error = (1.0 - one_hi) + hi;  // exact: |hi| < 1
  const double y = one_hi + (one_hi_error + (r * r * q - lo));

  // y * 2^k with one rounding: 2^k itself is a double (subnormal below -1022) for k >= -1074.
  const int n = static_cast<int>(k);
  if (n > 1023) return y * 0x1p1023 * 2.0;
  if (n >= -1022) return y * from_bits(std::uint64_t(n + 1023) << 52);
  if (n >= -1074) return y * from_bits(std::uint64_t{1} << (n + 1074));
  return y * 0.5 * 0x1p-1074;  // k = -1075
}

double log(double x) {
  if (!(x > 0)) return x == 0 ? -infinity : std::numeric_limits<double>::quiet_NaN();
  if (x == infinity) return x;

  // x = 2^e m with m in (sqrt(1/2), sqrt(2)]; subnormals are scaled up first.
  int e = 0;
  if (x < 0x1p-1022) {
    x *= 0x1p54;
    e = -54;
  }
  const std::uint64_t bits = to_bits(x);
  e += static_cast<int>(bits >> 52) - 1023;
  double m = from_bits((bits & 0x000fffffffffffffu) | 0x3ff0000000000000u);  // in [1, 2)
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }

  // log m = log(1 + f) = 2 atanh(s) with s = f / (2 + f), |s| <= 0.1716, and
  // 2 atanh(s) = 2s + s t, t = sum 2 s^2n / (2n + 1) (ten terms: the rest is below
  // 3e-18 of the result). Since 2s = f - s f and f^2/2 - s f = s f^2/2, this is
  // f - (h - s (h + t)) with h = f^2/2: f = m - 1 is exact, and the rounding of s
  // only reaches the small term s (h + t).
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  constexpr double atanh_terms[] = {2.0 / 3,  2.0 / 5,  2.0 / 7,  2.0 / 9,  2.0 / 11,
                                    2.0 / 13, 2.0 / 15, 2.0 / 17, 2.0 / 19, 2.0 / 21};
  const double t = z * horner(z, atanh_terms);
  const double h = 0.5 * f * f;

  // e ln 2 + log m. e ln2_hi + f is kept as an exact pair (|e ln2_hi| >= ln 2 > |f|
  // unless e = 0), so for x just below sqrt(1/2), where the two nearly cancel, the
  // result is still rounded once.
  const double de = e;
  const double head = de * ln2_hi;
  const double sum = head + f;
  const double sum_error = (head - sum) + f;
  return sum + ((sum_error + de * ln2_lo) - (h - s * (h + t)));
}

SinCos sin_cos(double x) {
  // x = k pi/2 + r with |r| <= pi/4; pi/2 in three parts of which the first two
  // have 32 bits, so k times them is exact for |k| <= 2^21.
  constexpr double two_over_pi = 0.6366197723675814;
  constexpr double pio2_1 = 0x1.921fb54400000p+0;
  constexpr double pio2_2 = 0x1.0b4611a600000p-34;
  constexpr double pio2_3 = 0x1.3198a2e037073p-69;
  const double k = std::nearbyint(x * two_over_pi);
  const double r = ((x - k * pio2_1) - k * pio2_2) - k * pio2_3;
  const double z = r * r;

  // Taylor polynomials to r^17 (sin) and r^16 (cos): the next terms are below 1e-17.
  constexpr double sin_terms[] = {
      -1.0 / 6,        1.0 / 120,        -1.0 / 5040,          1.0 / 362880,
      -1.0 / 39916800, 1.0 / 6227020800, -1.0 / 1307674368000, 1.0 / 355687428096000};  // to 1/17!
  constexpr double cos_terms[] = {-1.0 / 2,        1.0 / 24,           -1.0 / 720,          1.0 / 40320, -1.0 / 3628800,
                                  1.0 / 479001600, -1.0 / 87178291200, 1.0 / 20922789888000};  // to 1/16!
  const double sin_r = r + r * z * horner(z, sin_terms);
  const double cos_r = 1.0 + z * horner(z, cos_terms);

  switch (static_cast<long long>(k) & 3) {
    case 0:
      return {sin_r, cos_r};
    case 1:
      return {cos_r, -sin_r};
    case 2:
      return {-sin_r, -cos_r};
    default:
      return {-cos_r, sin_r};
  }
}

}  // namespace actlab::elementary
