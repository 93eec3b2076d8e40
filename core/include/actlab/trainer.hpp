// ActLab's trainer: a fully connected network (1 to 8 hidden layers of 1 to 256
// units) trained with mini-batch gradient descent in float32, with the
// diagnostics the tutorial's widgets show.
//
// Usage:
//   actlab::Trainer trainer(actlab::parse_config(json));   // throws ConfigError
//   trainer.set_data(x, y, n_features, n_outputs);          // or config.dataset
//   trainer.step(100);
//   const actlab::Metrics& m = trainer.metrics();
//
// The config format (JSON, every field, defaults and ranges) is documented in
// docs/trainer-config.md; the defaults are the member initialisers below.
//
// Output and loss pairs: linear with mse | mae | huber | smooth_l1 | log_cosh |
// hinge; sigmoid with bce (fused with the sigmoid, the stable bce_logits form)
// or mse; tanh with mse; softmax with cross_entropy (fused log-softmax).
//
// Determinism: every random draw (initial weights, shuffling, generated data)
// comes from one seeded xoshiro128** stream (dataset.hpp), and every reduction
// runs in a fixed order, so the same config, data and seed give bit-identical
// weights and losses on every run of a build. Native and wasm builds differ only
// in the last bits of the libm functions (exp, tanh, ...).
//
// Errors: every failing call throws std::invalid_argument (ConfigError for the
// config) with a message naming the field or argument and its allowed range, and
// leaves the trainer as it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/dataset.hpp"

