// The loss table. Element-wise losses are one struct each, value and gradient
// side by side, with the gradient of the per-element loss (the 1/n of the mean
// is applied once, in mean_grad). cross_entropy and kl_div work on rows of k.
#include "actlab/loss.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "actlab/fail.hpp"

#include "stable_math.hpp"
#include "table_lookup.hpp"

namespace actlab {
namespace {

double sign(double d) { return d > 0 ? 1.0 : (d < 0 ? -1.0 : d); }  // sign(0) = 0, NaN stays NaN

// ---- element-wise losses: d = pred - target unless noted -----------------------------

struct Mse {
  static double value(double p, double t, const double*) { return (p - t) * (p - t); }
  static double grad(double p, double t, const double*) { return 2 * (p - t); }
};

struct Mae {  // d/dp |p - t| = sign(p - t), 0 at p = t (as PyTorch's l1_loss)
  static double value(double p, double t, const double*) { return std::fabs(p - t); }
  static double grad(double p, double t, const double*) { return sign(p - t); }
};

struct Huber {  // c[0] = delta > 0: quadratic inside |d| < delta, linear outside
  static double value(double p, double t, const double* c) {
    const double a = std::fabs(p - t);
    return a < c[0] ? 0.5 * a * a : c[0] * (a - 0.5 * c[0]);
  }
  static double grad(double p, double t, const double* c) {
    const double d = p - t;
    return d <= -c[0] ? -c[0] : (d >= c[0] ? c[0] : d);
  }
};

struct SmoothL1 {  // c[0] = beta >= 0: huber / beta; beta = 0 is exactly L1, as in PyTorch
  static double value(double p, double t, const double* c) {
    if (c[0] == 0) return Mae::value(p, t, c);
    const double a = std::fabs(p - t);
    return a < c[0] ? 0.5 * a * a / c[0] : a - 0.5 * c[0];
  }
  static double grad(double p, double t, const double* c) {
    if (c[0] == 0) return Mae::grad(p, t, c);
    const double d = p - t;
    return d <= -c[0] ? -1.0 : (d >= c[0] ? 1.0 : d / c[0]);
  }
};

struct Bce {  // p a probability; each log clamped at -100 as PyTorch does
  static double value(double p, double t, const double*) {
    const double log_p = std::fmax(std::log(p), -100.0);
    const double log_q = std::fmax(std::log1p(-p), -100.0);
    return -(t * log_p + (1 - t) * log_q);
  }
  static double grad(double p, double t, const double*) {
    return (p - t) / std::fmax((1 - p) * p, 1e-12);  // PyTorch's epsilon
  }
};

struct BceLogits {  // p a logit: max(p, 0) - p t + log(1 + e^-|p|)
  static double value(double p, double t, const double*) {
    return std::fmax(p, 0.0) - p * t + std::log1p(std::exp(-std::fabs(p)));
  }
  static double grad(double p, double t, const double*) { return detail::sigmoid(p) - t; }
};

struct Hinge {  // t in {-1, +1}: max(0, 1 - t p); gradient 0 on the margin, as relu'(0) = 0
  static double value(double p, double t, const double*) { return std::fmax(0.0, 1 - t * p); }
  static double grad(double p, double t, const double*) { return 1 - t * p > 0 ? -t : 0.0 * t; }
};

struct LogCosh {
  static double value(double p, double t, const double*) { return detail::log_cosh(p - t); }
  static double grad(double p, double t, const double*) { return std::tanh(p - t); }
};

template <class F>
double mean_value(std::span<const double> p, std::span<const double> t, const double* c, std::size_t) {
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    sum += std::isnan(p[i]) || std::isnan(t[i]) ? NAN : F::value(p[i], t[i], c);
  return sum / static_cast<double>(p.size());
}

template <class F>
void each_value(std::span<const double> p, std::span<const double> t, const double* c, std::size_t,
                std::span<double> out) {
  for (std::size_t i = 0; i < p.size(); ++i)
    out[i] = std::isnan(p[i]) || std::isnan(t[i]) ? NAN : F::value(p[i], t[i], c);
}

template <class F>
void mean_grad(std::span<const double> p, std::span<const double> t, const double* c, std::size_t,
               std::span<double> out) {
  const double scale = 1.0 / static_cast<double>(p.size());
  for (std::size_t i = 0; i < p.size(); ++i)
    out[i] = std::isnan(p[i]) || std::isnan(t[i]) ? NAN : F::grad(p[i], t[i], c) * scale;
}

// Throws std::invalid_argument: "<loss id>: <what>".
[[noreturn]] void fail(const Loss& fn, detail::Pieces what) { detail::fail({fn.id, ": ", detail::concat(what)}); }

// The validated call: the loss, its parameters and the row width k.
struct Call {
  const Loss& fn;
  Params c;
  std::size_t k = 1;
};

Call prepare(std::string_view id, std::span<const double> pred, std::span<const double> target,
             std::span<const double> params) {
  const Loss& fn = loss(id);
  Call call{fn, {}};
  // The parameters share activation's rules; resolve through a stand-in Activation.
  Activation spec{};
  spec.id = fn.id;
  spec.params = fn.params;
  call.c = resolve_params(spec, params);
  if (pred.empty()) fail(fn, {"prediction is empty"});

  if (fn.target == TargetKind::class_index) {
    if (target.empty()) fail(fn, {"target is empty"});
    double k = call.c[0];
    if (k == 0) {
      if (pred.size() % target.size() != 0)
        fail(fn, {"prediction length ", pred.size(), " is not a multiple of target length ", target.size()});
      k = static_cast<double>(pred.size() / target.size());
    }
    if (k != std::floor(k) || k < 1) fail(fn, {"k = ", k, " must be a whole number >= 1"});
    call.k = static_cast<std::size_t>(k);
    if (pred.size() != call.k * target.size())
      fail(fn, {"prediction length ", pred.size(), " must be k * targets = ", k, " * ", target.size()});
    for (double y : target)
      if (!(y >= 0 && y < k && y == std::floor(y)))
        fail(fn, {"target ", y, " is not a class index in [0, ", call.k - 1, "]"});
    return call;
  }

  if (pred.size() != target.size())
    fail(fn, {"prediction length ", pred.size(), " differs from target length ", target.size()});
  if (fn.target == TargetKind::distribution) {
    const double k = call.c[0];
    if (k != std::floor(k) || k < 1) fail(fn, {"k = ", k, " must be a whole number >= 1"});
    call.k = static_cast<std::size_t>(k);
    if (pred.size() % call.k != 0) fail(fn, {"length ", pred.size(), " is not a multiple of k = ", call.k});
  }
  for (std::size_t i = 0; i < target.size(); ++i) {
    const double y = target[i];
    if (std::isnan(y)) continue;  // NaN in gives NaN out
    switch (fn.target) {
      case TargetKind::probability:
        if (!(y >= 0 && y <= 1)) fail(fn, {"target ", y, " is outside [0, 1]"});
        break;
      case TargetKind::sign:
        if (y != 1 && y != -1) fail(fn, {"target ", y, " must be -1 or +1"});
        break;
      case TargetKind::distribution:
        if (!(y >= 0 && y <= 1)) fail(fn, {"target probability ", y, " is outside [0, 1]"});
        break;
      default:
        break;
    }
  }
  if (fn.id == "bce") {
    for (double p : pred)
      if (p < 0 || p > 1) fail(fn, {"prediction ", p, " is not a probability in [0, 1]"});
  }
  return call;
}

// y * log(y) with 0 log 0 = 0.
double xlogy(double y) { return y == 0 ? 0.0 : y * std::log(y); }

// -log softmax(row)[c] = log-sum-exp(row) - row[c], shifted by the row's maximum.
double cross_entropy_row(const double* row, std::size_t k, std::size_t c) {
  double m = row[0];
  for (std::size_t j = 1; j < k; ++j) m = std::fmax(m, row[j]);
  double s = 0;
  for (std::size_t j = 0; j < k; ++j) s += std::exp(row[j] - m);
  return m + std::log(s) - row[c];
}

double cross_entropy_value(std::span<const double> z, std::span<const double> target, const double*, std::size_t k) {
  const std::size_t n = target.size();
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i)
    sum += cross_entropy_row(z.data() + i * k, k, static_cast<std::size_t>(target[i]));
  return sum / static_cast<double>(n);
}

void cross_entropy_each(std::span<const double> z, std::span<const double> target, const double*, std::size_t k,
                        std::span<double> out) {
  for (std::size_t i = 0; i < target.size(); ++i)
    out[i] = cross_entropy_row(z.data() + i * k, k, static_cast<std::size_t>(target[i]));
}

void cross_entropy_grad(std::span<const double> z, std::span<const double> target, const double*, std::size_t k,
                        std::span<double> out) {
  const std::size_t n = target.size();
  const double scale = 1.0 / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = z.data() + i * k;
    double* g = out.data() + i * k;
    double m = row[0];
    for (std::size_t j = 1; j < k; ++j) m = std::fmax(m, row[j]);
    double s = 0;
    for (std::size_t j = 0; j < k; ++j) s += (g[j] = std::exp(row[j] - m));
    for (std::size_t j = 0; j < k; ++j) g[j] = g[j] / s * scale;
    g[static_cast<std::size_t>(target[i])] -= scale;
  }
}

