// libFuzzer target: the activation and loss entry points with arbitrary ids,
// doubles and parameters. Bad input may only raise std::invalid_argument; a
// finite input with accepted parameters must never give NaN.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "actlab/activation.hpp"
#include "actlab/loss.hpp"

namespace {

std::vector<double> take_doubles(const std::uint8_t*& data, std::size_t& size, std::size_t count) {
  std::vector<double> out;
  while (count-- > 0 && size >= sizeof(double)) {
    double v;
    std::memcpy(&v, data, sizeof v);
    data += sizeof v;
    size -= sizeof v;
    out.push_back(v);
  }
  return out;
}

// Says which rule broke, with the call's numbers (the CI log shows these lines), then aborts.
[[noreturn]] void broken(const char* rule, std::string_view id, const std::vector<double>& params,
                         const std::vector<double>& inputs, const std::vector<double>& outputs) {
  const auto list = [](const char* name, const std::vector<double>& values) {
    std::fprintf(stderr, " %s", name);
    for (double v : values) std::fprintf(stderr, " %.17g", v);
    std::fprintf(stderr, ";");
  };
  std::fprintf(stderr, "FAILED: %s: %.*s:", rule, static_cast<int>(id.size()), id.data());
  list("params", params);
  list("in", inputs);
  list("out", outputs);
  std::fprintf(stderr, "\n");
  std::abort();
}

bool all_finite(const std::vector<double>& values) {
  for (double v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t which = data[0], n_params = data[1] % 4, n_values = data[2];
  data += 3;
  size -= 3;
  const std::vector<double> params = take_doubles(data, size, n_params);
  const std::vector<double> xs = take_doubles(data, size, n_values);

  if (which & 0x80) {  // a loss
    const auto all = actlab::losses();
    const actlab::Loss& fn = all[which % all.size()];
    const std::size_t half = xs.size() / 2;
    const std::vector<double> pred(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(half));
    const std::vector<double> target(xs.begin() + static_cast<std::ptrdiff_t>(half), xs.end());
    std::vector<double> grad(pred.size());
    try {
      const double value = actlab::loss_value(fn.id, pred, target, params);
      actlab::loss_grad(fn.id, pred, target, params, grad);
      // Finite inputs give a non-NaN loss (it may overflow to +inf, e.g. mse of 1e200).
      if (all_finite(pred) && all_finite(target) && std::isnan(value))
        broken("finite inputs gave a NaN loss", fn.id, params, xs, {value});
      if (all_finite(pred) && all_finite(target))
        for (std::size_t i = 0; i < grad.size(); ++i)
          if (std::isnan(grad[i]))
            broken("finite inputs gave a NaN gradient (pred, then target)", fn.id, params, xs, grad);
    } catch (const std::invalid_argument&) {
    }
    return 0;
  }

  const auto all = actlab::activations();
  const actlab::Activation& fn = all[which % all.size()];
  std::vector<double> y(xs.size()), dy(xs.size());
  try {
    actlab::activation_eval(fn.id, xs, params, y);
    actlab::activation_grad(fn.id, xs, params, dy);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(xs[i]) != std::isnan(y[i]) || std::isnan(xs[i]) != std::isnan(dy[i]))
      broken("NaN in must be exactly NaN out (value, derivative)", fn.id, params, {xs[i]}, {y[i], dy[i]});
    if (!std::isnan(xs[i]) && std::isinf(dy[i]))
      broken("derivatives stay finite, even at +-inf (value, derivative)", fn.id, params, {xs[i]}, {y[i], dy[i]});
  }
  return 0;
}