namespace actlab {

// A config error; what() names the field path and the allowed range, e.g.
// "layers[1].units = 0 is outside [1, 256]".
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

inline constexpr std::size_t max_hidden_layers = 8;
inline constexpr std::size_t max_units = 256;
inline constexpr std::size_t max_features = 1024;
inline constexpr std::size_t max_batch_size = 4096;
inline constexpr std::size_t max_steps_per_call = 100000;
inline constexpr std::size_t histogram_bins = 20;

struct LayerConfig {
  std::size_t units = 0;       // required, 1..256
  std::string activation;      // required, any id of activations()
  std::vector<double> params;  // optional; defaults of the activation (prelu: initial weight)
};

struct OutputConfig {
  std::size_t units = 1;   // required, 1..256 (softmax: 2..256 classes)
  std::string activation;  // required: linear | sigmoid | tanh | softmax
};

struct LossConfig {
  std::string id;              // required; must suit the output activation
  std::vector<double> params;  // optional; cross_entropy's k is the output width
};

struct OptimizerConfig {
  std::string id = "sgd";    // sgd | momentum | nesterov | rmsprop | adam | adamw
  double lr = 0;             // (0, 10]; 0 here means "the optimizer's default":
                             // 0.03 for sgd, momentum, nesterov; 0.01 rmsprop; 0.001 adam, adamw
  double momentum = 0.9;     // [0, 1): momentum and nesterov
  double rho = 0.99;         // [0, 1): rmsprop's decay of the squared-gradient average
  double beta1 = 0.9;        // [0, 1): adam, adamw
  double beta2 = 0.999;      // [0, 1): adam, adamw
  double eps = 1e-8;         // (0, 1]: rmsprop, adam, adamw
  double weight_decay = -1;  // [0, 10]; -1 here means the default: 0.01 for adamw
                             // (decoupled), 0 otherwise (added to the gradient as L2)
};

struct TrainerConfig {
  std::vector<LayerConfig> layers;      // required, 1..8 hidden layers
  OutputConfig output;                  // required
  LossConfig loss;                      // required
  OptimizerConfig optimizer;            // optional
  std::size_t batch_size = 32;          // 1..4096; clamped to the number of training rows
  std::string init = "xavier_uniform";  // xavier_uniform | xavier_normal | he_uniform |
                                        // he_normal | lecun_normal | zeros (biases always start at 0)
  double l1 = 0;                        // [0, 10]: adds l1 * sum |w| to the loss (weights, not biases)
  double l2 = 0;                        // [0, 10]: adds l2 / 2 * sum w^2 to the loss (weights, not biases)
  std::uint64_t seed = 1;               // 0..2^53: weights and shuffling
  bool standardize = false;             // z-score each feature with the training set's mean and std
  std::size_t inputs = 0;               // optional input width; 0 = taken from the data
  std::optional<DatasetSpec> dataset;   // optional built-in data set (replaces set_data)
  bool diagnostics = true;              // per-layer diagnostics, gathered during every step (see Metrics);
                                        // false: Metrics::layers stays empty and the steps skip that work
};

// Parses and validates a JSON config; throws ConfigError naming the bad field.
// Unknown fields are errors too (they are usually typos).
TrainerConfig parse_config(std::string_view json);

// Parses and validates a data set spec, the JSON object
// { "id": ..., "samples": 500, "noise": 0, "testRatio": 0.2, "seed": 1 }
// (the same fields, defaults and ranges as the config's "dataset"); throws ConfigError.
DatasetSpec parse_dataset_spec(std::string_view json);

// Validates a config built in C++ (parse_config already does this).
void validate_config(const TrainerConfig& config);

// The config as JSON, every field spelt out (defaults resolved).
std::string config_to_json(const TrainerConfig& config);

enum class TrainerStatus { ok, diverged };

struct Histogram {
  float min = 0;                      // the batch's smallest pre-activation
  float max = 0;                      // and largest; bins split [min, max] evenly
  std::vector<std::uint32_t> counts;  // histogram_bins counts
};

// One entry per hidden layer and one for the output layer (last).
struct LayerMetrics {
  double grad_norm = 0;                   // L2 norm of the last step's gradient of W and b (penalties included)
  double weight_norm = 0;                 // L2 norm of W after the last step (biases excluded)
  double pre_act_mean = 0;                // mean of z = W x + b over the last batch (sampled, see Metrics)
  double pre_act_std = 0;                 // its (population) standard deviation
  Histogram histogram;                    // of z over the last batch (the same sample)
  double saturated_fraction = 0;          // share of (row, unit) pairs of the last batch with |f'(z)| < 0.01
  double dead_fraction = 0;               // share of dead units (see Metrics); 0 for the output layer
  std::vector<std::uint32_t> dead_units;  // their indices
  double prelu_weight = 0;                // the learned slope (prelu layers only; 0 otherwise)
};

// What metrics() reports and what it costs. With config.diagnostics (the
// default) every step gathers what only exists during the step (or spans
// steps) inside the loops that already touch the data; metrics() copies it out
// and derives the rest from the buffers the last step leaves behind:
//  - batch_loss: the last mini-batch's mean loss (computed by every step anyway;
//    a non-finite value stops training with status diverged).
//  - train_loss, train_accuracy: running means over about the last epoch of
//    training batches (an exponential average with weight rows / training rows
//    per step, bias-corrected), accumulated during the steps: no extra pass.
//  - test_loss, test_accuracy: the test set is evaluated in slices as metrics()
//    is called, at most ceil(batchSize / 16) test rows per step taken since the
//    last call; the values are those of the last complete sweep over the test
//    set (of the current sweep until one completes).
//  - per layer, gathered by the step: gradient and weight norms (summed in the
//    optimizer's update loop: the gradient it applied, the weights it wrote);
//    saturated fraction over the whole batch (counted where the backward pass
//    applies f'(z); for the output layer from its outputs after the forward pass).
//  - per layer, computed when read: pre-activation mean, std and histogram over
//    the last batch's first rows, up to 128 values a layer (all of the batch
//    when rows * units <= 128; the batch is a shuffled draw, so its first rows
//    are a random sample). The step leaves these pre-activations in the trainer
//    and only the next step overwrites them, so the numbers are those the step
//    would have computed, at no cost to steps nobody reads.
//  - dead units (layers whose activation can output exactly 0: relu, relu6,
//    step, hardsigmoid, hardswish): units that gave 0 on every training row
//    seen in the last complete epoch, tracked during the steps.
// Before the first step (and after reset() or import_weights()) metrics() runs
// one exact pass over all the data instead, and the per-layer numbers are the
// weight norms and dead units of the current weights (gradient norm, batch
// statistics and saturated fraction 0). evaluate() always does an exact pass.
// With config.diagnostics false, `layers` is empty; everything else is as above.
struct Metrics {
  std::uint64_t step = 0;     // mini-batch steps taken
  std::uint64_t epoch = 0;    // complete passes over the training set
  double batch_loss = 0;      // mean data loss of the last batch (NaN before the first step)
  double train_loss = 0;      // data loss (penalties excluded); NaN without training data
  double test_loss = 0;       // NaN without test data
  double train_accuracy = 0;  // NaN for regression (linear output with a regression loss)
  double test_accuracy = 0;   // NaN for regression or without test data
  TrainerStatus status = TrainerStatus::ok;
  std::uint64_t diverged_at_step = 0;  // the step whose loss was not finite (0 while ok)
  std::vector<LayerMetrics> layers;    // empty with config.diagnostics false
};

// An exact evaluation over whole data sets with the current weights.
struct Evaluation {
  double train_loss = 0, train_accuracy = 0;  // NaN when not applicable (see Metrics)
  double test_loss = 0, test_accuracy = 0;
  std::vector<std::vector<std::uint32_t>> dead_units;  // per hidden layer: units 0 on every training row
};

class Trainer {
 public:
  // Validates the config (ConfigError) and, when config.dataset or
  // config.inputs is set, builds the network (and the data) at once.
  explicit Trainer(TrainerConfig config);
  ~Trainer();
  Trainer(Trainer&&) noexcept;
  Trainer& operator=(Trainer&&) noexcept;
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  const TrainerConfig& config() const noexcept;

