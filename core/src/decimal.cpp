// Exact decimal arithmetic for number text: a double is m * 2^e, so its decimal
// expansion is finite (at most 767 significant digits), and multiplying or
// dividing a decimal digit string by a power of two is schoolbook arithmetic.
// Both directions below work on that exact expansion and round once, half to
// even, which is what a correct printf and strtod do.
#include "actlab/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "bits.hpp"

namespace actlab::decimal {
namespace {

using u64 = std::uint64_t;

using detail::from_bits;
using detail::to_bits;

// value = 0.d[0] d[1] ... d[nd-1] * 10^dp, digits 0..9, no trailing zeros.
// Digits beyond `capacity` are dropped; `truncated` remembers that a nonzero
// one was, which only matters when rounding a tie.
class Digits {
 public:
  static constexpr int capacity = 800;

  int count() const { return nd_; }
  int point() const { return dp_; }
  int digit(int i) const { return d_[i]; }

  void set_integer(u64 m) {
    char tmp[20];
    int n = 0;
    for (; m > 0; m /= 10) tmp[n++] = static_cast<char>(m % 10);
    for (int i = 0; i < n; ++i) d_[i] = static_cast<unsigned char>(tmp[n - 1 - i]);
    nd_ = dp_ = n;
    trim();
  }

  // Parsing: significant digits are pushed in order, the point is moved apart.
  void push(int digit) {
    if (nd_ < capacity)
      d_[nd_++] = static_cast<unsigned char>(digit);
    else if (digit != 0)
      truncated_ = true;
  }
  void move_point(long by) { dp_ = static_cast<int>(std::clamp<long>(dp_ + by, -100000, 100000)); }
  void finish_parse() { trim(); }

  // Multiplies by 2^bits (divides when bits < 0), exactly up to the capacity.
  void shift(int bits) {
    if (nd_ == 0) return;
    for (; bits > 0; bits -= std::min(bits, max_step)) shift_left(std::min(bits, max_step));
    for (; bits < 0; bits += std::min(-bits, max_step)) shift_right(std::min(-bits, max_step));
  }

  // Whether dropping every digit from index i on rounds the rest up (half to even).
  bool rounds_up_at(int i) const {
    if (i < 0 || i >= nd_) return false;
    if (d_[i] == 5 && i + 1 == nd_) return truncated_ || (i > 0 && d_[i - 1] % 2 == 1);
    return d_[i] >= 5;
  }

  // Keeps `keep` significant digits, rounded half to even.
  void round_to(int keep) {
    if (nd_ <= keep) return;
    const bool up = rounds_up_at(keep);
    nd_ = keep;
    if (up) {
      int i = keep - 1;
      while (i >= 0 && d_[i] == 9) --i;
      if (i < 0) {
        d_[0] = 1;
        nd_ = 1;
        ++dp_;
      } else {
        ++d_[i];
        nd_ = i + 1;
      }
    }
    trim();
  }

  // The integer part, rounded half to even (the caller keeps it below 2^64).
  u64 rounded_integer() const {
    u64 n = 0;
    int i = 0;
    for (; i < dp_ && i < nd_; ++i) n = n * 10 + d_[i];
    for (; i < dp_; ++i) n *= 10;
    return rounds_up_at(dp_) ? n + 1 : n;
  }

 private:
  // 2^28 < 10^9: a left shift adds at most 9 leading digits, and the
  // accumulators below stay far from 2^64.
  static constexpr int max_step = 28;
  static constexpr int max_new_digits = 9;

  void trim() {
    while (nd_ > 0 && d_[nd_ - 1] == 0) --nd_;
    if (nd_ == 0) dp_ = 0;
  }

  void shift_left(int k) {
    // Written from the last digit backwards, max_new_digits places further on,
    // so each write lands on a digit already read.
    int w = nd_ + max_new_digits;
    const int end = w;
    u64 carry = 0;
    for (int r = nd_ - 1; r >= 0; --r) {
      carry += u64(d_[r]) << k;
      d_[--w] = static_cast<unsigned char>(carry % 10);
      carry /= 10;
    }
    for (; carry > 0; carry /= 10) d_[--w] = static_cast<unsigned char>(carry % 10);
    const int produced = end - w;
    const int keep = std::min(produced, capacity);
    for (int i = keep; i < produced; ++i)
      if (d_[w + i] != 0) truncated_ = true;
    std::memmove(d_, d_ + w, static_cast<std::size_t>(keep));
    dp_ += produced - nd_;
    nd_ = keep;
    trim();
  }

