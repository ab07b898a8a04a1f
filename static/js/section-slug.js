/* 栏目 add/change form: while the name is typed, suggest the 网址名 (pinyin of the name,
   made by the server, news.admin.SectionAdmin.slug_view). A 网址名 typed by hand is
   never replaced; an empty one is also filled on save by the server. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var name = document.getElementById("id_name");
    var slug = document.getElementById("id_slug");
    if (!name || !slug || !slug.dataset.pinyinUrl) return;
    var suggested = slug.value;
    var timer = null;
    var own = slug.value === "";
    slug.addEventListener("input", function () {
      own = slug.value === "" || slug.value === suggested;
    });
    name.addEventListener("input", function () {
      if (!own) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = slug.dataset.pinyinUrl + "?name=" + encodeURIComponent(name.value);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (data && own && (slug.value === "" || slug.value === suggested)) {
              slug.value = suggested = data.slug;
            }
          })
          .catch(function () { /* the server fills an empty 网址名 on save */ });
      }, 250);
    });
  });
})();
