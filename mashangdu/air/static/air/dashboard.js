// The air dashboard: a calendar heat map of daily AQI in HJ 633's level colours, the year's daily AQI and
// PM2.5, and the monthly good-day ratio, from the JSON the page carries (json_script; no inline script).
(function () {
  "use strict";
  var el = document.getElementById("air-data");
  if (!el) { return; }
  var d = JSON.parse(el.textContent);
  var charts = [];
  function chart(id, option) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var c = echarts.init(target, null, { renderer: "canvas" });
    c.setOption(Object.assign({ textStyle: { fontFamily: "sans-serif" } }, option));
    charts.push(c);
  }
  var pieces = d.levels.map(function (l) { return { min: l.min, max: l.max, color: l.color, label: l.label }; });
  pieces[pieces.length - 1].max = 100000;

  chart("chart-calendar", {
    title: { text: d.year + "年逐日AQI", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { formatter: function (p) { return p.value[0] + "：AQI " + p.value[1]; } },
    visualMap: { type: "piecewise", pieces: pieces, orient: "horizontal", left: "center", bottom: 0, itemWidth: 12, itemHeight: 12 },
    calendar: {
      top: 62, left: 40, right: 20, cellSize: ["auto", 14], range: String(d.year),
      dayLabel: { nameMap: "ZH", firstDay: 1 }, monthLabel: { nameMap: "ZH" }, yearLabel: { show: false },
      itemStyle: { borderWidth: 0.5, borderColor: "#ddd" }
    },
    series: [{ type: "heatmap", coordinateSystem: "calendar", data: d.calendar }]
  });
  chart("chart-trend", {
    title: { text: "逐日AQI与PM2.5", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, data: ["AQI", "PM2.5（µg/m³）"] },
    grid: { left: 45, right: 20, top: 40, bottom: 60 },
    dataZoom: [{ type: "inside" }],
    xAxis: { type: "category", data: d.dates },
    yAxis: { type: "value" },
    series: [
      { name: "AQI", type: "line", showSymbol: false, data: d.aqi, lineStyle: { width: 1 } },
      { name: "PM2.5（µg/m³）", type: "line", showSymbol: false, data: d.pm25, lineStyle: { width: 1 } }
    ]
  });
  chart("chart-good", {
    title: { text: "月度优良天数比例（%）", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", formatter: function (p) { return p[0].name + "：" + (p[0].value == null ? "数据不足" : p[0].value + "%"); } },
    grid: { left: 40, right: 10, top: 40, bottom: 30 },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", max: 100 },
    series: [{ type: "bar", data: d.good_ratio, itemStyle: { color: "#2e7d32" } }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
