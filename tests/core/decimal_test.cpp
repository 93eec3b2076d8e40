// actlab::decimal against the C library of the native build (glibc's printf
// and strtod, which are exact): every digit count, random doubles of every
// exponent, subnormals, ties, and literals longer than the digit buffer.
#include "actlab/decimal.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

std::string libc_format(double v, int precision) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
  return buffer;
}

// Formats with both, then reads our text back with both parsers.
void agree(double v, int precision) {
  const std::string ours = actlab::decimal::format(v, precision);
  INFO("value " << libc_format(v, 17) << ", precision " << precision);
  REQUIRE(ours == libc_format(v, precision));
  REQUIRE(bits(actlab::decimal::parse(ours)) == bits(std::strtod(ours.c_str(), nullptr)));
}

void parses_like_strtod(const std::string& text) {
  INFO(text.substr(0, 80));
  REQUIRE(bits(actlab::decimal::parse(text)) == bits(std::strtod(text.c_str(), nullptr)));
}

}  // namespace

TEST_CASE("decimal::format equals printf %.*g on edge values", "[decimal]") {
  const double edges[] = {0.5,
                          1.5,
                          2.5,
                          0.125,
                          0.1,
                          0.3,
                          1e-5,
                          1e-4,
                          99999.5,
                          999999.5,
                          9.5,
                          0.95,
                          1e16,
                          1e22,
                          1e23,
                          9007199254740993.0,
                          123456789012345678.0,
                          std::numeric_limits<double>::min(),
                          std::numeric_limits<double>::denorm_min(),
                          std::numeric_limits<double>::max(),
                          std::nextafter(std::numeric_limits<double>::min(), 0.0),
                          0.00001234,
                          3.0f,
                          0.1f};
  for (double v : edges)
    for (int p = 1; p <= 17; ++p) {
      agree(v, p);
      agree(-v, p);
    }
  CHECK(actlab::decimal::format(0.0, 6) == "0");
  CHECK(actlab::decimal::format(-0.0, 6) == "-0");
  CHECK(actlab::decimal::format(INFINITY, 6) == "inf");
  CHECK(actlab::decimal::format(-INFINITY, 6) == "-inf");
  CHECK(actlab::decimal::format(NAN, 6) == "nan");
  CHECK(actlab::decimal::format(0.5, 0) == libc_format(0.5, 0));  // precision 0 means 1
}

TEST_CASE("decimal::format and parse agree with the C library on random doubles", "[decimal]") {
  std::mt19937_64 rng(20261124);
  for (int i = 0; i < 40000; ++i) {
    const double v = from_bits(rng());  // every exponent, subnormals included
    if (!std::isfinite(v)) continue;
    agree(v, 1 + i % 17);
  }
  for (int i = 0; i < 20000; ++i) {  // ordinary magnitudes, as weights and settings have
    const double v = std::ldexp(double(rng() >> 11), int(rng() % 80) - 100);
    agree(v, 17);
    agree(static_cast<float>(v), 9);
  }
}

TEST_CASE("decimal::parse rounds like strtod, ties and long literals included", "[decimal]") {
  for (const char* text : {"0",
                           "-0",
                           "0.0",
                           "000123",
                           "1e0",
                           "1E+2",
                           "-2.5e-3",
                           "0.5",
                           ".5",
                           "5.",
                           "1e400",
                           "-1e400",
                           "1e-400",
                           "4.9406564584124654e-324",
                           "2.4703282292062327e-324",
                           "2.4703282292062328e-324",
                           "1.7976931348623158e308",
                           "1.7976931348623159e308",
                           "9007199254740993",
                           "9007199254740993.0000000000000000000001",
                           "0.1",
                           "3.14159"})
    parses_like_strtod(text);

  std::mt19937_64 rng(7);
  // Exact midpoints between neighbouring doubles: the decimal expansion of
  // (a + b) / 2 is finite; written with 1100 digits it overflows the digit buffer.
  for (int i = 0; i < 3000; ++i) {
    const double a = from_bits(rng() >> 2);
    if (!std::isfinite(a) || a == 0) continue;
    const double b = std::nextafter(a, INFINITY);
    if (!std::isfinite(b)) continue;
    char text[1200];
    std::snprintf(text, sizeof text, "%.1100Le", (static_cast<long double>(a) + b) / 2);
    parses_like_strtod(text);
  }
  // Random digit strings, some longer than the buffer.
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int digits = 1 + int(rng() % (i % 10 == 0 ? 900 : 25));
    for (int j = 0; j < digits; ++j) text += char('0' + rng() % 10);
    if (rng() % 2) text.insert(text.begin() + static_cast<long>(rng() % (text.size() + 1)), '.');
    if (text == ".") continue;
    if (rng() % 2) {
      text += 'e';
      text += std::to_string(int(rng() % 700) - 350);
    }
    parses_like_strtod(text);
  }
}

TEST_CASE("decimal::parse rejects text that is not a decimal number", "[decimal]") {
  for (const char* text : {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "0x10", "1 ", " 1", "inf", "nan", "1,5"})
    CHECK_THROWS_AS(actlab::decimal::parse(text), std::invalid_argument);
}

namespace {

// The definition shortest_float must give: the first of 6..9 digits that reads back.
std::string shortest_float_reference(float v) {
  std::string text;
  for (int digits = 6; digits <= 9; ++digits) {
    text = actlab::decimal::format(v, digits);
    if (static_cast<float>(actlab::decimal::parse(text)) == v) break;
  }
  return text;
}

float float_from_bits(std::uint32_t b) {
  float v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

}  // namespace

TEST_CASE("decimal::shortest_float is the shortest 6- to 9-digit form that reads back, as the exact loop finds it",
          "[decimal]") {
  using actlab::decimal::shortest_float;
  // ties and near-ties for 6 to 9 digits (8388607.5 has 8 digits and a 5 after them),
  // powers of ten and of two, carries (9.9999995), the ends of the float range
  std::vector<float> cases = {1.0f,           -1.0f,           0.1f,          8388607.5f,  4194303.75f, 1048575.875f,
                              0.5f,           0.125f,          0.0009765625f, 9.9999995f,  9.999999f,   99999.99f,
                              1e-5f,          1e-4f,           123456.5f,     16777216.0f, 1e10f,       3.4028235e38f,
                              -3.4028235e38f, 1.17549435e-38f, 1.4e-45f,      -1.4e-45f,   6.1e-5f,     2.5e-7f};
  for (int k = -40; k <= 38; ++k) cases.push_back(std::pow(10.0f, static_cast<float>(k)));
  for (int k = -149; k <= 127; ++k) cases.push_back(std::ldexp(1.0f, k));
  for (float c : cases) {
    INFO("value " << actlab::decimal::format(c, 9));
    CHECK(shortest_float(c) == shortest_float_reference(c));
  }
  // random bit patterns over the whole finite range, and typical weights in [-4, 4]
  std::mt19937_64 rng(20261124);
  int checked = 0;
  for (int i = 0; i < 400000; ++i) {
    const float v =
        i % 2 ? float_from_bits(static_cast<std::uint32_t>(rng())) : std::uniform_real_distribution<float>(-4, 4)(rng);
    if (!std::isfinite(v)) continue;
    const std::string fast = shortest_float(v);
    if (fast != shortest_float_reference(v)) {
      INFO("value " << actlab::decimal::format(v, 9));
      CHECK(fast == shortest_float_reference(v));
    }
    CHECK(static_cast<float>(actlab::decimal::parse(fast)) == v);
    ++checked;
  }
  CHECK(checked > 390000);
}
