/* Runs in <head> before first paint: applies the reader's remembered font size and
   适老化 mode so the page does not jump. Kept tiny and free of dependencies. */
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var size = localStorage.getItem("portal.fontSize");
    if (size === "sm" || size === "md" || size === "lg") root.classList.add("fs-" + size);
    if (localStorage.getItem("portal.elder") === "1") root.classList.add("elder");
  } catch (e) { /* storage disabled: defaults apply */ }
})();
