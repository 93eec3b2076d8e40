// Tests for core/src/activation.cpp: closed forms, derivatives against finite
// differences, PyTorch's convention at kinks, extremes, NaN, and every
// metadata property checked numerically.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "actlab/activation.hpp"

using actlab::Activation;

namespace {

double value(const Activation& fn, double x, const actlab::Params& p) { return fn.value(x, p.data()); }
double grad(const Activation& fn, double x, const actlab::Params& p) { return fn.grad(x, p.data()); }
actlab::Params defaults(const Activation& fn) { return actlab::resolve_params(fn, {}); }

bool close(double got, double want, double rel = 1e-12, double abs = 1e-15) {
  return std::fabs(got - want) <= abs + rel * std::fabs(want);
}

// Straightforward textbook forms, written independently of the core, in long
// double, for moderate x (|x| <= 20) where they are accurate.
using Reference = std::function<long double(long double, const actlab::Params&)>;
long double sig(long double x) { return 1.0L / (1.0L + std::exp(-x)); }
long double phi(long double x) { return 0.5L * (1.0L + std::erf(x / std::sqrt(2.0L))); }
const long double selu_l = 1.0507009873554804934193349852946L;
const long double selu_a = 1.6732632423543772848170429916717L;

const std::map<std::string, Reference>& references() {
  static const std::map<std::string, Reference> refs = {
      {"step", [](long double x, auto&) { return x > 0 ? 1.0L : 0.0L; }},
      {"linear", [](long double x, auto&) { return x; }},
      {"sigmoid", [](long double x, auto&) { return sig(x); }},
      {"tanh", [](long double x, auto&) { return (std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x)); }},
      {"relu", [](long double x, auto&) { return std::max(0.0L, x); }},
      {"leaky_relu", [](long double x, auto& p) { return x >= 0 ? x : p[0] * x; }},
      {"prelu", [](long double x, auto& p) { return x >= 0 ? x : p[0] * x; }},
      {"elu", [](long double x, auto& p) { return x > 0 ? x : p[0] * (std::exp(x) - 1); }},
      {"selu", [](long double x, auto&) { return selu_l * (x > 0 ? x : selu_a * (std::exp(x) - 1)); }},
      {"celu",
       [](long double x, auto& p) {
         return std::max(0.0L, x) + std::min(0.0L, (long double)p[0] * (std::exp(x / p[0]) - 1));
       }},
      {"gelu", [](long double x, auto&) { return x * phi(x); }},
      {"gelu_tanh",
       [](long double x, auto&) {
         return 0.5L * x * (1 + std::tanh(std::sqrt(2.0L / 3.14159265358979323846L) * (x + 0.044715L * x * x * x)));
       }},
      {"silu", [](long double x, auto&) { return x * sig(x); }},
      {"swish", [](long double x, auto& p) { return x * sig(p[0] * x); }},
      {"softplus",
       [](long double x, auto& p) { return p[0] * x > p[1] ? x : std::log(1 + std::exp(p[0] * x)) / p[0]; }},
      {"softsign", [](long double x, auto&) { return x / (1 + std::fabs(x)); }},
      {"mish", [](long double x, auto&) { return x * std::tanh(std::log(1 + std::exp(x))); }},
      {"hardsigmoid", [](long double x, auto&) { return std::min(std::max(x + 3, 0.0L), 6.0L) / 6; }},
      {"hardswish", [](long double x, auto&) { return x * std::min(std::max(x + 3, 0.0L), 6.0L) / 6; }},
      {"hardtanh", [](long double x, auto& p) { return std::min(std::max(x, (long double)p[0]), (long double)p[1]); }},
      {"relu6", [](long double x, auto&) { return std::min(std::max(x, 0.0L), 6.0L); }},
      {"logsigmoid", [](long double x, auto&) { return std::log(sig(x)); }},
  };
  return refs;
}

// Points where f' jumps (at default and test parameters).
std::vector<double> kinks(std::string_view id) {
  if (id == "hardsigmoid" || id == "hardswish") return {-3, 3};
  if (id == "hardtanh") return {-2, -1, 0.5, 1};
  if (id == "relu6") return {0, 6};
  if (id == "step" || id == "relu" || id == "leaky_relu" || id == "prelu" || id == "elu" || id == "selu") return {0};
  return {};
}

