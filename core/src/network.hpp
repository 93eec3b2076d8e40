// The network maths behind Trainer, templated on the number type: the trainer
// runs Network<float>; the gradient-check tests run Network<double> on the same
// config and weights as an independent high-precision reference.
//
// Layout: all parameters live in one contiguous vector `theta`, per layer the
// weights W (in x out, row-major by input, so W[k * out + j] connects input k to
// unit j), then the biases b (out), then for prelu layers one learned slope.
// `grad` has the same layout. Batches are row-major (rows x width).
//
// The matrix loops are written as axpy updates over contiguous rows (no
// reductions across lanes), so compilers vectorise them without -ffast-math and
// the summation order is fixed: the same inputs give the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "actlab/activation.hpp"
#include "actlab/trainer.hpp"
#include "fast_math.hpp"
#include "gemm.hpp"
#include "stable_math.hpp"

namespace actlab::detail {

enum class OutputKind { linear, sigmoid, tanh, softmax };
enum class LossKind { mse, mae, huber, smooth_l1, log_cosh, hinge, bce, cross_entropy };
// Activations whose derivative the backward pass takes from the cached output
// instead of calling the table again (same formula as the table's grad).
enum class FastGrad { none, linear, relu, tanh, sigmoid, leaky, prelu };

// In the gradient of the loss, output probabilities (softmax, sigmoid) below
// this count as 0. Once a network is confident, its wrong-class probabilities
// keep shrinking towards float's subnormal range; every multiply that touches
// them or their squares in the backward pass and the optimizer then takes a slow
// path on x86 and in wasm (which has no flush-to-zero): training on digits ran
// at 0.4x after 30 000 steps. The true class's own gradient, p - 1 in float,
// already carries a rounding error near 6e-8, so terms below 1e-15 change
// nothing a reader or a test can see. The outputs themselves (predict, the
// metrics) are not floored; the optimizer's moments have a floor of their own.
inline constexpr double probability_floor = 1e-15;

#if defined(__GNUC__)
#define ACTLAB_RESTRICT __restrict__
#else
#define ACTLAB_RESTRICT
#endif

struct LayerShape {
  std::size_t in = 0, out = 0;
  std::size_t w = 0, b = 0;         // offsets into theta
  std::size_t prelu = 0;            // offset of the learned slope (prelu only)
  const Activation* act = nullptr;  // hidden layers; nullptr for the output layer
  FastGrad fast = FastGrad::none;
  Params params{};  // resolved fixed parameters (prelu: the initial slope)
  bool has_prelu = false;
};

template <class T>
struct Workspace {
  std::size_t capacity = 0;          // rows
  std::size_t rows = 0;              // rows of the last forward pass
  std::vector<std::vector<T>> z, a;  // per layer: pre-activation and output, rows x out
  std::vector<T> delta, delta_prev, deriv, transposed, input_transposed;
};

template <class T>
struct Network {
  std::vector<LayerShape> layers;  // hidden layers, then the output layer
  OutputKind output = OutputKind::linear;
  LossKind loss = LossKind::mse;
  double loss_param = 1;  // huber's delta or smooth_l1's beta
  std::vector<T> theta, grad;

  std::size_t inputs() const { return layers.empty() ? 0 : layers.front().in; }
  std::size_t outputs() const { return layers.empty() ? 0 : layers.back().out; }
  const LayerShape& last() const { return layers.back(); }

  // ---- shape --------------------------------------------------------------------

  void build(const TrainerConfig& config, std::size_t n_inputs) {
    layers.clear();
    std::size_t offset = 0, width = n_inputs;
    auto add = [&](std::size_t out, const Activation* act, const std::vector<double>& given) {
      LayerShape s;
      s.in = width;
      s.out = out;
      s.w = offset;
      offset += width * out;
      s.b = offset;
      offset += out;
      s.act = act;
      if (act) {
        s.params = resolve_params(*act, given);
        s.has_prelu = act->id == "prelu";
        if (s.has_prelu) s.prelu = offset++;
        s.fast = fast_grad_of(act->id);
      }
      layers.push_back(s);
      width = out;
    };
    for (const LayerConfig& l : config.layers) add(l.units, find_activation(l.activation), l.params);
    add(config.output.units, nullptr, {});
    theta.assign(offset, T(0));
    grad.assign(offset, T(0));
    for (const LayerShape& s : layers)
      if (s.has_prelu) theta[s.prelu] = T(s.params[0]);
    const std::string& o = config.output.activation;
    output = o == "sigmoid"   ? OutputKind::sigmoid
             : o == "tanh"    ? OutputKind::tanh
             : o == "softmax" ? OutputKind::softmax
                              : OutputKind::linear;
    const std::string& id = config.loss.id;
    loss = id == "mse"             ? LossKind::mse
           : id == "mae"           ? LossKind::mae
           : id == "huber"         ? LossKind::huber
           : id == "smooth_l1"     ? LossKind::smooth_l1
           : id == "log_cosh"      ? LossKind::log_cosh
           : id == "hinge"         ? LossKind::hinge
           : id == "cross_entropy" ? LossKind::cross_entropy
                                   : LossKind::bce;
    loss_param = 1;
    if ((loss == LossKind::huber || loss == LossKind::smooth_l1) && !config.loss.params.empty())
      loss_param = config.loss.params[0];
  }

