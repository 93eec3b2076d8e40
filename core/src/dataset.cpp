// Seeded data generators and the RNG they share with the trainer.
#include "actlab/dataset.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "actlab/fail.hpp"
#include "elementary.hpp"

namespace actlab {

// ---- Rng ------------------------------------------------------------------------

namespace {

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint32_t rotl(std::uint32_t x, int k) noexcept { return (x << k) | (x >> (32 - k)); }

constexpr double pi = 3.14159265358979323846;

}  // namespace

Rng::Rng(std::uint64_t seed) noexcept {
  std::uint64_t state = seed;
  const std::uint64_t a = splitmix64(state);
  const std::uint64_t b = splitmix64(state);
  s_[0] = static_cast<std::uint32_t>(a);
  s_[1] = static_cast<std::uint32_t>(a >> 32);
  s_[2] = static_cast<std::uint32_t>(b);
  s_[3] = static_cast<std::uint32_t>(b >> 32);
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;  // the all-zero state is a fixed point
}

std::uint32_t Rng::next_u32() noexcept {
  const std::uint32_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint32_t t = s_[1] << 9;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 11);
  return result;
}

double Rng::uniform() noexcept {
  const std::uint64_t hi = next_u32() >> 5;  // 27 bits
  const std::uint64_t lo = next_u32() >> 6;  // 26 bits
  return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
}

std::uint32_t Rng::below(std::uint32_t n) noexcept {
  // Lemire's multiply-shift with rejection of the biased low range.
  std::uint64_t m = std::uint64_t{next_u32()} * n;
  std::uint32_t low = static_cast<std::uint32_t>(m);
  if (low < n) {
    const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
    while (low < threshold) {
      m = std::uint64_t{next_u32()} * n;
      low = static_cast<std::uint32_t>(m);
    }
  }
  return static_cast<std::uint32_t>(m >> 32);
}

double Rng::normal() noexcept {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform();
  while (u1 <= 0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const elementary::SinCos angle = elementary::sin_cos(2 * pi * u2);
  spare_ = r * angle.sin;
  has_spare_ = true;
  return r * angle.cos;
}

// ---- generators ----------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 9> ids = {"circle", "xor", "gaussians", "spiral", "moons",
                                                 "sin",    "abs", "step",      "cubic"};

struct Point {
  double x0, x1, y;
};

// Fills point i of n (labels alternate so both classes get half).
Point classification_point(std::string_view id, std::size_t i, std::size_t n, Rng& rng) {
  const int label = static_cast<int>(i % 2);
  if (id == "circle") {
    const double r = label == 1 ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1.0);
    const elementary::SinCos angle = elementary::sin_cos(rng.uniform(0, 2 * pi));
    return {r * angle.cos, r * angle.sin, double(label)};
  }
  if (id == "xor") {
    constexpr double pad = 0.05;
    double a = rng.uniform(pad, 1.0), b = rng.uniform(pad, 1.0);
    // label 1: same signs; label 0: opposite signs. Which quadrant is random.
    const bool flip = rng.uniform() < 0.5;
    if (flip) a = -a;
    if (label == 1) {
      if (flip) b = -b;
    } else if (!flip) {
      b = -b;
    }
    return {a, b, double(label)};
  }
  if (id == "gaussians") {
    const double c = label == 1 ? 0.5 : -0.5;
    return {c + 0.25 * rng.normal(), c + 0.25 * rng.normal(), double(label)};
  }
  if (id == "spiral") {
    const std::size_t k = i / 2, per_arm = (n + 1) / 2;
    const double t = per_arm > 1 ? double(k) / double(per_arm - 1) : 0.0;
    const double r = t;
    const elementary::SinCos angle = elementary::sin_cos(1.75 * 2 * pi * t + (label == 1 ? pi : 0.0));
    return {r * angle.sin, r * angle.cos, double(label)};
  }
  // moons: the upper moon (label 0) and the lower one (label 1), centred and scaled into [-1, 1]^2
  const elementary::SinCos t = elementary::sin_cos(rng.uniform(0, pi));
  double a, b;
  if (label == 0) {
    a = t.cos;
    b = t.sin;
  } else {
    a = 1 - t.cos;
    b = 0.5 - t.sin;
  }
  return {(a - 0.5) * 0.6, (b - 0.25) * 0.6, double(label)};
}

