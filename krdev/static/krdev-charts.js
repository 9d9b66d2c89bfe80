// Embed every chart on the page with the Vega runtime shipped in _static/krdev-vega.js.
// Each chart is <div class="krdev-chart"> holding its Vega-Lite spec as JSON; no inline JS.
// The runtime (minified) is fetched only when a chart comes near the viewport, so pages paint
// without it. After drawing, the chart is made accessible: the text alternative moves from the
// container to the drawing (the container holds the focusable actions menu, which must not sit
// inside role="img"), the actions menu gets a name and closes with Escape, and Hangul labels are
// marked lang="ko".
(function () {
  var HANGUL = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/;
  var runtime = null;
  var scriptBase = (document.currentScript && document.currentScript.src) || "";

  function loadRuntime() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = scriptBase.replace(/krdev-charts\.js(\?.*)?$/, "krdev-vega.js");
        s.onload = resolve;
        s.onerror = function () { reject(new Error("the chart runtime could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return runtime;
  }

  function markHangul(svg) {
    svg.querySelectorAll("text").forEach(function (t) {
      if (HANGUL.test(t.textContent)) { t.setAttribute("lang", "ko"); }
    });
  }

  function accessible(div, target) {
    var label = div.getAttribute("aria-label");
    var svg = target.querySelector("svg");
    if (svg && label) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
      svg.removeAttribute("aria-roledescription");
      svg.querySelectorAll("[role], [aria-label], [aria-roledescription]").forEach(function (el) {
        el.removeAttribute("role"); el.removeAttribute("aria-label"); el.removeAttribute("aria-roledescription");
      });
      div.removeAttribute("role");
      div.removeAttribute("aria-label");
    }
    if (svg) { markHangul(svg); }
    var details = target.querySelector("details");
    if (details) {
      var summary = details.querySelector("summary");
      if (summary) { summary.setAttribute("aria-label", "Chart actions: save as image"); }
      details.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && details.open) {
          details.removeAttribute("open");
          if (summary) { summary.focus(); }
        }
      });
    }
  }

  function draw(div) {
    if (div.hasAttribute("data-rendered")) { return; }
    var node = div.querySelector("script.krdev-spec");
    if (!node) { return; }
    div.setAttribute("data-rendered", "pending");
    loadRuntime().then(function () {
      var spec = JSON.parse(node.textContent);
      var target = document.createElement("div");
      div.appendChild(target);
      return window.vegaEmbed(target, spec, { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } })
        .then(function () { accessible(div, target); div.setAttribute("data-rendered", "ok"); });
    }).catch(function (err) {
      div.setAttribute("data-rendered", "error");
      var p = document.createElement("p");
      p.className = "krdev-chart-error";
      p.textContent = "This chart could not be drawn: " + err;
      div.appendChild(p);
      console.error(err);
    });
  }

  function start() {
    var charts = document.querySelectorAll("div.krdev-chart:not([data-rendered])");
    if (!charts.length) { return; }
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    charts.forEach(function (div) { observer.observe(div); });
    // printing needs every chart; so does a reader who jumps within the page
    window.addEventListener("beforeprint", function () { charts.forEach(draw); });
  }

  // for tests and readers who want everything at once: window.krdevDrawAll()
  window.krdevDrawAll = function () { document.querySelectorAll("div.krdev-chart").forEach(draw); };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
