// Small helpers of the public pages: character counter, category search, photo count, star rating.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var out = document.getElementById(area.dataset.counter);
    var update = function () { if (out) { out.textContent = area.value.length; } };
    area.addEventListener("input", update);
    update();
  });

  var search = document.getElementById("category-search");
  var select = document.getElementById("id_category");
  if (search && select) {
    search.addEventListener("input", function () {
      var q = search.value.trim();
      var first = null;
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var groupMatch = q && group.label.indexOf(q) >= 0;
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (opt) {
          var ok = !q || groupMatch || opt.textContent.indexOf(q) >= 0;
          opt.hidden = !ok;
          opt.disabled = !ok;
          if (ok) { shown += 1; if (!first) { first = opt; } }
        });
        group.hidden = shown === 0;
      });
      if (q && first) { select.value = first.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
    });
  }

  var photos = document.getElementById("id_photos");
  if (photos) {
    photos.addEventListener("change", function () {
      var max = parseInt(photos.dataset.max || "6", 10);
      var limit = 10 * 1024 * 1024;
      var msg = "";
      if (photos.files.length > max) { msg = "照片最多 " + max + " 张。"; }
      Array.prototype.forEach.call(photos.files, function (f) { if (f.size > limit) { msg = "照片“" + f.name + "”超过 10 MB。"; } });
      photos.setCustomValidity(msg);
      var out = document.getElementById("photos-note");
      if (out) { out.textContent = msg || (photos.files.length ? "已选 " + photos.files.length + " 张" : ""); }
    });
  }

  var anonymous = document.getElementById("id_is_anonymous");
  var contact = document.getElementById("contact-fields");
  if (anonymous && contact) {
    var toggle = function () { contact.hidden = anonymous.checked; };
    anonymous.addEventListener("change", toggle);
    toggle();
  }

  document.querySelectorAll(".m-stars").forEach(function (box) {
    var labels = box.querySelectorAll("label");
    var paint = function () {
      var checked = box.querySelector("input:checked");
      var value = checked ? parseInt(checked.value, 10) : 0;
      labels.forEach(function (label) { label.classList.toggle("on", parseInt(label.dataset.value, 10) <= value); });
    };
    box.addEventListener("change", paint);
    paint();
  });

  // One tap, one submission: the button is disabled once the form is on its way.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; button.textContent = "正在提交…"; }, 0); }
    });
  });
})();
