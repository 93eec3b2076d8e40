// ActLab: sizes the iframes of ActLab embed pages on your page to fit their
// content. Load it from the same site as the iframes (classic script, no
// module needed):
//   <script src="https://<actlab site>/embed/actlab-resize.js" async></script>
// The embed pages post { type: 'actlab:embed-height', height } to the page that
// frames them. This script accepts such a message only from the origin it was
// loaded from, only with a sane height, and only for an <iframe> on this page
// whose window sent it. Without this script nothing breaks: the iframe keeps
// the height written in its tag and scrolls inside.
(function () {
  'use strict';
  var script = document.currentScript;
  var origin = new URL(script && script.src ? script.src : location.href).origin;
  var MIN = 100;
  var MAX = 20000;

  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i += 1) if (frames[i].contentWindow === source) return frames[i];
    return null;
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'actlab:embed-height') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height)) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    // the height is the content's: borders and padding come on top of it
    frame.style.boxSizing = 'content-box';
    frame.style.height = Math.round(Math.min(MAX, Math.max(MIN, height))) + 'px';
  });

  // Frames that finished loading before this script ran have posted already: ask again.
  function ask() {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i += 1) {
      try {
        if (new URL(frames[i].src, location.href).origin === origin)
          frames[i].contentWindow.postMessage({ type: 'actlab:embed-height-request' }, '*');
      } catch (e) {
        // a frame without a usable src
      }
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ask);
  else ask();
})();
