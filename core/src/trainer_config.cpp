// The trainer's config: JSON text to TrainerConfig and back, and validation
// with messages that name the field and its allowed range. Rarely run, so this
// file is built for size in the wasm module (core/CMakeLists.txt).
#include <algorithm>
#include <cmath>
#include <string>

#include "actlab/activation.hpp"
#include "actlab/fail.hpp"
#include "actlab/json.hpp"
#include "actlab/loss.hpp"
#include "actlab/trainer.hpp"
#include "trainer_internal.hpp"

namespace actlab {

namespace detail {

double default_lr(std::string_view optimizer) {
  if (optimizer == "rmsprop") return 0.01;
  if (optimizer == "adam" || optimizer == "adamw") return 0.001;
  return 0.03;
}

}  // namespace detail

using detail::default_lr;

// ---- config ---------------------------------------------------------------------------

namespace {

constexpr double max_seed = 9007199254740992.0;  // 2^53, the largest exact integer in a JS number
constexpr double max_lr = 1000;

std::string join(std::initializer_list<std::string_view> items, const char* sep = " | ") {
  std::string out;
  for (std::string_view s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

[[noreturn]] void config_fail(detail::Pieces pieces) { throw ConfigError(detail::concat(pieces)); }

// A user's string in a message, cut to 64 characters.
struct Clipped {
  std::string_view text;
  const char* more;
};
Clipped clip(std::string_view s) { return s.size() > 64 ? Clipped{s.substr(0, 64), "..."} : Clipped{s, ""}; }

// Reads the members of one JSON object, rejecting unknown keys.
class ObjectReader {
 public:
  ObjectReader(const json::Value& v, std::string path, std::initializer_list<std::string_view> known)
      : v_(v), path_(std::move(path)), dot_(path_.empty() ? "" : ".") {
    if (!v.is_object())
      config_fail({path_.empty() ? "the config" : path_, " must be an object, got ", json::describe(v.type())});
    for (const json::Value::Member& m : v.members()) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || k == m.first;
      if (!ok) config_fail({path_, dot_, m.first, " is not a known field; allowed: ", join(known, ", ")});
    }
  }

  const json::Value* get(std::string_view key) const { return v_.find(key); }

  const json::Value& require(std::string_view key, const char* what) const {
    const json::Value* v = get(key);
    if (!v) config_fail({path_, dot_, key, " is missing (", what, ")"});
    return *v;
  }

  // A number in [min, max] (open ends with the flags); `fallback` if absent.
  double number(std::string_view key, double fallback, double min, double max, bool required = false,
                bool min_open = false) const {
    const char* open = min_open ? "(" : "[";
    const json::Value* v = get(key);
    if (!v) {
      if (required) config_fail({path_, dot_, key, " is missing (a number in ", open, min, ", ", max, "])"});
      return fallback;
    }
    if (!v->is_number())
      config_fail(
          {path_, dot_, key, " must be a number in ", open, min, ", ", max, "], got ", json::describe(v->type())});
    const double x = v->as_number();
    if (!(min_open ? x > min : x >= min) || !(x <= max))
      config_fail({path_, dot_, key, " = ", x, " is outside ", open, min, ", ", max, "]"});
    return x;
  }

  double integer(std::string_view key, double fallback, double min, double max, bool required = false) const {
    const double x = number(key, fallback, min, max, required);
    if (x != std::floor(x)) config_fail({path_, dot_, key, " = ", x, " must be an integer in [", min, ", ", max, "]"});
    return x;
  }

  bool boolean(std::string_view key, bool fallback) const {
    const json::Value* v = get(key);
    if (!v) return fallback;
    if (!v->is_bool()) config_fail({path_, dot_, key, " must be true or false, got ", json::describe(v->type())});
    return v->as_bool();
  }

  std::string string(std::string_view key, const char* fallback, bool required, const char* allowed) const {
    const json::Value* v = get(key);
    if (!v) {
      if (required) config_fail({path_, dot_, key, " is missing (one of ", allowed, ")"});
      return fallback;
    }
    if (!v->is_string())
      config_fail({path_, dot_, key, " must be a string (one of ", allowed, "), got ", json::describe(v->type())});
    return v->as_string();
  }

  std::vector<double> numbers(std::string_view key) const {
    std::vector<double> out;
    const json::Value* v = get(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array())
      config_fail({path_, dot_, key, " must be an array of numbers, got ", json::describe(v->type())});
    for (std::size_t i = 0; i < v->items().size(); ++i) {
      const json::Value& item = v->items()[i];
      if (!item.is_number())
        config_fail({path_, dot_, key, "[", i, "] must be a number, got ", json::describe(item.type())});
      out.push_back(item.as_number());
    }
    return out;
  }

 private:
  const json::Value& v_;
  std::string path_;
  const char* dot_;
};

std::string activation_ids() {
  std::string out;
  for (const Activation& a : activations()) {
    if (!out.empty()) out += " | ";
    out += a.id;
  }
  return out;
}

const char* const output_ids = "linear | sigmoid | tanh | softmax";
const char* const optimizer_ids = "sgd | momentum | nesterov | rmsprop | adam | adamw";
const char* const init_ids = "xavier_uniform | xavier_normal | he_uniform | he_normal | lecun_normal | zeros";

// The losses each output activation allows.
std::vector<std::string_view> allowed_losses(std::string_view output) {
  if (output == "linear") return {"mse", "mae", "huber", "smooth_l1", "log_cosh", "hinge"};
  if (output == "sigmoid") return {"bce", "mse"};
  if (output == "tanh") return {"mse"};
  if (output == "softmax") return {"cross_entropy"};
  return {};
}

bool one_of(std::string_view s, std::string_view list) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(" | ", start);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(start, end - start) == s) return true;
    start = end + 3;
  }
  return false;
}

}  // namespace