// kl_div with reduction batchmean: the sum over all elements divided by the number of rows.
double kl_div_value(std::span<const double> z, std::span<const double> target, const double*, std::size_t k) {
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) sum += xlogy(target[i]) - target[i] * z[i];
  return sum / static_cast<double>(z.size() / k);
}

void kl_div_each(std::span<const double> z, std::span<const double> target, const double*, std::size_t k,
                 std::span<double> out) {
  for (std::size_t r = 0; r < z.size() / k; ++r) {
    double sum = 0;
    for (std::size_t i = r * k; i < (r + 1) * k; ++i) sum += xlogy(target[i]) - target[i] * z[i];
    out[r] = sum;
  }
}

void kl_div_grad(std::span<const double> z, std::span<const double> target, const double*, std::size_t k,
                 std::span<double> out) {
  const double scale = 1.0 / static_cast<double>(z.size() / k);
  for (std::size_t i = 0; i < z.size(); ++i) out[i] = -target[i] * scale;
}

constexpr ParamSpec huber_params[] = {{"delta", 1, 1e-9, 1e9, 0.1, 5}};
constexpr ParamSpec smooth_l1_params[] = {{"beta", 1, 0, 1e9, 0, 5}};
constexpr ParamSpec cross_entropy_params[] = {{"k", 0, 0, 1e6, 2, 10}};
constexpr ParamSpec kl_div_params[] = {{"k", 1, 1, 1e6, 1, 10}};

