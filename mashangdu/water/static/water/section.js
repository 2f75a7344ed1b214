// A section's page: monthly means of the key items over twelve months, each with its target-class limit.
(function () {
  "use strict";
  var data = document.getElementById("water-trend");
  var el = document.getElementById("chart-trend");
  if (!data || !el || typeof echarts === "undefined") { return; }
  var d = JSON.parse(data.textContent);
  var keys = Object.keys(d.series);
  var grids = [], xAxes = [], yAxes = [], series = [], titles = [];
  keys.forEach(function (key, i) {
    var s = d.series[key];
    var left = (i % 2) * 50 + 6, top = Math.floor(i / 2) * 50 + 8;
    grids.push({ left: left + "%", top: top + "%", width: "40%", height: "30%" });
    titles.push({ text: s.label + "（" + s.unit + "）", left: left + "%", top: (top - 7) + "%", textStyle: { fontSize: 12 } });
    xAxes.push({ type: "category", data: d.months, gridIndex: i, axisLabel: { fontSize: 10 } });
    yAxes.push({ type: "value", gridIndex: i, scale: true, axisLabel: { fontSize: 10 } });
    series.push({
      name: s.label, type: "line", xAxisIndex: i, yAxisIndex: i, data: s.values, connectNulls: false, showSymbol: true, symbolSize: 6,
      markLine: s.limit === null ? undefined : {
        symbol: "none", lineStyle: { type: "dashed", color: "#d62c1a" },
        label: { formatter: d.target + "限值 " + s.limit, fontSize: 10 }, data: [{ yAxis: s.limit }]
      }
    });
  });
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({ title: titles, tooltip: { trigger: "axis" }, grid: grids, xAxis: xAxes, yAxis: yAxes, series: series });
  window.addEventListener("resize", function () { chart.resize(); });
})();
