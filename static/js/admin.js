/* Names for the admin's controls that have no label of their own (axe "label"): the
   search box select2 adds to a many-to-many picker gets its field's label, and the
   inputs of a tabular inline (附件 …) and of a change list's in-place editing (排序 …)
   their column's heading, with the row's name in a change list. */
(function () {
  "use strict";
  function labelSearchBoxes(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      box.setAttribute("aria-label", "搜索" + (label ? label.textContent.replace(/[:：]\s*$/, "") : ""));
    });
  }
  function labelTableInputs(root) {
    root.querySelectorAll(".tabular table, table#result_list").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var name = table.id === "result_list" && row.querySelector("th a");
        var suffix = name ? "：" + name.textContent.replace("└", "").trim() : "";
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
            var labelled = el.id && document.querySelector('label[for="' + el.id + '"]');
            if (!labelled && !el.hasAttribute("aria-label") && headings[i]) {
              el.setAttribute("aria-label", headings[i] + suffix);
            }
          });
        });
      });
    });
  }
  function label(root) {
    labelSearchBoxes(root);
    labelTableInputs(root);
  }
  document.addEventListener("DOMContentLoaded", function () {
    label(document);
    new MutationObserver(function () { label(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
