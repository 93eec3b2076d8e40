// actlab_trainer_trace: runs the native trainer on a config and prints, as JSON,
// the batch loss after each step and the exported weights, so that
// tests/js/trainer.test.mjs can check that the wasm build agrees.
//
//   actlab_trainer_trace '<config json with a dataset>' <steps>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "actlab/json.hpp"
#include "actlab/trainer.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: actlab_trainer_trace '<config json>' <steps>\n");
    return 2;
  }
  try {
    actlab::Trainer trainer(actlab::parse_config(argv[1]));
    const long steps = std::strtol(argv[2], nullptr, 10);
    actlab::json::Writer w;
    w.begin_object().key("losses").begin_array();
    for (long i = 0; i < steps; ++i) {
      trainer.step(1);
      w.value(trainer.metrics().batch_loss);
    }
    w.end_array().key("weights").raw(trainer.export_weights()).end_object();
    std::puts(w.str().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
