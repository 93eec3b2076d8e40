// libFuzzer target: trainer steps on random small configs built from the input
// bytes (layers, activations, output/loss pairs, optimizers, learning rates,
// data sets). A config the validator accepts must train without any exception,
// crash or sanitizer report, whether it converges or diverges.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "actlab/activation.hpp"
#include "actlab/trainer.hpp"

namespace {

struct Bytes {
  const std::uint8_t* data;
  std::size_t size;
  std::uint8_t next() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
};

const char* pick(Bytes& in, std::initializer_list<const char*> options) {
  return options.begin()[in.next() % options.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  const auto activations = actlab::activations();
  std::string json = "{\"layers\":[";
  const int layers = 1 + in.next() % 3;
  for (int i = 0; i < layers; ++i) {
    if (i) json += ",";
    json += "{\"units\":" + std::to_string(1 + in.next() % 8) + ",\"activation\":\"" +
            std::string(activations[in.next() % activations.size()].id) + "\"}";
  }
  json += "],";
  const int pair = in.next() % 9;
  const char* dataset = pick(in, {"circle", "xor", "gaussians", "spiral", "moons", "sin", "abs", "step", "cubic"});
  const bool regression = std::string(dataset) == "sin" || std::string(dataset) == "abs" ||
                          std::string(dataset) == "step" || std::string(dataset) == "cubic";
  if (regression) {
    json += std::string("\"output\":{\"units\":1,\"activation\":\"linear\"},\"loss\":{\"id\":\"") +
            pick(in, {"mse", "mae", "huber", "smooth_l1", "log_cosh"}) + "\"},";
  } else {
    switch (pair % 4) {
      case 0:
        json += R"("output":{"units":1,"activation":"sigmoid"},"loss":{"id":"bce"},)";
        break;
      case 1:
        json += R"("output":{"units":1,"activation":"tanh"},"loss":{"id":"mse"},)";
        break;
      case 2:
        json += R"("output":{"units":1,"activation":"linear"},"loss":{"id":"hinge"},)";
        break;
      default:
        json += R"("output":{"units":2,"activation":"softmax"},"loss":{"id":"cross_entropy"},)";
        break;
    }
  }
  const double lr = std::pow(10.0, -4.0 + (in.next() % 60) / 10.0);  // 1e-4 .. ~8
  json += std::string("\"optimizer\":{\"id\":\"") +
          pick(in, {"sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"}) + "\",\"lr\":" + std::to_string(lr) +
          "},";
  json += std::string("\"init\":\"") +
          pick(in, {"xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_normal", "zeros"}) + "\",";
  json += "\"batchSize\":" + std::to_string(1 + in.next() % 16) + ",";
  json +=
      "\"l1\":" + std::to_string((in.next() % 4) * 0.001) + ",\"l2\":" + std::to_string((in.next() % 4) * 0.001) + ",";
  json += std::string("\"standardize\":") + (in.next() % 2 ? "true" : "false") + ",";
  json += "\"seed\":" + std::to_string(in.next()) + ",";
  json += std::string("\"dataset\":{\"id\":\"") + dataset + "\",\"samples\":" + std::to_string(10 + in.next() % 50) +
          ",\"noise\":" + std::to_string((in.next() % 11) / 10.0) +
          ",\"testRatio\":0.3,\"seed\":" + std::to_string(in.next()) + "}}";

  actlab::TrainerConfig config;
  try {
    config = actlab::parse_config(json);
  } catch (const std::invalid_argument&) {
    return 0;  // e.g. an activation whose parameters the pair rules reject
  }
  actlab::Trainer trainer(config);
  trainer.step(1 + in.next() % 40);
  const actlab::Metrics& metrics = trainer.metrics();
  if (metrics.status == actlab::TrainerStatus::ok && !std::isfinite(metrics.train_loss)) std::abort();
  if (trainer.input_width() == 2) {
    for (float v : trainer.predict_grid(-1, 1, -1, 1, 4, 3))
      if (std::isnan(v)) std::abort();
  }
  trainer.epoch();
  trainer.reset();
  trainer.step(2);
  return 0;
}