bool near_kink(std::string_view id, double x, double margin) {
  for (double k : kinks(id))
    if (std::fabs(x - k) < margin) return true;
  return false;
}

std::vector<double> grid(double a, double b, double step) {
  std::vector<double> xs;
  for (double x = a; x <= b + 1e-12; x += step) xs.push_back(x);
  return xs;
}

// Non-default parameters to exercise every parameterised branch.
const std::map<std::string, std::vector<double>> other_params = {
    {"leaky_relu", {0.2}},     {"prelu", {-0.1}},         {"elu", {0.5}}, {"celu", {2.0}}, {"swish", {2.0}},
    {"softplus", {2.0, 10.0}}, {"hardtanh", {-2.0, 0.5}},
};

}  // namespace

TEST_CASE("the table lists each of the 22 PyTorch-style ids once") {
  const std::vector<std::string> expected = {"step",      "linear",   "sigmoid",  "tanh",      "relu", "leaky_relu",
                                             "prelu",     "elu",      "selu",     "celu",      "gelu", "gelu_tanh",
                                             "silu",      "swish",    "softplus", "softsign",  "mish", "hardsigmoid",
                                             "hardswish", "hardtanh", "relu6",    "logsigmoid"};
  REQUIRE(actlab::activations().size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(actlab::activations()[i].id == expected[i]);
  for (const Activation& fn : actlab::activations()) CHECK(actlab::find_activation(fn.id) == &fn);
}

TEST_CASE("every activation matches its closed form on [-20, 20]") {
  for (const Activation& fn : actlab::activations()) {
    std::vector<std::vector<double>> param_sets = {{}};
    if (other_params.count(std::string(fn.id))) param_sets.push_back(other_params.at(std::string(fn.id)));
    for (const auto& given : param_sets) {
      const actlab::Params p = actlab::resolve_params(fn, given);
      const Reference& ref = references().at(std::string(fn.id));
      for (double x : grid(-20, 20, 0.01)) {
        INFO(fn.id << " at x = " << x);
        CHECK(close(value(fn, x, p), static_cast<double>(ref(x, p)), 1e-12, 1e-15));
      }
    }
  }
}

TEST_CASE("every derivative matches central finite differences away from kinks") {
  for (const Activation& fn : actlab::activations()) {
    std::vector<std::vector<double>> param_sets = {{}};
    if (other_params.count(std::string(fn.id))) param_sets.push_back(other_params.at(std::string(fn.id)));
    for (const auto& given : param_sets) {
      const actlab::Params p = actlab::resolve_params(fn, given);
      for (double x : grid(-12, 12, 0.0137)) {
        if (near_kink(fn.id, x, 1e-3)) continue;
        if (fn.id == "softplus" && std::fabs(p[0] * x - p[1]) < 1e-3) continue;  // switch to linear
        const double h = 1e-6 * std::max(1.0, std::fabs(x));
        const double fd = (value(fn, x + h, p) - value(fn, x - h, p)) / (2 * h);
        INFO(fn.id << " at x = " << x);
        CHECK(std::fabs(grad(fn, x, p) - fd) <= 1e-7 + 1e-6 * std::fabs(fd));
      }
    }
  }
}

TEST_CASE("the derivative at a kink follows PyTorch's convention") {
  struct Case {
    const char* id;
    double x;
    double want;
  };
  const Case cases[] = {
      {"step", 0, 0},
      {"relu", 0, 0},
      {"leaky_relu", 0, 0.01},
      {"prelu", 0, 0.25},
      {"elu", 0, 1},
      {"celu", 0, 1},
      {"relu6", 0, 0},
      {"relu6", 6, 0},
      {"hardtanh", -1, 0},
      {"hardtanh", 1, 0},
      {"hardsigmoid", -3, 0},
      {"hardsigmoid", 3, 0},
      {"hardswish", -3, -0.5},
      {"hardswish", 3, 1.5},
      {"selu", 0, 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717},
  };
  for (const Case& c : cases) {
    const Activation& fn = actlab::activation(c.id);
    INFO(c.id << "'(" << c.x << ")");
    CHECK(grad(fn, c.x, defaults(fn)) == Approx(c.want).margin(1e-15));
  }
  // With a non-default slope the kink takes the parameter.
  const Activation& leaky = actlab::activation("leaky_relu");
  CHECK(leaky.grad(0, actlab::resolve_params(leaky, std::vector<double>{0.2}).data()) == 0.2);
  // step(0) = 0: the unit fires only for x > 0.
  CHECK(actlab::activation("step").value(0, nullptr) == 0);
}

TEST_CASE("saturating functions return exact limits for huge inputs") {
  auto v = [](const char* id, double x) {
    const Activation& fn = actlab::activation(id);
    return value(fn, x, defaults(fn));
  };
  auto g = [](const char* id, double x) {
    const Activation& fn = actlab::activation(id);
    return grad(fn, x, defaults(fn));
  };
  CHECK(v("sigmoid", -1000) == 0);
  CHECK(v("sigmoid", 1000) == 1);
  CHECK(v("softplus", 1000) == 1000);
  CHECK(v("softplus", -1000) == 0);
  CHECK(v("logsigmoid", -1000) == -1000);
  CHECK(g("logsigmoid", -1000) == 1);
  CHECK(v("mish", 1000) == 1000);
  CHECK(v("gelu", -1000) == 0);
  CHECK(v("gelu_tanh", 1e200) == 1e200);
  CHECK(g("gelu_tanh", -1e200) == 0);
  CHECK(v("silu", -1000) == 0);
  CHECK(v("elu", -1000) == -1);
  CHECK(v("softsign", 1e300) == Approx(1));
  CHECK(v("logsigmoid", 1e-12) == Approx(-std::log(2.0) + 0.5e-12));
}

TEST_CASE("every activation stays finite for every finite input") {
  // +-1e300 rather than DBL_MAX: selu(x) = 1.0507 x exceeds the largest double there,
  // so inf is the correctly rounded answer (checked below).
  const double big = 1e300;
  const double tiny = std::numeric_limits<double>::denorm_min();
  const std::vector<double> extremes = {0,    -0.0,  1e-12, -1e-12, 710,   -710,   1000, -1000,
                                        1e4,  -1e4,  1e154, -1e154, 1e300, -1e300, big,  -big,
                                        tiny, -tiny, 20,    -20,    3,     -3,     6,    -6};
  for (const Activation& fn : actlab::activations()) {
    std::vector<std::vector<double>> param_sets = {{}};
    if (other_params.count(std::string(fn.id))) param_sets.push_back(other_params.at(std::string(fn.id)));
    for (const auto& given : param_sets) {
      const actlab::Params p = actlab::resolve_params(fn, given);
      for (double x : extremes) {
        INFO(fn.id << " at x = " << x);
        CHECK(std::isfinite(value(fn, x, p)));
        CHECK(std::isfinite(grad(fn, x, p)));
      }
    }
  }
}

TEST_CASE("selu overflows to inf only where its true value exceeds the largest double") {
  const Activation& selu = actlab::activation("selu");
  const double max = std::numeric_limits<double>::max();
  CHECK(std::isfinite(selu.value(max / 1.0507009873554805, nullptr)));
  CHECK(std::isinf(selu.value(max, nullptr)));
}

// Whether a parameter set breaks the table's order rule (a parameter whose spec names
// `above` must be greater than that earlier parameter, as hardtanh's max_val > min_val).
bool breaks_order_rule(const Activation& fn, const std::vector<double>& set) {
  for (std::size_t i = 0; i < fn.params.size() && i < set.size(); ++i) {
    if (fn.params[i].above.empty()) continue;
    for (std::size_t k = 0; k < i; ++k)
      if (fn.params[k].id == fn.params[i].above && !(set[i] > set[k])) return true;
  }
  return false;
}

// The defaults, the other parameters above, and each parameter in turn at the ends
// of its accepted range and at 0 where 0 is accepted (the rest at their defaults).
// A set that breaks the order rule is left out, after checking that resolve_params
// refuses it; every other set must be accepted.
std::vector<actlab::Params> edge_param_sets(const Activation& fn) {
  std::vector<std::vector<double>> given = {{}};
  if (other_params.count(std::string(fn.id))) given.push_back(other_params.at(std::string(fn.id)));
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    const actlab::ParamSpec& spec = fn.params[i];
    for (double v : {spec.min, spec.max, 0.0}) {
      if (v < spec.min || v > spec.max) continue;
      std::vector<double> set;
      for (const actlab::ParamSpec& q : fn.params) set.push_back(q.default_value);
      set[i] = v;
      given.push_back(set);
    }
  }
  std::vector<actlab::Params> out;
  for (const auto& g : given) {
    INFO(fn.id << " with " << g.size() << " parameters given");
    if (breaks_order_rule(fn, g)) {
      CHECK_THROWS_AS(actlab::resolve_params(fn, g), std::invalid_argument);
      continue;
    }
    out.push_back(actlab::resolve_params(fn, g));
  }
  return out;
}

