#include <catch2/catch.hpp>
#include "actlab/loss.hpp"
TEST_CASE("every loss id is found by find_loss") {
  for (const auto& fn : actlab::losses()) REQUIRE(actlab::find_loss(fn.id) == &fn);
}
