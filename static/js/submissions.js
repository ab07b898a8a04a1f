/* Public forms of the submissions app: a captcha refresh button and character counters.
   Everything works without JavaScript; this only makes the forms friendlier. */
(function () {
  "use strict";

  // Captcha "换一张": ask django-simple-captcha for a new key and image. Refreshes are
  // rate-limited: over the limit the server answers 429 with {"error": "…"}, shown here.
  document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
    var row = button.closest(".captcha-row");
    var img = row.querySelector("img");
    var key = row.querySelector("input[type=hidden]");
    var answer = row.querySelector("input[type=text]");
    var note = document.createElement("p");
    note.className = "help captcha-note";
    note.setAttribute("aria-live", "polite");
    row.insertAdjacentElement("afterend", note);
    button.hidden = false;
    // The picture itself also changes on a tap: it is what a reader who cannot read it touches.
    img.addEventListener("click", function () { button.click(); });
    img.title = "看不清？点一下换一张";
    button.addEventListener("click", function () {
      button.disabled = true;
      note.textContent = "";
      fetch(button.getAttribute("data-captcha-refresh"), {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin"
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) { throw new Error(data.error || ""); }
            return data;
          });
        })
        .then(function (data) {
          img.src = data.image_url;
          key.value = data.key;
          answer.value = "";
          answer.focus();
        })
        .catch(function (error) {
          // Keep the old image; the reader can still type it or reload the page.
          note.textContent = (error && error.message) || "暂时无法换图，请刷新页面后重试。";
        })
        .finally(function () { button.disabled = false; });
    });
  });

  // "已输入 n / 2000 字" under long text fields, announced politely to screen readers.
  document.querySelectorAll("textarea[data-counter]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-counter"), 10);
    var out = document.createElement("p");
    out.className = "help char-count";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function update() {
      var n = Array.from(area.value).length;
      out.textContent = "已输入 " + n + " / " + limit + " 字";
      out.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
    update();
  });

  // Move focus to the error summary so keyboard and screen-reader users hear it first.
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
})();
