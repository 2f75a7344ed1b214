// Bootstrap classes on Django-rendered form fields, and the small behaviours of the appeal pages.
// A static file, not inline script, so the Content-Security-Policy can forbid inline script (decision 0018).
(function () {
  "use strict";
  function addClasses(selector, classes) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.classList.add.apply(el.classList, classes);
    });
  }

  // The appeal list's filters.
  addClasses("#filters select", ["form-select", "form-select-sm"]);

  // The entry form: the category loads its extra fields with htmx.
  addClasses("#entry input:not([type=checkbox]):not([type=file]), #entry textarea", ["form-control"]);
  addClasses("#entry input[type=file]", ["form-control"]);
  addClasses("#entry select", ["form-select"]);
  addClasses("#entry input[type=checkbox]", ["form-check-input"]);
  var entry = document.getElementById("entry");
  var category = document.getElementById("id_category");
  if (entry && category && entry.dataset.entryFieldsUrl) {
    category.setAttribute("hx-get", entry.dataset.entryFieldsUrl);
    category.setAttribute("hx-target", "#extra-fields");
    category.setAttribute("hx-trigger", "change");
    category.setAttribute("hx-include", "#id_category");
    if (window.htmx) { window.htmx.process(category); }
  }

  // The detail page's action forms: a reply template fills the public reply.
  addClasses("#actions input:not([type=checkbox]):not([type=radio]), #actions textarea", ["form-control", "form-control-sm"]);
  addClasses("#actions select", ["form-select", "form-select-sm"]);
  addClasses("#actions input[type=radio], #actions input[type=checkbox]", ["form-check-input"]);
  var holder = document.querySelector("[data-reply-template-url]");
  var templateUrl = holder ? holder.dataset.replyTemplateUrl : "";
  document.querySelectorAll("select[name=template]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (!sel.value || !templateUrl) { return; }
      fetch(templateUrl + "?template=" + encodeURIComponent(sel.value)).then(function (r) { return r.text(); }).then(function (text) {
        var area = sel.form.querySelector("textarea[name=public_reply]");
        if (area) { area.value = text; }
      });
    });
  });
}());
