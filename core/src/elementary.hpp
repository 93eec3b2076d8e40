// Double-precision exp, log and a bounded sin/cos written without lookup tables.
//
// Why: the C library Emscripten links (musl) computes exp and log from tables of
// 2 and 4 KB, and sin/cos through a general argument reduction whose table of
// 2/pi alone is 2.7 KB. Those tables are random-looking doubles that gzip cannot
// shrink: without them actlab.wasm went from 88.5 to 78.2 KB gzip. These
// versions cost a few hundred bytes of code each.
//
// exp and log cover every double and are within 1 ulp of the exact result
// (tests/core/elementary_test.cpp measures them against long double; the worst
// seen is 0.78 ulp for exp, at a subnormal result, and 0.89 ulp for log). The wasm
// link uses them in place of the C library's exp and log (wasm/libm_overrides.cpp),
// so the C library's own callers (erfc) use them too; the native build keeps its
// C library.
//
// sin_cos is for the data generators' angles: |x| <= 2^20, absolute error below
// 2^-52. It is not a general sin/cos (no reduction for huge arguments).
#pragma once

namespace actlab::elementary {

double exp(double x);
double log(double x);

struct SinCos {
  double sin, cos;
};
SinCos sin_cos(double x);

}  // namespace actlab::elementary
