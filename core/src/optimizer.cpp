// The optimizers' update rules (see optimizer.hpp), as free functions so that
// __restrict on the parameters lets compilers vectorise them. They follow
// PyTorch's definitions.
#include "optimizer.hpp"

#include <cmath>

namespace actlab::detail {
namespace {

// Optimizer moments below this are set to 0 so they never become subnormal
// (wasm has no flush-to-zero, and subnormal arithmetic is slow).
constexpr float moment_floor = 1e-30f;

inline float flush(float v) { return std::fabs(v) < moment_floor ? 0.0f : v; }

}  // namespace

void sgd_update(float* __restrict w, const float* __restrict g, std::size_t n, float lr) {
  for (std::size_t i = 0; i < n; ++i) w[i] -= lr * g[i];
}

// v = mu v + g; w -= lr v (heavy ball) or w -= lr (g + mu v) (Nesterov).
void momentum_update(float* __restrict w, const float* __restrict g, float* __restrict v, std::size_t n, float lr,
                     float mu, bool nesterov) {
  if (nesterov) {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = flush(mu * v[i] + g[i]);
      w[i] -= lr * (g[i] + mu * v[i]);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = flush(mu * v[i] + g[i]);
      w[i] -= lr * v[i];
    }
  }
}

// s = rho s + (1 - rho) g^2; w -= lr g / (sqrt s + eps).
void rmsprop_update(float* __restrict w, const float* __restrict g, float* __restrict s, std::size_t n, float lr,
                    float rho, float eps) {
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = flush(rho * s[i] + (1 - rho) * g[i] * g[i]);
    w[i] -= lr * g[i] / (std::sqrt(s[i]) + eps);
  }
}

// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// w = w decay - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps), step_size = lr / (1 - b1^t).
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 std::size_t n, float beta1, float beta2, float eps, float step_size, float inv_sqrt_bc2, float decay) {
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = flush(beta1 * m[i] + (1 - beta1) * g[i]);
    v[i] = flush(beta2 * v[i] + (1 - beta2) * g[i] * g[i]);
    w[i] = w[i] * decay - step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2 + eps);
  }
}

}  // namespace actlab::detail
