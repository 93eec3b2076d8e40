// The Embind bindings: the single EMSCRIPTEN_BINDINGS block and the adapters
// that turn typed arrays and JS values into core calls.
//
// Raw exports carry a leading underscore. They never throw across the boundary:
// a failure comes back as a JS Error object, and api.js (the friendly layer,
// linked with --post-js) throws it. Throwing from C++ into JS would skip the
// destructors of the frames in between and leak their memory.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "actlab/activation.hpp"
#include "actlab/descent.hpp"
#include "actlab/fail.hpp"
#include "actlab/loss.hpp"
#include "js_error.hpp"
#ifndef ACTLAB_FUNCTIONS_ONLY
#include "trainer_adapter.hpp"
#endif

using emscripten::val;

namespace {

using actlab::wasm::guarded;

std::string to_id(const val& id, const char* what) {
  if (!id.isString()) actlab::detail::fail({what, " id must be a string"});
  return id.as<std::string>();
}

std::vector<double> to_doubles(const val& array, const char* what) {
  if (!array.instanceof (val::global("Float64Array"))) actlab::detail::fail({what, " must be a Float64Array"});
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

// A Float64Array the caller owns (a copy, not a view into wasm memory).
val to_float64_array(const std::vector<double>& values) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val params_to_js(std::span<const actlab::ParamSpec> params) {
  val list = val::array();
  for (const actlab::ParamSpec& p : params) {
    val spec = val::object();
    spec.set("id", std::string(p.id));
    spec.set("default", p.default_value);
    spec.set("min", p.min);
    spec.set("max", p.max);
    spec.set("sliderMin", p.slider_min);
    spec.set("sliderMax", p.slider_max);
    if (!p.above.empty()) spec.set("above", std::string(p.above));
    list.call<void>("push", spec);
  }
  return list;
}

// ---- activations ------------------------------------------------------------

val activation_eval(val id, val xs, val params, bool derivative) {
  return guarded([&] {
    const std::string name = to_id(id, "activation");
    const std::vector<double> x = to_doubles(xs, "xs");
    const std::vector<double> p = to_doubles(params, "params");
    std::vector<double> out(x.size());
    if (derivative)
      actlab::activation_grad(name, x, p, out);
    else
      actlab::activation_eval(name, x, p, out);
    return to_float64_array(out);
  });
}

val activation_value_js(val id, val xs, val params) { return activation_eval(id, xs, params, false); }
val activation_grad_js(val id, val xs, val params) { return activation_eval(id, xs, params, true); }

val activation_list() {
  val list = val::array();
  for (const actlab::Activation& fn : actlab::activations()) {
    val item = val::object();
    item.set("id", std::string(fn.id));
    item.set("name", std::string(fn.name));
    item.set("torch", std::string(fn.torch));
    item.set("formula", std::string(fn.formula));
    item.set("derivative", std::string(fn.derivative));
    item.set("origin", std::string(fn.origin));
    item.set("params", params_to_js(fn.params));
    val range = val::object();
    range.set("min", fn.range_min);
    range.set("max", fn.range_max);
    range.set("minAttained", fn.range_min_attained);
    range.set("maxAttained", fn.range_max_attained);
    item.set("range", range);
    val props = val::object();
    props.set("monotonic", fn.properties.monotonic);
    props.set("smooth", fn.properties.smooth);
    props.set("zeroCentred", fn.properties.zero_centred);
    props.set("boundedAbove", fn.properties.bounded_above);
    props.set("boundedBelow", fn.properties.bounded_below);
    props.set("saturating", fn.properties.saturating);
    item.set("properties", props);
    list.call<void>("push", item);
  }
  return list;
}

// ---- losses -------------------------------------------------------------------

// A loss call's arguments, checked and copied out of JS.
struct LossArgs {
  std::string id;
  std::vector<double> pred, target, params;
};

LossArgs loss_args(const val& id, const val& pred, const val& target, const val& params) {
  return {to_id(id, "loss"), to_doubles(pred, "pred"), to_doubles(target, "target"), to_doubles(params, "params")};
}

val loss_value_js(val id, val pred, val target, val params) {
  return guarded([&] {
    const LossArgs a = loss_args(id, pred, target, params);
    return val(actlab::loss_value(a.id, a.pred, a.target, a.params));
  });
}

val loss_per_example_js(val id, val pred, val target, val params) {
  return guarded([&] {
    const LossArgs a = loss_args(id, pred, target, params);
    return to_float64_array(actlab::loss_per_example(a.id, a.pred, a.target, a.params));
  });
}

val loss_grad_js(val id, val pred, val target, val params) {
  return guarded([&] {
    const LossArgs a = loss_args(id, pred, target, params);
    std::vector<double> out(a.pred.size());
    actlab::loss_grad(a.id, a.pred, a.target, a.params, out);
    return to_float64_array(out);
  });
}

const char* target_kind(actlab::TargetKind kind) {
  switch (kind) {
    case actlab::TargetKind::real:
      return "real";
    case actlab::TargetKind::probability:
      return "probability";
    case actlab::TargetKind::sign:
      return "sign";
    case actlab::TargetKind::class_index:
      return "class_index";
    case actlab::TargetKind::distribution:
      return "distribution";
  }
  return "real";
}

val loss_list() {
  val list = val::array();
  for (const actlab::Loss& fn : actlab::losses()) {
    val item = val::object();
    item.set("id", std::string(fn.id));
    item.set("name", std::string(fn.name));
    item.set("torch", std::string(fn.torch));
    item.set("formula", std::string(fn.formula));
    item.set("gradient", std::string(fn.gradient));
    item.set("prediction", std::string(fn.prediction));
    item.set("target", std::string(target_kind(fn.target)));
    item.set("params", params_to_js(fn.params));
    val props = val::object();
    props.set("convex", fn.properties.convex);
    props.set("smooth", fn.properties.smooth);
    props.set("boundedGradient", fn.properties.bounded_gradient);
    item.set("properties", props);
    list.call<void>("push", item);
  }
  return list;
}

// ---- descent surfaces ---------------------------------------------------------

val surface_list() {
  val list = val::array();
  for (const actlab::Surface& s : actlab::surfaces()) {
    val item = val::object();
    item.set("id", std::string(s.id));
    item.set("formula", std::string(s.formula));
    item.set("xmin", s.xmin);
    item.set("xmax", s.xmax);
    item.set("ymin", s.ymin);
    item.set("ymax", s.ymax);
    val start = val::array();
    start.call<void>("push", s.start_x);
    start.call<void>("push", s.start_y);
    item.set("start", start);
    item.set("minimum", s.minimum);
    val minima = val::array();
    for (int k = 0; k < s.minima_count; ++k) {
      val point = val::array();
      point.call<void>("push", s.minima[k][0]);
      point.call<void>("push", s.minima[k][1]);
      minima.call<void>("push", point);
    }
    item.set("minima", minima);
    list.call<void>("push", item);
  }
  return list;
}

val descent_path_js(val surface, val optimizer, double lr, double steps) {
  return guarded([&] {
    const std::string id = to_id(surface, "surface");
    const std::string rule = to_id(optimizer, "optimizer");
    const double max = static_cast<double>(actlab::descent_steps_max);
    if (!(steps >= 0 && steps <= max && steps == std::floor(steps)))
      actlab::detail::fail({"steps = ", steps, " is not a whole number in [0, ", actlab::descent_steps_max, "]"});
    const actlab::DescentPath p = actlab::descent_path(id, rule, lr, static_cast<std::size_t>(steps));
    val out = val::object();
    out.set("x", to_float64_array(p.x));
    out.set("y", to_float64_array(p.y));
    out.set("loss", to_float64_array(p.loss));
    out.set("divergedAt", static_cast<double>(p.diverged_at));
    return out;
  });
}

val surface_grid_js(val surface, val xs, val ys) {
  return guarded([&] {
    const std::string id = to_id(surface, "surface");
    const std::vector<double> x = to_doubles(xs, "xs");
    const std::vector<double> y = to_doubles(ys, "ys");
    if (!x.empty() && y.size() > 1000000 / x.size())
      actlab::detail::fail({"surfaceGrid: ", x.size(), " * ", y.size(), " points is more than 1000000"});
    std::vector<double> out(x.size() * y.size());
    actlab::surface_grid(id, x, y, out);
    return to_float64_array(out);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(actlab) {
  emscripten::function("_activationEval", &activation_value_js);
  emscripten::function("_activationGrad", &activation_grad_js);
  emscripten::function("_activationList", &activation_list);
  emscripten::function("_lossEval", &loss_value_js);
  emscripten::function("_lossGrad", &loss_grad_js);
  emscripten::function("_lossPerExample", &loss_per_example_js);
  emscripten::function("_lossList", &loss_list);
  emscripten::function("_surfaceList", &surface_list);
  emscripten::function("_descentPath", &descent_path_js);
  emscripten::function("_surfaceGrid", &surface_grid_js);

#ifndef ACTLAB_FUNCTIONS_ONLY
  emscripten::function("_generateDataset", &actlab::wasm::generate_dataset_js);

  // The trainer. api.js wraps "_Trainer" in Module.Trainer (throws on a bad
  // config) and each "_method" in a "method" that throws the returned Error.
  using actlab::wasm::JsTrainer;
  emscripten::class_<JsTrainer>("_Trainer")
      .constructor<const std::string&>()
      .function("_error", &JsTrainer::error)
      .function("_setData", &actlab::wasm::trainer_set_data)
      .function("_setTestData", &actlab::wasm::trainer_set_test_data)
      .function("_step", &actlab::wasm::trainer_step)
      .function("_epoch", &actlab::wasm::trainer_epoch)
      .function("_reset", &actlab::wasm::trainer_reset)
      .function("_metricsPacked", &actlab::wasm::trainer_metrics_packed)
      .function("_evaluateJson", &actlab::wasm::trainer_evaluate_json)
      .function("_predict", &actlab::wasm::trainer_predict)
      .function("_predictGrid", &actlab::wasm::trainer_predict_grid)
      .function("_exportWeights", &actlab::wasm::trainer_export_weights)
      .function("_importWeights", &actlab::wasm::trainer_import_weights)
      .function("_configJson", &actlab::wasm::trainer_config_json)
      .function("_inputWidth", &actlab::wasm::trainer_input_width);
#endif
}
