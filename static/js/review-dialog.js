/* 退回修改 asks for its note in a dialog beside the button: the change form's 退回意见
   row moves into a modal dialog with 确认退回 and 取消, and back when it closes. Without
   script the button posts the form as before, with the note typed in the field below. */
(function () {
  "use strict";
  var dialog = null;
  var home = null;

  function build(form, row) {
    dialog = document.createElement("dialog");
    dialog.className = "return-dialog";
    dialog.setAttribute("aria-labelledby", "return-dialog-title");
    var title = document.createElement("h2");
    title.id = "return-dialog-title";
    title.textContent = "退回修改";
    var help = document.createElement("p");
    help.textContent = "写明要改什么：作者打开文章时首先看到这段退回意见。";
    var slot = document.createElement("div");
    slot.className = "return-note-slot";
    var buttons = document.createElement("div");
    buttons.className = "return-buttons";
    var confirm = document.createElement("button");
    confirm.type = "submit";
    confirm.name = "_return";
    confirm.value = "退回修改";
    confirm.className = "button default";
    confirm.textContent = "确认退回";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button";
    cancel.textContent = "取消";
    cancel.addEventListener("click", function () { dialog.close(); });
    buttons.append(confirm, cancel);
    dialog.append(title, help, slot, buttons);
    form.appendChild(dialog);
    home = document.createComment("退回意见");
    row.parentNode.insertBefore(home, row);
    dialog.addEventListener("close", function () {
      var note = dialog.querySelector("textarea");
      if (note) { note.required = false; }
      home.parentNode.insertBefore(row, home);
    });
  }

  function open(form, row) {
    if (!dialog) { build(form, row); }
    dialog.querySelector(".return-note-slot").appendChild(row);
    var note = row.querySelector("textarea");
    if (note) { note.required = true; }
    dialog.showModal();
    if (note) { note.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var row = document.querySelector(".form-row.field-review_note");
    var buttons = document.querySelectorAll('.submit-row input[name="_return"]');
    if (!row || !buttons.length || typeof HTMLDialogElement === "undefined") { return; }
    var form = buttons[0].form;
    buttons.forEach(function (button) {
      button.setAttribute("aria-haspopup", "dialog");
      button.addEventListener("click", function (event) {
        event.preventDefault();
        open(form, row);
      });
    });
    if (row.querySelector(".errorlist")) { open(form, row); }
  });
})();
