// Measure boxes grow with their text, so a long measure is never cut off (browsers without CSS
// field-sizing; with it, this only confirms the height).
(function () {
  "use strict";
  function fit(box) {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }
  document.querySelectorAll("textarea[data-autosize]").forEach(function (box) {
    fit(box);
    box.addEventListener("input", function () { fit(box); });
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll("textarea[data-autosize]").forEach(fit);
  });
})();