TEST_CASE("edge_param_sets leaves out only the sets the order rule refuses") {
  const Activation& hardtanh = actlab::activation("hardtanh");
  // min_val at its maximum 10 (above max_val = 1) and max_val at its minimum -10 (below
  // min_val = -1) are refused; the defaults, both other ends and both zeros are kept
  CHECK(breaks_order_rule(hardtanh, {10, 1}));
  CHECK(breaks_order_rule(hardtanh, {-1, -10}));
  CHECK(!breaks_order_rule(hardtanh, {-1, 1}));
  CHECK(edge_param_sets(hardtanh).size() == 1 + (other_params.count("hardtanh") ? 1 : 0) + 6 - 2);
  for (const Activation& fn : actlab::activations()) {
    INFO(fn.id);
    bool ordered = false;
    for (const actlab::ParamSpec& spec : fn.params) ordered |= !spec.above.empty();
    // one set of defaults, the other set if any, and up to three per parameter
    if (!ordered) CHECK(edge_param_sets(fn).size() >= 1 + 2 * fn.params.size());
  }
}

TEST_CASE("infinite inputs give the limits, never NaN") {
  for (const Activation& fn : actlab::activations()) {
    for (const actlab::Params& p : edge_param_sets(fn)) {
      for (double x : {actlab::infinity, -actlab::infinity}) {
        INFO(fn.id << " at x = " << x);
        CHECK(!std::isnan(value(fn, x, p)));
        CHECK(!std::isnan(grad(fn, x, p)));
        // The limit agrees with a large finite input.
        const double near = x > 0 ? 1e300 : -1e300;
        if (std::isfinite(value(fn, x, p))) CHECK(value(fn, x, p) == Approx(value(fn, near, p)).margin(1e-12));
        CHECK(grad(fn, x, p) == Approx(grad(fn, near, p)).margin(1e-12));
      }
    }
  }
}

