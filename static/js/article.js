/* 点击量: counts this visit and shows the new number (news.views.article_views). The page
   itself may come from a cache; without this script it shows the number it was built with. */
(function () {
  "use strict";
  var counter = document.querySelector("[data-count-url]");
  if (!counter || !window.fetch) return;
  fetch(counter.getAttribute("data-count-url"), {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-Requested-With": "XMLHttpRequest" },
  })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (data && typeof data.views === "number") counter.textContent = String(data.views);
    })
    .catch(function () { /* the number the page was built with stays */ });
})();
