// The 散乱污 dynamic-zero board: found and cleared per month (bars), open at month end (line).
(function () {
  "use strict";
  var data = document.getElementById("pollution-board-data");
  var el = document.getElementById("chart-zero");
  if (!data || !el || typeof echarts === "undefined") { return; }
  var d = JSON.parse(data.textContent);
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    textStyle: { fontFamily: "sans-serif" },
    tooltip: { trigger: "axis" },
    title: { text: "散乱污新发现、销号与在办", left: "center", textStyle: { fontSize: 14 } },
    legend: { bottom: 0, data: ["新发现", "销号", "月末在办"] },
    grid: { left: 40, right: 20, top: 40, bottom: 50 },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "新发现", type: "bar", data: d.found, itemStyle: { color: "#dc3545" } },
      { name: "销号", type: "bar", data: d.cleared, itemStyle: { color: "#198754" } },
      { name: "月末在办", type: "line", data: d.open, itemStyle: { color: "#fd7e14" } }
    ]
  });
  el.setAttribute("data-rendered", "1");
  window.addEventListener("resize", function () { chart.resize(); });
})();
