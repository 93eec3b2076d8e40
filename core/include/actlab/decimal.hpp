// Decimal text <-> double, correctly rounded, without the C library.
//
// printf's %g and strtod are exact, but in the wasm build they pull in musl's
// long-double code paths and a software float128 (about 20 KB of the module).
// These two functions do the same job with an exact decimal digit buffer and
// ordinary integer arithmetic, so the module needs neither.
#pragma once

#include <string>
#include <string_view>

namespace actlab::decimal {

// What printf("%.*g", precision, v) prints in the C locale: precision
// significant digits (1 to 17; 0 means 1), rounded half to even on the exact
// binary value, trailing zeros removed, exponent form when the exponent is
// below -4 or at least precision. inf, -inf and nan as printf spells them.
std::string format(double v, int precision);

// The double nearest to a decimal literal, ties to even (what strtod gives):
// [+-] digits [. digits] [(e|E) [+-] digits], at least one digit in the
// mantissa. Overflow gives +-inf and underflow +-0, as strtod does. Any other
// text, including an empty string, throws std::invalid_argument.
double parse(std::string_view text);

// The shortest of format(value, 6), format(value, 7), format(value, 8) and
// format(value, 9) that reads back to value through parse and a cast to float
// (9 digits always do). The same text as that loop, found without the exact
// digit buffer for all but values next to a rounding tie: this is what the
// weights export writes, thousands of times a frame in the network view.
std::string shortest_float(float value);

}  // namespace actlab::decimal
