// The trainer: data handling, the training loop with its optimizers, the
// diagnostics, prediction and the weights format. The config text and its
// validation are in trainer_config.cpp.
#include "actlab/trainer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "actlab/activation.hpp"
#include "actlab/attributes.hpp"
#include "actlab/fail.hpp"
#include "actlab/json.hpp"
#include "actlab/loss.hpp"
#include "network.hpp"
#include "optimizer.hpp"
#include "simd.hpp"
#include "trainer_internal.hpp"

namespace actlab {

using detail::default_lr;
using detail::fail;
using detail::LossKind;
using detail::Network;
using detail::OutputKind;
using detail::Workspace;

const char* to_string(TrainerStatus status) noexcept { return status == TrainerStatus::ok ? "ok" : "diverged"; }

// ---- the trainer --------------------------------------------------------------------------

namespace {

enum class OptimizerKind { sgd, momentum, nesterov, rmsprop, adam, adamw };

OptimizerKind optimizer_kind(std::string_view id) {
  if (id == "momentum") return OptimizerKind::momentum;
  if (id == "nesterov") return OptimizerKind::nesterov;
  if (id == "rmsprop") return OptimizerKind::rmsprop;
  if (id == "adam") return OptimizerKind::adam;
  if (id == "adamw") return OptimizerKind::adamw;
  return OptimizerKind::sgd;
}

struct Data {
  std::vector<float> x, y;  // standardised features; targets after label mapping
  std::size_t rows = 0;
  bool sign_labels = false;  // every target is -1 or +1 (after mapping)
  bool unit_labels = false;  // every target is 0 or 1
};

constexpr std::size_t eval_chunk = 256;

// At most this many pre-activations a layer feed the batch statistics of metrics().
constexpr std::size_t batch_sample = 128;

// Reductions over float arrays in 8 independent lanes of explicit vectors
// (simd.hpp), so they vectorise without -ffast-math and their order is fixed.
using detail::float4;
using detail::int4;

double sum_of_squares(const float* x, std::size_t n) {
  float4 acc0 = detail::splat4(0), acc1 = detail::splat4(0);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const float4 a = detail::load4(x + i), b = detail::load4(x + i + 4);
    acc0 += a * a;
    acc1 += b * b;
  }
  double total = double(detail::sum4(acc0)) + double(detail::sum4(acc1));
  for (; i < n; ++i) total += double(x[i]) * x[i];
  return total;
}

// The first pass of a layer's pre-activation statistics: one vectorised pass over
// the sampled values for their count, range and shifted sums (summarise finishes).
struct Moments {
  std::size_t n = 0;  // values summarised (0: none yet)
  float shift = 0;    // the first value: sums of z - shift keep the variance accurate in float
  double sum = 0;     // sum of z - shift
  double sum2 = 0;    // sum of (z - shift)^2
  float low = 0, high = 0;
};

Moments moments(const float* z, std::size_t n) {
  Moments m;
  if (n == 0) return m;
  m.n = n;
  m.shift = z[0];
  // Two sets of lanes, eight values an iteration, so the additions of one set
  // overlap those of the other.
  float4 lo0 = detail::splat4(INFINITY), hi0 = detail::splat4(-INFINITY), lo1 = lo0, hi1 = hi0;
  float4 sum0 = detail::splat4(0), sum20 = detail::splat4(0), sum1 = sum0, sum21 = sum0;
  const float4 shift4 = detail::splat4(m.shift);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const float4 v0 = detail::load4(z + i), d0 = v0 - shift4;
    const float4 v1 = detail::load4(z + i + 4), d1 = v1 - shift4;
    lo0 = detail::select4(v0 < lo0, v0, lo0);
    hi0 = detail::select4(v0 > hi0, v0, hi0);
    lo1 = detail::select4(v1 < lo1, v1, lo1);
    hi1 = detail::select4(v1 > hi1, v1, hi1);
    sum0 += d0;
    sum20 += d0 * d0;
    sum1 += d1;
    sum21 += d1 * d1;
  }
  const float4 lo = detail::select4(lo1 < lo0, lo1, lo0), hi = detail::select4(hi1 > hi0, hi1, hi0);
  double s = double(detail::sum4(sum0)) + double(detail::sum4(sum1));
  double s2 = double(detail::sum4(sum20)) + double(detail::sum4(sum21));
  float low = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
  float high = std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]));
  for (; i < n; ++i) {
    const double d = double(z[i]) - m.shift;
    s += d;
    s2 += d * d;
    low = std::min(low, z[i]);
    high = std::max(high, z[i]);
  }
  m.sum = s;
  m.sum2 = s2;
  m.low = low;
  m.high = high;
  return m;
}

// Mean, std, range and histogram of a layer's pre-activations on one batch.
struct BatchStats {
  double mean = 0, std = 0;
  float min = 0, max = 0;
  std::array<std::uint32_t, histogram_bins> counts{};
};

