/* Nothing an editor types in an admin change form is lost when the save fails — the
   session expired, the network dropped, the tab closed. What they type is kept in this
   browser's localStorage (keyed by the admin URL): CKEditor 5's own Autosave plugin (in
   django-ckeditor-5's bundle) is given an adapter that writes there, plain fields are
   kept on input. Opening the form again offers the kept text back when it differs from
   what the page shows. A save the site confirms (a success message on the next admin page)
   clears it. Loaded on every ContentAdmin page (portal.admin.ContentAdmin.Media). */
(function () {
  "use strict";
  var PREFIX = "portal-draft:";
  var SUBMITTED = "portal-draft-submitted";
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return; // storage disabled: nothing to do
  }

  function confirmSave() {
    var key = window.sessionStorage.getItem(SUBMITTED);
    if (!key) return;
    window.sessionStorage.removeItem(SUBMITTED);
    if (document.querySelector(".messagelist .success")) store.removeItem(key);
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("__prefix__") !== -1 || el.disabled) return false;
      if (el.tagName === "TEXTAREA") return true;
      return el.tagName === "INPUT" && /^(text|email|url|tel|number|search)$/.test(el.type);
    });
  }

  function start(form) {
    var key = PREFIX + window.location.pathname;
    var fields = keptFields(form);
    var editors = {}; // textarea name -> CKEditor instance
    var decided = true; // false while an offer to restore is open

    function current() {
      var values = {};
      fields.forEach(function (el) {
        var editor = editors[el.name];
        values[el.name] = editor ? editor.getData() : el.value;
      });
      return values;
    }

    function save() {
      if (!decided) return Promise.resolve();
      var draft = { savedAt: new Date().toISOString(), fields: current() };
      try {
        store.setItem(key, JSON.stringify(draft));
      } catch (e) {
        /* quota full: the form itself still holds the text */
      }
      return Promise.resolve();
    }

    function restore(draft) {
      fields.forEach(function (el) {
        if (!(el.name in draft.fields)) return;
        var value = draft.fields[el.name];
        if (editors[el.name]) editors[el.name].setData(value);
        else el.value = value;
      });
    }

    function differs(draft) {
      var now = current();
      return Object.keys(draft.fields).some(function (name) {
        return name in now && now[name] !== draft.fields[name];
      });
    }

    function offer(draft) {
      var when = new Date(draft.savedAt);
      var list = document.createElement("ul");
      list.className = "messagelist draft-offer";
      var item = document.createElement("li");
      item.className = "warning";
      item.setAttribute("role", "alert");
      var pad = function (n) {
        return (n < 10 ? "0" : "") + n;
      };
      item.appendChild(
        document.createTextNode(
          "本页有 " +
            (when.getMonth() + 1) + "月" + when.getDate() + "日 " +
            pad(when.getHours()) + ":" + pad(when.getMinutes()) +
            " 保存在本机、尚未保存到网站的内容（例如登录过期时未能保存）。 "
        )
      );
      var yes = document.createElement("button");
      yes.type = "button";
      yes.className = "button default";
      yes.textContent = "恢复未保存的内容";
      var no = document.createElement("button");
      no.type = "button";
      no.className = "button";
      no.textContent = "放弃";
      item.appendChild(yes);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(no);
      list.appendChild(item);
      form.parentNode.insertBefore(list, form);
      decided = false;
      yes.addEventListener("click", function () {
        decided = true;
        restore(draft);
        list.remove();
        save();
      });
      no.addEventListener("click", function () {
        decided = true;
        store.removeItem(key);
        list.remove();
      });
    }

    function ready() {
      var kept = null;
      try {
        kept = JSON.parse(store.getItem(key) || "null");
      } catch (e) {
        kept = null;
      }
      if (kept && kept.fields) {
        if (differs(kept)) offer(kept);
        else if (!document.querySelector(".errornote")) store.removeItem(key);
      }
      Object.keys(editors).forEach(function (name) {
        var editor = editors[name];
        if (editor.plugins.has("Autosave")) editor.plugins.get("Autosave").adapter = { save: save };
        else editor.model.document.on("change:data", save);
      });
      form.addEventListener("input", function (event) {
        if (!editors[event.target.name]) save();
      });
      form.addEventListener("submit", function () {
        save();
        window.sessionStorage.setItem(SUBMITTED, key);
      });
    }

    // django-ckeditor-5 creates its editors asynchronously into window.editors.
    var waiting = fields.filter(function (el) {
      return el.classList.contains("django_ckeditor_5");
    });
    var tries = 0;
    (function wait() {
      var all = window.editors || {};
      waiting = waiting.filter(function (el) {
        if (all[el.id]) {
          editors[el.name] = all[el.id];
          return false;
        }
        return true;
      });
      if (waiting.length && tries++ < 100) window.setTimeout(wait, 100);
      else ready();
    })();
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmSave();
    if (!document.body.classList.contains("change-form")) return;
    var form = document.querySelector("#content-main form[method=post]");
    if (form) start(form);
  });
})();
