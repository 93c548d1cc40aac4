// Trestle's API docs page: starts Swagger UI on the element the page marks.
// The page passes its settings in data- attributes, so it needs no inline script and a
// strict Content-Security-Policy (script-src 'self') holds.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var options = JSON.parse(root.getAttribute("data-options") || "{}");
  options.url = root.getAttribute("data-openapi-url");
  options.dom_id = "#swagger-ui";
  options.presets = [SwaggerUIBundle.presets.apis];
  options.plugins = [SwaggerUIBundle.plugins.DownloadUrl];
  options.layout = "BaseLayout";
  window.ui = SwaggerUIBundle(options);
})();
