// Tests for core/src/loss.cpp: closed forms, gradients against finite
// differences, kinks, stable forms at extreme logits, validation, NaN, and the
// metadata claims checked numerically.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "actlab/loss.hpp"

using Vec = std::vector<double>;

namespace {

double value(const char* id, const Vec& p, const Vec& t, const Vec& c = {}) { return actlab::loss_value(id, p, t, c); }

Vec each(const char* id, const Vec& p, const Vec& t, const Vec& c = {}) {
  return actlab::loss_per_example(id, p, t, c);
}

Vec grad(const char* id, const Vec& p, const Vec& t, const Vec& c = {}) {
  Vec out(p.size());
  actlab::loss_grad(id, p, t, c, out);
  return out;
}

double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }

// Inputs valid for each loss: predictions and targets of matching shape.
struct Sample {
  const char* id;
  Vec pred, target, params;
};

std::vector<Sample> samples() {
  return {
      {"mse", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {}},
      {"mae", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {}},
      {"huber", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {}},
      {"huber", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {0.5}},
      {"smooth_l1", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {}},
      {"smooth_l1", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {2.0}},
      {"bce", {0.2, 0.9, 0.55, 0.01}, {0.0, 1.0, 1.0, 0.3}, {}},
      {"bce_logits", {-1.5, 2.0, 0.1, 4.0}, {0.0, 1.0, 1.0, 0.3}, {}},
      {"cross_entropy", {1.0, 2.0, -0.5, 0.3, 0.3, 3.0}, {2, 0}, {}},
      {"cross_entropy", {1.0, 2.0, -0.5, 0.3, 0.3, 3.0}, {1, 2}, {3}},
      {"hinge", {0.3, -1.2, 2.5, 0.2}, {1, -1, 1, -1}, {}},
      {"log_cosh", {0.3, -1.2, 2.5, 0.0}, {0.1, -1.0, 1.0, 0.7}, {}},
      {"kl_div", {std::log(0.2), std::log(0.8), std::log(0.5), std::log(0.5)}, {0.3, 0.7, 0.9, 0.1}, {2}},
  };
}

}  // namespace