// Finishes the statistics of the m.n values z[0..m.n) from their moments, and
// bins them; non-finite values are left out.
void summarise(const float* z, const Moments& m, BatchStats& out) {
  out.counts.fill(0);
  out.mean = out.std = 0;
  out.min = out.max = 0;
  const std::size_t n = m.n;
  if (n == 0) return;
  const double s = m.sum, s2 = m.sum2;
  const float shift = m.shift;
  float low = m.low, high = m.high;
  std::uint32_t* counts = out.counts.data();
  const std::uint32_t bins = std::uint32_t(histogram_bins);
  if (std::isfinite(s2) && std::isfinite(low) && std::isfinite(high)) {
    const double mean = s / double(n);
    out.mean = double(shift) + mean;
    out.std = std::sqrt(std::max(0.0, s2 / double(n) - mean * mean));
    out.min = low;
    out.max = high;
    if (!(high > low)) {
      counts[bins / 2] = std::uint32_t(n);
      return;
    }
    // Bin indices four at a time, then the (scalar) increments. z * scale - low *
    // scale cannot overflow (both terms are at most about `bins` in size, where
    // z - low could exceed the float range); the clamp to [0, bins - 1] also
    // catches rounding at both ends.
    const float scale = float(double(bins) / (double(high) - double(low)));
    if (!std::isfinite(scale)) {  // a range too narrow for float (found by fuzzing): one bin
      counts[bins / 2] = std::uint32_t(n);
      return;
    }
    const float offset = low * scale;
    const float4 offset4 = detail::splat4(offset), scale4 = detail::splat4(scale);
    // Clamped as floats before the conversion (a NaN lane goes to bin 0), so the
    // conversion is defined for every lane.
    const float4 first = detail::splat4(0.0f), last = detail::splat4(float(bins - 1));
    // (Per-lane count rows, tried to break the chains of increments to one bin,
    // were no faster in wasm and 2 to 5 times slower natively here.)
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
      float4 at = detail::load4(z + j) * scale4 - offset4;
      at = at >= first ? at : first;
      at = at < last ? at : last;
      const int4 bin = __builtin_convertvector(at, int4);
      counts[bin[0]] += 1;
      counts[bin[1]] += 1;
      counts[bin[2]] += 1;
      counts[bin[3]] += 1;
    }
    for (; j < n; ++j) {
      // Clamped as a float first (NaN to bin 0), so the conversion is always defined.
      float at = z[j] * scale - offset;
      at = at >= 0.0f ? at : 0.0f;
      at = at < float(bins - 1) ? at : float(bins - 1);
      counts[std::size_t(at)] += 1;
    }
    return;
  }
  // Some value is not finite (only near divergence): the slow, careful path.
  double total = 0, total2 = 0;
  std::size_t finite = 0;
  low = INFINITY;
  high = -INFINITY;
  for (std::size_t j = 0; j < n; ++j)
    if (std::isfinite(z[j])) {
      ++finite;
      total += z[j];
      low = std::min(low, z[j]);
      high = std::max(high, z[j]);
    }
  if (finite == 0) return;
  const double mean = total / double(finite);
  for (std::size_t j = 0; j < n; ++j)
    if (std::isfinite(z[j])) total2 += (z[j] - mean) * (z[j] - mean);
  out.mean = mean;
  out.std = std::sqrt(total2 / double(finite));
  out.min = low;
  out.max = high;
  const double width = double(high) - double(low);
  for (std::size_t j = 0; j < n; ++j) {
    if (!std::isfinite(z[j])) continue;
    const std::size_t bin = width > 0 ? std::size_t((double(z[j]) - low) / width * bins) : bins / 2;
    counts[std::min<std::size_t>(bin, bins - 1)] += 1;
  }
}

}  // namespace

struct Trainer::Impl {
  TrainerConfig config;
  Network<float> net;
  Workspace<float> train_ws, eval_ws;
  bool built = false;

  OptimizerKind optimizer = OptimizerKind::sgd;
  float lr = 0.03f, momentum = 0.9f, rho = 0.99f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  float weight_decay = 0;  // coupled (added to the gradient) except for adamw
  double beta1_power = 1, beta2_power = 1;
  std::vector<float> moment1, moment2;

  Data train, test;
  bool has_test = false;
  std::vector<float> raw_test_x, raw_test_y;  // kept when standardising, to redo it after a new setData
  std::vector<float> mean, inv_std;           // standardisation, when enabled and data seen
  std::vector<std::uint32_t> order;
  std::size_t cursor = 0;
  Rng shuffle_rng{1};
  std::vector<float> batch_x, batch_y;

  std::uint64_t steps = 0, epochs = 0;
  double batch_loss = NAN;
  TrainerStatus status = TrainerStatus::ok;
  std::uint64_t diverged_at = 0;

  Metrics cached;
  bool cache_valid = false;

  // Running train loss and accuracy (see Metrics): exponential averages over about one epoch.
  double ema_loss = 0, ema_accuracy = 0, ema_weight = 0;
  bool train_fresh = true;  // no step since the weights or the data changed: metrics() evaluates exactly
  // Dead units: per hidden layer, whether each unit was nonzero in the current epoch.
  std::vector<std::vector<float>> epoch_alive;   // largest |output| seen this epoch
  std::vector<std::vector<std::uint32_t>> dead;  // the last complete epoch's (or exact) result
  bool dead_known = false;
  // Test set sweep (see Metrics).
  bool test_published = false;
  double test_loss = NAN, test_accuracy = NAN;
  std::size_t test_cursor = 0, pending_test_rows = 0, sweep_rows = 0, sweep_hits = 0, sweep_total = 0;
  double sweep_loss = 0;
  std::vector<float> grid, scratch;

  // The per-layer diagnostics the steps gather (config.diagnostics), read by metrics().
  struct LayerDiagnostics {
    detail::SumSquares norms;     // gradient (W and b) and weights (W) of the last update
    std::size_t sample_rows = 0;  // the most rows the pre-activation statistics use
  };
  std::vector<LayerDiagnostics> diag;
  // Per layer, the (row, unit) pairs of the last step's batch with |f'(z)| < 0.01:
  // the hidden layers' filled by the backward pass, the output layer's (last) by
  // count_output_saturated; out of `diag` so the backward pass writes them in place.
  std::vector<std::uint32_t> saturated_counts;
  std::size_t diag_rows = 0;    // rows of the last step's batch
  bool diag_from_step = false;  // diag holds a step's numbers for the current weights
  BatchStats batch_stats;       // scratch for metrics()

  explicit Impl(TrainerConfig c) : config(std::move(c)) {
    validate_config(config);
    optimizer = optimizer_kind(config.optimizer.id);
    lr = float(config.optimizer.lr > 0 ? config.optimizer.lr : default_lr(config.optimizer.id));
    momentum = float(config.optimizer.momentum);
    rho = float(config.optimizer.rho);
    beta1 = float(config.optimizer.beta1);
    beta2 = float(config.optimizer.beta2);
    eps = float(config.optimizer.eps);
    weight_decay = float(config.optimizer.weight_decay >= 0 ? config.optimizer.weight_decay
                                                            : (optimizer == OptimizerKind::adamw ? 0.01 : 0.0));
    if (config.inputs) build(config.inputs);
    if (config.dataset) {
      DatasetSplit split = generate_dataset(*config.dataset);
      // Softmax reads the 0/1 labels as class indices; the other outputs as targets.
      set_data(split.train.x, split.train.y, split.train.n_features, config.output.units);
      if (split.test.rows() > 0) set_test_data(split.test.x, split.test.y, split.test.n_features, config.output.units);
    }
  }

  bool softmax() const { return config.output.activation == "softmax"; }
  bool tanh_mse() const { return config.output.activation == "tanh" && config.loss.id == "mse"; }
  bool hinge() const { return config.loss.id == "hinge"; }