  // x: rows * n_features values, row-major. y: for softmax one class index per
  // row (n_outputs = number of classes = output.units); otherwise n_outputs
  // targets per row. 0/1 labels become -1/+1 for hinge and for tanh with mse.
  // The first call fixes the input width and initialises the weights; a later
  // call must keep the width (set_data again with the same width restarts the
  // epoch but keeps the weights). Throws std::invalid_argument for bad shapes,
  // non-finite values or labels outside the loss's domain.
  void set_data(std::span<const float> x, std::span<const float> y, std::size_t n_features, std::size_t n_outputs);
  void set_test_data(std::span<const float> x, std::span<const float> y, std::size_t n_features, std::size_t n_outputs);

  // n mini-batch steps, 1 <= n <= 100000. Returns the number of steps taken,
  // fewer than n if the loss became non-finite (status diverged: training stops
  // and later calls take no step until reset() or import_weights()).
  std::size_t step(std::size_t n);
  // Steps to the end of the current pass over the training set (a full pass if
  // one just ended). Returns the steps taken.
  std::size_t epoch();
  // Re-initialises the weights and optimizer state from the seed; clears the status.
  void reset();

  // Cheap; see Metrics. The reference is valid until the next call on the trainer.
  const Metrics& metrics();
  // Exact, over all training and test rows (a forward pass over both).
  Evaluation evaluate();

  std::size_t input_width() const noexcept;   // 0 until the network exists
  std::size_t output_width() const noexcept;  // output.units
  bool has_network() const noexcept;

  // Network outputs for rows of x (input_width() values each): output.units
  // values a row (softmax: probabilities; sigmoid: probabilities; otherwise the
  // output activation's value). A non-finite output (possible only after
  // divergence) is returned as 0.
  std::vector<float> predict(std::span<const float> x);

  // width * height values for a 2-input network, row-major, row 0 at y_max,
  // column 0 at x_min, sampled at cell centres: the output for single-output
  // nets, the most probable class for softmax. 1 <= width, height <= 1024.
  // The span points into the trainer and is valid until its next call.
  std::span<const float> predict_grid(double x_min, double x_max, double y_min, double y_max, std::size_t width,
                                      std::size_t height);

  // {"format":"actlab-weights","version":1,"config":{...},"inputs":n,
  //  "standardize":{"mean":[...],"std":[...]} | null,
  //  "layers":[{"in":n,"out":m,"activation":"relu","weights":[in*out, row-major by input],
  //             "biases":[out],"prelu":a | null}, ...]}
  std::string export_weights() const;
  // Replaces the weights (and standardisation, if given); the shapes must match
  // the current network. Resets the optimizer state and clears a divergence.
  void import_weights(std::string_view json);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

const char* to_string(TrainerStatus status) noexcept;

}  // namespace actlab