TEST_CASE("every loss id is listed once and found") {
  const std::vector<std::string> expected = {"mse",        "mae",           "huber", "smooth_l1", "bce",
                                             "bce_logits", "cross_entropy", "hinge", "log_cosh",  "kl_div"};
  REQUIRE(actlab::losses().size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(actlab::losses()[i].id == expected[i]);
  CHECK(actlab::find_loss("nope") == nullptr);
}

TEST_CASE("each loss matches its closed form with mean reduction") {
  const Vec p = {0.3, -1.2, 2.5, 0.0}, t = {0.1, -1.0, 1.0, 0.7};
  CHECK(value("mse", p, t) == Approx((0.04 + 0.04 + 2.25 + 0.49) / 4));
  CHECK(value("mae", p, t) == Approx((0.2 + 0.2 + 1.5 + 0.7) / 4));
  CHECK(value("huber", p, t) == Approx((0.02 + 0.02 + (1.5 - 0.5) + 0.245) / 4));
  CHECK(value("huber", p, t, {0.5}) == Approx((0.02 + 0.02 + 0.5 * (1.5 - 0.25) + 0.5 * (0.7 - 0.25)) / 4));
  CHECK(value("smooth_l1", p, t, {2.0}) == Approx((0.01 + 0.01 + 2.25 / 4 + 0.49 / 4) / 4));
  CHECK(value("smooth_l1", p, t, {0.0}) == Approx(value("mae", p, t)));
  CHECK(value("log_cosh", p, t) ==
        Approx((std::log(std::cosh(0.2)) * 2 + std::log(std::cosh(1.5)) + std::log(std::cosh(0.7))) / 4));
  CHECK(value("bce", {0.2, 0.9}, {0, 1}) == Approx(-(std::log(0.8) + std::log(0.9)) / 2));
  CHECK(value("bce_logits", {-1.5, 2.0}, {0.0, 0.25}) ==
        Approx(-(std::log(1 - sigmoid(-1.5)) + 0.25 * std::log(sigmoid(2.0)) + 0.75 * std::log(1 - sigmoid(2.0))) / 2));
  CHECK(value("hinge", {0.3, -1.2, 2.5, 0.2}, {1, -1, 1, -1}) == Approx((0.7 + 0 + 0 + 1.2) / 4));
  // cross_entropy: -log softmax(z)[y], averaged over rows
  const double lse0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(-0.5));
  const double lse1 = std::log(std::exp(0.3) + std::exp(0.3) + std::exp(3.0));
  CHECK(value("cross_entropy", {1.0, 2.0, -0.5, 0.3, 0.3, 3.0}, {2, 0}) == Approx((lse0 + 0.5 + lse1 - 0.3) / 2));
  // kl_div batchmean: sum y (log y - z) / rows
  const double kl = 0.3 * (std::log(0.3) - std::log(0.2)) + 0.7 * (std::log(0.7) - std::log(0.8)) +
                    0.9 * (std::log(0.9) - std::log(0.5)) + 0.1 * (std::log(0.1) - std::log(0.5));
  CHECK(value("kl_div", {std::log(0.2), std::log(0.8), std::log(0.5), std::log(0.5)}, {0.3, 0.7, 0.9, 0.1}, {2}) ==
        Approx(kl / 2));
  // PyTorch on a 1-D tensor: batchmean divides by its length (k = 1 by default)
  CHECK(value("kl_div", {std::log(0.5), std::log(0.5)}, {1.0, 0.0}) == Approx(std::log(2.0) / 2));
}

TEST_CASE("the loss of each example has one value per example and averages to the loss") {
  for (const Sample& s : samples()) {
    INFO(s.id);
    const Vec per = each(s.id, s.pred, s.target, s.params);
    const std::string id = s.id;
    const std::size_t examples = id == "cross_entropy"
                                     ? s.target.size()
                                     : (id == "kl_div" ? s.pred.size() / std::size_t(s.params[0]) : s.pred.size());
    REQUIRE(per.size() == examples);
    double sum = 0;
    for (double v : per) sum += v;
    CHECK(sum / double(per.size()) == Approx(value(s.id, s.pred, s.target, s.params)).epsilon(1e-14));
    // One example alone: its loss is the mean over a batch of one.
    for (std::size_t i = 0; i < examples; ++i) {
      const std::size_t width = s.pred.size() / examples, target_width = s.target.size() / examples;
      const Vec p(s.pred.begin() + std::ptrdiff_t(i * width), s.pred.begin() + std::ptrdiff_t((i + 1) * width));
      const Vec t(s.target.begin() + std::ptrdiff_t(i * target_width),
                  s.target.begin() + std::ptrdiff_t((i + 1) * target_width));
      CHECK(per[i] == Approx(value(s.id, p, t, s.params)).epsilon(1e-14));
    }
  }
  // Closed forms.
  const Vec p = {0.3, -1.2, 2.5, 0.0}, t = {0.1, -1.0, 1.0, 0.7};
  const Vec mse = each("mse", p, t);
  for (std::size_t i = 0; i < p.size(); ++i) CHECK(mse[i] == (p[i] - t[i]) * (p[i] - t[i]));
  const Vec hinge = each("hinge", {0.3, -1.2, 2.5, 0.2}, {1, -1, 1, -1});
  CHECK(hinge == Vec{0.7, 0.0, 0.0, 1.2});
  const double lse0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(-0.5));
  const double lse1 = std::log(std::exp(0.3) + std::exp(0.3) + std::exp(3.0));
  const Vec ce = each("cross_entropy", {1.0, 2.0, -0.5, 0.3, 0.3, 3.0}, {2, 0});
  REQUIRE(ce.size() == 2);
  CHECK(ce[0] == Approx(lse0 + 0.5));
  CHECK(ce[1] == Approx(lse1 - 0.3));
  const Vec kl =
      each("kl_div", {std::log(0.2), std::log(0.8), std::log(0.5), std::log(0.5)}, {0.3, 0.7, 0.9, 0.1}, {2});
  REQUIRE(kl.size() == 2);
  CHECK(kl[0] == Approx(0.3 * std::log(0.3 / 0.2) + 0.7 * std::log(0.7 / 0.8)));
  CHECK(kl[1] == Approx(0.9 * std::log(0.9 / 0.5) + 0.1 * std::log(0.1 / 0.5)));
  // NaN stays in its own example; bad input is rejected as by loss_value.
  const Vec with_nan = each("mse", {std::nan(""), 1.0}, {0.0, 0.5});
  CHECK(std::isnan(with_nan[0]));
  CHECK(with_nan[1] == 0.25);
  CHECK_THROWS_WITH(each("mse", {1, 2}, {1}), Catch::Contains("prediction length 2 differs from target length 1"));
  CHECK_THROWS_WITH(each("nope", {1}, {1}), Catch::Contains("unknown loss 'nope'"));
}

