/* Home-page focus slider: previous/next and pause buttons, arrow keys, and autoplay
   that never runs in 适老化 mode, with reduced motion, or while the reader is on it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var DELAY = 6000;

  document.querySelectorAll("[data-slider]").forEach(function (slider) {
    var slides = Array.prototype.slice.call(slider.querySelectorAll(".slide"));
    if (slides.length < 2) return;
    var current = 0;
    var timer = null;
    var paused = false;
    var hovering = false;
    var pauseBtn = slider.querySelector("[data-slider-pause]");
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    function show(index) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, i) {
        slide.hidden = i !== current;
        slide.classList.toggle("is-active", i === current);
      });
    }
    function canPlay() {
      return !paused && !hovering && !reduced && !root.classList.contains("elder");
    }
    function schedule() {
      window.clearTimeout(timer);
      timer = null;
      if (canPlay()) {
        timer = window.setTimeout(function () { show(current + 1); schedule(); }, DELAY);
      }
    }
    function syncPause() {
      var stopped = paused || root.classList.contains("elder");
      pauseBtn.setAttribute("aria-pressed", stopped ? "true" : "false");
      pauseBtn.textContent = pauseBtn.getAttribute(stopped ? "data-label-on" : "data-label-off");
    }

    slider.querySelector("[data-slider-prev]").addEventListener("click", function () { show(current - 1); schedule(); });
    slider.querySelector("[data-slider-next]").addEventListener("click", function () { show(current + 1); schedule(); });
    pauseBtn.addEventListener("click", function () {
      if (root.classList.contains("elder")) return;
      paused = !paused;
      syncPause();
      schedule();
    });
    slider.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); schedule(); }
      if (event.key === "ArrowRight") { show(current + 1); schedule(); }
    });
    slider.addEventListener("mouseenter", function () { hovering = true; schedule(); });
    slider.addEventListener("mouseleave", function () { hovering = false; schedule(); });
    slider.addEventListener("focusin", function () { hovering = true; schedule(); });
    slider.addEventListener("focusout", function () { hovering = false; schedule(); });
    document.addEventListener("portal:elder", function () { syncPause(); schedule(); });
    if (reduced) { paused = true; }
    syncPause();
    schedule();
  });
})();