TEST_CASE("a zero slope gives 0, not NaN, at x = -inf (found by fuzzing)") {
  for (const char* id : {"leaky_relu", "prelu"}) {
    const Activation& fn = actlab::activation(id);
    const actlab::Params p = actlab::resolve_params(fn, std::vector<double>{0});
    CHECK(value(fn, -actlab::infinity, p) == 0);
    CHECK(value(fn, -5, p) == 0);
    CHECK(grad(fn, -actlab::infinity, p) == 0);
  }
}

TEST_CASE("swish with beta = 0 is x / 2, also at x = +-inf (found by fuzzing)") {
  const Activation& fn = actlab::activation("swish");
  const actlab::Params p = actlab::resolve_params(fn, std::vector<double>{0});
  for (double x : {-actlab::infinity, -1e300, -3.0, -0.0, 0.0, 2.5, 1e300, actlab::infinity}) {
    INFO("x = " << x);
    CHECK(value(fn, x, p) == x / 2);
    CHECK(grad(fn, x, p) == 0.5);
  }
}

TEST_CASE("NaN in gives NaN out for every value and derivative") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Activation& fn : actlab::activations()) {
    INFO(fn.id);
    CHECK(std::isnan(value(fn, nan, defaults(fn))));
    CHECK(std::isnan(grad(fn, nan, defaults(fn))));
  }
}