TEST_CASE("every loss gradient matches central finite differences") {
  for (const Sample& s : samples()) {
    const Vec g = grad(s.id, s.pred, s.target, s.params);
    for (std::size_t i = 0; i < s.pred.size(); ++i) {
      Vec up = s.pred, down = s.pred;
      const double h = 1e-6;
      up[i] += h;
      down[i] -= h;
      const double fd = (value(s.id, up, s.target, s.params) - value(s.id, down, s.target, s.params)) / (2 * h);
      INFO(s.id << " element " << i);
      CHECK(std::fabs(g[i] - fd) <= 1e-7 + 1e-6 * std::fabs(fd));
    }
  }
}

TEST_CASE("gradients at kinks follow PyTorch's convention") {
  CHECK(grad("mae", {1.0, 2.0}, {1.0, 3.0}) == Vec{0.0, -0.5});              // sign(0) = 0
  CHECK(grad("huber", {2.0, -1.0}, {1.0, 0.0}) == Vec{0.5, -0.5});           // |d| = delta: delta / n
  CHECK(grad("smooth_l1", {2.0, -1.0}, {1.0, 0.0}) == Vec{0.5, -0.5});       // |d| = beta: 1 / n
  CHECK(grad("smooth_l1", {1.0, 2.0}, {1.0, 1.0}, {0.0}) == Vec{0.0, 0.5});  // beta = 0 is L1
  CHECK(grad("hinge", {1.0, -1.0}, {1.0, -1.0}) == Vec{0.0, 0.0});           // on the margin: 0, as relu'(0)
  CHECK(grad("hinge", {0.5}, {-1.0}) == Vec{1.0});
}

TEST_CASE("stable forms stay exact at logits of +-1000") {
  CHECK(value("bce_logits", {1000}, {1}) == 0);
  CHECK(value("bce_logits", {1000}, {0}) == 1000);
  CHECK(value("bce_logits", {-1000}, {1}) == 1000);
  CHECK(value("bce_logits", {-1000}, {0}) == 0);
  CHECK(grad("bce_logits", {-1000, 1000}, {1, 0}) == Vec{-0.5, 0.5});
  CHECK(value("cross_entropy", {1000, -1000}, {1}) == 2000);
  CHECK(value("cross_entropy", {1000, -1000}, {0}) == 0);
  CHECK(value("cross_entropy", {1000, 1000, -1000}, {0}) == Approx(std::log(2.0)));
  CHECK(grad("cross_entropy", {1000, -1000}, {1}) == Vec{1, -1});
  CHECK(value("log_cosh", {1000}, {0}) == 1000 - std::log(2.0));
  CHECK(value("log_cosh", {-1000}, {0}) == 1000 - std::log(2.0));
  CHECK(grad("log_cosh", {1000}, {0}) == Vec{1});
  // bce clamps each log at -100, as PyTorch
  CHECK(value("bce", {0.0}, {1.0}) == 100);
  CHECK(value("bce", {1.0}, {0.0}) == 100);
  CHECK(value("bce", {0.0}, {0.0}) == 0);
  CHECK(std::isfinite(grad("bce", {0.0}, {1.0})[0]));
}

