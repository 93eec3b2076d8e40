// See trainer_adapter.hpp. Every entry point runs its body inside `guarded`,
// which turns a C++ exception into a JS Error value so nothing unwinds into JS.
#include "trainer_adapter.hpp"

#include <emscripten/bind.h>

#include <cmath>
#include <exception>
#include <stdexcept>
#include <vector>
#include "actlab/decimal.hpp"

#include "actlab/attributes.hpp"
#include "actlab/json.hpp"

using emscripten::val;

namespace actlab::wasm {
namespace {

template <class Body>
val guarded(Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return val::global("Error").new_(std::string("out of memory"));
  } catch (const std::exception& error) {
    return val::global("Error").new_(std::string(error.what()));
  } catch (...) {
    return val::global("Error").new_(std::string("internal error"));
  }
}

Trainer& live(JsTrainer& self) {
  Trainer* t = self.get();
  if (!t) throw std::invalid_argument("this trainer was not created: its config was invalid");
  return *t;
}

std::vector<float> to_floats(const val& array, const char* what) {
  if (!array.instanceof (val::global("Float32Array")))
    throw std::invalid_argument(std::string(what) + " must be a Float32Array");
  return emscripten::convertJSArrayToNumberVector<float>(array);
}

ACTLAB_COLD std::size_t to_count(double v, const char* what, double min, double max) {
  if (!(v >= min && v <= max) || v != std::floor(v)) {
    throw std::invalid_argument(std::string(what) + " = " + decimal::format(v, 10) + " must be an integer in [" +
                                decimal::format(min, 10) + ", " + decimal::format(max, 10) + "]");
  }
  return static_cast<std::size_t>(v);
}

void pack_metrics(const Metrics& m, std::vector<double>& out) {
  out.clear();
  out.insert(out.end(), {double(m.step), double(m.epoch), m.batch_loss, m.train_loss, m.test_loss, m.train_accuracy,
                         m.test_accuracy, m.status == TrainerStatus::ok ? 0.0 : 1.0, double(m.diverged_at_step),
                         double(m.layers.size())});
  for (const LayerMetrics& l : m.layers) {
    out.insert(out.end(), {l.grad_norm, l.weight_norm, l.pre_act_mean, l.pre_act_std, double(l.histogram.min),
                           double(l.histogram.max), l.saturated_fraction, l.dead_fraction, l.prelu_weight,
                           double(l.histogram.counts.size())});
    for (std::uint32_t c : l.histogram.counts) out.push_back(double(c));
    out.push_back(double(l.dead_units.size()));
    for (std::uint32_t u : l.dead_units) out.push_back(double(u));
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

val trainer_metrics_packed(JsTrainer& self) {
  return guarded([&] {
    pack_metrics(live(self).metrics(), self.packed);
    return val(emscripten::typed_memory_view(self.packed.size(), self.packed.data()));
  });
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
