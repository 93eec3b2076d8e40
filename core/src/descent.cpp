// The descent widget's surfaces and paths (see actlab/descent.hpp).
#include "actlab/descent.hpp"

#include <cmath>

#include "actlab/fail.hpp"
#include "table_lookup.hpp"

namespace actlab {

namespace {

double bowl(double x, double y) { return 0.5 * (x * x + y * y); }
void bowl_grad(double x, double y, double* g) {
  g[0] = x;
  g[1] = y;
}

double ravine(double x, double y) { return 0.1 * x * x + 4 * y * y; }
void ravine_grad(double x, double y, double* g) {
  g[0] = 0.2 * x;
  g[1] = 8 * y;
}

double rosenbrock(double x, double y) {
  const double a = 1 - x, b = y - x * x;
  return 0.1 * (a * a + 10 * b * b);
}
void rosenbrock_grad(double x, double y, double* g) {
  const double a = 1 - x, b = y - x * x;
  g[0] = 0.1 * (-2 * a - 40 * x * b);
  g[1] = 0.1 * (20 * b);
}

double saddle(double x, double y) { return 0.5 * x * x + 0.25 * (y * y) * (y * y) - 0.5 * y * y; }
void saddle_grad(double x, double y, double* g) {
  g[0] = x;
  g[1] = y * y * y - y;
}

// Each view is chosen so that SGD at lr = 0.1 converges and a few times that diverges.
// clang-format off
//  id            formula as shown                      view x      view y      start         minimum  at
constexpr Surface table[] = {
    {"bowl",       "f = ½(x² + y²)",                    -3, 3,      -2.5, 2.5,  -2.5, 2,      0,       {{0, 0}}, 1,
     bowl, bowl_grad},
    {"ravine",     "f = 0.1x² + 4y²",                   -5, 5,      -2, 2,      -4.5, 1.5,    0,       {{0, 0}}, 1,
     ravine, ravine_grad},
    {"rosenbrock", "f = 0.1[(1 − x)² + 10(y − x²)²]",   -2, 2,      -1, 3,      -1.2, 1,      0,       {{1, 1}}, 1,
     rosenbrock, rosenbrock_grad},
    {"saddle",     "f = ½x² + ¼y⁴ − ½y²",               -2, 2,      -2, 2,      -1.8, 0.01,   -0.25,   {{0, 1}, {0, -1}}, 2,
     saddle, saddle_grad},
};
// clang-format on

constexpr DescentOptimizer optimizers[] = {{"sgd"}, {"momentum"}, {"adam"}};

// torch.optim defaults: SGD's momentum as the widget uses it, Adam's betas and eps.
constexpr double momentum = 0.9;
constexpr double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

}  // namespace

std::span<const Surface> surfaces() { return table; }

const Surface& surface(std::string_view id) { return detail::get_by_id<Surface>(table, id, "surface"); }

std::span<const DescentOptimizer> descent_optimizers() { return optimizers; }

DescentPath descent_path(std::string_view surface_id, std::string_view optimizer, double lr, std::size_t steps) {
  const Surface& s = surface(surface_id);
  const std::size_t kind = &detail::get_by_id<DescentOptimizer>(optimizers, optimizer, "optimizer") - optimizers;
  if (!(lr >= descent_lr_min && lr <= descent_lr_max))
    detail::fail({"lr = ", lr, " is outside [", descent_lr_min, ", ", descent_lr_max, "]"});
  if (steps > descent_steps_max) detail::fail({"steps = ", steps, " is outside [0, ", descent_steps_max, "]"});

  DescentPath path;
  double x = s.start_x, y = s.start_y;
  const double start_loss = s.value(x, y);
  path.x.push_back(x);
  path.y.push_back(y);
  path.loss.push_back(start_loss);
  const double bound = descent_escape_views * std::fmax(s.xmax - s.xmin, s.ymax - s.ymin);
  const double blowup = descent_loss_blowup * std::fmax(1.0, start_loss - s.minimum);
  double v[2] = {0, 0}, m[2] = {0, 0}, q[2] = {0, 0};  // momentum buffer; Adam's moments
  double beta1_power = 1, beta2_power = 1;
  for (std::size_t t = 1; t <= steps; ++t) {
    double g[2];
    s.grad(x, y, g);
    double* theta[2] = {&x, &y};
    if (kind == 0) {  // SGD: theta -= lr g
      for (int k = 0; k < 2; ++k) *theta[k] -= lr * g[k];
    } else if (kind == 1) {  // heavy ball, as torch.optim.SGD(momentum=0.9): v = mu v + g; theta -= lr v
      for (int k = 0; k < 2; ++k) {
        v[k] = momentum * v[k] + g[k];
        *theta[k] -= lr * v[k];
      }
    } else {  // torch.optim.Adam: bias-corrected moments
      beta1_power *= beta1;
      beta2_power *= beta2;
      const double step_size = lr / (1 - beta1_power);
      const double root_correction = std::sqrt(1 - beta2_power);
      for (int k = 0; k < 2; ++k) {
        m[k] = beta1 * m[k] + (1 - beta1) * g[k];
        q[k] = beta2 * q[k] + (1 - beta2) * g[k] * g[k];
        *theta[k] -= step_size * m[k] / (std::sqrt(q[k]) / root_correction + eps);
      }
    }
    const double loss = s.value(x, y);
    const bool finite = std::isfinite(x) && std::isfinite(y);
    if (!finite || !std::isfinite(loss) || std::fabs(x) > bound || std::fabs(y) > bound || loss - s.minimum > blowup) {
      path.diverged_at = static_cast<long>(t);
      // The first runaway point shows where the path went. (Within the accepted lr, one
      // step from inside the bound stays finite on these surfaces; the check is a guard.)
      if (finite && std::isfinite(loss)) {
        path.x.push_back(x);
        path.y.push_back(y);
        path.loss.push_back(loss);
      }
      break;
    }
    path.x.push_back(x);
    path.y.push_back(y);
    path.loss.push_back(loss);
  }
  return path;
}

void surface_grid(std::string_view surface_id, std::span<const double> xs, std::span<const double> ys,
                  std::span<double> out) {
  const Surface& s = surface(surface_id);
  const bool fits = xs.empty() ? out.empty() : out.size() % xs.size() == 0 && out.size() / xs.size() == ys.size();
  if (!fits) detail::fail({"surface_grid: output length ", out.size(), " is not ", xs.size(), " * ", ys.size()});
  for (std::size_t j = 0; j < ys.size(); ++j)
    for (std::size_t i = 0; i < xs.size(); ++i) out[j * xs.size() + i] = s.value(xs[i], ys[j]);
}

}  // namespace actlab