TEST_CASE("every loss stays finite for large finite inputs") {
  for (const char* id : {"mae", "huber", "smooth_l1", "log_cosh", "bce_logits", "hinge"}) {
    for (double p : {1e300, -1e300, 1e154, -1e154}) {
      const Vec t = {std::string(id) == "bce_logits" ? 1.0 : (std::string(id) == "hinge" ? -1.0 : 0.0)};
      INFO(id << " at " << p);
      CHECK(std::isfinite(value(id, {p}, t)));
      CHECK(std::isfinite(grad(id, {p}, t)[0]));
    }
  }
  CHECK(std::isfinite(value("cross_entropy", {1e300, -1e300, 0}, {1})));
}

TEST_CASE("NaN in the prediction gives NaN out") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Sample& s : samples()) {
    Vec p = s.pred;
    p[0] = nan;
    INFO(s.id);
    CHECK(std::isnan(value(s.id, p, s.target, s.params)));
    if (std::string(s.id) != "kl_div") CHECK(std::isnan(grad(s.id, p, s.target, s.params)[0]));
  }
}

TEST_CASE("bad input is rejected with a message naming the problem") {
  CHECK_THROWS_WITH(value("nope", {1}, {1}), Catch::Contains("unknown loss 'nope'"));
  CHECK_THROWS_WITH(value("mse", {1, 2}, {1}), Catch::Contains("prediction length 2 differs from target length 1"));
  CHECK_THROWS_WITH(value("mse", {}, {}), Catch::Contains("prediction is empty"));
  CHECK_THROWS_WITH(value("huber", {1}, {1}, {std::nan("")}), Catch::Contains("delta is NaN"));
  CHECK_THROWS_WITH(value("huber", {1}, {1}, {0}), Catch::Contains("delta = 0 is outside"));
  CHECK_THROWS_WITH(value("huber", {1}, {1}, {1, 2}), Catch::Contains("takes 1 parameter"));
  CHECK_THROWS_WITH(value("cross_entropy", {1, 2, 3}, {0, 1}), Catch::Contains("not a multiple of target length"));
  CHECK_THROWS_WITH(value("cross_entropy", {1, 2, 3, 4}, {0, 1}, {3}), Catch::Contains("must be k * targets"));
  CHECK_THROWS_WITH(value("cross_entropy", {1, 2}, {2}), Catch::Contains("not a class index in [0, 1]"));
  CHECK_THROWS_WITH(value("cross_entropy", {1, 2}, {0.5}), Catch::Contains("not a class index"));
  CHECK_THROWS_WITH(value("cross_entropy", {1, 2}, {0}, {1.5}), Catch::Contains("whole number"));
  CHECK_THROWS_WITH(value("hinge", {1}, {0}), Catch::Contains("must be -1 or +1"));
  CHECK_THROWS_WITH(value("bce", {1.5}, {1}), Catch::Contains("not a probability"));
  CHECK_THROWS_WITH(value("bce_logits", {1.5}, {2}), Catch::Contains("outside [0, 1]"));
  CHECK_THROWS_WITH(value("kl_div", {0, 0, 0}, {0.5, 0.5, 0}, {2}), Catch::Contains("not a multiple of k = 2"));
  CHECK_THROWS_WITH(value("kl_div", {0}, {-0.5}), Catch::Contains("outside [0, 1]"));
  Vec out(1);
  CHECK_THROWS_WITH(actlab::loss_grad("mse", Vec{1, 2}, Vec{1, 2}, Vec{}, out), Catch::Contains("output length"));
}

