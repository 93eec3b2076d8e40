// ActLab loss functions: the value (reduction "mean", or "batchmean" for kl_div),
// the loss of each example (reduction "none") and the gradient of the value with
// respect to the prediction, following PyTorch's
// torch.nn.functional definitions and defaults, in numerically stable forms.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "actlab/activation.hpp"

namespace actlab {

// Claims about the loss as a function of one prediction, at default parameters,
// each verified by tests/core/loss_test.cpp:
//   convex            the per-element loss is convex in the prediction
//   smooth            its gradient has no jump
//   bounded_gradient  |d loss / d pred| per element stays bounded (robust to outliers)
struct LossProperties {
  bool convex;
  bool smooth;
  bool bounded_gradient;
};

// What the targets must be.
enum class TargetKind {
  real,          // any real number
  probability,   // in [0, 1]
  sign,          // -1 or +1
  class_index,   // an integer in [0, k)
  distribution,  // probabilities (>= 0), one row of k per prediction row
};

// The loss over n predictions (rows of k for cross_entropy and kl_div), with
// c the resolved parameters; inputs already validated by loss_value/loss_grad.
using LossValue = double (*)(std::span<const double> pred, std::span<const double> target, const double* c,
                             std::size_t k);
using LossGrad = void (*)(std::span<const double> pred, std::span<const double> target, const double* c, std::size_t k,
                          std::span<double> out);
// The loss of each example into out (one value per row of k for cross_entropy
// and kl_div, else one per prediction); their mean is the LossValue.
using LossEach = void (*)(std::span<const double> pred, std::span<const double> target, const double* c, std::size_t k,
                          std::span<double> out);

struct Loss {
  std::string_view id;
  std::string_view name;
  std::string_view torch;       // the PyTorch call
  std::string_view formula;     // LaTeX of the per-element (or per-row) loss
  std::string_view gradient;    // LaTeX of its derivative with respect to the prediction
  std::string_view prediction;  // what the prediction is: "value", "probability", "logit", "log-probability"
  TargetKind target;
  std::span<const ParamSpec> params;
  LossProperties properties;
  LossValue value;
  LossGrad grad;
  LossEach each;
};

std::span<const Loss> losses();
const Loss* find_loss(std::string_view id) noexcept;
const Loss& loss(std::string_view id);

// For cross_entropy, pred holds n*k logits row-major and target holds n class
// indices; k = 0 (the default) means k = pred.size() / target.size().
// For kl_div, pred holds log-probabilities and target probabilities, both n*k,
// and the sum is divided by n (k defaults to 1, as PyTorch on a 1-D tensor).
// Throws std::invalid_argument for an unknown id, mismatched or empty arrays,
// a bad k, a bad parameter, or a target outside the loss's domain.
double loss_value(std::string_view id, std::span<const double> pred, std::span<const double> target,
                  std::span<const double> params);

// The loss of each example, whose mean is loss_value's result up to rounding:
// one value per prediction (PyTorch's reduction "none"), one per row of k for
// cross_entropy (one per target, as "none" gives) and for kl_div (the row's sum
// of its "none" output, so that the mean of the rows is the batchmean value).
// Same arguments and errors as loss_value.
std::vector<double> loss_per_example(std::string_view id, std::span<const double> pred, std::span<const double> target,
                                     std::span<const double> params);

// out has pred's length.
void loss_grad(std::string_view id, std::span<const double> pred, std::span<const double> target,
               std::span<const double> params, std::span<double> out);

}  // namespace actlab