  void shift_right(int k) {
    int r = 0;
    int w = 0;
    u64 n = 0;
    // Read leading digits until the first quotient digit is nonzero.
    for (; (n >> k) == 0; ++r) {
      if (r >= nd_) {
        while ((n >> k) == 0) {
          n *= 10;
          ++r;
        }
        break;
      }
      n = n * 10 + d_[r];
    }
    dp_ -= r - 1;
    const u64 mask = (u64(1) << k) - 1;
    for (; r < nd_; ++r) {
      const unsigned next = d_[r];
      d_[w++] = static_cast<unsigned char>(n >> k);
      n = (n & mask) * 10 + next;
    }
    for (; n > 0; n = (n & mask) * 10) {
      const unsigned q = static_cast<unsigned>(n >> k);
      if (w < capacity)
        d_[w++] = static_cast<unsigned char>(q);
      else if (q != 0)
        truncated_ = true;
    }
    nd_ = w;
    trim();
  }

  unsigned char d_[capacity + max_new_digits + 1] = {};
  int nd_ = 0;
  int dp_ = 0;
  bool truncated_ = false;
};

[[noreturn]] void not_a_number(std::string_view text) {
  throw std::invalid_argument("'" + std::string(text.substr(0, 40)) + "' is not a decimal number");
}

// The double nearest to the digits (the conversion of Go's strconv and of
// Nigel Tao's "simple decimal conversion": scale by powers of two until the
// value is in [1/2, 1), then read off 53 bits).
double to_double(Digits& d, bool negative) {
  const u64 sign = negative ? u64(1) << 63 : 0;
  if (d.count() == 0 || d.point() < -330) return from_bits(sign);
  const u64 inf = sign | (u64(0x7ff) << 52);
  if (d.point() > 310) return from_bits(inf);

  // Largest k with 2^k <= 10^i, so that one shift keeps the value below 1.
  static constexpr int step_for_point[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
  constexpr int table = int(std::size(step_for_point));
  int exp = 0;
  while (d.point() > 0) {
    const int k = d.point() >= table ? 27 : step_for_point[d.point()];
    d.shift(-k);
    exp += k;
  }
  while (d.point() < 0 || (d.point() == 0 && d.digit(0) < 5)) {
    const int k = -d.point() >= table ? 27 : step_for_point[-d.point()];
    d.shift(k);
    exp -= k;
  }
  --exp;  // the number is the value (in [1/2, 1)) times 2^(exp + 1)

  constexpr int min_exp = -1022;
  if (exp < min_exp) {  // subnormal: fewer bits of mantissa
    d.shift(exp - min_exp);
    exp = min_exp;
  }
  if (exp > 1023) return from_bits(inf);
  d.shift(53);  // the value is in [1/2, 1): 53 bits above the point
  u64 mantissa = d.rounded_integer();
  if (mantissa == u64(1) << 53) {  // rounding carried into a new bit
    mantissa >>= 1;
    if (++exp > 1023) return from_bits(inf);
  }
  const u64 biased = (mantissa >> 52) == 0 ? 0 : u64(exp + 1023);
  return from_bits(sign | (biased << 52) | (mantissa & ((u64(1) << 52) - 1)));
}

// Writes the digits (ASCII, no trailing zeros) of a value whose first digit has the
// decimal exponent exp10, as printf's %g does at this precision.
std::string write_decimal(bool negative, const char* digits, int count, int exp10, int precision) {
  std::string out = negative ? "-" : "";
  const auto append = [&](int from, int to) {  // digits [from, to), zeros past the last one
    for (int i = from; i < to; ++i) out += i < count ? digits[i] : '0';
  };
  if (exp10 < -4 || exp10 >= precision) {
    out += digits[0];
    if (count > 1) {
      out += '.';
      append(1, count);
    }
    out += exp10 < 0 ? "e-" : "e+";
    const int e = std::abs(exp10);
    if (e < 10) out += '0';
    out += std::to_string(e);
  } else if (exp10 < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp10 - 1), '0');
    append(0, count);
  } else {
    append(0, exp10 + 1);
    if (count > exp10 + 1) {
      out += '.';
      append(exp10 + 1, count);
    }
  }
  return out;
}

}  // namespace

std::string format(double v, int precision) {
  if (std::isnan(v)) return std::signbit(v) ? "-nan" : "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  const int p = std::clamp(precision, 1, 17);
  if (v == 0) return std::signbit(v) ? "-0" : "0";

  const u64 bits = to_bits(v) & ~(u64(1) << 63);
  const int biased = static_cast<int>(bits >> 52);
  const u64 fraction = bits & ((u64(1) << 52) - 1);
  Digits d;
  d.set_integer(biased == 0 ? fraction : fraction | (u64(1) << 52));
  d.shift(biased == 0 ? -1074 : biased - 1075);
  d.round_to(p);
  char digits[17];
  for (int i = 0; i < d.count(); ++i) digits[i] = static_cast<char>('0' + d.digit(i));
  return write_decimal(std::signbit(v), digits, d.count(), d.point() - 1, p);
}

