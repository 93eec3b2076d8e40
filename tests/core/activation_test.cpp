#include <catch2/catch.hpp>
#include "actlab/activation.hpp"
TEST_CASE("every activation id is found by find_activation") {
  for (const auto& fn : actlab::activations()) REQUIRE(actlab::find_activation(fn.id) == &fn);
}
