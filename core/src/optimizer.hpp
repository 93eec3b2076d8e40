// The optimizers' update rules over contiguous float arrays. They live in a
// translation unit of their own (optimizer.cpp) so the wasm build can compile
// these hot loops for speed and the rest of the trainer for size.
//
// Each takes an optional `sums`: when given, the same loop also adds the sum of
// g^2 (the gradient it applied) and of w^2 (the weights after the update) to it,
// which is how the trainer's diagnostics get the gradient and weight norms
// without another pass over the parameters. The updated weights are the same
// bits with and without `sums`.
#pragma once

#include <cstddef>

namespace actlab::detail {

struct SumSquares {
  double grad = 0;    // sum of g^2
  double weight = 0;  // sum of w^2 after the update, over the first `weights` elements only
  std::size_t weights = static_cast<std::size_t>(-1);  // (so a layer's W and b can be one range)
};

// w -= lr g
void sgd_update(float* __restrict w, const float* __restrict g, std::size_t n, float lr, SumSquares* sums = nullptr);

// v = mu v + g; w -= lr v (heavy ball) or w -= lr (g + mu v) (Nesterov).
void momentum_update(float* __restrict w, const float* __restrict g, float* __restrict v, std::size_t n, float lr,
                     float mu, bool nesterov, SumSquares* sums = nullptr);

// s = rho s + (1 - rho) g^2; w -= lr g / (sqrt s + eps).
void rmsprop_update(float* __restrict w, const float* __restrict g, float* __restrict s, std::size_t n, float lr,
                    float rho, float eps, SumSquares* sums = nullptr);

// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// w = w decay - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps), step_size = lr / (1 - b1^t).
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 std::size_t n, float beta1, float beta2, float eps, float step_size, float inv_sqrt_bc2, float decay,
                 SumSquares* sums = nullptr);

}  // namespace actlab::detail