// ---- metadata claims, verified on one element as a function of the prediction --------------

namespace {

// The per-element loss and its gradient at prediction x, for a representative target.
struct Curve {
  const char* id;
  Vec target;
  double lo, hi;
};

std::vector<Curve> curves() {
  return {{"mse", {0.5}, -50, 50},       {"mae", {0.5}, -50, 50},      {"huber", {0.5}, -50, 50},
          {"smooth_l1", {0.5}, -50, 50}, {"bce", {0.3}, 0.01, 0.99},   {"bce_logits", {0.3}, -50, 50},
          {"hinge", {1}, -50, 50},       {"log_cosh", {0.5}, -50, 50}, {"kl_div", {0.4}, -50, 50}};
}

double curve_value(const Curve& c, double x) {
  if (std::string(c.id) == "cross_entropy") return value(c.id, {x, 0.0}, {0});
  return value(c.id, {x}, c.target);
}
double curve_grad(const Curve& c, double x) {
  if (std::string(c.id) == "cross_entropy") return grad(c.id, {x, 0.0}, {0})[0];
  return grad(c.id, {x}, c.target)[0];
}

}  // namespace

TEST_CASE("the convex, smooth and bounded-gradient claims hold numerically") {
  auto all = curves();
  all.push_back({"cross_entropy", {0}, -50, 50});
  for (const Curve& c : all) {
    const actlab::Loss& fn = actlab::loss(c.id);
    INFO(c.id);
    const int n = 20000;
    const double h = (c.hi - c.lo) / n;
    double min_second = actlab::infinity, max_jump = 0, max_grad = 0;
    for (int i = 1; i < n; ++i) {
      const double x = c.lo + i * h;
      const double second = curve_value(c, x - h) - 2 * curve_value(c, x) + curve_value(c, x + h);
      min_second = std::min(min_second, second / std::max(1.0, std::fabs(curve_value(c, x))));
      max_jump = std::max(max_jump, std::fabs(curve_grad(c, x + 1e-11) - curve_grad(c, x - 1e-11)));
      max_grad = std::max(max_grad, std::fabs(curve_grad(c, x)));
    }
    // The kinks themselves: target 0.5 for the regression losses, the margin for hinge.
    for (double k : {-0.5, 0.5, 1.5}) {
      if (k > c.lo && k < c.hi)
        max_jump = std::max(max_jump, std::fabs(curve_grad(c, k + 1e-11) - curve_grad(c, k - 1e-11)));
    }
    CHECK(fn.properties.convex == (min_second > -1e-9));
    CHECK(fn.properties.smooth == (max_jump < 1e-6));
    if (std::string(c.id) == "bce") {
      CHECK(!fn.properties.bounded_gradient);
      CHECK(std::fabs(curve_grad(c, 1e-9)) > 1e7);  // near p = 0 and p = 1 it blows up
      CHECK(std::fabs(curve_grad(c, 1 - 1e-9)) > 1e7);
    } else {
      CHECK(fn.properties.bounded_gradient == (max_grad <= 1.0 + 1e-12));
    }
  }
}

TEST_CASE("every loss carries complete metadata") {
  for (const actlab::Loss& fn : actlab::losses()) {
    INFO(fn.id);
    CHECK(!fn.name.empty());
    CHECK(!fn.torch.empty());
    CHECK(!fn.formula.empty());
    CHECK(!fn.gradient.empty());
    CHECK(fn.value != nullptr);
    CHECK(fn.grad != nullptr);
    for (const actlab::ParamSpec& spec : fn.params) {
      CHECK(spec.min <= spec.default_value);
      CHECK(spec.default_value <= spec.max);
    }
  }
}
