// Small behaviours of every staff page, as a file: the Content-Security-Policy forbids inline script,
// inline event handlers and javascript: URLs (decision 0018).
(function () {
  "use strict";
  // A "back" link: go back in history when there is a page to go back to, else follow its href.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-history-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  // A form marked data-confirm="…" asks before it is sent: a re-run that overwrites a year's results, a
  // removal that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
}());
