#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "actlab/dataset.hpp"

using namespace actlab;

TEST_CASE("rng gives the same stream for the same seed and another for another seed") {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t x = a.next_u32();
    CHECK(x == b.next_u32());
    differs = differs || x != c.next_u32();
  }
  CHECK(differs);
}

TEST_CASE("rng uniform stays below 1 with mean 1/2 and below(n) covers 0 to n - 1 evenly") {
  Rng rng(7);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    sum += u;
  }
  CHECK(sum / 100000 == Approx(0.5).margin(0.01));
  int counts[7] = {};
  for (int i = 0; i < 70000; ++i) {
    const std::uint32_t k = rng.below(7);
    REQUIRE(k < 7);
    ++counts[k];
  }
  for (int k : counts) CHECK(k == Approx(10000).margin(500));
}

TEST_CASE("rng normal has mean 0 and variance 1") {
  Rng rng(3);
  double sum = 0, sum2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  CHECK(sum / n == Approx(0).margin(0.01));
  CHECK(sum2 / n == Approx(1).margin(0.02));
}

TEST_CASE("every generator makes samples points split by testRatio and does so deterministically") {
  for (std::string_view id : dataset_ids()) {
    INFO(id);
    DatasetSpec spec;
    spec.id = std::string(id);
    spec.samples = 300;
    spec.test_ratio = 0.3;
    spec.noise = 0.1;
    spec.seed = 9;
    const DatasetSplit a = generate_dataset(spec), b = generate_dataset(spec);
    const std::size_t width = is_classification_dataset(id) ? 2 : 1;
    CHECK(a.train.n_features == width);
    CHECK(a.test.rows() == 90);
    CHECK(a.train.rows() == 210);
    CHECK(a.train.y.size() == 210);
    CHECK(a.test.x.size() == 90 * width);
    CHECK(a.train.x == b.train.x);
    CHECK(a.test.y == b.test.y);
    for (float v : a.train.x) CHECK(std::isfinite(v));
    spec.seed = 10;
    CHECK(generate_dataset(spec).train.x != a.train.x);
  }
}

TEST_CASE("classification sets have balanced 0/1 labels") {
  for (std::string_view id : {"circle", "xor", "gaussians", "spiral", "moons"}) {
    INFO(id);
    DatasetSpec spec;
    spec.id = std::string(id);
    spec.samples = 400;
    spec.test_ratio = 0;
    const DatasetSplit d = generate_dataset(spec);
    std::size_t ones = 0;
    for (float y : d.train.y) {
      CHECK((y == 0 || y == 1));
      ones += y == 1;
    }
    CHECK(ones == 200);
  }
}

TEST_CASE("noise-free circle and xor labels follow their geometric rule") {
  DatasetSpec spec;
  spec.id = "circle";
  spec.samples = 500;
  const DatasetSplit circle = generate_dataset(spec);
  for (std::size_t r = 0; r < circle.train.rows(); ++r) {
    const double radius = std::hypot(circle.train.x[2 * r], circle.train.x[2 * r + 1]);
    CHECK((circle.train.y[r] == 1) == (radius <= 0.5 + 1e-6));
  }
  spec.id = "xor";
  const DatasetSplit x = generate_dataset(spec);
  for (std::size_t r = 0; r < x.train.rows(); ++r)
    CHECK((x.train.y[r] == 1) == (x.train.x[2 * r] * x.train.x[2 * r + 1] > 0));
}

TEST_CASE("regression targets are the named function of x without noise") {
  DatasetSpec spec;
  spec.samples = 50;
  for (std::string_view id : {"sin", "abs", "step", "cubic"}) {
    spec.id = std::string(id);
    const DatasetSplit d = generate_dataset(spec);
    for (std::size_t r = 0; r < d.train.rows(); ++r) {
      const double x = d.train.x[r];
      const double want = id == "sin"    ? std::sin(3.14159265358979 * x)
                          : id == "abs"  ? std::fabs(x)
                          : id == "step" ? (x > 0 ? 1 : 0)
                                         : x * x * x;
      CHECK(d.train.y[r] == Approx(want).margin(1e-6));
    }
  }
}

TEST_CASE("bad dataset specs give named errors") {
  DatasetSpec spec;
  spec.id = "donut";
  CHECK_THROWS_WITH(generate_dataset(spec), Catch::Contains("dataset.id = 'donut' is unknown"));
  spec.id = "circle";
  spec.samples = 5;
  CHECK_THROWS_WITH(generate_dataset(spec), Catch::Contains("dataset.samples = 5 is outside [10, 100000]"));
  spec.samples = 100;
  spec.noise = std::nan("");
  CHECK_THROWS_WITH(generate_dataset(spec), Catch::Contains("dataset.noise = NaN is outside [0, 1]"));
  spec.noise = 0;
  spec.test_ratio = 0.95;
  CHECK_THROWS_WITH(generate_dataset(spec), Catch::Contains("dataset.testRatio = 0.95 is outside [0, 0.9]"));
}

TEST_CASE("xor points come in mirrored pairs that stay on one side of the split") {
  DatasetSpec spec;
  spec.id = "xor";
  spec.samples = 200;
  spec.noise = 0.2;
  spec.test_ratio = 0.25;
  const DatasetSplit d = generate_dataset(spec);
  for (const Dataset* part : {&d.train, &d.test}) {
    REQUIRE(part->rows() % 2 == 0);
    for (std::size_t r = 0; r < part->rows(); r += 2) {
      CHECK(part->x[2 * r] == -part->x[2 * r + 2]);
      CHECK(part->x[2 * r + 1] == -part->x[2 * r + 3]);
      CHECK(part->y[r] == part->y[r + 1]);
    }
  }
}