  static FastGrad fast_grad_of(std::string_view id) {
    if (id == "linear") return FastGrad::linear;
    if (id == "relu") return FastGrad::relu;
    if (id == "tanh") return FastGrad::tanh;
    if (id == "sigmoid") return FastGrad::sigmoid;
    if (id == "leaky_relu") return FastGrad::leaky;
    if (id == "prelu") return FastGrad::prelu;
    return FastGrad::none;
  }

  void reserve(Workspace<T>& ws, std::size_t rows) const {
    if (ws.capacity >= rows && ws.z.size() == layers.size()) return;
    ws.capacity = std::max(rows, ws.capacity);
    std::size_t widest = inputs();
    ws.z.resize(layers.size());
    ws.a.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
      ws.z[l].assign(ws.capacity * layers[l].out, T(0));
      ws.a[l].assign(ws.capacity * layers[l].out, T(0));
      widest = std::max(widest, layers[l].out);
    }
    ws.delta.assign(ws.capacity * widest, T(0));
    ws.delta_prev.assign(ws.capacity * widest, T(0));
    ws.deriv.assign(ws.capacity * widest, T(0));
    ws.input_transposed.assign(ws.capacity * widest, T(0));
    std::size_t biggest = 0;
    for (const LayerShape& s : layers) biggest = std::max(biggest, s.in * s.out);
    ws.transposed.assign(biggest, T(0));
  }

  // ---- activations ------------------------------------------------------------------

  // The fixed parameters of a layer in T, with the learned prelu slope in place.
  void layer_params(const LayerShape& s, T* p) const {
    for (std::size_t i = 0; i < max_params; ++i) p[i] = T(s.params[i]);
    if (s.has_prelu) p[0] = theta[s.prelu];
  }

  void activate(const LayerShape& s, const T* z, T* a, std::size_t n) const {
    T p[max_params];
    layer_params(s, p);
    if constexpr (std::is_same_v<T, float>) {
      if (s.fast == FastGrad::tanh)
        detail::tanh_batch(z, a, n);
      else if (s.fast == FastGrad::sigmoid)
        detail::sigmoid_batch(z, a, n);
      else
        s.act->value_batch(z, a, n, p);
    } else {
      double pd[max_params];
      for (std::size_t i = 0; i < max_params; ++i) pd[i] = double(p[i]);
      for (std::size_t i = 0; i < n; ++i) a[i] = T(s.act->value(double(z[i]), pd));
    }
  }

  // d[i] = f'(z[i]) for a hidden layer, from z or from the cached output a.
  void derivative(const LayerShape& s, const T* ACTLAB_RESTRICT z, const T* ACTLAB_RESTRICT a, T* ACTLAB_RESTRICT d,
                  std::size_t n) const {
    T p[max_params];
    layer_params(s, p);
    if constexpr (std::is_same_v<T, float>) {
      switch (s.fast) {
        case FastGrad::linear:
          for (std::size_t i = 0; i < n; ++i) d[i] = T(1);
          return;
        case FastGrad::relu:
          for (std::size_t i = 0; i < n; ++i) d[i] = z[i] > T(0) ? T(1) : T(0);
          return;
        case FastGrad::tanh:
          for (std::size_t i = 0; i < n; ++i) d[i] = T(1) - a[i] * a[i];
          return;
        case FastGrad::sigmoid:
          for (std::size_t i = 0; i < n; ++i) d[i] = a[i] * (T(1) - a[i]);
          return;
        case FastGrad::leaky:
        case FastGrad::prelu: {
          const T slope = p[0];
          for (std::size_t i = 0; i < n; ++i) d[i] = z[i] > T(0) ? T(1) : slope;
          return;
        }
        case FastGrad::none:
          s.act->grad_batch(z, d, n, p);
          return;
      }
    } else {
      (void)a;
      double pd[max_params];
      for (std::size_t i = 0; i < max_params; ++i) pd[i] = double(p[i]);
      for (std::size_t i = 0; i < n; ++i) d[i] = T(s.act->grad(double(z[i]), pd));
    }
  }