TEST_CASE("the float batch functions agree with the double ones") {
  // The trainer's path: every parameter set of edge_param_sets, on a grid and at +-inf.
  for (const Activation& fn : actlab::activations()) {
    for (const actlab::Params& given : edge_param_sets(fn)) {
      const float pf[2] = {static_cast<float>(given[0]), static_cast<float>(given[1])};
      const actlab::Params p = {pf[0], pf[1]};  // the same parameters, as the float path sees them
      std::vector<float> xs;
      for (double x : grid(-8, 8, 0.0173)) xs.push_back(static_cast<float>(x));
      xs.push_back(std::numeric_limits<float>::infinity());
      xs.push_back(-std::numeric_limits<float>::infinity());
      std::vector<float> ys(xs.size()), ds(xs.size());
      fn.value_batch(xs.data(), ys.data(), xs.size(), pf);
      fn.grad_batch(xs.data(), ds.data(), xs.size(), pf);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        INFO(fn.id << " (" << p[0] << ", " << p[1] << ") at x = " << xs[i]);
        const double y = value(fn, xs[i], p), dy = grad(fn, xs[i], p);
        if (std::isinf(y))
          CHECK(ys[i] == y);
        else
          CHECK(ys[i] == Approx(y).epsilon(1e-5).margin(1e-6));
        CHECK(ds[i] == Approx(dy).epsilon(1e-5).margin(1e-6));
      }
    }
  }
}

// ---- metadata claims, verified numerically -----------------------------------------

TEST_CASE("the monotonic claim holds: f' >= 0 on a dense grid over [-50, 50] exactly when claimed") {
  for (const Activation& fn : actlab::activations()) {
    const actlab::Params p = defaults(fn);
    double min_grad = actlab::infinity;
    for (double x : grid(-50, 50, 0.001)) min_grad = std::min(min_grad, grad(fn, x, p));
    INFO(fn.id << " min f' = " << min_grad);
    if (fn.properties.monotonic)
      CHECK(min_grad >= 0);
    else
      CHECK(min_grad < -1e-6);
  }
}

TEST_CASE("the smooth claim holds: neither f nor f' jumps exactly when claimed") {
  for (const Activation& fn : actlab::activations()) {
    const actlab::Params p = defaults(fn);
    double max_jump = 0;
    const double d = 1e-9;
    std::vector<double> xs = grid(-10, 10, 0.001);
    for (double k : kinks(fn.id)) xs.push_back(k);
    for (double x : xs) {
      max_jump = std::max(max_jump, std::fabs(grad(fn, x + d, p) - grad(fn, x - d, p)));
      max_jump = std::max(max_jump, std::fabs(value(fn, x + d, p) - value(fn, x - d, p)));
    }
    INFO(fn.id << " largest jump in f or f' = " << max_jump);
    if (fn.properties.smooth)
      CHECK(max_jump < 1e-6);
    else
      CHECK(max_jump > 1e-3);
  }
}

TEST_CASE("the zero-centred claim holds: f(0) = 0 and E[f(z)] = 0 for z ~ N(0, 1)") {
  for (const Activation& fn : actlab::activations()) {
    const actlab::Params p = defaults(fn);
    // Simpson's rule over [-12, 12]; the Gaussian tail beyond is below 1e-30.
    const int n = 24000;
    const double a = -12, h = 24.0 / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i) {
      const double x = a + i * h;
      const double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
      sum += w * value(fn, x, p) * std::exp(-0.5 * x * x);
    }
    const double mean = sum * h / 3 / std::sqrt(2 * M_PI);
    INFO(fn.id << " f(0) = " << value(fn, 0, p) << ", E[f(z)] = " << mean);
    if (fn.properties.zero_centred) {
      CHECK(value(fn, 0, p) == 0);
      CHECK(std::fabs(mean) < 1e-4);
    } else {
      CHECK((value(fn, 0, p) != 0 || std::fabs(mean) > 1e-2));
    }
  }
}