// Properties: {convex, smooth, bounded_gradient}
const Loss table[] = {
    {"mse",
     "均方误差 MSE",
     "F.mse_loss(pred, target)",
     R"(\frac1n\sum_i (p_i-y_i)^2)",
     R"(\frac{2}{n}(p_i-y_i))",
     "value",
     TargetKind::real,
     {},
     {true, true, false},
     &mean_value<Mse>,
     &mean_grad<Mse>,
     &each_value<Mse>},
    {"mae",
     "平均绝对误差 MAE",
     "F.l1_loss(pred, target)",
     R"(\frac1n\sum_i |p_i-y_i|)",
     R"(\frac1n\operatorname{sign}(p_i-y_i))",
     "value",
     TargetKind::real,
     {},
     {true, false, true},
     &mean_value<Mae>,
     &mean_grad<Mae>,
     &each_value<Mae>},
    {"huber",
     "Huber",
     "F.huber_loss(pred, target, delta=1.0)",
     R"(\frac1n\sum_i\begin{cases}\frac12 d_i^2 & |d_i|<\delta\\ \delta\,(|d_i|-\frac12\delta) & \text{otherwise}\end{cases},\ d_i=p_i-y_i)",
     R"(\frac1n\operatorname{clamp}(d_i,-\delta,\delta))",
     "value",
     TargetKind::real,
     huber_params,
     {true, true, true},
     &mean_value<Huber>,
     &mean_grad<Huber>,
     &each_value<Huber>},
    {"smooth_l1",
     "Smooth L1",
     "F.smooth_l1_loss(pred, target, beta=1.0)",
     R"(\frac1n\sum_i\begin{cases}\frac{d_i^2}{2\beta} & |d_i|<\beta\\ |d_i|-\frac12\beta & \text{otherwise}\end{cases},\ d_i=p_i-y_i)",
     R"(\frac1n\operatorname{clamp}(d_i/\beta,-1,1))",
     "value",
     TargetKind::real,
     smooth_l1_params,
     {true, true, true},
     &mean_value<SmoothL1>,
     &mean_grad<SmoothL1>,
     &each_value<SmoothL1>},
    {"bce",
     "二元交叉熵 BCE",
     "F.binary_cross_entropy(prob, target)",
     R"(-\frac1n\sum_i\left[y_i\log p_i+(1-y_i)\log(1-p_i)\right])",
     R"(\frac1n\,\frac{p_i-y_i}{p_i(1-p_i)})",
     "probability",
     TargetKind::probability,
     {},
     {true, true, false},
     &mean_value<Bce>,
     &mean_grad<Bce>,
     &each_value<Bce>},
    {"bce_logits",
     "带 logits 的二元交叉熵",
     "F.binary_cross_entropy_with_logits(logit, target)",
     R"(\frac1n\sum_i\left[\max(z_i,0)-z_i y_i+\log(1+e^{-|z_i|})\right])",
     R"(\frac1n(\sigma(z_i)-y_i))",
     "logit",
     TargetKind::probability,
     {},
     {true, true, true},
     &mean_value<BceLogits>,
     &mean_grad<BceLogits>,
     &each_value<BceLogits>},
    {"cross_entropy",
     "交叉熵 Cross-entropy",
     "F.cross_entropy(logits, classes)",
     R"(\frac1n\sum_i\left[\log\sum_j e^{z_{ij}}-z_{i,y_i}\right])",
     R"(\frac1n\left(\operatorname{softmax}(z_i)_j-[j=y_i]\right))",
     "logit",
     TargetKind::class_index,
     cross_entropy_params,
     {true, true, true},
     &cross_entropy_value,
     &cross_entropy_grad,
     &cross_entropy_each},
    {"hinge",
     "Hinge",
     "torch.relu(1 - target * pred).mean()",
     R"(\frac1n\sum_i\max(0,1-y_i p_i))",
     R"(\frac1n\begin{cases}-y_i & y_i p_i<1\\ 0 & \text{otherwise}\end{cases})",
     "value",
     TargetKind::sign,
     {},
     {true, false, true},
     &mean_value<Hinge>,
     &mean_grad<Hinge>,
     &each_value<Hinge>},
    {"log_cosh",
     "Log-cosh",
     "torch.log(torch.cosh(pred - target)).mean()",
     R"(\frac1n\sum_i\log\cosh(p_i-y_i))",
     R"(\frac1n\tanh(p_i-y_i))",
     "value",
     TargetKind::real,
     {},
     {true, true, true},
     &mean_value<LogCosh>,
     &mean_grad<LogCosh>,
     &each_value<LogCosh>},
    {"kl_div",
     "KL 散度",
     "F.kl_div(log_prob, target, reduction='batchmean')",
     R"(\frac1n\sum_{i,j} y_{ij}\,(\log y_{ij}-z_{ij}))",
     R"(-\frac{y_{ij}}{n})",
     "log-probability",
     TargetKind::distribution,
     kl_div_params,
     {true, true, true},
     &kl_div_value,
     &kl_div_grad,
     &kl_div_each},
};

}  // namespace