  // ---- forward ------------------------------------------------------------------------

  // Runs rows of x through the network into ws.z / ws.a. For the output layer,
  // ws.a holds the output activation's value (softmax: probabilities).
  void forward(const T* x, std::size_t rows, Workspace<T>& ws) const {
    reserve(ws, rows);
    ws.rows = rows;
    const T* input = x;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const LayerShape& s = layers[l];
      T* z = ws.z[l].data();
      const std::size_t in = s.in, out = s.out;
      gemm(rows, out, in, input, in, theta.data() + s.w, out, z, out, theta.data() + s.b);  // z = x W + b
      if (s.act)
        activate(s, z, ws.a[l].data(), rows * out);
      else
        output_activation(z, ws.a[l].data(), rows, out);
      input = ws.a[l].data();
    }
  }

  void output_activation(const T* z, T* a, std::size_t rows, std::size_t out) const {
    const std::size_t n = rows * out;
    switch (output) {
      case OutputKind::linear:
        std::memcpy(a, z, n * sizeof(T));
        return;
      case OutputKind::sigmoid:
        if constexpr (std::is_same_v<T, float>)
          detail::sigmoid_batch(z, a, n);
        else
          for (std::size_t i = 0; i < n; ++i) a[i] = detail::sigmoid(z[i]);
        return;
      case OutputKind::tanh:
        if constexpr (std::is_same_v<T, float>)
          detail::tanh_batch(z, a, n);
        else
          for (std::size_t i = 0; i < n; ++i) a[i] = std::tanh(z[i]);
        return;
      case OutputKind::softmax:
        for (std::size_t r = 0; r < rows; ++r) {
          const T* zr = z + r * out;
          T* ar = a + r * out;
          T top = zr[0];
          for (std::size_t j = 1; j < out; ++j) top = std::max(top, zr[j]);
          T sum = 0;
          for (std::size_t j = 0; j < out; ++j) sum += (ar[j] = std::exp(zr[j] - top));
          const T inv = T(1) / sum;
          for (std::size_t j = 0; j < out; ++j) ar[j] *= inv;
        }
        return;
    }
  }

  // ---- loss -----------------------------------------------------------------------------

  // The mean data loss of the last forward pass against y (softmax: one class
  // index a row; otherwise `out` targets a row), accumulated in double. With dz
  // given, also writes d loss / d z of the output layer (rows x out).
  double loss_value(const Workspace<T>& ws, const T* y, T* dz) const {
    const std::size_t rows = ws.rows, out = outputs();
    const T* z = ws.z.back().data();
    const T* a = ws.a.back().data();
    double sum = 0;
    if (output == OutputKind::softmax) {
      const T scale = T(1) / T(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        const T* zr = z + r * out;
        const std::size_t c = static_cast<std::size_t>(y[r]);
        T top = zr[0];
        for (std::size_t j = 1; j < out; ++j) top = std::max(top, zr[j]);
        T s = 0;
        for (std::size_t j = 0; j < out; ++j) s += std::exp(zr[j] - top);
        sum += double(std::log(s) + top - zr[c]);  // log-sum-exp minus the true logit
        if (dz) {
          T* dr = dz + r * out;
          const T* ar = a + r * out;
          for (std::size_t j = 0; j < out; ++j) dr[j] = ar[j] < T(probability_floor) ? T(0) : ar[j] * scale;
          dr[c] -= scale;
        }
      }
      return sum / double(rows);
    }
    const std::size_t n = rows * out;
    const T scale = T(1) / T(n);
    const T c = T(loss_param);
    for (std::size_t i = 0; i < n; ++i) {
      const T t = y[i];
      // the output as the gradient sees it (see probability_floor)
      const T p = output == OutputKind::sigmoid && a[i] < T(probability_floor) ? T(0) : a[i];
      T value, g;
      if (loss == LossKind::bce) {  // sigmoid output, the logit form
        const T zi = z[i];
        value = std::max(zi, T(0)) - zi * t + std::log1p(std::exp(-std::fabs(zi)));
        g = p - t;
      } else {
        const T d = a[i] - t;  // prediction minus target
        switch (loss) {
          case LossKind::mse:
            value = d * d;
            g = T(2) * d;
            break;
          case LossKind::mae:
            value = std::fabs(d);
            g = d > T(0) ? T(1) : (d < T(0) ? T(-1) : T(0));
            break;
          case LossKind::huber: {
            const T m = std::fabs(d);
            value = m < c ? T(0.5) * m * m : c * (m - T(0.5) * c);
            g = d <= -c ? -c : (d >= c ? c : d);
            break;
          }
          case LossKind::smooth_l1: {
            const T m = std::fabs(d);
            if (c == T(0)) {
              value = m;
              g = d > T(0) ? T(1) : (d < T(0) ? T(-1) : T(0));
            } else {
              value = m < c ? T(0.5) * m * m / c : m - T(0.5) * c;
              g = d <= -c ? T(-1) : (d >= c ? T(1) : d / c);
            }
            break;
          }
          case LossKind::log_cosh:
            value = detail::log_cosh(d);
            g = std::tanh(d);
            break;
          case LossKind::hinge: {
            const T margin = T(1) - t * a[i];
            value = std::max(T(0), margin);
            g = margin > T(0) ? -t : T(0);
            break;
          }
          default:
            value = 0;
            g = 0;
            break;
        }
        // Chain through the output activation (bce and softmax are fused above).
        if (output == OutputKind::sigmoid) g *= p * (T(1) - p);
        if (output == OutputKind::tanh) g *= T(1) - a[i] * a[i];
      }
      sum += double(value);
      if (dz) dz[i] = g * scale;
    }
    return sum / double(n);
  }

  // ---- backward --------------------------------------------------------------------

  // Back-propagates ws.delta (d loss / d z of the output layer, as loss_value
  // wrote it) through the network of the last forward pass on x; fills grad.
  // With `saturated` given (one count per hidden layer), the loop that applies
  // f'(z) also counts the (row, unit) pairs with |f'(z)| < 0.01 (diagnostics).
  void backward(const T* x, Workspace<T>& ws, std::uint32_t* saturated = nullptr) {
    const std::size_t rows = ws.rows;
    for (std::size_t l = layers.size(); l-- > 0;) {
      const LayerShape& s = layers[l];
      const std::size_t in = s.in, out = s.out;
      const T* ACTLAB_RESTRICT dz = ws.delta.data();
      const T* ACTLAB_RESTRICT input = l == 0 ? x : ws.a[l - 1].data();
      T* ACTLAB_RESTRICT gw = grad.data() + s.w;
      T* ACTLAB_RESTRICT gb = grad.data() + s.b;
      std::fill(gb, gb + out, T(0));
      for (std::size_t r = 0; r < rows; ++r) {
        const T* ACTLAB_RESTRICT dr = dz + r * out;
        for (std::size_t j = 0; j < out; ++j) gb[j] += dr[j];
      }
      // dW = x^T dz, through a transposed copy of the layer's input.
      T* ACTLAB_RESTRICT xt = ws.input_transposed.data();
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < in; ++k) xt[k * rows + r] = input[r * in + k];
      gemm(in, out, rows, xt, rows, dz, out, gw, out, static_cast<const T*>(nullptr));
      if (l == 0) break;
      // d loss / d a of the layer below: dz W^T, through a transposed copy of W
      // so the inner loop runs over contiguous memory.
      const T* ACTLAB_RESTRICT w = theta.data() + s.w;
      T* ACTLAB_RESTRICT wt = ws.transposed.data();
      for (std::size_t k = 0; k < in; ++k)
        for (std::size_t j = 0; j < out; ++j) wt[j * in + k] = w[k * out + j];
      T* ACTLAB_RESTRICT da = ws.delta_prev.data();
      gemm(rows, in, out, dz, out, wt, in, da, in, static_cast<const T*>(nullptr));
      // Through the activation of layer l - 1: delta = da * f'(z).
      const LayerShape& below = layers[l - 1];
      const std::size_t n = rows * in;
      const T* ACTLAB_RESTRICT zb = ws.z[l - 1].data();
      T* ACTLAB_RESTRICT d = ws.deriv.data();
      derivative(below, zb, ws.a[l - 1].data(), d, n);
      if (below.has_prelu) {  // d loss / d slope = sum over z <= 0 of da * z
        T slope_grad = 0;
        for (std::size_t i = 0; i < n; ++i) slope_grad += zb[i] > T(0) ? T(0) : da[i] * zb[i];
        grad[below.prelu] = slope_grad;
      }
      if (saturated) {
        std::uint32_t small = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const T slope = d[i];
          small += std::fabs(slope) < T(0.01) ? 1u : 0u;
          d[i] = slope * da[i];
        }
        saturated[l - 1] = small;
      } else {
        for (std::size_t i = 0; i < n; ++i) d[i] *= da[i];
      }
      std::swap(ws.delta, ws.deriv);  // the product is the next layer's delta
    }
  }
};

// The float network is instantiated once, in network.cpp, which the wasm build
// compiles for speed while the rest of the trainer is compiled for size.
extern template struct Network<float>;

}  // namespace actlab::detail
