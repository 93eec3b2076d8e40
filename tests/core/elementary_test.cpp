// The table-free exp, log and sin_cos (core/src/elementary.hpp) against long double
// references (64-bit significands here, so the reference's own error is ~2^-11 ulp).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "elementary.hpp"

namespace el = actlab::elementary;

static_assert(std::numeric_limits<long double>::digits > 53, "the references need a wider long double");

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// |ours - exact| in units of the last place of the double nearest the exact value
// (the spacing of subnormals for results below the normal range).
double ulps(double ours, long double exact) {
  const double nearest = static_cast<double>(exact);
  int e;
  std::frexp(nearest == 0 ? std::numeric_limits<double>::denorm_min() : nearest, &e);
  const long double ulp = std::ldexp(1.0L, std::max(e - 53, -1074));
  return static_cast<double>(std::fabs(static_cast<long double>(ours) - exact) / ulp);
}

}  // namespace

TEST_CASE("exp is within 1 ulp over the whole range, subnormal results included") {
  std::mt19937_64 gen(1);
  std::uniform_real_distribution<double> wide(-745.2, 709.78), narrow(-2, 2), low(-745.2, -700);
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    if (x > 709.782712893384) return;  // the result is above the largest double (checked below)
    const double err = ulps(el::exp(x), std::exp(static_cast<long double>(x)));
    if (err > worst) worst = err, worst_x = x;
  };
  for (int i = 0; i < 400000; ++i) {
    check(wide(gen));
    check(narrow(gen));
    check(low(gen));
  }
  // Around the points where k changes (x = (k + 1/2) ln 2) and near 0.
  for (int k = -1075; k <= 1024; ++k)
    for (double d : {-1e-9, 0.0, 1e-9}) check((k + 0.5) * 0.6931471805599453 + d);
  for (double x : {1e-300, -1e-300, 1e-17, -1e-17, 1e-9, 0.5, 1.0, -1.0, 709.78, -708.4, -745.13}) check(x);
  INFO("worst error " << worst << " ulp at x = " << worst_x);
  CHECK(worst < 1.0);
}

TEST_CASE("exp at the ends of its range and at special values") {
  CHECK(el::exp(0.0) == 1.0);
  CHECK(el::exp(-0.0) == 1.0);
  CHECK(el::exp(1.0) == 2.718281828459045);
  CHECK(el::exp(709.782712893384) == Approx(1.7976931348622732e308));
  CHECK(std::isfinite(el::exp(709.782712893384)));
  CHECK(el::exp(709.79) == inf);
  CHECK(el::exp(1e308) == inf);
  CHECK(el::exp(inf) == inf);
  CHECK(el::exp(-inf) == 0.0);
  CHECK(el::exp(-746.0) == 0.0);
  CHECK(el::exp(-745.13) == std::numeric_limits<double>::denorm_min());
  CHECK(std::isnan(el::exp(std::nan(""))));
}

TEST_CASE("log is within 1 ulp for every positive double, subnormals included") {
  std::mt19937_64 gen(2);
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    const double err = ulps(el::log(x), std::log(static_cast<long double>(x)));
    if (err > worst) worst = err, worst_x = x;
  };
  // Random bit patterns cover every binade evenly; then values near 1, where log
  // is small and cancellation would show.
  std::uniform_int_distribution<std::uint64_t> bits(1, 0x7fefffffffffffffu);
  std::uniform_real_distribution<double> near_one(0.6, 1.6), tiny(-1e-6, 1e-6);
  for (int i = 0; i < 600000; ++i) {
    check(__builtin_bit_cast(double, bits(gen)));
    check(near_one(gen));
    check(1.0 + tiny(gen));
  }
  for (double x : {std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::min(),
                   std::numeric_limits<double>::max(), 0.7071067811865476, 1.4142135623730951, 2.0, 0.5, 10.0})
    check(x);
  INFO("worst error " << worst << " ulp at x = " << worst_x);
  CHECK(worst < 1.0);
}

TEST_CASE("log at special values") {
  CHECK(el::log(1.0) == 0.0);
  CHECK(el::log(2.0) == 0.6931471805599453);
  CHECK(el::log(0.0) == -inf);
  CHECK(el::log(-0.0) == -inf);
  CHECK(el::log(inf) == inf);
  CHECK(std::isnan(el::log(-1.0)));
  CHECK(std::isnan(el::log(-inf)));
  CHECK(std::isnan(el::log(std::nan(""))));
}

TEST_CASE("sin_cos is within 2^-52 absolute for |x| up to 2^20") {
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> angles(-30, 30), large(-1048576, 1048576);
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    const auto [s, c] = el::sin_cos(x);
    const long double lx = x;
    const double err = static_cast<double>(std::max(std::fabs(s - std::sin(lx)), std::fabs(c - std::cos(lx))));
    if (err > worst) worst = err, worst_x = x;
  };
  for (int i = 0; i < 300000; ++i) {
    check(angles(gen));
    check(large(gen));
  }
  for (int k = -64; k <= 64; ++k) check(k * 0.7853981633974483);  // multiples of pi/4, where quadrants meet
  INFO("worst absolute error " << worst << " at x = " << worst_x);
  CHECK(worst <= 0x1p-52);
  CHECK(el::sin_cos(0.0).sin == 0.0);
  CHECK(el::sin_cos(0.0).cos == 1.0);
}
