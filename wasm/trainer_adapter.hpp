// Adapters between the Embind class "_Trainer" and actlab::Trainer: typed
// arrays and JSON strings in, JS values out. Nothing here throws into JS: the
// constructor stores a config error (read with _error()), and every method
// returns a JS Error object on failure, which api.js throws.
#pragma once

#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "actlab/trainer.hpp"

namespace actlab::wasm {

class JsTrainer {
 public:
  explicit JsTrainer(const std::string& config_json) noexcept;

  // null when the config was valid, else the message naming the bad field.
  emscripten::val error() const;

  actlab::Trainer* get() const noexcept { return trainer_.get(); }

  // Scratch for the packed metrics, which JS reads through a view.
  std::vector<double> packed;

 private:
  std::unique_ptr<actlab::Trainer> trainer_;
  std::string error_;
};

// Each returns undefined (or the result) on success and a JS Error on failure.
emscripten::val trainer_set_data(JsTrainer& self, emscripten::val x, emscripten::val y, double n_features,
                                 double n_outputs);
emscripten::val trainer_set_test_data(JsTrainer& self, emscripten::val x, emscripten::val y, double n_features,
                                      double n_outputs);
emscripten::val trainer_step(JsTrainer& self, double n);  // the number of steps taken
emscripten::val trainer_epoch(JsTrainer& self);           // the number of steps taken
emscripten::val trainer_reset(JsTrainer& self);
// The metrics packed as doubles into JsTrainer::packed; returns the byte address
// of the first one in wasm memory, or 0 on failure (a trainer whose config was
// invalid, whose message _error() gives, or out of memory). It returns a number
// rather than a val to keep the call cheap enough for every step. api.js reads
// the doubles through HEAPF64 and builds a plain object; they stay put until the
// next metrics call on this trainer. Layout, all numbers:
//   step, epoch, batchLoss, trainLoss, testLoss, trainAccuracy, testAccuracy,
//   status (0 ok, 1 diverged), divergedAtStep, layer count; then per layer:
//   gradNorm, weightNorm, preActMean, preActStd, histogram min, histogram max,
//   saturatedFraction, deadFraction, preluWeight, bin count, the counts,
//   dead-unit count, the dead unit indices.
double trainer_metrics_packed(JsTrainer& self);                       // catches everything; not noexcept for Embind
emscripten::val trainer_evaluate_json(JsTrainer& self);               // exact evaluation as a JSON string
emscripten::val trainer_predict(JsTrainer& self, emscripten::val x);  // a Float32Array copy
// A Float32Array view into wasm memory (no copy), valid until the next call.
emscripten::val trainer_predict_grid(JsTrainer& self, double x_min, double x_max, double y_min, double y_max,
                                     double width, double height);
emscripten::val trainer_export_weights(JsTrainer& self);  // a JSON string
emscripten::val trainer_import_weights(JsTrainer& self, emscripten::val json);
emscripten::val trainer_config_json(JsTrainer& self);  // the resolved config as JSON
emscripten::val trainer_input_width(JsTrainer& self);  // 0 until the network exists

// One of the core's built-in data sets, from a spec JSON string (see
// parse_dataset_spec): { trainX, trainY, testX, testY: Float32Array copies,
// nFeatures, classification }, or a JS Error.
emscripten::val generate_dataset_js(emscripten::val spec_json);

}  // namespace actlab::wasm
