// The optimizers' update rules (see optimizer.hpp), as free functions so that
// __restrict on the parameters lets compilers vectorise them. They follow
// PyTorch's definitions.
//
// Each rule is one element-wise statement, ACTLAB_UPDATE(i), run by
// ACTLAB_UPDATE_LOOP below with or without the sums of squares; the sums use
// four float lanes (simd.hpp), so they vectorise without -ffast-math and their
// order is fixed. The per-element arithmetic is the same either way, so the
// weights are the same bits.
#include "optimizer.hpp"

#include <cmath>

#include "simd.hpp"

namespace actlab::detail {
namespace {

// Optimizer moments below this are set to 0 so they never become subnormal
// (wasm has no flush-to-zero, and subnormal arithmetic is slow).
constexpr float moment_floor = 1e-30f;

inline float flush(float v) { return std::fabs(v) < moment_floor ? 0.0f : v; }

// Four-lane sums of g^2 and w^2.
struct LaneSums {
  float4 grad = splat4(0), weight = splat4(0);
  double grad_tail = 0, weight_tail = 0;

  // g^2 over n elements, w^2 over the first `weights` of them.
  void add(const float* g, const float* w, std::size_t n, std::size_t weights) {
    if (weights >= n) {
      std::size_t i = 0;
      for (; i + 4 <= n; i += 4) {
        const float4 gv = load4(g + i), wv = load4(w + i);
        grad += gv * gv;
        weight += wv * wv;
      }
      for (; i < n; ++i) {
        grad_tail += double(g[i]) * g[i];
        weight_tail += double(w[i]) * w[i];
      }
      return;
    }
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
      const float4 gv = load4(g + i);
      grad += gv * gv;
    }
    for (; i < n; ++i) grad_tail += double(g[i]) * g[i];
    for (i = 0; i + 4 <= weights; i += 4) {
      const float4 wv = load4(w + i);
      weight += wv * wv;
    }
    for (; i < weights; ++i) weight_tail += double(w[i]) * w[i];
  }
  void into(SumSquares* sums) const {
    sums->grad += double(sum4(grad)) + grad_tail;
    sums->weight += double(sum4(weight)) + weight_tail;
  }
};

// Elements per block: the sums read a block right after its update, from L1.
constexpr std::size_t block = 256;
// Ranges shorter than this (TensorFlow Playground-sized layers) take one scalar
// loop: the vector loops' set-up and horizontal sums would cost more than the work.
constexpr std::size_t small_range = 64;

}  // namespace

// The loop around one update statement, with or without the sums. With them, a
// short range runs as one scalar loop, a longer one in blocks: the update loop over a block (vectorised as the plain
// loop is), then the sums over the block while it is in cache. (Fusing both into one loop stopped compilers from
// vectorising Adam's square roots and divisions.)
#define ACTLAB_UPDATE_LOOP(ACTLAB_UPDATE)                                                            \
  if (!sums) {                                                                                       \
    for (std::size_t i = 0; i < n; ++i) ACTLAB_UPDATE(i);                                            \
    return;                                                                                          \
  }                                                                                                  \
  if (n < small_range) {                                                                             \
    double grad_sum = 0, weight_sum = 0;                                                             \
    for (std::size_t i = 0; i < n; ++i) {                                                            \
      ACTLAB_UPDATE(i);                                                                              \
      grad_sum += double(g[i]) * g[i];                                                               \
      if (i < sums->weights) weight_sum += double(w[i]) * w[i];                                      \
    }                                                                                                \
    sums->grad += grad_sum;                                                                          \
    sums->weight += weight_sum;                                                                      \
    return;                                                                                          \
  }                                                                                                  \
  LaneSums lanes;                                                                                    \
  for (std::size_t start = 0; start < n; start += block) {                                           \
    const std::size_t end = n - start < block ? n : start + block;                                   \
    for (std::size_t i = start; i < end; ++i) ACTLAB_UPDATE(i);                                      \
    lanes.add(g + start, w + start, end - start, sums->weights > start ? sums->weights - start : 0); \
  }                                                                                                  \
  lanes.into(sums);

void sgd_update(float* __restrict w, const float* __restrict g, std::size_t n, float lr, SumSquares* sums) {
#define ACTLAB_SGD(k) w[k] -= lr * g[k]
  ACTLAB_UPDATE_LOOP(ACTLAB_SGD)
#undef ACTLAB_SGD
}

// v = mu v + g; w -= lr v (heavy ball) or w -= lr (g + mu v) (Nesterov).
void momentum_update(float* __restrict w, const float* __restrict g, float* __restrict v, std::size_t n, float lr,
                     float mu, bool nesterov, SumSquares* sums) {
  if (nesterov) {
#define ACTLAB_NESTEROV(k)           \
  do {                               \
    v[k] = flush(mu * v[k] + g[k]);  \
    w[k] -= lr * (g[k] + mu * v[k]); \
  } while (false)
    ACTLAB_UPDATE_LOOP(ACTLAB_NESTEROV)
#undef ACTLAB_NESTEROV
  } else {
#define ACTLAB_MOMENTUM(k)          \
  do {                              \
    v[k] = flush(mu * v[k] + g[k]); \
    w[k] -= lr * v[k];              \
  } while (false)
    ACTLAB_UPDATE_LOOP(ACTLAB_MOMENTUM)
#undef ACTLAB_MOMENTUM
  }
}

// s = rho s + (1 - rho) g^2; w -= lr g / (sqrt s + eps).
void rmsprop_update(float* __restrict w, const float* __restrict g, float* __restrict s, std::size_t n, float lr,
                    float rho, float eps, SumSquares* sums) {
#define ACTLAB_RMSPROP(k)                               \
  do {                                                  \
    s[k] = flush(rho * s[k] + (1 - rho) * g[k] * g[k]); \
    w[k] -= lr * g[k] / (std::sqrt(s[k]) + eps);        \
  } while (false)
  ACTLAB_UPDATE_LOOP(ACTLAB_RMSPROP)
#undef ACTLAB_RMSPROP
}

// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// w = w decay - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps), step_size = lr / (1 - b1^t).
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 std::size_t n, float beta1, float beta2, float eps, float step_size, float inv_sqrt_bc2, float decay,
                 SumSquares* sums) {
#define ACTLAB_ADAM(k)                                                               \
  do {                                                                               \
    m[k] = flush(beta1 * m[k] + (1 - beta1) * g[k]);                                 \
    v[k] = flush(beta2 * v[k] + (1 - beta2) * g[k] * g[k]);                          \
    w[k] = w[k] * decay - step_size * m[k] / (std::sqrt(v[k]) * inv_sqrt_bc2 + eps); \
  } while (false)
  ACTLAB_UPDATE_LOOP(ACTLAB_ADAM)
#undef ACTLAB_ADAM
}

#undef ACTLAB_UPDATE_LOOP

}  // namespace actlab::detail