double parse(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  Digits d;
  bool any_digit = false;
  bool after_point = false;
  for (; i < n; ++i) {
    const char c = text[i];
    if (c == '.' && !after_point) {
      after_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (c == '0' && d.count() == 0) {  // a leading zero: only moves the point
      if (after_point) d.move_point(-1);
      continue;
    }
    d.push(c - '0');
    if (!after_point) d.move_point(1);
  }
  if (!any_digit) not_a_number(text);

  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exp = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) negative_exp = text[i++] == '-';
    if (i == n || text[i] < '0' || text[i] > '9') not_a_number(text);
    long e = 0;
    for (; i < n && text[i] >= '0' && text[i] <= '9'; ++i) e = std::min(e * 10 + (text[i] - '0'), 1000000L);
    d.move_point(negative_exp ? -e : e);
  }
  if (i != n) not_a_number(text);
  d.finish_parse();
  return to_double(d, negative);
}

namespace {

// 10^0 .. 10^22: exactly representable doubles.
constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr int max_exact_power = 22;

// a > 0 rounded to `digits` (<= 9) significant digits: a ~ digits_out * 10^(exp10 - digits + 1),
// with digits_out in [10^(digits-1), 10^digits). a * 10^s (or a / 10^-s) is one correctly
// rounded operation on exact operands, so it is within 2^-53 relative of the exact scaled
// value, less than 1.2e-7 in absolute terms below 10^9. Rounding it to an integer can only
// go wrong that close to a tie (where half-to-even also matters), so there, and where the
// power of ten is not exact, this gives up and the exact digit buffer decides.
bool round_significant(double a, int digits, u64& digits_out, int& exp10) {
  // floor(log10 a) or one less: a is in [2^b, 2^(b+1)) with b = ilogb(a)
  int e = static_cast<int>(std::floor(std::ilogb(a) * 0.30102999566398120));
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int s = digits - 1 - e;
    if (s > max_exact_power || s < -max_exact_power) return false;
    const double scaled = s >= 0 ? a * powers_of_ten[s] : a / powers_of_ten[-s];
    if (scaled >= powers_of_ten[digits]) {  // e was one too low
      ++e;
      continue;
    }
    const double whole = std::floor(scaled);
    const double frac = scaled - whole;  // exact
    if (std::fabs(frac - 0.5) < 1e-6) return false;
    digits_out = static_cast<u64>(whole) + (frac > 0.5 ? 1 : 0);
    if (digits_out == static_cast<u64>(powers_of_ten[digits])) {  // 9.99...5 rounded up to 10.0...
      digits_out /= 10;
      ++e;
    }
    exp10 = e;
    return true;
  }
  return false;
}

// The double nearest to D * 10^k (D < 10^9): one correctly rounded operation on exact
// operands when |k| <= 22, which is what parse gives; false otherwise.
bool nearest_double(u64 digits, int k, double& out) {
  if (k > max_exact_power || k < -max_exact_power) return false;
  const double d = static_cast<double>(digits);
  out = k >= 0 ? d * powers_of_ten[k] : d / powers_of_ten[-k];
  return true;
}

}  // namespace

std::string shortest_float(float value) {
  if (!std::isfinite(value) || value == 0) return format(value, 6);
  const bool negative = std::signbit(value);
  const double a = std::fabs(static_cast<double>(value));
  const float target = std::fabs(value);
  for (int digits = 6; digits <= 9; ++digits) {
    u64 d = 0;
    int exp10 = 0;
    double back = 0;
    if (!round_significant(a, digits, d, exp10) || !nearest_double(d, exp10 - digits + 1, back)) {
      // the exact path for this precision
      const std::string text = format(value, digits);
      if (digits == 9 || static_cast<float>(parse(text)) == value) return text;
      continue;
    }
    if (digits == 9 || static_cast<float>(back) == target) {
      char text[9];
      int count = digits;
      for (int i = digits - 1; i >= 0; --i, d /= 10) text[i] = static_cast<char>('0' + d % 10);
      while (count > 1 && text[count - 1] == '0') --count;
      return write_decimal(negative, text, count, exp10, digits);
    }
  }
  return format(value, 9);  // not reached: the loop returns at 9 digits
}

}  // namespace actlab::decimal