  ACTLAB_COLD void build(std::size_t inputs) {
    net.build(config, inputs);
    built = true;
    initialise();
  }

  // Weights from the seed (biases 0, prelu slopes their initial value), fresh optimizer state.
  ACTLAB_COLD void initialise() {
    Rng rng(config.seed);
    const std::string& init = config.init;
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      const detail::LayerShape& s = net.layers[l];
      const double fan_in = double(s.in), fan_out = double(s.out);
      float* w = net.theta.data() + s.w;
      const std::size_t n = s.in * s.out;
      for (std::size_t i = 0; i < n; ++i) {
        double v = 0;
        if (init == "xavier_uniform") {
          const double a = std::sqrt(6.0 / (fan_in + fan_out));
          v = rng.uniform(-a, a);
        } else if (init == "xavier_normal") {
          v = std::sqrt(2.0 / (fan_in + fan_out)) * rng.normal();
        } else if (init == "he_uniform") {
          const double a = std::sqrt(6.0 / fan_in);
          v = rng.uniform(-a, a);
        } else if (init == "he_normal") {
          v = std::sqrt(2.0 / fan_in) * rng.normal();
        } else if (init == "lecun_normal") {
          v = std::sqrt(1.0 / fan_in) * rng.normal();
        }
        w[i] = float(v);
      }
      std::fill(net.theta.begin() + std::ptrdiff_t(s.b), net.theta.begin() + std::ptrdiff_t(s.b + s.out), 0.0f);
      if (s.has_prelu) net.theta[s.prelu] = float(s.params[0]);
    }
    reset_optimizer();
    shuffle_rng = Rng(config.seed ^ 0x6a09e667f3bcc909ULL);
    cursor = 0;
  }

  void reset_optimizer() {
    moment1.assign(net.theta.size(), 0.0f);
    moment2.assign(net.theta.size(), 0.0f);
    std::fill(net.grad.begin(), net.grad.end(), 0.0f);
    beta1_power = beta2_power = 1;
    status = TrainerStatus::ok;
    diverged_at = 0;
    train_ws.rows = 0;
    cache_valid = false;
    forget_progress();
  }

  // The weights or data changed: running means, dead-unit tracking and the test sweep start over.
  void forget_progress() {
    ema_loss = ema_accuracy = ema_weight = 0;
    train_fresh = true;
    epoch_alive.assign(net.layers.size() ? net.layers.size() - 1 : 0, {});
    for (std::size_t l = 0; l < epoch_alive.size(); ++l)
      if (config.diagnostics && can_die(net.layers[l])) epoch_alive[l].assign(net.layers[l].out, 0.0f);
    diag.assign(config.diagnostics ? net.layers.size() : 0, LayerDiagnostics{});
    for (std::size_t l = 0; l < diag.size(); ++l)
      diag[l].sample_rows = std::max<std::size_t>(1, batch_sample / net.layers[l].out);
    saturated_counts.assign(net.layers.size(), 0);
    diag_rows = 0;
    diag_from_step = false;
    dead.clear();
    dead_known = false;
    forget_test();
  }

  void forget_test() {
    test_published = false;
    test_loss = test_accuracy = NAN;
    test_cursor = pending_test_rows = sweep_rows = sweep_hits = sweep_total = 0;
    sweep_loss = 0;
    cache_valid = false;
  }

  // Activations that output exactly 0 on a whole half-line (the ones whose units can die).
  static bool can_die(const detail::LayerShape& s) {
    if (!s.act) return false;
    const std::string_view id = s.act->id;
    return id == "relu" || id == "relu6" || id == "step" || id == "hardsigmoid" || id == "hardswish";
  }

  // ---- data ---------------------------------------------------------------------------------

  ACTLAB_COLD void check_shapes(const char* what, std::span<const float> x, std::span<const float> y,
                                std::size_t n_features, std::size_t n_outputs, std::size_t& rows) const {
    if (n_features < 1 || n_features > max_features)
      fail({what, ": nFeatures = ", n_features, " is outside [1, ", max_features, "]"});
    if (n_outputs != config.output.units)
      fail({what, ": nOutputs = ", n_outputs, " must equal output.units = ", config.output.units});
    if (built && n_features != net.inputs())
      fail({what, ": nFeatures = ", n_features, " does not match the network's input width ", net.inputs()});
    if (x.empty() || x.size() % n_features != 0)
      fail({what, ": x has ", x.size(), " values, not a positive multiple of nFeatures = ", n_features});
    if (x.size() > (std::size_t{1} << 26)) fail({what, ": x has ", x.size(), " values; at most 67108864 are allowed"});
    rows = x.size() / n_features;
    const std::size_t per_row = softmax() ? 1 : n_outputs;
    if (y.size() != rows * per_row)
      fail({what, ": y has ", y.size(), " values; expected ", rows * per_row, " (", rows, " rows x ", per_row,
            softmax() ? " class index)" : " targets)"});
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!std::isfinite(x[i])) fail({what, ": x[", i, "] is not a finite number"});
    const bool bce = config.loss.id == "bce";
    for (std::size_t i = 0; i < y.size(); ++i) {
      const float t = y[i];
      if (!std::isfinite(t)) fail({what, ": y[", i, "] is not a finite number"});
      if (softmax() && (t != std::floor(t) || t < 0 || t >= float(n_outputs)))
        fail({what, ": y[", i, "] = ", t, " is not a class index in [0, ", n_outputs, ")"});
      if (bce && !(t >= 0 && t <= 1))
        fail({what, ": y[", i, "] = ", t, " is outside [0, 1] (bce needs probabilities as targets)"});
    }
  }

  ACTLAB_COLD Data prepare(std::span<const float> x, std::span<const float> y, std::size_t rows) const {
    Data d;
    d.rows = rows;
    d.x.assign(x.begin(), x.end());
    d.y.assign(y.begin(), y.end());
    if (!mean.empty()) {
      const std::size_t f = mean.size();
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < f; ++k) d.x[r * f + k] = (d.x[r * f + k] - mean[k]) * inv_std[k];
    }
    const bool zero_one = std::all_of(d.y.begin(), d.y.end(), [](float t) { return t == 0 || t == 1; });
    if ((hinge() || tanh_mse()) && zero_one)
      for (float& t : d.y) t = t == 0 ? -1.0f : 1.0f;
    d.sign_labels = std::all_of(d.y.begin(), d.y.end(), [](float t) { return t == -1 || t == 1; });
    d.unit_labels = std::all_of(d.y.begin(), d.y.end(), [](float t) { return t == 0 || t == 1; });
    if (hinge() && !d.sign_labels)
      for (std::size_t i = 0; i < d.y.size(); ++i)
        if (d.y[i] != -1 && d.y[i] != 1)
          fail({"y[", i, "] = ", y[i], " is not a label; hinge needs labels 0/1 or -1/+1"});
    return d;
  }

  ACTLAB_COLD void set_data(std::span<const float> x, std::span<const float> y, std::size_t n_features,
                            std::size_t n_outputs) {
    std::size_t rows = 0;
    check_shapes("setData", x, y, n_features, n_outputs, rows);
    std::vector<float> new_mean, new_inv_std;
    if (config.standardize) {
      new_mean.assign(n_features, 0.0f);
      new_inv_std.assign(n_features, 1.0f);
      for (std::size_t k = 0; k < n_features; ++k) {
        double sum = 0, sum2 = 0;
        for (std::size_t r = 0; r < rows; ++r) sum += x[r * n_features + k];
        const double m = sum / double(rows);
        for (std::size_t r = 0; r < rows; ++r) {
          const double d = x[r * n_features + k] - m;
          sum2 += d * d;
        }
        const double sd = std::sqrt(sum2 / double(rows));
        new_mean[k] = float(m);
        new_inv_std[k] = sd > 1e-12 ? float(1.0 / sd) : 1.0f;  // a constant feature is only centred
      }
    }
    std::swap(mean, new_mean);
    std::swap(inv_std, new_inv_std);
    Data d;
    try {
      d = prepare(x, y, rows);
    } catch (...) {
      std::swap(mean, new_mean);
      std::swap(inv_std, new_inv_std);
      throw;
    }
    if (!built) build(n_features);
    train = std::move(d);
    order.resize(train.rows);
    for (std::size_t i = 0; i < train.rows; ++i) order[i] = std::uint32_t(i);
    cursor = 0;
    // New statistics: the test set is standardised again from its raw values.
    if (has_test && config.standardize) test = prepare(raw_test_x, raw_test_y, test.rows);
    forget_progress();
  }

  ACTLAB_COLD void set_test_data(std::span<const float> x, std::span<const float> y, std::size_t n_features,
                                 std::size_t n_outputs) {
    std::size_t rows = 0;
    check_shapes("setTestData", x, y, n_features, n_outputs, rows);
    if (config.standardize && mean.empty())
      fail({"setTestData: call setData first; standardize uses the training set's mean and std"});
    if (!mean.empty() && mean.size() != n_features)
      fail({"setTestData: nFeatures = ", n_features, " does not match the training data's ", mean.size()});
    Data d = prepare(x, y, rows);
    if (!built) build(n_features);
    test = std::move(d);
    has_test = true;
    if (config.standardize) {
      raw_test_x.assign(x.begin(), x.end());
      raw_test_y.assign(y.begin(), y.end());
    }
    forget_test();
  }

  // ---- training --------------------------------------------------------------------------------

  // One mini-batch step; false if the loss was not finite (then nothing changes but the status).
  bool one_step() {
    const std::size_t n = train.rows;
    const std::size_t features = net.inputs(), per_row = softmax() ? 1 : net.outputs();
    if (cursor == 0)
      for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[shuffle_rng.below(std::uint32_t(i + 1))]);
    const std::size_t rows = std::min(std::min(config.batch_size, n), n - cursor);
    batch_x.resize(std::max(batch_x.size(), rows * features));
    batch_y.resize(std::max(batch_y.size(), rows * per_row));
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t src = order[cursor + r];
      std::copy_n(train.x.data() + src * features, features, batch_x.data() + r * features);
      std::copy_n(train.y.data() + src * per_row, per_row, batch_y.data() + r * per_row);
    }
    net.forward(batch_x.data(), rows, train_ws);
    const double loss = net.loss_value(train_ws, batch_y.data(), train_ws.delta.data());
    if (!std::isfinite(loss)) {
      status = TrainerStatus::diverged;
      diverged_at = steps + 1;
      batch_loss = loss;
      return false;
    }
    track(loss, rows);
    cursor += rows;
    if (cursor >= n) {
      cursor = 0;
      ++epochs;
      publish_dead();
    }
    if (config.diagnostics) {
      count_output_saturated(rows);
      diag_rows = rows;
    }
    net.backward(batch_x.data(), train_ws, config.diagnostics ? saturated_counts.data() : nullptr);
    regularise();
    update();
    diag_from_step = config.diagnostics;
    ++steps;
    batch_loss = loss;
    return true;
  }

  // The output layer's saturated pairs, from its outputs (the hidden layers' are
  // counted by the backward pass).
  void count_output_saturated(std::size_t rows) {
    const std::size_t n = rows * net.outputs();
    const float* a = train_ws.a.back().data();
    std::uint32_t small = 0;
    if (net.output == OutputKind::tanh) {
      for (std::size_t i = 0; i < n; ++i) small += std::fabs(1 - a[i] * a[i]) < 0.01f ? 1u : 0u;
    } else if (net.output != OutputKind::linear) {  // sigmoid; softmax's diagonal p (1 - p)
      for (std::size_t i = 0; i < n; ++i) small += std::fabs(a[i] * (1 - a[i])) < 0.01f ? 1u : 0u;
    }
    saturated_counts.back() = small;
  }

  // The per-step share of the diagnostics: running means, dead-unit flags, test budget.
  void track(double loss, std::size_t rows) {
    const double alpha = std::min(1.0, double(rows) / double(train.rows));
    ema_loss += alpha * (loss - ema_loss);
    ema_weight += alpha * (1 - ema_weight);
    if (has_accuracy(train)) {
      const std::size_t total = softmax() ? rows : rows * net.outputs();
      const double accuracy = double(correct(train_ws, batch_y.data())) / double(total);
      ema_accuracy += alpha * (accuracy - ema_accuracy);
    }
    for (std::size_t l = 0; l < epoch_alive.size(); ++l) {
      if (epoch_alive[l].empty()) continue;
      float* __restrict largest = epoch_alive[l].data();
      const std::size_t out = net.layers[l].out;
      const float* __restrict a = train_ws.a[l].data();
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < out; ++j) {
          const float v = std::fabs(a[r * out + j]);
          largest[j] = v > largest[j] ? v : largest[j];
        }
    }
    pending_test_rows += (config.batch_size + 15) / 16;
    train_fresh = false;
  }

  void publish_dead() {
    dead.assign(epoch_alive.size(), {});
    for (std::size_t l = 0; l < epoch_alive.size(); ++l) {
      for (std::size_t j = 0; j < epoch_alive[l].size(); ++j)
        if (!(epoch_alive[l][j] != 0.0f)) dead[l].push_back(std::uint32_t(j));
      std::fill(epoch_alive[l].begin(), epoch_alive[l].end(), 0.0f);
    }
    dead_known = true;
  }

  // Adds the penalty gradients to the weight gradients (biases and slopes are not penalised).
  void regularise() {
    const float l1 = float(config.l1);
    const float l2 = float(config.l2) + (optimizer == OptimizerKind::adamw ? 0.0f : weight_decay);
    if (l1 == 0 && l2 == 0) return;
    for (const detail::LayerShape& s : net.layers) {
      float* __restrict g = net.grad.data() + s.w;
      const float* __restrict w = net.theta.data() + s.w;
      const std::size_t n = s.in * s.out;
      for (std::size_t i = 0; i < n; ++i) {
        const float sign = w[i] > 0 ? 1.0f : (w[i] < 0 ? -1.0f : 0.0f);
        g[i] += l1 * sign + l2 * w[i];
      }
    }
  }

  void update() {
    beta1_power *= double(beta1);
    beta2_power *= double(beta2);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      const detail::LayerShape& s = net.layers[l];
      if (config.diagnostics) {  // the norms, summed by the update loops themselves
        detail::SumSquares& norms = diag[l].norms;
        norms = {};
        norms.weights = s.in * s.out;
        if (optimizer != OptimizerKind::adamw) {  // W and b (contiguous) in one call: fewer small loops
          update_range(s.w, s.b + s.out, true, &norms);
        } else {  // adamw decays W but not b
          detail::SumSquares bias;
          bias.weights = 0;
          update_range(s.w, s.w + s.in * s.out, true, &norms);
          update_range(s.b, s.b + s.out, false, &bias);
          norms.grad += bias.grad;
        }
      } else {
        update_range(s.w, s.w + s.in * s.out, true, nullptr);
        update_range(s.b, s.b + s.out, false, nullptr);
      }
      if (s.has_prelu) update_range(s.prelu, s.prelu + 1, false, nullptr);
    }
  }

  void update_range(std::size_t begin, std::size_t end, bool is_weight, detail::SumSquares* sums) {
    float* w = net.theta.data() + begin;
    const float* g = net.grad.data() + begin;
    float* m = moment1.data() + begin;
    float* v = moment2.data() + begin;
    const std::size_t n = end - begin;
    switch (optimizer) {
      case OptimizerKind::sgd:
        detail::sgd_update(w, g, n, lr, sums);
        return;
      case OptimizerKind::momentum:
        detail::momentum_update(w, g, m, n, lr, momentum, false, sums);
        return;
      case OptimizerKind::nesterov:
        detail::momentum_update(w, g, m, n, lr, momentum, true, sums);
        return;
      case OptimizerKind::rmsprop:
        detail::rmsprop_update(w, g, v, n, lr, rho, eps, sums);
        return;
      case OptimizerKind::adam:
      case OptimizerKind::adamw: {
        const float step_size = float(double(lr) / (1 - beta1_power));
        const float inv_sqrt_bc2 = float(1 / std::sqrt(1 - beta2_power));
        const float decay = optimizer == OptimizerKind::adamw && is_weight ? 1.0f - lr * weight_decay : 1.0f;
        detail::adam_update(w, g, m, v, n, beta1, beta2, eps, step_size, inv_sqrt_bc2, decay, sums);
        return;
      }
    }
  }

  void require_data(const char* what) const {
    if (train.rows == 0) fail({what, ": no training data; call setData first (or give config.dataset)"});
  }

  std::size_t step(std::size_t n) {
    if (n < 1 || n > max_steps_per_call) fail({"step: n = ", n, " is outside [1, ", max_steps_per_call, "]"});
    require_data("step");
    std::size_t done = 0;
    while (done < n && status == TrainerStatus::ok && one_step()) ++done;
    cache_valid = false;
    return done;
  }

  std::size_t epoch() {
    require_data("epoch");
    const std::size_t batch = std::min(config.batch_size, train.rows);
    const std::size_t remaining = train.rows - cursor;
    return step((remaining + batch - 1) / batch);
  }

  // ---- evaluation --------------------------------------------------------------------------------

  struct SetEvaluation {
    double loss = NAN, accuracy = NAN;
  };

  bool regression() const { return config.output.activation == "linear" && !hinge(); }

  // Correct predictions of the last forward pass in ws against targets y.
  std::size_t correct(const Workspace<float>& ws, const float* y) const {
    const std::size_t rows = ws.rows, out = net.outputs();
    const float* a = ws.a.back().data();
    std::size_t hits = 0;
    if (softmax()) {
      for (std::size_t r = 0; r < rows; ++r) {
        const float* ar = a + r * out;
        const std::size_t best = std::size_t(std::max_element(ar, ar + out) - ar);
        hits += best == std::size_t(y[r]);
      }
      return hits;
    }
    const std::size_t n = rows * out;
    if (net.output == OutputKind::sigmoid) {
      for (std::size_t i = 0; i < n; ++i) hits += (a[i] > 0.5f) == (y[i] > 0.5f);
    } else {
      for (std::size_t i = 0; i < n; ++i) hits += (a[i] > 0.0f) == (y[i] > 0.0f);  // tanh or hinge, -1/+1 labels
    }
    return hits;
  }

  bool has_accuracy(const Data& d) const {
    if (softmax()) return true;
    if (regression()) return false;
    if (config.output.activation == "sigmoid") return d.unit_labels;
    return d.sign_labels;  // tanh + mse, linear + hinge
  }

  // Loss sum, hits and counted outputs over rows [start, start + count) of d.
  void evaluate_rows(const Data& d, std::size_t start, std::size_t count, double& loss_sum, std::size_t& hits,
                     std::size_t& total, std::vector<std::vector<char>>* alive) {
    const std::size_t features = net.inputs(), per_row = softmax() ? 1 : net.outputs();
    for (std::size_t at = start; at < start + count; at += eval_chunk) {
      const std::size_t rows = std::min(eval_chunk, start + count - at);
      net.forward(d.x.data() + at * features, rows, eval_ws);
      const float* y = d.y.data() + at * per_row;
      loss_sum += net.loss_value(eval_ws, y, nullptr) * double(rows);
      hits += correct(eval_ws, y);
      total += softmax() ? rows : rows * net.outputs();
      if (alive)
        for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) {
          const std::size_t out = net.layers[l].out;
          const float* a = eval_ws.a[l].data();
          std::vector<char>& flags = (*alive)[l];
          for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t j = 0; j < out; ++j) flags[j] |= a[r * out + j] != 0.0f;
        }
    }
  }

  // Loss and accuracy over a whole data set; marks units seen active in `alive`.
  SetEvaluation evaluate_set(const Data& d, std::vector<std::vector<char>>* alive) {
    SetEvaluation e;
    if (d.rows == 0) return e;
    double loss_sum = 0;
    std::size_t hits = 0, total = 0;
    evaluate_rows(d, 0, d.rows, loss_sum, hits, total, alive);
    e.loss = loss_sum / double(d.rows);
    if (has_accuracy(d)) e.accuracy = double(hits) / double(total);
    return e;
  }

  Evaluation evaluate() {
    Evaluation out;
    out.train_loss = out.train_accuracy = out.test_loss = out.test_accuracy = NAN;
    if (!built) return out;
    std::vector<std::vector<char>> alive(net.layers.size() - 1);
    for (std::size_t l = 0; l < alive.size(); ++l) alive[l].assign(net.layers[l].out, 0);
    if (train.rows) {
      const SetEvaluation e = evaluate_set(train, &alive);
      out.train_loss = e.loss;
      out.train_accuracy = e.accuracy;
      if (!std::isfinite(e.loss) && status == TrainerStatus::ok) {
        status = TrainerStatus::diverged;  // the last update sent the weights out of range
        diverged_at = steps;
        cache_valid = false;
      }
      out.dead_units.resize(alive.size());
      for (std::size_t l = 0; l < alive.size(); ++l)
        for (std::size_t j = 0; j < alive[l].size(); ++j)
          if (!alive[l][j]) out.dead_units[l].push_back(std::uint32_t(j));
    }
    if (has_test && test.rows) {
      const SetEvaluation e = evaluate_set(test, nullptr);
      out.test_loss = e.loss;
      out.test_accuracy = e.accuracy;
    }
    return out;
  }

  // Evaluates the test rows the steps since the last call have paid for.
  void advance_test_sweep() {
    if (!has_test || test.rows == 0) return;
    if (!test_published) {
      const SetEvaluation e = evaluate_set(test, nullptr);
      test_loss = e.loss;
      test_accuracy = e.accuracy;
      test_published = true;
      pending_test_rows = 0;
      return;
    }
    std::size_t budget = std::min(pending_test_rows, test.rows);
    pending_test_rows = 0;
    while (budget > 0) {
      const std::size_t count = std::min(budget, test.rows - test_cursor);
      evaluate_rows(test, test_cursor, count, sweep_loss, sweep_hits, sweep_total, nullptr);
      sweep_rows += count;
      test_cursor += count;
      budget -= count;
      if (test_cursor == test.rows) {
        test_loss = sweep_loss / double(sweep_rows);
        test_accuracy = has_accuracy(test) ? double(sweep_hits) / double(sweep_total) : NAN;
        test_cursor = sweep_rows = sweep_hits = sweep_total = 0;
        sweep_loss = 0;
      }
    }
  }

  const Metrics& metrics() {
    if (cache_valid) return cached;
    Metrics& m = cached;
    m.step = steps;
    m.epoch = epochs;
    m.batch_loss = batch_loss;
    m.train_loss = m.test_loss = m.train_accuracy = m.test_accuracy = NAN;
    if (built) {
      if (train.rows && train_fresh) {
        // No step yet on these weights and data: one exact pass (cached until the next step).
        std::vector<std::vector<char>> alive(net.layers.size() - 1);
        for (std::size_t l = 0; l < alive.size(); ++l) alive[l].assign(net.layers[l].out, 0);
        const SetEvaluation e = evaluate_set(train, &alive);
        m.train_loss = e.loss;
        m.train_accuracy = e.accuracy;
        dead.assign(alive.size(), {});
        for (std::size_t l = 0; l < alive.size(); ++l)
          if (can_die(net.layers[l]))
            for (std::size_t j = 0; j < alive[l].size(); ++j)
              if (!alive[l][j]) dead[l].push_back(std::uint32_t(j));
        dead_known = true;
      } else if (train.rows && ema_weight > 0) {
        m.train_loss = ema_loss / ema_weight;
        if (has_accuracy(train)) m.train_accuracy = ema_accuracy / ema_weight;
      }
      advance_test_sweep();
      m.test_loss = test_loss;
      m.test_accuracy = test_accuracy;
      m.layers.resize(config.diagnostics ? net.layers.size() : 0);
      for (std::size_t l = 0; l < m.layers.size(); ++l) layer_metrics(l, m.layers[l]);
    } else {
      m.layers.clear();
    }
    m.status = status;
    m.diverged_at_step = diverged_at;
    cache_valid = true;
    return cached;
  }

  // Fills `lm` in place (its vectors keep their capacity between calls): a copy
  // of what the last step gathered, or, before any step on these weights, the
  // weight norms of the current weights and zeros.
  void layer_metrics(std::size_t l, LayerMetrics& lm) {
    const detail::LayerShape& s = net.layers[l];
    lm.prelu_weight = s.has_prelu ? double(net.theta[s.prelu]) : 0.0;
    lm.dead_units.clear();
    lm.dead_fraction = 0;
    if (l + 1 < net.layers.size() && dead_known && l < dead.size()) {
      lm.dead_units.assign(dead[l].begin(), dead[l].end());
      lm.dead_fraction = double(dead[l].size()) / double(s.out);
    }
    if (!diag_from_step) {
      lm.grad_norm = std::sqrt(sum_of_squares(net.grad.data() + s.w, s.in * s.out + s.out));
      lm.weight_norm = std::sqrt(sum_of_squares(net.theta.data() + s.w, s.in * s.out));
      lm.histogram.counts.assign(histogram_bins, 0);
      lm.histogram.min = lm.histogram.max = 0;
      lm.pre_act_mean = lm.pre_act_std = lm.saturated_fraction = 0;
      return;
    }
    const LayerDiagnostics& d = diag[l];
    lm.grad_norm = std::sqrt(d.norms.grad);
    lm.weight_norm = std::sqrt(d.norms.weight);
    // The pre-activation statistics come from the last batch's z, which the step
    // leaves in train_ws and only the next step overwrites: computed here, when
    // they are read, they are the same numbers as if the step had computed them.
    const float* z = train_ws.z[l].data();
    summarise(z, moments(z, std::min(train_ws.rows, d.sample_rows) * s.out), batch_stats);
    lm.pre_act_mean = batch_stats.mean;
    lm.pre_act_std = batch_stats.std;
    lm.histogram.min = batch_stats.min;
    lm.histogram.max = batch_stats.max;
    lm.histogram.counts.assign(batch_stats.counts.begin(), batch_stats.counts.end());
    const std::size_t pairs = diag_rows * s.out;
    lm.saturated_fraction = pairs ? double(saturated_counts[l]) / double(pairs) : 0.0;
  }

  // ---- prediction ------------------------------------------------------------------------------

  void require_network(const char* what) const {
    if (!built) fail({what, ": the network has no input width yet; call setData first (or give config.inputs)"});
  }

  std::vector<float> predict(std::span<const float> x) {
    require_network("predict");
    const std::size_t f = net.inputs(), out = net.outputs();
    if (x.empty() || x.size() % f != 0)
      fail({"predict: x has ", x.size(), " values, not a positive multiple of the input width ", f});
    if (x.size() > (std::size_t{1} << 26)) fail({"predict: x has more than 67108864 values"});
    const std::size_t rows = x.size() / f;
    std::vector<float> result(rows * out);
    std::vector<float> chunk;
    for (std::size_t start = 0; start < rows; start += eval_chunk) {
      const std::size_t n = std::min(eval_chunk, rows - start);
      chunk.assign(x.begin() + std::ptrdiff_t(start * f), x.begin() + std::ptrdiff_t((start + n) * f));
      for (float v : chunk)
        if (!std::isfinite(v)) fail({"predict: x holds a value that is not a finite number"});
      standardise(chunk.data(), n);
      net.forward(chunk.data(), n, eval_ws);
      const float* a = eval_ws.a.back().data();
      for (std::size_t i = 0; i < n * out; ++i) result[start * out + i] = std::isfinite(a[i]) ? a[i] : 0.0f;
    }
    return result;
  }

  void standardise(float* x, std::size_t rows) const {
    if (mean.empty()) return;
    const std::size_t f = mean.size();
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t k = 0; k < f; ++k) x[r * f + k] = (x[r * f + k] - mean[k]) * inv_std[k];
  }

  std::span<const float> predict_grid(double x_min, double x_max, double y_min, double y_max, std::size_t width,
                                      std::size_t height) {
    require_network("predictGrid");
    if (net.inputs() != 2) fail({"predictGrid: needs a network with 2 inputs; this one has ", net.inputs()});
    if (!(std::isfinite(x_min) && std::isfinite(x_max) && x_min < x_max))
      fail({"predictGrid: need finite xMin < xMax, got ", x_min, ", ", x_max});
    if (!(std::isfinite(y_min) && std::isfinite(y_max) && y_min < y_max))
      fail({"predictGrid: need finite yMin < yMax, got ", y_min, ", ", y_max});
    if (width < 1 || width > 1024 || height < 1 || height > 1024)
      fail({"predictGrid: width = ", width, " and height = ", height, " must be in [1, 1024]"});
    const std::size_t cells = width * height, out = net.outputs();
    grid.resize(cells);
    scratch.resize(eval_chunk * 2);
    const double dx = (x_max - x_min) / double(width), dy = (y_max - y_min) / double(height);
    for (std::size_t start = 0; start < cells; start += eval_chunk) {
      const std::size_t n = std::min(eval_chunk, cells - start);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t cell = start + i, row = cell / width, col = cell % width;
        scratch[2 * i] = float(x_min + (double(col) + 0.5) * dx);
        scratch[2 * i + 1] = float(y_max - (double(row) + 0.5) * dy);
      }
      standardise(scratch.data(), n);
      net.forward(scratch.data(), n, eval_ws);
      const float* a = eval_ws.a.back().data();
      if (out == 1) {
        for (std::size_t i = 0; i < n; ++i) grid[start + i] = std::isfinite(a[i]) ? a[i] : 0.0f;
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          const float* ar = a + i * out;
          std::size_t best = 0;
          for (std::size_t j = 1; j < out; ++j)
            if (ar[j] > ar[best]) best = j;  // NaN never wins, so a diverged net gives class 0
          grid[start + i] = float(best);
        }
      }
    }
    return {grid.data(), grid.size()};
  }

  // ---- weights --------------------------------------------------------------------------------------

  ACTLAB_COLD std::string export_weights() const {
    require_network("exportWeights");
    json::Writer w;
    w.begin_object().key("format").value("actlab-weights").key("version").value(1.0);
    w.key("config").raw(config_to_json(config));
    w.key("inputs").value(double(net.inputs()));
    w.key("standardize");
    if (mean.empty()) {
      w.null();
    } else {
      w.begin_object()
          .key("mean")
          .floats(mean.data(), mean.size())
          .key("invStd")
          .floats(inv_std.data(), inv_std.size());
      w.end_object();
    }
    w.key("layers").begin_array();
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      const detail::LayerShape& s = net.layers[l];
      w.begin_object().key("in").value(double(s.in)).key("out").value(double(s.out));
      w.key("activation").value(s.act ? std::string(s.act->id) : config.output.activation);
      w.key("weights").floats(net.theta.data() + s.w, s.in * s.out);
      w.key("biases").floats(net.theta.data() + s.b, s.out);
      w.key("prelu");
      if (s.has_prelu)
        w.value(double(net.theta[s.prelu]), 9);
      else
        w.null();
      w.end_object();
    }
    w.end_array().end_object();
    return w.take();
  }

  // The array at `path` (the member `name` of layers[layer], or of standardize
  // when layer is npos) as floats, checked to hold `expected` finite numbers.
  ACTLAB_COLD static std::vector<float> float_array(const json::Value* v, std::size_t layer, const char* name,
                                                    std::size_t expected) {
    const std::string path = layer == std::string_view::npos ? detail::concat({"standardize.", name})
                                                             : detail::concat({"layers[", layer, "].", name});
    if (!v || !v->is_array()) fail({"importWeights: ", path, " must be an array of ", expected, " numbers"});
    if (v->items().size() != expected)
      fail({"importWeights: ", path, " has ", v->items().size(), " values; the network needs ", expected});
    std::vector<float> out(expected);
    for (std::size_t i = 0; i < expected; ++i) {
      const json::Value& item = v->items()[i];
      if (!item.is_number() || !std::isfinite(float(item.as_number())))
        fail({"importWeights: ", path, "[", i, "] must be a finite float"});
      out[i] = float(item.as_number());
    }
    return out;
  }

  ACTLAB_COLD void import_weights(std::string_view text) {
    json::Value root;
    try {
      root = json::parse(text);
    } catch (const json::ParseError& e) {
      fail({"importWeights: ", e.what()});
    }
    if (!root.is_object()) fail({"importWeights: the weights must be a JSON object"});
    const json::Value* format = root.find("format");
    if (!format || !format->is_string() || format->as_string() != "actlab-weights")
      fail({"importWeights: format must be \"actlab-weights\""});
    // a file of another version may lay its numbers out differently: refused, not misread
    // (a file without a version, written by hand, is read as version 1)
    const json::Value* version = root.find("version");
    if (version && !(version->is_number() && version->as_number() == 1.0))
      fail({"importWeights: version must be 1 (the only version of the weights format)"});
    const json::Value* inputs = root.find("inputs");
    if (!inputs || !inputs->is_number() || inputs->as_number() < 1 || inputs->as_number() > double(max_features) ||
        inputs->as_number() != std::floor(inputs->as_number()))
      fail({"importWeights: inputs must be an integer in [1, ", max_features, "]"});
    const std::size_t n_inputs = std::size_t(inputs->as_number());
    if (built && n_inputs != net.inputs())
      fail({"importWeights: inputs = ", n_inputs, " does not match the network's ", net.inputs()});
    Network<float> next;
    next.build(config, n_inputs);
    const json::Value* layers = root.find("layers");
    if (!layers || !layers->is_array() || layers->items().size() != next.layers.size())
      fail({"importWeights: layers must be an array of ", next.layers.size(),
            " layers (hidden layers and the output layer)"});
    for (std::size_t l = 0; l < next.layers.size(); ++l) {
      const detail::LayerShape& s = next.layers[l];
      const json::Value& layer = layers->items()[l];
      if (!layer.is_object()) fail({"importWeights: layers[", l, "] must be an object"});
      const json::Value* act = layer.find("activation");
      const std::string_view expected = s.act ? s.act->id : std::string_view(config.output.activation);
      if (act && (!act->is_string() || act->as_string() != expected))
        fail({"importWeights: layers[", l, "].activation does not match the network's '", expected, "'"});
      const std::vector<float> w = float_array(layer.find("weights"), l, "weights", s.in * s.out);
      const std::vector<float> b = float_array(layer.find("biases"), l, "biases", s.out);
      std::copy(w.begin(), w.end(), next.theta.begin() + std::ptrdiff_t(s.w));
      std::copy(b.begin(), b.end(), next.theta.begin() + std::ptrdiff_t(s.b));
      if (s.has_prelu) {
        const json::Value* p = layer.find("prelu");
        if (p && !p->is_null()) {
          if (!p->is_number() || !(p->as_number() >= -10 && p->as_number() <= 10))
            fail({"importWeights: layers[", l, "].prelu must be a number in [-10, 10]"});
          next.theta[s.prelu] = float(p->as_number());
        }
      }
    }
    std::vector<float> new_mean = mean, new_inv_std = inv_std;
    if (const json::Value* st = root.find("standardize"); st && !st->is_null()) {
      if (!st->is_object()) fail({"importWeights: standardize must be an object or null"});
      new_mean = float_array(st->find("mean"), std::string_view::npos, "mean", n_inputs);
      new_inv_std = float_array(st->find("invStd"), std::string_view::npos, "invStd", n_inputs);
      if (!mean.empty() && train.rows) {
        // The stored training data were standardised with the old statistics; keep them consistent.
        if (new_mean != mean || new_inv_std != inv_std)
          fail(
              {"importWeights: standardize differs from the statistics of the current training data; import before "
               "setData or with the same data"});
      }
    }
    // Everything checked: commit.
    if (!built) {
      net = std::move(next);
      built = true;
    } else {
      net.theta = std::move(next.theta);
    }
    mean = std::move(new_mean);
    inv_std = std::move(new_inv_std);
    reset_optimizer();
  }
};

