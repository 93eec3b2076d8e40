// The optimizers' update rules over contiguous float arrays. They live in a
// translation unit of their own (optimizer.cpp) so the wasm build can compile
// these hot loops for speed and the rest of the trainer for size.
#pragma once

#include <cstddef>

namespace actlab::detail {

// w -= lr g
void sgd_update(float* __restrict w, const float* __restrict g, std::size_t n, float lr);

// v = mu v + g; w -= lr v (heavy ball) or w -= lr (g + mu v) (Nesterov).
void momentum_update(float* __restrict w, const float* __restrict g, float* __restrict v, std::size_t n, float lr,
                     float mu, bool nesterov);

// s = rho s + (1 - rho) g^2; w -= lr g / (sqrt s + eps).
void rmsprop_update(float* __restrict w, const float* __restrict g, float* __restrict s, std::size_t n, float lr,
                    float rho, float eps);

// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
// w = w decay - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps), step_size = lr / (1 - b1^t).
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 std::size_t n, float beta1, float beta2, float eps, float step_size, float inv_sqrt_bc2, float decay);

}  // namespace actlab::detail
