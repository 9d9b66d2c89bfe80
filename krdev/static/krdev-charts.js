// Charts of the book. Each is <div class="krdev-chart"> holding its Vega-Lite spec as JSON (no inline JS).
// In the book every chart is first a picture drawn at build time (<img class="krdev-static">): the page
// paints and responds at once on a phone, and no page runs the Vega runtime (_static/krdev-vega.js)
// until the reader asks for the interactive chart: the "Explore" button after the chart, or a mouse
// moving over it. The runtime is then loaded once, and the picture is swapped for the chart drawn by
// Vega-Embed (same specification, same size: tooltips, and the controls of charts with parameters).
// Charts without a picture, and every chart of a page that carries the runtime inline (a chapter re-run
// as one standalone file), are drawn when they come near the viewport. After drawing, the chart is made accessible: the text
// alternative moves from the container to the drawing (the container holds the focusable actions menu,
// which must not sit inside role="img"), the actions menu gets a name and closes with Escape, and
// Hangul labels are marked lang="ko".
(function () {
  var HANGUL = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/;
  var runtime = null;
  var scriptBase = (document.currentScript && document.currentScript.src) || "";

  function runtimeUrl() {
    if (/krdev-charts\.js(\?.*)?$/.test(scriptBase)) {
      return scriptBase.replace(/krdev-charts\.js(\?.*)?$/, "krdev-vega.js");
    }
    var root = document.documentElement.getAttribute("data-content_root") || "";
    return root + "_static/krdev-vega.js";
  }

  function loadRuntime() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = runtimeUrl();
        s.onload = resolve;
        s.onerror = function () { runtime = null; reject(new Error("the chart runtime could not be loaded")); };
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

  function buttonOf(div) {
    var next = div.nextElementSibling;
    return next && next.classList.contains("krdev-explore") ? next : null;
  }

  // draw(div) -> a promise settled when the interactive chart is drawn (or could not be)
  function draw(div) {
    if (div._krdevDrawn) { return div._krdevDrawn; }
    var node = div.querySelector("script.krdev-spec");
    if (!node) { return Promise.resolve(); }
    div.setAttribute("data-rendered", "pending");
    var picture = div.querySelector("img.krdev-static");
    var button = buttonOf(div);
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
    div._krdevDrawn = loadRuntime().then(function () {
      var spec = JSON.parse(node.textContent);
      var target = document.createElement("div");
      if (picture) { target.classList.add("krdev-live-pending"); }  // drawn over the picture, then swapped
      div.appendChild(target);
      return window.vegaEmbed(target, spec, { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } })
        .then(function () {
          accessible(div, target);
          if (picture) { picture.remove(); target.classList.remove("krdev-live-pending"); }
          if (button) { button.remove(); }
          div.setAttribute("data-rendered", "ok");
        });
    }).catch(function (err) {
      div.setAttribute("data-rendered", "error");
      if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
      var p = document.createElement("p");
      p.className = "krdev-chart-error";
      p.textContent = "This chart could not be drawn: " + err;
      div.appendChild(p);
      console.error(err);
    });
    return div._krdevDrawn;
  }

  // after the button is pressed, keyboard focus goes to the chart's first control (or its actions menu)
  function explore(div) {
    draw(div).then(function () {
      var control = div.querySelector("input, select, summary, [tabindex]");
      if (control) { control.focus(); } else { div.setAttribute("tabindex", "-1"); div.focus(); }
    });
  }

  function start() {
    var charts = Array.prototype.slice.call(document.querySelectorAll("div.krdev-chart:not([data-rendered])"));
    if (!charts.length) { return; }
    // with the runtime already in the page (a standalone chapter carries it inline) every chart is drawn
    // as it nears the viewport; otherwise only charts without a picture are
    var eager = !!window.vegaEmbed;
    var live = charts.filter(function (div) { return eager || !div.querySelector("img.krdev-static"); });
    charts.forEach(function (div) {
      if (live.indexOf(div) >= 0) { return; }
      var button = buttonOf(div);
      if (button) { button.addEventListener("click", function () { explore(div); }); }
      div.addEventListener("pointerenter", function (event) {
        if (event.pointerType === "mouse") { draw(div); }
      });
    });
    if (!live.length) { return; }
    if (!("IntersectionObserver" in window)) { live.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "600px 0px" });
    live.forEach(function (div) { observer.observe(div); });
    window.addEventListener("beforeprint", function () { live.forEach(draw); });
  }

  // for tests and readers who want everything at once: window.krdevDrawAll()
  window.krdevDrawAll = function () {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll("div.krdev-chart"), draw));
  };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
