// ActLab activation functions: one table, keyed by id, with every function's
// value and derivative side by side and the metadata the UI, docs and tests read.
//
// Definitions, parameter names, defaults and the derivative at kinks follow
// PyTorch's torch.nn.functional (relu'(0) = 0, leaky_relu'(0) = negative_slope,
// relu6'(0) = relu6'(6) = 0, hardtanh' = 0 at min_val and max_val, hardswish'(-3) = -0.5, ...). All functions are
// evaluated in a form that stays finite for every finite input.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

namespace actlab {

inline constexpr std::size_t max_params = 2;
inline constexpr double infinity = std::numeric_limits<double>::infinity();

// A tunable parameter. [min, max] is the range the API accepts;
// [slider_min, slider_max] is the range a UI slider should offer. If above is
// set, it names an earlier parameter of the same function that this one must
// be strictly greater than (hardtanh's max_val > min_val).
struct ParamSpec {
  std::string_view id;
  double default_value;
  double min;
  double max;
  double slider_min;
  double slider_max;
  std::string_view above{};
};

// Claims about the function at its default parameters. Each one is verified
// numerically by tests/core/activation_test.cpp:
//   monotonic     f'(x) >= 0 everywhere (checked on a dense grid over [-50, 50])
//   smooth        f is continuously differentiable (f' has no jump)
//   zero_centred  f(0) = 0 and the mean of f(z) for z ~ N(0, 1) is 0
//   bounded_above / bounded_below  the output range has a finite end
//   saturating    f'(x) -> 0 at both ends, x -> -inf and x -> +inf
struct ActivationProperties {
  bool monotonic;
  bool smooth;
  bool zero_centred;
  bool bounded_above;
  bool bounded_below;
  bool saturating;
};

using ScalarFunction = double (*)(double x, const double* params);
using BatchFunction = void (*)(const float* in, float* out, std::size_t n, const float* params);

struct Activation {
  std::string_view id;          // PyTorch-style id, e.g. "leaky_relu"
  std::string_view name;        // display name, e.g. "Leaky ReLU"
  std::string_view torch;       // the PyTorch call, e.g. "F.leaky_relu(x, negative_slope=0.01)"
  std::string_view formula;     // LaTeX of f(x)
  std::string_view derivative;  // LaTeX of f'(x)
  std::string_view origin;      // where it comes from: authors and year
  std::span<const ParamSpec> params;
  double range_min;  // infimum of the output at the default parameters (may be -inf)
  double range_max;  // supremum of the output at the default parameters (may be +inf)
  bool range_min_attained;
  bool range_max_attained;
  ActivationProperties properties;
  // Double precision, parameters already resolved (see resolve_params).
  // NaN in gives NaN out for both.
  ScalarFunction value;
  ScalarFunction grad;
  // Single precision over a contiguous array, for the trainer's hot loops.
  BatchFunction value_batch;
  BatchFunction grad_batch;
};

// Every activation, in the order the UI lists them.
std::span<const Activation> activations();

// The activation with this id, or nullptr.
const Activation* find_activation(std::string_view id) noexcept;

// Like find_activation, but throws std::invalid_argument naming the id.
const Activation& activation(std::string_view id);

using Params = std::array<double, max_params>;

// Fills in defaults and validates: an empty list means all defaults, a shorter
// list leaves the trailing parameters at their defaults. Throws
// std::invalid_argument for too many values, NaN or inf, or a value outside
// [min, max], naming the parameter and its range.
Params resolve_params(const Activation& fn, std::span<const double> given);

// y[i] = f(x[i]) and dy[i] = f'(x[i]); out must have x's length.
void activation_eval(std::string_view id, std::span<const double> x, std::span<const double> params,
                     std::span<double> out);
void activation_grad(std::string_view id, std::span<const double> x, std::span<const double> params,
                     std::span<double> out);

}  // namespace actlab