// The extreme of f near a grid point, refined by ternary search on [x - h, x + h].
double refine(const Activation& fn, const actlab::Params& p, double x, double h, bool minimum) {
  const double sign = minimum ? 1 : -1;
  double a = x - h, b = x + h;
  for (int i = 0; i < 200; ++i) {
    const double m1 = a + (b - a) / 3, m2 = b - (b - a) / 3;
    if (sign * value(fn, m1, p) < sign * value(fn, m2, p))
      b = m2;
    else
      a = m1;
  }
  return value(fn, (a + b) / 2, p);
}

TEST_CASE("the output range and boundedness claims hold numerically") {
  const double h = 0.001;
  const std::vector<double> interior = grid(-10, 10, h);
  for (const Activation& fn : actlab::activations()) {
    const actlab::Params p = defaults(fn);
    INFO(fn.id);
    // Interior extremes, refined: they must lie inside the claimed range, and
    // reach an attained end to 1e-12.
    std::size_t arg_lo = 0, arg_hi = 0;
    for (std::size_t i = 0; i < interior.size(); ++i) {
      if (value(fn, interior[i], p) < value(fn, interior[arg_lo], p)) arg_lo = i;
      if (value(fn, interior[i], p) > value(fn, interior[arg_hi], p)) arg_hi = i;
    }
    const double lo = refine(fn, p, interior[arg_lo], h, true);
    const double hi = refine(fn, p, interior[arg_hi], h, false);
    CHECK(lo >= fn.range_min - 1e-12);
    CHECK(hi <= fn.range_max + 1e-12);
    CHECK((std::fabs(lo - fn.range_min) < 1e-12) == fn.range_min_attained);
    CHECK((std::fabs(hi - fn.range_max) < 1e-12) == fn.range_max_attained);
    // Far out: a finite end is approached, an infinite one left far behind.
    for (double x : {1e8, -1e8, 1e4, -1e4}) {
      CHECK(value(fn, x, p) >= fn.range_min);
      CHECK(value(fn, x, p) <= fn.range_max);
    }
    const double far_lo = std::min(value(fn, -1e8, p), value(fn, 1e8, p));
    const double far_hi = std::max(value(fn, -1e8, p), value(fn, 1e8, p));
    const double low = std::min(lo, far_lo), high = std::max(hi, far_hi);
    CHECK(fn.properties.bounded_below == std::isfinite(fn.range_min));
    CHECK(fn.properties.bounded_above == std::isfinite(fn.range_max));
    if (std::isfinite(fn.range_min))
      CHECK(low - fn.range_min < 1e-6);
    else
      CHECK(low < -1e5);
    if (std::isfinite(fn.range_max))
      CHECK(fn.range_max - high < 1e-6);
    else
      CHECK(high > 1e5);
  }
}

TEST_CASE("the saturating claim holds: |f'| < 0.01 at both x = -50 and x = 50 exactly when claimed") {
  for (const Activation& fn : actlab::activations()) {
    const actlab::Params p = defaults(fn);
    const bool flat_both = std::fabs(grad(fn, -50, p)) < 0.01 && std::fabs(grad(fn, 50, p)) < 0.01;
    INFO(fn.id);
    CHECK(flat_both == fn.properties.saturating);
  }
}

TEST_CASE("every activation carries complete metadata") {
  for (const Activation& fn : actlab::activations()) {
    INFO(fn.id);
    CHECK(!fn.name.empty());
    CHECK(!fn.torch.empty());
    CHECK(!fn.formula.empty());
    CHECK(!fn.derivative.empty());
    CHECK(fn.range_min < fn.range_max);
    for (const actlab::ParamSpec& spec : fn.params) {
      CHECK(spec.min <= spec.default_value);
      CHECK(spec.default_value <= spec.max);
      CHECK(spec.min <= spec.slider_min);
      CHECK(spec.slider_min < spec.slider_max);
      CHECK(spec.slider_max <= spec.max);
    }
  }
}

// ---- parameters and errors -----------------------------------------------------------

TEST_CASE("an empty parameter list means the defaults and a short one keeps trailing defaults") {
  const Activation& softplus = actlab::activation("softplus");
  const actlab::Params all = actlab::resolve_params(softplus, {});
  CHECK(all[0] == 1);
  CHECK(all[1] == 20);
  const actlab::Params beta_only = actlab::resolve_params(softplus, std::vector<double>{2});
  CHECK(beta_only[0] == 2);
  CHECK(beta_only[1] == 20);
}

