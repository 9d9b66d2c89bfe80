// Embed every chart on the page with the Vega runtime shipped in _static/krdev-vega.js.
// Each chart is <div class="krdev-chart"> holding its Vega-Lite spec as JSON; no inline JS.
(function () {
  function renderAll() {
    if (!window.vegaEmbed) { return window.setTimeout(renderAll, 20); }
    document.querySelectorAll("div.krdev-chart:not([data-rendered])").forEach(function (div) {
      var node = div.querySelector("script.krdev-spec");
      if (!node) { return; }
      div.setAttribute("data-rendered", "pending");
      var spec = JSON.parse(node.textContent);
      var target = document.createElement("div");
      div.appendChild(target);
      window.vegaEmbed(target, spec, { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } })
        .then(function () { div.setAttribute("data-rendered", "ok"); })
        .catch(function (err) {
          div.setAttribute("data-rendered", "error");
          var p = document.createElement("p");
          p.className = "krdev-chart-error";
          p.textContent = "This chart could not be drawn: " + err;
          div.appendChild(p);
          console.error(err);
        });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", renderAll); } else { renderAll(); }
})();