void validate_config(const TrainerConfig& c) {
  if (c.layers.empty() || c.layers.size() > max_hidden_layers)
    config_fail({"layers has ", c.layers.size(), " entries; allowed [1, ", max_hidden_layers, "] hidden layers"});
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const LayerConfig& l = c.layers[i];
    if (l.units < 1 || l.units > max_units)
      config_fail({"layers[", i, "].units = ", l.units, " is outside [1, ", max_units, "]"});
    const Activation* fn = find_activation(l.activation);
    if (!fn) {
      const Clipped id = clip(l.activation);
      config_fail({"layers[", i, "].activation = '", id.text, id.more, "' is unknown; allowed: ", activation_ids()});
    }
    try {
      (void)resolve_params(*fn, l.params);
    } catch (const std::invalid_argument& e) {
      config_fail({"layers[", i, "].params: ", e.what()});
    }
  }
  if (!one_of(c.output.activation, output_ids)) {
    const Clipped id = clip(c.output.activation);
    config_fail({"output.activation = '", id.text, id.more, "' is unknown; allowed: ", output_ids});
  }
  const std::size_t min_out = c.output.activation == "softmax" ? 2 : 1;
  if (c.output.units < min_out || c.output.units > max_units)
    config_fail({"output.units = ", c.output.units, " is outside [", min_out, ", ", max_units, "]",
                 min_out == 2 ? " (softmax needs at least 2 classes)" : ""});
  const std::vector<std::string_view> allowed = allowed_losses(c.output.activation);
  if (std::find(allowed.begin(), allowed.end(), c.loss.id) == allowed.end()) {
    std::string list;
    for (std::string_view s : allowed) list += (list.empty() ? "" : " | ") + std::string(s);
    const Clipped id = clip(c.loss.id);
    config_fail({"loss.id = '", id.text, id.more, "' is not allowed with output.activation = '", c.output.activation,
                 "'; allowed: ", list});
  }
  const Loss& fn = loss(c.loss.id);
  if (c.loss.id == "cross_entropy") {
    if (c.loss.params.size() > 1)
      config_fail({"loss.params has ", c.loss.params.size(), " values; cross_entropy takes at most 1 (k)"});
    if (c.loss.params.size() == 1 && c.loss.params[0] != 0 && c.loss.params[0] != double(c.output.units))
      config_fail({"loss.params[0] (k) = ", c.loss.params[0], " must equal output.units = ", c.output.units,
                   " (or be omitted)"});
  } else {
    if (c.loss.params.size() > fn.params.size())
      config_fail({"loss.params has ", c.loss.params.size(), " values; ", fn.id, " takes at most ", fn.params.size()});
    for (std::size_t i = 0; i < c.loss.params.size(); ++i) {
      const ParamSpec& p = fn.params[i];
      const double v = c.loss.params[i];
      if (!(v >= p.min && v <= p.max))
        config_fail({"loss.params[", i, "] (", p.id, ") = ", v, " is outside [", p.min, ", ", p.max, "]"});
    }
  }
  const OptimizerConfig& o = c.optimizer;
  if (!one_of(o.id, optimizer_ids)) {
    const Clipped id = clip(o.id);
    config_fail({"optimizer.id = '", id.text, id.more, "' is unknown; allowed: ", optimizer_ids});
  }
  if (!(o.lr == 0 || (o.lr > 0 && o.lr <= max_lr)))
    config_fail({"optimizer.lr = ", o.lr, " is outside (0, ", max_lr, "]"});
  auto unit_interval = [](const char* name, double v) {
    if (!(v >= 0 && v < 1)) config_fail({"optimizer.", name, " = ", v, " is outside [0, 1)"});
  };
  unit_interval("momentum", o.momentum);
  unit_interval("rho", o.rho);
  unit_interval("beta1", o.beta1);
  unit_interval("beta2", o.beta2);
  if (!(o.eps > 0 && o.eps <= 1)) config_fail({"optimizer.eps = ", o.eps, " is outside (0, 1]"});
  if (!(o.weight_decay == -1 || (o.weight_decay >= 0 && o.weight_decay <= 10)))
    config_fail({"optimizer.weightDecay = ", o.weight_decay, " is outside [0, 10]"});
  if (c.batch_size < 1 || c.batch_size > max_batch_size)
    config_fail({"batchSize = ", c.batch_size, " is outside [1, ", max_batch_size, "]"});
  if (!one_of(c.init, init_ids)) {
    const Clipped id = clip(c.init);
    config_fail({"init = '", id.text, id.more, "' is unknown; allowed: ", init_ids});
  }
  if (!(c.l1 >= 0 && c.l1 <= 10)) config_fail({"l1 = ", c.l1, " is outside [0, 10]"});
  if (!(c.l2 >= 0 && c.l2 <= 10)) config_fail({"l2 = ", c.l2, " is outside [0, 10]"});
  if (c.seed > (std::uint64_t{1} << 53)) config_fail({"seed = ", c.seed, " is outside [0, 2^53]"});
  if (c.inputs > max_features) config_fail({"inputs = ", c.inputs, " is outside [1, ", max_features, "]"});
  if (c.dataset) {
    try {
      validate_dataset_spec(*c.dataset);
    } catch (const std::invalid_argument& e) {
      config_fail({e.what()});
    }
    const bool classification = is_classification_dataset(c.dataset->id);
    const std::size_t width = classification ? 2 : 1;
    if (c.inputs != 0 && c.inputs != width)
      config_fail(
          {"inputs = ", c.inputs, " does not match dataset '", c.dataset->id, "', which has ", width, " feature(s)"});
    if (classification && c.output.activation == "linear" && c.loss.id != "hinge")
      config_fail({"dataset.id = '", c.dataset->id,
                   "' is a classification set; output.activation linear needs loss hinge there (or use sigmoid, tanh "
                   "or softmax)"});
    if (!classification && (c.output.activation != "linear" || c.loss.id == "hinge"))
      config_fail({"dataset.id = '", c.dataset->id,
                   "' is a regression set; use output.activation linear with a regression loss"});
    if (c.output.activation != "softmax" && c.output.units != 1)
      config_fail(
          {"output.units = ", c.output.units, " must be 1 for dataset '", c.dataset->id, "' (or 2 with softmax)"});
  }
}