std::span<const Loss> losses() { return table; }

const Loss* find_loss(std::string_view id) noexcept { return detail::find_by_id<Loss>(table, id); }

const Loss& loss(std::string_view id) { return detail::get_by_id<Loss>(table, id, "loss"); }

double loss_value(std::string_view id, std::span<const double> pred, std::span<const double> target,
                  std::span<const double> params) {
  const Call call = prepare(id, pred, target, params);
  return call.fn.value(pred, target, call.c.data(), call.k);
}

std::vector<double> loss_per_example(std::string_view id, std::span<const double> pred, std::span<const double> target,
                                     std::span<const double> params) {
  const Call call = prepare(id, pred, target, params);
  const std::size_t examples = call.fn.target == TargetKind::class_index ? target.size() : pred.size() / call.k;
  std::vector<double> out(examples);
  call.fn.each(pred, target, call.c.data(), call.k, out);
  return out;
}

void loss_grad(std::string_view id, std::span<const double> pred, std::span<const double> target,
               std::span<const double> params, std::span<double> out) {
  const Call call = prepare(id, pred, target, params);
  if (out.size() != pred.size()) throw std::invalid_argument("output length does not match prediction length");
  call.fn.grad(pred, target, call.c.data(), call.k, out);
}

}  // namespace actlab
