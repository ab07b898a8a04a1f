/* The dashboard's charts (admin index): Apache ECharts from the site's own static
   files, fed by the JSON that the page carries in <script id="reading-chart-data">.
   The same figures are in tables beside each chart (each chart is role="img", named
   by its heading), so nothing depends on this script. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("reading-chart-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var style = getComputedStyle(document.body);
    var text = style.getPropertyValue("--body-fg").trim() || "#333";
    var quiet = style.getPropertyValue("--hairline-color").trim() || "#e8e8e8";
    var axis = {
      axisLabel: { color: text },
      axisLine: { lineStyle: { color: text } },
      splitLine: { lineStyle: { color: quiet } },
    };
    var charts = [];

    function chart(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var c = window.echarts.init(el, null, { renderer: "svg", locale: "ZH" });
      option.animation = false;
      c.setOption(option);
      charts.push(c);
    }

    chart("reads-per-day-chart", {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: Object.assign({ type: "category", data: data.days, boundaryGap: false }, axis),
      yAxis: Object.assign({ type: "value", minInterval: 1 }, axis),
      series: [{ name: "阅读数", type: "line", data: data.reads, smooth: false, areaStyle: { opacity: 0.15 } }],
    });
    var bars = document.getElementById("reads-per-section-chart");
    if (bars) bars.style.height = 60 + 32 * data.sections.length + "px";
    chart("reads-per-section-chart", {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: Object.assign({ type: "value", minInterval: 1 }, axis),
      yAxis: {
        type: "category",
        data: data.sections.slice().reverse(),
        axisLabel: { color: text, width: 110, overflow: "truncate" },
        axisLine: axis.axisLine,
      },
      series: [{ name: "阅读数", type: "bar", data: data.section_reads.slice().reverse(), barMaxWidth: 18 }],
    });

    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
