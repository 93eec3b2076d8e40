// The friendly layer over the raw Embind exports, linked into actlab.mjs with
// --post-js. Raw exports return a JS Error object on failure; here it is thrown,
// after argument types are checked so that C++ only ever sees the types it expects.
/* global Module, addOnPostRun */
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

  Module['activationEval'] = function activationEval(id, xs, params) {
    return unwrap(Module['_activationEval'](checkId(id, 'activation'), toFloat64(xs, 'xs'), toFloat64(params, 'params')));
  };
  Module['activationGrad'] = function activationGrad(id, xs, params) {
    return unwrap(Module['_activationGrad'](checkId(id, 'activation'), toFloat64(xs, 'xs'), toFloat64(params, 'params')));
  };
  Module['lossEval'] = function lossEval(id, pred, target, params) {
    return unwrap(
      Module['_lossEval'](checkId(id, 'loss'), toFloat64(pred, 'pred'), toFloat64(target, 'target'), toFloat64(params, 'params'))
    );
  };
  Module['lossGrad'] = function lossGrad(id, pred, target, params) {
    return unwrap(
      Module['_lossGrad'](checkId(id, 'loss'), toFloat64(pred, 'pred'), toFloat64(target, 'target'), toFloat64(params, 'params'))
    );
  };
  // The metadata, built afresh on each call so callers may keep and change their copy.
  Module['activationList'] = function activationList() {
    return Module['_activationList']();
  };
  Module['lossList'] = function lossList() {
    return Module['_lossList']();
  };
});