TEST_CASE("bad parameters are rejected with a message naming them") {
  const Activation& elu = actlab::activation("elu");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(actlab::resolve_params(elu, std::vector<double>{nan}), Catch::Contains("alpha is NaN"));
  CHECK_THROWS_WITH(actlab::resolve_params(elu, std::vector<double>{actlab::infinity}),
                    Catch::Contains("alpha = inf is outside [-10, 10]"));
  CHECK_THROWS_WITH(actlab::resolve_params(elu, std::vector<double>{1, 2}), Catch::Contains("takes 1 parameter"));
  CHECK_THROWS_WITH(actlab::resolve_params(actlab::activation("celu"), std::vector<double>{0}),
                    Catch::Contains("alpha = 0 is outside"));
  CHECK_THROWS_WITH(actlab::resolve_params(actlab::activation("relu"), std::vector<double>{1}),
                    Catch::Contains("relu takes 0 parameter"));
}

TEST_CASE("hardtanh takes PyTorch's min_val and max_val, and max_val must exceed min_val") {
  const Activation& fn = actlab::activation("hardtanh");
  REQUIRE(fn.params.size() == 2);
  CHECK(fn.params[0].id == "min_val");
  CHECK(fn.params[1].id == "max_val");
  const actlab::Params relu6_like = actlab::resolve_params(fn, std::vector<double>{0, 6});
  const Activation& relu6 = actlab::activation("relu6");
  for (double x : {-7.0, -0.0, 0.0, 1e-9, 3.0, 6.0, 6.5, 1e300, -1e300}) {  // F.relu6 is F.hardtanh(x, 0, 6)
    INFO("x = " << x);
    CHECK(fn.value(x, relu6_like.data()) == relu6.value(x, defaults(relu6).data()));
    CHECK(fn.grad(x, relu6_like.data()) == relu6.grad(x, defaults(relu6).data()));
  }
  CHECK_THROWS_WITH(actlab::resolve_params(fn, std::vector<double>{1, 1}),
                    Catch::Contains("hardtanh parameter max_val = 1 must be greater than min_val = 1"));
  CHECK_THROWS_WITH(actlab::resolve_params(fn, std::vector<double>{2}),
                    Catch::Contains("max_val = 1 must be greater than min_val = 2"));
  CHECK(actlab::resolve_params(fn, std::vector<double>{-10, 10})[1] == 10);
}

TEST_CASE("a parameter's 'above' names an earlier parameter of the same function") {
  for (const Activation& fn : actlab::activations())
    for (std::size_t i = 0; i < fn.params.size(); ++i) {
      if (fn.params[i].above.empty()) continue;
      INFO(fn.id << " " << fn.params[i].id);
      std::size_t k = 0;
      while (k < i && fn.params[k].id != fn.params[i].above) ++k;
      REQUIRE(k < i);
      CHECK(fn.params[i].default_value > fn.params[k].default_value);
      CHECK(fn.params[i].slider_max > fn.params[k].slider_max);  // a slider pushed to its end leaves room
    }
}

TEST_CASE("an unknown id is rejected with a message that lists the known ones") {
  CHECK(actlab::find_activation("nope") == nullptr);
  CHECK_THROWS_WITH(actlab::activation("nope"),
                    Catch::Contains("unknown activation 'nope'") && Catch::Contains("leaky_relu"));
  std::vector<double> xs = {1, 2}, out(2);
  CHECK_THROWS(actlab::activation_eval("nope", xs, {}, out));
}

TEST_CASE("activation_eval and activation_grad fill the output array") {
  std::vector<double> xs = {-1, 0, 2}, out(3);
  actlab::activation_eval("leaky_relu", xs, std::vector<double>{0.5}, out);
  CHECK(out == std::vector<double>{-0.5, 0, 2});
  actlab::activation_grad("leaky_relu", xs, std::vector<double>{0.5}, out);
  CHECK(out == std::vector<double>{0.5, 0.5, 1});
  std::vector<double> short_out(2);
  CHECK_THROWS_WITH(actlab::activation_eval("relu", xs, {}, short_out), Catch::Contains("length"));
}
