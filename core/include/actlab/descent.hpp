// Gradient descent on 2-D test surfaces: the numbers behind the descent widget.
//
// Four textbook surfaces, each with its value, gradient, view and start point,
// and a descent path under one of PyTorch's update rules (torch.optim.SGD,
// SGD with momentum 0.9, Adam with its defaults), in double precision:
//
//   bowl        f = 0.5 (x^2 + y^2)                    minimum 0 at (0, 0)
//   ravine      f = 0.1 x^2 + 4 y^2                    minimum 0 at (0, 0); curvatures 0.2 and 8
//   rosenbrock  f = 0.1 ((1 - x)^2 + 10 (y - x^2)^2)   minimum 0 at (1, 1), in a curved valley
//   saddle      f = 0.5 x^2 + 0.25 y^4 - 0.5 y^2       saddle at (0, 0), minima -0.25 at (0, +-1)
//
// Errors throw std::invalid_argument with a message naming the value and its range.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace actlab {

struct Surface {
  std::string_view id;
  std::string_view formula;       // as the page shows it (UTF-8), e.g. "f = ½(x² + y²)"
  double xmin, xmax, ymin, ymax;  // the view
  double start_x, start_y;        // where a path starts
  double minimum;                 // the lowest value of f
  double minima[2][2];            // where f takes it: (x, y) pairs, the first minima_count of them
  int minima_count;
  double (*value)(double x, double y);
  void (*grad)(double x, double y, double* g);  // g[0] = df/dx, g[1] = df/dy
};

std::span<const Surface> surfaces();
const Surface& surface(std::string_view id);  // throws for an unknown id

// The optimizers a path may use, in display order: sgd, momentum, adam.
struct DescentOptimizer {
  std::string_view id;
};
std::span<const DescentOptimizer> descent_optimizers();

// Accepted ranges of a path's settings.
inline constexpr double descent_lr_min = 1e-6;
inline constexpr double descent_lr_max = 100;
inline constexpr std::size_t descent_steps_max = 10000;

// A path counts as diverged at the first step where |x| or |y| exceeds this many
// times the larger side of the view, where f - minimum exceeds this many times
// max(1, f(start) - minimum), or where x, y or f is not finite.
inline constexpr double descent_escape_views = 50;
inline constexpr double descent_loss_blowup = 1e6;

struct DescentPath {
  std::vector<double> x, y, loss;  // the start and one point per step taken
  long diverged_at = -1;           // the step at which the path diverged, or -1
};

// Up to `steps` steps from the surface's start. A diverged path stops at the step
// that diverged, keeping that point when it and its loss are finite: every value
// in a path is finite.
DescentPath descent_path(std::string_view surface_id, std::string_view optimizer, double lr, std::size_t steps);

// f at every (xs[i], ys[j]), written to out[j * xs.size() + i].
void surface_grid(std::string_view surface_id, std::span<const double> xs, std::span<const double> ys,
                  std::span<double> out);

}  // namespace actlab
