// Out-of-line message building for detail::fail (see actlab/fail.hpp). Rarely
// run, so built for size in the wasm module (core/CMakeLists.txt).
#include "actlab/fail.hpp"

#include <cmath>
#include <stdexcept>

#include "actlab/decimal.hpp"

namespace actlab::detail {

std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  // Whole numbers up to 2^53 (every one exact in a double) in full, so that limit
  // reads 9007199254740992, not 9.007199255e+15.
  if (v == std::floor(v) && std::fabs(v) <= 9007199254740992.0) return decimal::format(v, 17);
  return decimal::format(v, 10);
}

void Piece::append_to(std::string& out) const {
  switch (kind_) {
    case Kind::c_string:
      out += c_string_;
      return;
    case Kind::view:
      out.append(view_.data, view_.size);
      return;
    case Kind::signed_integer:
      out += std::to_string(static_cast<long long>(integer_));
      return;
    case Kind::unsigned_integer:
      out += std::to_string(integer_);
      return;
    case Kind::number:
      out += show(number_);
      return;
  }
}

std::string concat(Pieces pieces) {
  std::string out;
  for (const Piece& p : pieces) p.append_to(out);
  return out;
}

void fail(Pieces pieces) { throw std::invalid_argument(concat(pieces)); }

}  // namespace actlab::detail
