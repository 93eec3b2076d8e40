// Seeded toy data sets for the trainer and a small random number generator that
// gives the same stream on every platform (integer arithmetic only).
//
// 2-D classification (2 features, one 0/1 label a row), points in about [-1, 1]^2:
//   circle     label 1 inside radius 0.5, label 0 on the ring 0.7..1
//   xor        label 1 where x * y > 0 (points kept 0.05 off the axes). The points come
//              in mirrored pairs (x, y), (-x, -y) with the same label, and the
//              train/test split keeps pairs together, so for a linear model the
//              best fit is exactly the constant: it cannot beat chance.
//   gaussians  two round blobs, std 0.25, centred at (-0.5, -0.5) (label 0) and (0.5, 0.5) (label 1)
//   spiral     two interleaved arms, 1.75 turns each, radius 0..1
//   moons      two interleaving half circles
// 1-D regression (1 feature x uniform in [-1, 1], one target):
//   sin   y = sin(pi x)      abs  y = |x|
//   step  y = 1 if x > 0 else 0      cubic  y = x^3
// noise: Gaussian with this standard deviation, added to both coordinates of the
// classification sets and to the target of the regression sets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace actlab {

// xoshiro128** (Blackman & Vigna, 2018), seeded through splitmix64. 32-bit
// outputs; floats and doubles are built from the top bits, so every platform
// draws the same numbers.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept;
  std::uint32_t next_u32() noexcept;
  // Uniform in [0, 1) with 53 random bits.
  double uniform() noexcept;
  // Uniform in [a, b).
  double uniform(double a, double b) noexcept { return a + (b - a) * uniform(); }
  // Uniform integer in [0, n), n >= 1, without modulo bias.
  std::uint32_t below(std::uint32_t n) noexcept;
  // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double normal() noexcept;

 private:
  std::uint32_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

struct DatasetSpec {
  std::string id;             // required: circle | xor | gaussians | spiral | moons | sin | abs | step | cubic
  std::size_t samples = 500;  // 10..100000 points in all (train + test)
  double noise = 0;           // [0, 1]
  double test_ratio = 0.2;    // [0, 0.9]: share of the points held out as the test set
  std::uint64_t seed = 1;     // 0..2^53
};

struct Dataset {
  std::vector<float> x;  // rows * n_features, row-major
  std::vector<float> y;  // rows values: a 0/1 label or a regression target
  std::size_t n_features = 0;
  std::size_t rows() const noexcept { return n_features ? x.size() / n_features : 0; }
};

struct DatasetSplit {
  Dataset train;
  Dataset test;
  bool classification = true;
};

// The ids above, in display order.
std::span<const std::string_view> dataset_ids() noexcept;
bool is_classification_dataset(std::string_view id) noexcept;

// Throws std::invalid_argument naming the field ("dataset.samples = 3 is outside
// [10, 100000]") for a bad spec.
void validate_dataset_spec(const DatasetSpec& spec);

// Generates spec.samples points, shuffles them and holds out about
// samples * test_ratio of them as the test set (xor: whole pairs).
DatasetSplit generate_dataset(const DatasetSpec& spec);

}  // namespace actlab
