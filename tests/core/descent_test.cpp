// The descent surfaces and paths: closed forms, finite differences, the update
// rules worked out by hand for the first steps, divergence, and errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/descent.hpp"

using actlab::Surface;

TEST_CASE("each surface's gradient matches central finite differences") {
  for (const Surface& s : actlab::surfaces()) {
    for (auto [x, y] : {std::pair{0.3, -0.7}, {-1.1, 1.4}, {1.7, 0.2}, {s.start_x, s.start_y}}) {
      INFO(s.id << " at (" << x << ", " << y << ")");
      double g[2];
      s.grad(x, y, g);
      const double h = 1e-6;
      CHECK(g[0] == Approx((s.value(x + h, y) - s.value(x - h, y)) / (2 * h)).margin(1e-7).epsilon(1e-7));
      CHECK(g[1] == Approx((s.value(x, y + h) - s.value(x, y - h)) / (2 * h)).margin(1e-7).epsilon(1e-7));
    }
  }
}

TEST_CASE("the surfaces' closed forms, minima and views") {
  CHECK(actlab::surface("bowl").formula == "f = ½(x² + y²)");
  const auto f = [](const char* id, double x, double y) { return actlab::surface(id).value(x, y); };
  CHECK(f("bowl", 1, 2) == 2.5);
  CHECK(f("ravine", 1, 0.5) == Approx(1.1));
  CHECK(f("rosenbrock", 1, 1) == 0);
  CHECK(f("rosenbrock", 0, 0) == Approx(0.1));
  CHECK(f("saddle", 0, 1) == -0.25);
  CHECK(f("saddle", 0, -1) == -0.25);
  CHECK(f("saddle", 0, 0) == 0);
  for (const Surface& s : actlab::surfaces()) {
    INFO(s.id);
    CHECK(s.xmin < s.start_x);
    CHECK(s.start_x < s.xmax);
    CHECK(s.ymin < s.start_y);
    CHECK(s.start_y < s.ymax);
    // the minimum is the lowest value: nothing on a fine grid over the view is lower
    double lowest = std::numeric_limits<double>::infinity();
    for (int i = 0; i <= 400; ++i)
      for (int j = 0; j <= 400; ++j)
        lowest = std::fmin(lowest, s.value(s.xmin + (s.xmax - s.xmin) * i / 400, s.ymin + (s.ymax - s.ymin) * j / 400));
    CHECK(lowest >= s.minimum);
    CHECK(lowest == Approx(s.minimum).margin(1e-3));
    // and the listed minima are where it is taken, with a zero gradient
    REQUIRE(s.minima_count >= 1);
    for (int k = 0; k < s.minima_count; ++k) {
      const double x = s.minima[k][0], y = s.minima[k][1];
      double g[2];
      s.grad(x, y, g);
      CHECK(s.value(x, y) == s.minimum);
      CHECK(g[0] == 0);
      CHECK(g[1] == 0);
    }
  }
}

TEST_CASE("SGD on the bowl follows theta_t = theta_0 (1 - lr)^t") {
  const actlab::DescentPath p = actlab::descent_path("bowl", "sgd", 0.1, 30);
  REQUIRE(p.x.size() == 31);
  CHECK(p.diverged_at == -1);
  for (std::size_t t = 0; t <= 30; ++t) {
    CHECK(p.x[t] == Approx(-2.5 * std::pow(0.9, t)).epsilon(1e-12));
    CHECK(p.y[t] == Approx(2 * std::pow(0.9, t)).epsilon(1e-12));
    CHECK(p.loss[t] == Approx(0.5 * (p.x[t] * p.x[t] + p.y[t] * p.y[t])).epsilon(1e-15));
  }
}

TEST_CASE("momentum and Adam follow PyTorch's update rules for the first steps") {
  // heavy ball: theta1 = 0.9 theta0; v2 = 0.9 theta0 + 0.9 theta0; theta2 = 0.9 theta0 - 0.1 * 1.8 theta0 = 0.72 theta0
  const actlab::DescentPath m = actlab::descent_path("bowl", "momentum", 0.1, 2);
  CHECK(m.x[1] == Approx(0.9 * -2.5).epsilon(1e-15));
  CHECK(m.x[2] == Approx(0.72 * -2.5).epsilon(1e-15));
  // Adam's first step moves each coordinate by lr g / (|g| + eps): lr against the gradient's sign
  const actlab::DescentPath a = actlab::descent_path("ravine", "adam", 0.1, 1);
  CHECK(a.x[1] == Approx(-4.5 + 0.1).epsilon(1e-9));
  CHECK(a.y[1] == Approx(1.5 - 0.1).epsilon(1e-9));
  // two steps on the bowl (g = theta) by hand, with the bias corrections 1 - 0.9^t and 1 - 0.999^t
  const actlab::DescentPath b = actlab::descent_path("bowl", "adam", 0.1, 2);
  const double g1 = -2.5, x1 = g1 + 0.1 * (1 / (1 + 1e-8 / 2.5));
  const double m2 = 0.9 * 0.1 * g1 + 0.1 * x1, q2 = 0.999 * 0.001 * g1 * g1 + 0.001 * x1 * x1;
  const double x2 = x1 - (0.1 / (1 - 0.81)) * m2 / (std::sqrt(q2) / std::sqrt(1 - 0.999 * 0.999) + 1e-8);
  CHECK(b.x[1] == Approx(x1).epsilon(1e-14));
  CHECK(b.x[2] == Approx(x2).epsilon(1e-12));
}