namespace {

// A { id, samples, noise, testRatio, seed } object; the seed defaults to default_seed.
DatasetSpec read_dataset_spec(const json::Value& d, std::uint64_t default_seed) {
  ObjectReader r(d, "dataset", {"id", "samples", "noise", "testRatio", "seed"});
  DatasetSpec spec;
  spec.id = r.string("id", "", true, "circle | xor | gaussians | spiral | moons | sin | abs | step | cubic");
  spec.samples = static_cast<std::size_t>(r.integer("samples", 500, 10, 100000));
  spec.noise = r.number("noise", 0, 0, 1);
  spec.test_ratio = r.number("testRatio", 0.2, 0, 0.9);
  spec.seed = static_cast<std::uint64_t>(r.integer("seed", double(default_seed), 0, max_seed));
  return spec;
}

// The JSON text, or a ConfigError whose message starts with `what`.
json::Value parse_json(std::string_view text, json::Limits limits, const char* what) {
  try {
    return json::parse(text, limits);
  } catch (const json::ParseError& e) {
    config_fail({what, ": ", e.what()});
  }
}

}  // namespace

DatasetSpec parse_dataset_spec(std::string_view text) {
  DatasetSpec spec = read_dataset_spec(parse_json(text, json::Limits{1 << 16, 4}, "dataset"), 1);
  validate_dataset_spec(spec);
  return spec;
}

