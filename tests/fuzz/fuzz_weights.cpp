// libFuzzer target: the weights importer on arbitrary bytes, against a small
// fixed network. Bad input may only raise std::invalid_argument and must leave
// the trainer usable; accepted weights must give finite or zeroed predictions.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "actlab/trainer.hpp"

namespace {

actlab::Trainer make_trainer() {
  return actlab::Trainer(actlab::parse_config(R"({
    "layers": [{"units": 3, "activation": "prelu"}, {"units": 2, "activation": "tanh"}],
    "output": {"units": 1, "activation": "sigmoid"},
    "loss": {"id": "bce"},
    "inputs": 2,
    "seed": 3
  })"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static actlab::Trainer trainer = make_trainer();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    trainer.import_weights(text);
  } catch (const std::invalid_argument&) {
  }
  const std::vector<float> x = {0.5f, -1.0f, 2.0f, 0.25f};
  for (float y : trainer.predict(x))
    if (!std::isfinite(y)) std::abort();
  return 0;
}
