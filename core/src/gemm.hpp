// The one matrix product the trainer needs, C = init + A B, all row-major:
// A is m x k (row stride lda), B is k x n (ldb), C is m x n (ldc), and each row
// of C starts from `init` (a row of n values, e.g. the biases) or from 0.
//
// Every C[i][j] is summed in the same order, init + A[i][0] B[0][j] + A[i][1]
// B[1][j] + ..., whatever the blocking, so results do not depend on the shape
// of the block an element falls in, and native and wasm builds agree bit for
// bit. The float version keeps a 4 x 8 block of C in registers (simd.hpp)
// and streams A and B through it, instead of loading and storing C once per k.
#pragma once

#include <cstddef>

#include "simd.hpp"

namespace actlab::detail {

template <class T>
void gemm(std::size_t m, std::size_t n, std::size_t k, const T* a, std::size_t lda, const T* b, std::size_t ldb, T* c,
          std::size_t ldc, const T* init) {
  for (std::size_t i = 0; i < m; ++i) {
    T* ci = c + i * ldc;
    for (std::size_t j = 0; j < n; ++j) ci[j] = init ? init[j] : T(0);
    for (std::size_t p = 0; p < k; ++p) {
      const T aip = a[i * lda + p];
      const T* bp = b + p * ldb;
      for (std::size_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

// Rows [i, i + R) and columns [j, j + 4 V) of C.
template <int R, int V>
inline void gemm_block(std::size_t i, std::size_t j, std::size_t k, const float* a, std::size_t lda, const float* b,
                       std::size_t ldb, float* c, std::size_t ldc, const float* init) {
  float4 acc[R][V];
  for (int v = 0; v < V; ++v) {
    const float4 start = init ? load4(init + j + 4 * v) : splat4(0.0f);
    for (int r = 0; r < R; ++r) acc[r][v] = start;
  }
  for (std::size_t p = 0; p < k; ++p) {
    float4 bv[V];
    for (int v = 0; v < V; ++v) bv[v] = load4(b + p * ldb + j + 4 * v);
    for (int r = 0; r < R; ++r) {
      const float4 av = splat4(a[(i + r) * lda + p]);
      for (int v = 0; v < V; ++v) acc[r][v] += av * bv[v];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) store4(c + (i + r) * ldc + j + 4 * v, acc[r][v]);
}

// Rows [i, i + R), the last n % 4 columns, one scalar accumulator each.
template <int R>
inline void gemm_tail(std::size_t i, std::size_t j0, std::size_t n, std::size_t k, const float* a, std::size_t lda,
                      const float* b, std::size_t ldb, float* c, std::size_t ldc, const float* init) {
  for (std::size_t j = j0; j < n; ++j) {
    float acc[R];
    for (int r = 0; r < R; ++r) acc[r] = init ? init[j] : 0.0f;
    for (std::size_t p = 0; p < k; ++p) {
      const float bj = b[p * ldb + j];
      for (int r = 0; r < R; ++r) acc[r] += a[(i + r) * lda + p] * bj;
    }
    for (int r = 0; r < R; ++r) c[(i + r) * ldc + j] = acc[r];
  }
}

template <int R>
inline void gemm_rows(std::size_t i, std::size_t n, std::size_t k, const float* a, std::size_t lda, const float* b,
                      std::size_t ldb, float* c, std::size_t ldc, const float* init) {
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) gemm_block<R, 2>(i, j, k, a, lda, b, ldb, c, ldc, init);
  for (; j + 4 <= n; j += 4) gemm_block<R, 1>(i, j, k, a, lda, b, ldb, c, ldc, init);
  gemm_tail<R>(i, j, n, k, a, lda, b, ldb, c, ldc, init);
}

// Out of line: forward and backward call it three times per layer, and each
// inlined copy of the blocked loops cost about 4 KB of wasm for no measured speed.
template <>
[[gnu::noinline]] inline void gemm<float>(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t lda,
                                          const float* b, std::size_t ldb, float* c, std::size_t ldc,
                                          const float* init) {
  std::size_t i = 0;
  for (; i + 4 <= m; i += 4) gemm_rows<4>(i, n, k, a, lda, b, ldb, c, ldc, init);
  for (; i < m; ++i) gemm_rows<1>(i, n, k, a, lda, b, ldb, c, ldc, init);
}

}  // namespace actlab::detail