TEST_CASE("SGD at lr 0.1 lowers every surface's loss at least tenfold; Adam leaves the saddle faster") {
  for (const Surface& s : actlab::surfaces()) {
    INFO(s.id);
    const actlab::DescentPath p = actlab::descent_path(s.id, "sgd", 0.1, 200);
    CHECK(p.diverged_at == -1);
    CHECK(p.x.size() == 201);
    CHECK(p.loss.back() - s.minimum < (p.loss.front() - s.minimum) / 10);
  }
  const actlab::DescentPath sgd = actlab::descent_path("saddle", "sgd", 0.05, 40);
  const actlab::DescentPath adam = actlab::descent_path("saddle", "adam", 0.05, 40);
  CHECK(std::fabs(adam.y.back()) > 5 * std::fabs(sgd.y.back()));
}

TEST_CASE("a path diverges past the bound, keeps its first runaway point and stops there") {
  // |1 - lr| = 1.5 per step from |theta0| = 3.2: past 50 view widths (300) after 12 steps
  const actlab::DescentPath p = actlab::descent_path("bowl", "sgd", 2.5, 100);
  CHECK(p.diverged_at == 12);
  CHECK(p.x.size() == 13);
  CHECK(std::fmax(std::fabs(p.x.back()), std::fabs(p.y.back())) > 300);  // the runaway point
  CHECK(actlab::descent_path("bowl", "sgd", 1.9, 100).diverged_at == -1);
  // the largest rate: the saddle's y^3 gradient throws the path out within two steps, all values finite
  const actlab::DescentPath far = actlab::descent_path("saddle", "sgd", 100, 50);
  CHECK(far.diverged_at > 0);
  CHECK(far.x.size() == far.loss.size());
  for (std::size_t t = 0; t < far.x.size(); ++t) {
    CHECK(std::isfinite(far.x[t]));
    CHECK(std::isfinite(far.y[t]));
    CHECK(std::isfinite(far.loss[t]));
  }
  // every surface, optimizer and a range of rates: finite paths that stop cleanly
  for (const Surface& s : actlab::surfaces())
    for (const actlab::DescentOptimizer& rule : actlab::descent_optimizers())
      for (double lr : {1e-6, 0.01, 0.5, 3.0, 20.0, 100.0}) {
        const actlab::DescentPath p = actlab::descent_path(s.id, rule.id, lr, 2000);
        INFO(s.id << " " << rule.id << " lr " << lr);
        CHECK(p.x.size() == p.y.size());
        CHECK(p.x.size() == p.loss.size());
        CHECK(p.x.size() == (p.diverged_at == -1 ? 2001 : static_cast<std::size_t>(p.diverged_at) + 1));
        bool all_finite = true;
        for (std::size_t t = 0; t < p.x.size(); ++t)
          all_finite = all_finite && std::isfinite(p.x[t]) && std::isfinite(p.y[t]) && std::isfinite(p.loss[t]);
        CHECK(all_finite);
      }
}

TEST_CASE("surface_grid writes f at every grid point, row by row") {
  const std::vector<double> xs = {-1, 0, 2}, ys = {0.5, 1};
  std::vector<double> out(6);
  actlab::surface_grid("ravine", xs, ys, out);
  for (std::size_t j = 0; j < ys.size(); ++j)
    for (std::size_t i = 0; i < xs.size(); ++i) CHECK(out[j * 3 + i] == actlab::surface("ravine").value(xs[i], ys[j]));
  std::vector<double> short_out(5);
  CHECK_THROWS_WITH(actlab::surface_grid("ravine", xs, ys, short_out), "surface_grid: output length 5 is not 3 * 2");
}

TEST_CASE("descent errors name the value and its range") {
  CHECK_THROWS_WITH(actlab::descent_path("cliff", "sgd", 0.1, 10),
                    "unknown surface 'cliff'; known: bowl, ravine, rosenbrock, saddle");
  CHECK_THROWS_WITH(actlab::descent_path("bowl", "lbfgs", 0.1, 10),
                    "unknown optimizer 'lbfgs'; known: sgd, momentum, adam");
  CHECK_THROWS_WITH(actlab::descent_path("bowl", "sgd", 0, 10), "lr = 0 is outside [1e-06, 100]");
  CHECK_THROWS_WITH(actlab::descent_path("bowl", "sgd", std::nan(""), 10), "lr = NaN is outside [1e-06, 100]");
  CHECK_THROWS_WITH(actlab::descent_path("bowl", "sgd", 0.1, 10001), "steps = 10001 is outside [0, 10000]");
  CHECK(actlab::descent_path("bowl", "adam", 0.1, 0).x.size() == 1);
}
