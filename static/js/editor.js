/* The rich-text editor in the admin (editorial.fields.RichTextWidget), after CKEditor 5's
   own script: 字数 under the editor (characters, spaces not counted, as Chinese word
   processors count), and after a paste a warning of the formatting saving will remove
   (the server's sanitizer answers, /editor/check/). */
(function () {
  "use strict";

  function countCharacters(editor) {
    var model = editor.model;
    var n = 0;
    for (var item of model.createRangeIn(model.document.getRoot()).getItems()) {
      if (item.is("$textProxy")) n += item.data.replace(/\s/g, "").length;
    }
    return n;
  }

  function csrfToken(textarea) {
    var input = textarea.form && textarea.form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function warningBox(textarea) {
    var container = textarea.closest(".ck-editor-container");
    var box = container.querySelector(".paste-warning");
    if (!box) {
      box = document.createElement("div");
      box.className = "paste-warning";
      box.setAttribute("role", "status");
      var text = document.createElement("p");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "button";
      close.textContent = "知道了";
      close.addEventListener("click", function () { box.hidden = true; });
      box.append(text, close);
      container.prepend(box);
    }
    return box;
  }

  function checkPaste(editor, textarea) {
    var body = new URLSearchParams({ html: editor.getData() });
    fetch(textarea.dataset.pasteCheckUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea) },
      body: body,
    })
      .then(function (response) { return response.ok ? response.json() : { removed: [] }; })
      .then(function (answer) {
        var box = warningBox(textarea);
        if (!answer.removed.length) {
          box.hidden = true;
          return;
        }
        box.querySelector("p").textContent =
          "粘贴的内容中，以下格式保存后不会保留：" + answer.removed.join("、") +
          "。可用的颜色、底色和表格边框见工具栏。";
        box.hidden = false;
      })
      .catch(function () {});
  }

  function setUp(editor, textarea) {
    var counter = document.getElementById(textarea.id + "_script-word-count");
    var shown = document.createElement("span");
    shown.className = "char-count";
    if (counter) counter.append(shown);
    function update() { shown.textContent = "字数：" + countCharacters(editor); }
    update();

    var pasted = false;
    editor.editing.view.document.on("clipboardInput", function () { pasted = true; });
    editor.model.document.on("change:data", function () {
      update();
      if (pasted) {
        pasted = false;
        checkPaste(editor, textarea);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.ckeditorRegisterCallback) return;
    document.querySelectorAll("textarea[data-paste-check-url]").forEach(function (textarea) {
      var ready = window.editors && window.editors[textarea.id];
      if (ready) setUp(ready, textarea);
      else window.ckeditorRegisterCallback(textarea.id, function (editor) { setUp(editor, textarea); });
    });
  });
})();
