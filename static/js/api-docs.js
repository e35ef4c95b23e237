// /api/docs/: ReDoc over the API's OpenAPI document, kept keyboard-accessible.
(function () {
  "use strict";

  const container = document.getElementById("redoc-container");

  // A region that scrolls (code samples, wide schemas) must be reachable with the
  // keyboard (WCAG 2.1.1): give each one a tab stop once ReDoc has drawn it.
  function makeScrollableRegionsFocusable() {
    for (const element of container.querySelectorAll("pre, div, table")) {
      if (element.hasAttribute("tabindex")) continue;
      const style = window.getComputedStyle(element);
      const scrolls =
        (["auto", "scroll"].includes(style.overflowX) && element.scrollWidth > element.clientWidth) ||
        (["auto", "scroll"].includes(style.overflowY) && element.scrollHeight > element.clientHeight);
      if (scrolls) element.setAttribute("tabindex", "0");
    }
  }

  let pending = null;
  new MutationObserver(function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(makeScrollableRegionsFocusable, 100);
  }).observe(container, { childList: true, subtree: true });
  window.addEventListener("resize", makeScrollableRegionsFocusable);

  window.Redoc.init(
    container.dataset.schemaUrl,
    { hideDownloadButton: false, expandResponses: "200" },
    container,
    function () {
      makeScrollableRegionsFocusable();
      container.dataset.ready = "true"; // drawn (the browser tests wait for this)
    },
  );
})();