double regression_target(std::string_view id, double x) {
  if (id == "sin") return elementary::sin_cos(pi * x).sin;
  if (id == "abs") return std::fabs(x);
  if (id == "step") return x > 0 ? 1.0 : 0.0;
  return x * x * x;  // cubic
}

}  // namespace

std::span<const std::string_view> dataset_ids() noexcept { return ids; }

bool is_classification_dataset(std::string_view id) noexcept {
  return id == "circle" || id == "xor" || id == "gaussians" || id == "spiral" || id == "moons";
}

void validate_dataset_spec(const DatasetSpec& spec) {
  bool known = false;
  for (std::string_view id : ids) known = known || id == spec.id;
  if (!known) {
    std::string list;
    for (std::string_view id : ids) list += (list.empty() ? "" : " | ") + std::string(id);
    detail::fail({"dataset.id = '", std::string_view(spec.id).substr(0, 64), "' is unknown; allowed: ", list});
  }
  if (spec.samples < 10 || spec.samples > 100000)
    detail::fail({"dataset.samples = ", spec.samples, " is outside [10, 100000]"});
  if (!(spec.noise >= 0 && spec.noise <= 1)) detail::fail({"dataset.noise = ", spec.noise, " is outside [0, 1]"});
  if (!(spec.test_ratio >= 0 && spec.test_ratio <= 0.9))
    detail::fail({"dataset.testRatio = ", spec.test_ratio, " is outside [0, 0.9]"});
  if (spec.seed > (std::uint64_t{1} << 53)) detail::fail({"dataset.seed = ", spec.seed, " is outside [0, 2^53]"});
}

DatasetSplit generate_dataset(const DatasetSpec& spec) {
  validate_dataset_spec(spec);
  Rng rng(spec.seed);
  const std::size_t n = spec.samples;
  const bool classification = is_classification_dataset(spec.id);
  const std::size_t width = classification ? 2 : 1;
  std::vector<Point> points(n);
  // xor comes in mirrored pairs (see the header); the split keeps each pair together.
  const bool mirrored = spec.id == "xor";
  for (std::size_t i = 0; i < n; ++i) {
    if (mirrored && i % 2 == 1) {
      points[i] = {-points[i - 1].x0, -points[i - 1].x1, points[i - 1].y};
    } else if (classification) {
      Point p = classification_point(spec.id, mirrored ? i / 2 : i, n, rng);
      if (spec.noise > 0) {
        p.x0 += spec.noise * rng.normal();
        p.x1 += spec.noise * rng.normal();
      }
      points[i] = p;
    } else {
      const double x = rng.uniform(-1, 1);
      double y = regression_target(spec.id, x);
      if (spec.noise > 0) y += spec.noise * rng.normal();
      points[i] = {x, 0, y};
    }
  }
  // Fisher-Yates over groups (pairs for xor, single points otherwise), then the
  // first round(groups * test_ratio) groups are the test set.
  const std::size_t group = mirrored ? 2 : 1;
  const std::size_t groups = (n + group - 1) / group;
  std::vector<std::size_t> order(groups);
  for (std::size_t g = 0; g < groups; ++g) order[g] = g;
  for (std::size_t g = groups - 1; g > 0; --g) {
    const std::size_t j = rng.below(static_cast<std::uint32_t>(g + 1));
    std::swap(order[g], order[j]);
  }
  const std::size_t n_test = static_cast<std::size_t>(std::llround(double(groups) * spec.test_ratio));
  DatasetSplit split;
  split.classification = classification;
  split.train.n_features = split.test.n_features = width;
  for (std::size_t k = 0; k < groups; ++k) {
    Dataset& d = k < n_test ? split.test : split.train;
    for (std::size_t i = order[k] * group; i < std::min(n, (order[k] + 1) * group); ++i) {
      d.x.push_back(static_cast<float>(points[i].x0));
      if (width == 2) d.x.push_back(static_cast<float>(points[i].x1));
      d.y.push_back(static_cast<float>(points[i].y));
    }
  }
  return split;
}

}  // namespace actlab
