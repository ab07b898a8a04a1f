/* Site-wide behaviour: font size, 适老化 mode, header pop-overs, phone menu, bookmark,
   copy link, copy code and print buttons. No framework; every control also works by keyboard. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  // Font size 大/中/小: the header buttons and any [data-font-size] button on the page.
  function currentSize() {
    if (root.classList.contains("fs-lg")) return "lg";
    if (root.classList.contains("fs-sm")) return "sm";
    return "md";
  }
  function applySize(size) {
    root.classList.remove("fs-sm", "fs-md", "fs-lg");
    root.classList.add("fs-" + size);
    store("portal.fontSize", size);
    syncPressed();
  }
  function syncPressed() {
    var size = currentSize();
    document.querySelectorAll("[data-font-size]").forEach(function (btn) {
      btn.setAttribute("aria-pressed", btn.getAttribute("data-font-size") === size ? "true" : "false");
    });
    var elder = root.classList.contains("elder");
    document.querySelectorAll("[data-elder-toggle]").forEach(function (btn) {
      btn.setAttribute("aria-pressed", elder ? "true" : "false");
      // Labels come from the markup, so they are in the script the page is in (简/繁).
      btn.textContent = btn.getAttribute(elder ? "data-label-on" : "data-label-off");
    });
  }
  document.addEventListener("click", function (event) {
    var sizeBtn = event.target.closest("[data-font-size]");
    if (sizeBtn) { applySize(sizeBtn.getAttribute("data-font-size")); return; }

    if (event.target.closest("[data-elder-toggle]")) {
      var on = !root.classList.contains("elder");
      root.classList.toggle("elder", on);
      store("portal.elder", on ? "1" : "0");
      syncPressed();
      document.dispatchEvent(new CustomEvent("portal:elder", { detail: on }));
      return;
    }

    // On a phone a QR code is of no use (it would be scanned by the phone showing it):
    // the system's share sheet instead, where the browser has one.
    var shareBtn = event.target.closest("[data-share-url]");
    if (shareBtn && navigator.share && window.matchMedia("(pointer: coarse)").matches) {
      navigator.share({ title: document.title, url: shareBtn.getAttribute("data-share-url") })
        .catch(function () { /* the reader closed the sheet */ });
      return;
    }

    var popBtn = event.target.closest("[data-popover]");
    if (popBtn) {
      var pop = document.getElementById(popBtn.getAttribute("data-popover"));
      var open = pop.hidden;
      closePopovers();
      pop.hidden = !open;
      popBtn.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    if (!event.target.closest(".popover")) closePopovers();

    // On a phone the menu button also unfolds search, 字号, 适老化 and the quick links.
    var navBtn = event.target.closest(".nav-toggle");
    if (navBtn) {
      var expanded = navBtn.closest(".site-header").classList.toggle("menu-open");
      navBtn.setAttribute("aria-expanded", expanded ? "true" : "false");
      navBtn.setAttribute("aria-label", navBtn.getAttribute(expanded ? "data-label-on" : "data-label-off"));
      return;
    }

    if (event.target.closest("[data-bookmark]")) {
      var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
      window.alert("请按 " + (mac ? "⌘+D" : "Ctrl+D") + " 将本站加入收藏夹；手机浏览器请使用菜单中的“添加书签”。");
      return;
    }

    var copyBtn = event.target.closest("[data-copy-link]");
    if (copyBtn) {
      var url = copyBtn.getAttribute("data-copy-link") || window.location.href;
      var done = function () { copyBtn.textContent = copyBtn.getAttribute("data-label-on"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("复制下面的链接：", url); });
      } else {
        window.prompt("复制下面的链接：", url);
      }
      return;
    }

    // 复制编号 beside a reference code: the code's own text, so nothing is mistyped.
    var codeBtn = event.target.closest("[data-copy-target]");
    if (codeBtn) {
      var codeEl = document.getElementById(codeBtn.getAttribute("data-copy-target"));
      var code = codeEl ? codeEl.textContent.trim() : "";
      var status = codeBtn.nextElementSibling;
      var copied = function () { codeBtn.textContent = "已复制"; status.textContent = "编号已复制，可以粘贴到别处保存。"; };
      var selectIt = function () {
        var range = document.createRange();
        range.selectNodeContents(codeEl);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "编号已选中，请按 Ctrl+C 复制；手机上请长按编号复制。";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code).then(copied, selectIt);
      } else {
        selectIt();
      }
      return;
    }

    if (event.target.closest("[data-print]")) { window.print(); }
  });

  // The copy buttons need this script: without it they stay hidden.
  document.querySelectorAll("[data-copy-target]").forEach(function (btn) {
    btn.hidden = false;
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    btn.insertAdjacentElement("afterend", status);
  });

  function closePopovers() {
    document.querySelectorAll(".popover").forEach(function (pop) { pop.hidden = true; });
    document.querySelectorAll("[data-popover]").forEach(function (btn) { btn.setAttribute("aria-expanded", "false"); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePopovers();
  });

  // 返回顶部 once the reader is two screens down a long page (a plain #top link).
  var backToTop = document.querySelector("[data-back-to-top]");
  if (backToTop) {
    var placeBackToTop = function () { backToTop.hidden = window.scrollY < 2 * window.innerHeight; };
    window.addEventListener("scroll", placeBackToTop, { passive: true });
    placeBackToTop();
  }

  // Directory facets fold away once something is chosen, so a phone shows the list on
  // its first screen; a wide screen has room to keep them open beside the chips.
  if (window.matchMedia("(min-width: 961px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  syncPressed();
})();