TrainerConfig parse_config(std::string_view text) {
  const json::Value root = parse_json(text, json::Limits{1 << 20, 32}, "config");
  TrainerConfig c;
  ObjectReader top(root, "",
                   {"layers", "output", "loss", "optimizer", "batchSize", "init", "l1", "l2", "seed", "standardize",
                    "inputs", "dataset", "diagnostics"});
  const json::Value& layers = top.require("layers", "an array of 1 to 8 { units, activation, params }");
  if (!layers.is_array()) config_fail({"layers must be an array, got ", json::describe(layers.type())});
  if (layers.items().empty() || layers.items().size() > max_hidden_layers)
    config_fail({"layers has ", layers.items().size(), " entries; allowed [1, ", max_hidden_layers, "] hidden layers"});
  for (std::size_t i = 0; i < layers.items().size(); ++i) {
    ObjectReader l(layers.items()[i], detail::concat({"layers[", i, "]"}), {"units", "activation", "params"});
    LayerConfig layer;
    layer.units = static_cast<std::size_t>(l.integer("units", 0, 1, double(max_units), true));
    layer.activation = l.string("activation", "", true, "an activation id");
    layer.params = l.numbers("params");
    c.layers.push_back(std::move(layer));
  }
  ObjectReader out(top.require("output", "{ units, activation }"), "output", {"units", "activation"});
  c.output.activation = out.string("activation", "", true, output_ids);
  c.output.units = static_cast<std::size_t>(out.integer("units", 0, 1, double(max_units), true));
  ObjectReader loss_reader(top.require("loss", "{ id, params }"), "loss", {"id", "params"});
  c.loss.id = loss_reader.string("id", "", true, "a loss id");
  c.loss.params = loss_reader.numbers("params");
  if (const json::Value* o = top.get("optimizer")) {
    ObjectReader r(*o, "optimizer", {"id", "lr", "momentum", "rho", "beta1", "beta2", "eps", "weightDecay"});
    c.optimizer.id = r.string("id", "sgd", false, optimizer_ids);
    c.optimizer.lr = r.number("lr", 0, 0, max_lr, false, true);
    c.optimizer.momentum = r.number("momentum", 0.9, 0, 0.999999);
    c.optimizer.rho = r.number("rho", 0.99, 0, 0.999999);
    c.optimizer.beta1 = r.number("beta1", 0.9, 0, 0.999999);
    c.optimizer.beta2 = r.number("beta2", 0.999, 0, 0.999999);
    c.optimizer.eps = r.number("eps", 1e-8, 0, 1, false, true);
    c.optimizer.weight_decay = r.number("weightDecay", -1, 0, 10);
  }
  c.batch_size = static_cast<std::size_t>(top.integer("batchSize", 32, 1, double(max_batch_size)));
  c.init = top.string("init", "xavier_uniform", false, init_ids);
  c.l1 = top.number("l1", 0, 0, 10);
  c.l2 = top.number("l2", 0, 0, 10);
  c.seed = static_cast<std::uint64_t>(top.integer("seed", 1, 0, max_seed));
  c.standardize = top.boolean("standardize", false);
  c.inputs = static_cast<std::size_t>(top.integer("inputs", 0, 1, double(max_features)));
  if (const json::Value* d = top.get("dataset")) c.dataset = read_dataset_spec(*d, c.seed);
  c.diagnostics = top.boolean("diagnostics", true);
  validate_config(c);
  return c;
}

std::string config_to_json(const TrainerConfig& c) {
  json::Writer w;
  w.begin_object().key("layers").begin_array();
  for (const LayerConfig& l : c.layers) {
    w.begin_object().key("units").value(double(l.units)).key("activation").value(l.activation).key("params");
    w.doubles(l.params.data(), l.params.size());
    w.end_object();
  }
  w.end_array();
  w.key("output")
      .begin_object()
      .key("units")
      .value(double(c.output.units))
      .key("activation")
      .value(c.output.activation)
      .end_object();
  w.key("loss")
      .begin_object()
      .key("id")
      .value(c.loss.id)
      .key("params")
      .doubles(c.loss.params.data(), c.loss.params.size())
      .end_object();
  const OptimizerConfig& o = c.optimizer;
  const double lr = o.lr > 0 ? o.lr : default_lr(o.id);
  const double wd = o.weight_decay >= 0 ? o.weight_decay : (o.id == "adamw" ? 0.01 : 0.0);
  w.key("optimizer").begin_object().key("id").value(o.id).key("lr").value(lr).key("momentum").value(o.momentum);
  w.key("rho").value(o.rho).key("beta1").value(o.beta1).key("beta2").value(o.beta2).key("eps").value(o.eps);
  w.key("weightDecay").value(wd).end_object();
  w.key("batchSize").value(double(c.batch_size)).key("init").value(c.init).key("l1").value(c.l1).key("l2").value(c.l2);
  w.key("seed").value(double(c.seed)).key("standardize").value(c.standardize).key("diagnostics").value(c.diagnostics);
  if (c.inputs) w.key("inputs").value(double(c.inputs));
  if (c.dataset) {
    w.key("dataset").begin_object().key("id").value(c.dataset->id).key("samples").value(double(c.dataset->samples));
    w.key("noise").value(c.dataset->noise).key("testRatio").value(c.dataset->test_ratio);
    w.key("seed").value(double(c.dataset->seed)).end_object();
  }
  w.end_object();
  return w.take();
}

}  // namespace actlab
