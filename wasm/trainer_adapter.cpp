// See trainer_adapter.hpp. Every entry point runs its body inside `guarded`
// (js_error.hpp), which turns a C++ exception into a JS Error value.
#include "trainer_adapter.hpp"

#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <vector>

#include "actlab/attributes.hpp"
#include "actlab/fail.hpp"
#include "actlab/json.hpp"
#include "js_error.hpp"

using emscripten::val;

namespace actlab::wasm {
namespace {

Trainer& live(JsTrainer& self) {
  Trainer* t = self.get();
  if (!t) throw std::invalid_argument("this trainer was not created: its config was invalid");
  return *t;
}

std::vector<float> to_floats(const val& array, const char* what) {
  if (!array.instanceof (val::global("Float32Array"))) detail::fail({what, " must be a Float32Array"});
  return emscripten::convertJSArrayToNumberVector<float>(array);
}

ACTLAB_COLD std::size_t to_count(double v, const char* what, double min, double max) {
  if (!(v >= min && v <= max) || v != std::floor(v))
    detail::fail({what, " = ", v, " must be an integer in [", min, ", ", max, "]"});
  return static_cast<std::size_t>(v);
}

// Sized first, then written through a pointer: after the first call the buffer
// has its size and nothing is allocated.
void pack_metrics(const Metrics& m, std::vector<double>& out) {
  std::size_t size = 10;
  for (const LayerMetrics& l : m.layers) size += 11 + l.histogram.counts.size() + l.dead_units.size();
  out.resize(size);
  double* p = out.data();
  p[0] = double(m.step);
  p[1] = double(m.epoch);
  p[2] = m.batch_loss;
  p[3] = m.train_loss;
  p[4] = m.test_loss;
  p[5] = m.train_accuracy;
  p[6] = m.test_accuracy;
  p[7] = m.status == TrainerStatus::ok ? 0.0 : 1.0;
  p[8] = double(m.diverged_at_step);
  p[9] = double(m.layers.size());
  p += 10;
  for (const LayerMetrics& l : m.layers) {
    p[0] = l.grad_norm;
    p[1] = l.weight_norm;
    p[2] = l.pre_act_mean;
    p[3] = l.pre_act_std;
    p[4] = double(l.histogram.min);
    p[5] = double(l.histogram.max);
    p[6] = l.saturated_fraction;
    p[7] = l.dead_fraction;
    p[8] = l.prelu_weight;
    p[9] = double(l.histogram.counts.size());
    p += 10;
    for (std::uint32_t c : l.histogram.counts) *p++ = double(c);
    *p++ = double(l.dead_units.size());
    for (std::uint32_t u : l.dead_units) *p++ = double(u);
  }
}

}  // namespace

ACTLAB_COLD JsTrainer::JsTrainer(const std::string& config_json) noexcept {
  try {
    trainer_ = std::make_unique<Trainer>(parse_config(config_json));
  } catch (const std::exception& e) {
    try {
      error_ = e.what();
    } catch (...) {
    }
    if (error_.empty()) error_ = "invalid config";
  } catch (...) {
    error_ = "invalid config";
  }
}

val JsTrainer::error() const { return trainer_ ? val::null() : val(error_); }

ACTLAB_COLD val trainer_set_data(JsTrainer& self, val x, val y, double n_features, double n_outputs) {
  return guarded([&] {
    Trainer& t = live(self);
    const std::size_t f = to_count(n_features, "setData: nFeatures", 1, double(max_features));
    const std::size_t o = to_count(n_outputs, "setData: nOutputs", 1, double(max_units));
    const std::vector<float> xs = to_floats(x, "setData: x"), ys = to_floats(y, "setData: y");
    t.set_data(xs, ys, f, o);
    return val::undefined();
  });
}

ACTLAB_COLD val trainer_set_test_data(JsTrainer& self, val x, val y, double n_features, double n_outputs) {
  return guarded([&] {
    Trainer& t = live(self);
    const std::size_t f = to_count(n_features, "setTestData: nFeatures", 1, double(max_features));
    const std::size_t o = to_count(n_outputs, "setTestData: nOutputs", 1, double(max_units));
    const std::vector<float> xs = to_floats(x, "setTestData: x"), ys = to_floats(y, "setTestData: y");
    t.set_test_data(xs, ys, f, o);
    return val::undefined();
  });
}

val trainer_step(JsTrainer& self, double n) {
  return guarded([&] {
    Trainer& t = live(self);
    const std::size_t count = to_count(n, "step: n", 1, double(max_steps_per_call));
    return val(double(t.step(count)));
  });
}

val trainer_epoch(JsTrainer& self) {
  return guarded([&] { return val(double(live(self).epoch())); });
}

ACTLAB_COLD val trainer_reset(JsTrainer& self) {
  return guarded([&] {
    live(self).reset();
    return val::undefined();
  });
}

double trainer_metrics_packed(JsTrainer& self) {
  // A plain number, not a val: no emval handle and no typed-array view to make,
  // which cost more than the rest of the call. 0 on failure (see the header).
  try {
    Trainer* t = self.get();
    if (!t) return 0;
    pack_metrics(t->metrics(), self.packed);
    return double(reinterpret_cast<std::uintptr_t>(self.packed.data()));
  } catch (...) {
    return 0;
  }
}

ACTLAB_COLD val trainer_evaluate_json(JsTrainer& self) {
  return guarded([&] {
    const Evaluation e = live(self).evaluate();
    json::Writer w;
    w.begin_object().key("trainLoss").value(e.train_loss).key("trainAccuracy").value(e.train_accuracy);
    w.key("testLoss").value(e.test_loss).key("testAccuracy").value(e.test_accuracy).key("deadUnits").begin_array();
    for (const auto& layer : e.dead_units) {
      w.begin_array();
      for (std::uint32_t u : layer) w.value(double(u));
      w.end_array();
    }
    w.end_array().end_object();
    return val(w.take());
  });
}

val trainer_predict(JsTrainer& self, val x) {
  return guarded([&] {
    Trainer& t = live(self);
    const std::vector<float> xs = to_floats(x, "predict: x");
    const std::vector<float> out = t.predict(xs);
    return val::global("Float32Array").new_(emscripten::typed_memory_view(out.size(), out.data()));
  });
}

val trainer_predict_grid(JsTrainer& self, double x_min, double x_max, double y_min, double y_max, double width,
                         double height) {
  return guarded([&] {
    Trainer& t = live(self);
    const std::size_t w = to_count(width, "predictGrid: width", 1, 1024);
    const std::size_t h = to_count(height, "predictGrid: height", 1, 1024);
    const std::span<const float> grid = t.predict_grid(x_min, x_max, y_min, y_max, w, h);
    return val(emscripten::typed_memory_view(grid.size(), grid.data()));
  });
}

ACTLAB_COLD val trainer_export_weights(JsTrainer& self) {
  return guarded([&] { return val(live(self).export_weights()); });
}

ACTLAB_COLD val trainer_import_weights(JsTrainer& self, val json) {
  return guarded([&] {
    Trainer& t = live(self);
    if (!json.isString()) throw std::invalid_argument("importWeights: the weights must be a JSON string");
    t.import_weights(json.as<std::string>());
    return val::undefined();
  });
}

ACTLAB_COLD val trainer_config_json(JsTrainer& self) {
  return guarded([&] { return val(config_to_json(live(self).config())); });
}

ACTLAB_COLD val trainer_input_width(JsTrainer& self) {
  return guarded([&] { return val(double(live(self).input_width())); });
}

ACTLAB_COLD val generate_dataset_js(val spec_json) {
  return guarded([&] {
    if (!spec_json.isString()) throw std::invalid_argument("generateDataset: the spec must be a JSON string");
    const DatasetSplit split = generate_dataset(parse_dataset_spec(spec_json.as<std::string>()));
    const auto copy = [](const std::vector<float>& v) {
      return val::global("Float32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
    };
    val out = val::object();
    out.set("trainX", copy(split.train.x));
    out.set("trainY", copy(split.train.y));
    out.set("testX", copy(split.test.x));
    out.set("testY", copy(split.test.y));
    out.set("nFeatures", double(split.train.n_features));
    out.set("classification", split.classification);
    return out;
  });
}

}  // namespace actlab::wasm
