// The friendly layer over the raw Embind exports, linked into actlab.mjs with
// --post-js. Raw exports return a JS Error object on failure; here it is thrown,
// after argument types are checked so that C++ only ever sees the types it expects.
/* global Module, addOnPostRun, HEAPF64 */
addOnPostRun(function installActLabApi() {
  var MAX_ID_LENGTH = 64;

  function unwrap(result) {
    if (result instanceof Error) throw result;
    return result;
  }

  function checkId(id, what) {
    if (typeof id !== 'string') throw new TypeError(what + ' id must be a string, got ' + typeof id);
    if (id.length > MAX_ID_LENGTH) throw new Error('unknown ' + what + " '" + id.slice(0, MAX_ID_LENGTH) + "…'");
    return id;
  }

  // Float64Array passes through; other typed arrays and plain arrays of numbers are copied.
  function toFloat64(array, what) {
    if (array instanceof Float64Array) return array;
    if (array === undefined || array === null) {
      if (what === 'params') return new Float64Array(0);
      throw new TypeError(what + ' is required (a Float64Array)');
    }
    if (ArrayBuffer.isView(array) || Array.isArray(array)) {
      var copy = new Float64Array(array.length);
      for (var i = 0; i < array.length; ++i) {
        var v = array[i];
        if (typeof v !== 'number') throw new TypeError(what + '[' + i + '] is not a number');
        copy[i] = v;
      }
      return copy;
    }
    throw new TypeError(what + ' must be a Float64Array or an array of numbers');
  }

  // The friendly function over a raw activation export: (id, xs, params).
  function activationCall(raw) {
    return function (id, xs, params) {
      return unwrap(Module[raw](checkId(id, 'activation'), toFloat64(xs, 'xs'), toFloat64(params, 'params')));
    };
  }
  // The friendly function over a raw loss export: (id, pred, target, params).
  function lossCall(raw) {
    return function (id, pred, target, params) {
      return unwrap(
        Module[raw](
          checkId(id, 'loss'),
          toFloat64(pred, 'pred'),
          toFloat64(target, 'target'),
          toFloat64(params, 'params'),
        ),
      );
    };
  }
  Module['activationEval'] = activationCall('_activationEval');
  Module['activationGrad'] = activationCall('_activationGrad');
  Module['lossEval'] = lossCall('_lossEval');
  Module['lossGrad'] = lossCall('_lossGrad');
  // The loss of each example, whose mean is lossEval's value: one per prediction
  // (PyTorch's reduction 'none'), one per row for cross_entropy, and for kl_div
  // each row's sum of 'none'.
  Module['lossPerExample'] = lossCall('_lossPerExample');
  // The metadata, built afresh on each call so callers may keep and change their copy.
  Module['activationList'] = function activationList() {
    return Module['_activationList']();
  };
  Module['lossList'] = function lossList() {
    return Module['_lossList']();
  };
  // ---- descent surfaces ---------------------------------------------------------
  // The 2-D test surfaces of the descent widget: their views, start points and minima.
  Module['surfaceList'] = function surfaceList() {
    return Module['_surfaceList']();
  };
  // f at every (xs[i], ys[j]), at index j * xs.length + i.
  Module['surfaceGrid'] = function surfaceGrid(surface, xs, ys) {
    return unwrap(Module['_surfaceGrid'](checkId(surface, 'surface'), toFloat64(xs, 'xs'), toFloat64(ys, 'ys')));
  };
  // A descent path from the surface's start: { x, y, loss (Float64Arrays), divergedAt (a step or -1) }.
  Module['descentPath'] = function descentPath(surface, optimizer, lr, steps) {
    if (typeof lr !== 'number') throw new TypeError('lr must be a number, got ' + typeof lr);
    if (typeof steps !== 'number') throw new TypeError('steps must be a number, got ' + typeof steps);
    return unwrap(Module['_descentPath'](checkId(surface, 'surface'), checkId(optimizer, 'optimizer'), lr, steps));
  };

  // The rest is the trainer, which actlab-functions.mjs (the activations, losses
  // and descent surfaces alone, for pages without a trainer) is built without.
  if (!Module['_Trainer']) return;

  // One of the core's data sets: spec { id, samples, noise, testRatio, seed } (object or JSON).
  Module['generateDataset'] = function generateDataset(spec) {
    if (typeof spec !== 'string') {
      if (spec === null || typeof spec !== 'object')
        throw new TypeError('generateDataset needs a spec object or JSON string');
      spec = JSON.stringify(spec);
    }
    return unwrap(Module['_generateDataset'](spec));
  };

  // ---- Trainer ----------------------------------------------------------------
  // Module.Trainer(config) builds the raw "_Trainer"; on a bad config it frees
  // the raw object and throws an Error naming the field. The friendly methods on
  // the shared prototype check argument types, call the raw "_method" and throw
  // the Error it returns. The caller owns the object: call trainer.delete().
  var RawTrainer = Module['_Trainer'];
  var trainerProto = RawTrainer.prototype;

  function toFloat32(array, what) {
    if (array instanceof Float32Array) return array;
    if (ArrayBuffer.isView(array) || Array.isArray(array)) {
      var copy = new Float32Array(array.length);
      for (var i = 0; i < array.length; ++i) {
        var v = array[i];
        if (typeof v !== 'number') throw new TypeError(what + '[' + i + '] is not a number');
        copy[i] = v;
      }
      return copy;
    }
    throw new TypeError(what + ' must be a Float32Array or an array of numbers');
  }

  function checkNumber(v, what) {
    if (typeof v !== 'number') throw new TypeError(what + ' must be a number, got ' + typeof v);
    return v;
  }

  function Trainer(config) {
    if (!(this instanceof Trainer)) throw new TypeError("Trainer must be called with 'new'");
    var text = config;
    if (typeof text !== 'string') {
      if (config === null || typeof config !== 'object')
        throw new TypeError('Trainer config must be a JSON string or an object');
      text = JSON.stringify(config); // NaN and Infinity become null, which the config check names
    }
    var raw = new RawTrainer(text);
    var message = raw['_error']();
    if (message !== null) {
      raw['delete']();
      throw new Error(message);
    }
    return raw;
  }
  Trainer.prototype = trainerProto;

  trainerProto['setData'] = function setData(x, y, nFeatures, nOutputs) {
    unwrap(
      this['_setData'](
        toFloat32(x, 'x'),
        toFloat32(y, 'y'),
        checkNumber(nFeatures, 'nFeatures'),
        checkNumber(nOutputs, 'nOutputs'),
      ),
    );
  };
  trainerProto['setTestData'] = function setTestData(x, y, nFeatures, nOutputs) {
    unwrap(
      this['_setTestData'](
        toFloat32(x, 'x'),
        toFloat32(y, 'y'),
        checkNumber(nFeatures, 'nFeatures'),
        checkNumber(nOutputs, 'nOutputs'),
      ),
    );
  };
  trainerProto['step'] = function step(n) {
    return unwrap(this['_step'](checkNumber(n === undefined ? 1 : n, 'n')));
  };
  trainerProto['epoch'] = function epoch() {
    return unwrap(this['_epoch']());
  };
  trainerProto['reset'] = function reset() {
    unwrap(this['_reset']());
  };
  function finiteOrNull(v) {
    return v === v && v !== Infinity && v !== -Infinity ? v : null;
  }

  // A plain object built from the packed doubles (layout in trainer_adapter.hpp),
  // read straight from wasm memory: _metricsPacked returns their byte address
  // (0 on failure).
  // Every value is copied out here, so the object is a snapshot that later calls
  // do not change. Numbers that do not apply (no test set, accuracy of a
  // regression) are null. HEAPF64 is read after the call, which may have grown
  // the memory (growth replaces the view).
  trainerProto['metrics'] = function metrics() {
    var address = this['_metricsPacked']();
    if (address === 0) throw new Error('metrics: ' + (this['_error']() || 'out of memory'));
    var at = address / 8;
    var p = HEAPF64;
    var m = {
      step: p[at],
      epoch: p[at + 1],
      batchLoss: finiteOrNull(p[at + 2]),
      trainLoss: finiteOrNull(p[at + 3]),
      testLoss: finiteOrNull(p[at + 4]),
      trainAccuracy: finiteOrNull(p[at + 5]),
      testAccuracy: finiteOrNull(p[at + 6]),
      status: p[at + 7] === 0 ? 'ok' : 'diverged',
      divergedAtStep: p[at + 7] === 0 ? null : p[at + 8],
      layers: [],
    };
    var layerCount = p[at + 9];
    at += 10;
    for (var l = 0; l < layerCount; ++l) {
      var bins = p[at + 9];
      var c = at + 10;
      var counts;
      if (bins === 20) {
        // The core's histogram_bins: one array literal is quicker to make than a filled Array(20).
        // prettier-ignore
        counts = [p[c], p[c + 1], p[c + 2], p[c + 3], p[c + 4], p[c + 5], p[c + 6], p[c + 7], p[c + 8], p[c + 9],
          p[c + 10], p[c + 11], p[c + 12], p[c + 13], p[c + 14], p[c + 15], p[c + 16], p[c + 17], p[c + 18], p[c + 19]];
      } else {
        counts = new Array(bins);
        for (var b = 0; b < bins; ++b) counts[b] = p[c + b];
      }
      var deadAt = at + 10 + bins;
      var deadUnits = new Array(p[deadAt]);
      for (var d = 0; d < deadUnits.length; ++d) deadUnits[d] = p[deadAt + 1 + d];
      m.layers.push({
        gradNorm: p[at],
        weightNorm: p[at + 1],
        preActMean: p[at + 2],
        preActStd: p[at + 3],
        histogram: { min: p[at + 4], max: p[at + 5], counts: counts },
        saturatedFraction: p[at + 6],
        deadFraction: p[at + 7],
        deadUnits: deadUnits,
        preluWeight: p[at + 8],
      });
      at = deadAt + 1 + deadUnits.length;
    }
    return m;
  };
  // Exact loss and accuracy over the whole training and test sets, and dead units (a full pass).
  trainerProto['evaluate'] = function evaluate() {
    return JSON.parse(unwrap(this['_evaluateJson']()));
  };
  trainerProto['predict'] = function predict(x) {
    return unwrap(this['_predict'](toFloat32(x, 'x')));
  };
  // A view into wasm memory (no copy): read it before the next call into the module.
  trainerProto['predictGrid'] = function predictGrid(xMin, xMax, yMin, yMax, width, height) {
    return unwrap(
      this['_predictGrid'](
        checkNumber(xMin, 'xMin'),
        checkNumber(xMax, 'xMax'),
        checkNumber(yMin, 'yMin'),
        checkNumber(yMax, 'yMax'),
        checkNumber(width, 'width'),
        checkNumber(height, 'height'),
      ),
    );
  };
  trainerProto['exportWeights'] = function exportWeights() {
    return unwrap(this['_exportWeights']());
  };
  trainerProto['importWeights'] = function importWeights(json) {
    if (typeof json !== 'string') {
      if (json === null || typeof json !== 'object')
        throw new TypeError('importWeights needs a JSON string or an object');
      json = JSON.stringify(json);
    }
    unwrap(this['_importWeights'](json));
  };
  trainerProto['config'] = function config() {
    return JSON.parse(unwrap(this['_configJson']()));
  };
  trainerProto['inputWidth'] = function inputWidth() {
    return unwrap(this['_inputWidth']());
  };
  Module['Trainer'] = Trainer;
});
