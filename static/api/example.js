// The example client of the API: the five latest notices, as a partner site embeds them.
// Copy it and point API at the association's site, e.g.
// "https://www.example.org/api/v1/notices" (that site must list yours in API_CORS_ORIGINS).
(function () {
  "use strict";
  var box = document.querySelector(".notices");
  var list = box.querySelector(".notice-list");
  var API = box.dataset.api;

  function row(notice) {
    // textContent only: nothing the API returns is ever parsed as HTML here.
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = notice.url;
    link.textContent = notice.title;
    var date = document.createElement("time");
    date.dateTime = notice.publish_at;
    date.textContent = notice.publish_at.slice(0, 10);
    li.append(link, date);
    return li;
  }

  function say(text) {
    var li = document.createElement("li");
    li.textContent = text;
    list.replaceChildren(li);
  }

  fetch(API, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.detail || "读取失败");
        return data;
      });
    })
    .then(function (data) {
      if (!data.results.length) return say("暂无通知公告。");
      list.replaceChildren.apply(list, data.results.slice(0, 5).map(row));
    })
    .catch(function (err) {
      say("通知公告暂时无法读取：" + err.message);
    });
})();