// ---- the public class forwards to Impl ---------------------------------------------------------

Trainer::Trainer(TrainerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Trainer::~Trainer() = default;
Trainer::Trainer(Trainer&&) noexcept = default;
Trainer& Trainer::operator=(Trainer&&) noexcept = default;

const TrainerConfig& Trainer::config() const noexcept { return impl_->config; }
void Trainer::set_data(std::span<const float> x, std::span<const float> y, std::size_t n_features,
                       std::size_t n_outputs) {
  impl_->set_data(x, y, n_features, n_outputs);
}
void Trainer::set_test_data(std::span<const float> x, std::span<const float> y, std::size_t n_features,
                            std::size_t n_outputs) {
  impl_->set_test_data(x, y, n_features, n_outputs);
}
std::size_t Trainer::step(std::size_t n) { return impl_->step(n); }
std::size_t Trainer::epoch() { return impl_->epoch(); }
void Trainer::reset() {
  if (impl_->built) impl_->initialise();
  impl_->steps = impl_->epochs = 0;
  impl_->batch_loss = NAN;
}
const Metrics& Trainer::metrics() { return impl_->metrics(); }
Evaluation Trainer::evaluate() { return impl_->evaluate(); }
std::size_t Trainer::input_width() const noexcept { return impl_->built ? impl_->net.inputs() : 0; }
std::size_t Trainer::output_width() const noexcept { return impl_->config.output.units; }
bool Trainer::has_network() const noexcept { return impl_->built; }
std::vector<float> Trainer::predict(std::span<const float> x) { return impl_->predict(x); }
std::span<const float> Trainer::predict_grid(double x_min, double x_max, double y_min, double y_max, std::size_t width,
                                             std::size_t height) {
  return impl_->predict_grid(x_min, x_max, y_min, y_max, width, height);
}
std::string Trainer::export_weights() const { return impl_->export_weights(); }
void Trainer::import_weights(std::string_view json) { impl_->import_weights(json); }

}  // namespace actlab
