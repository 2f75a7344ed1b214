// Each indicator: the straight line from baseline to target, and the accepted reports' values.
(function () {
  "use strict";
  var data = document.getElementById("indicator-data");
  if (!data) { return; }
  JSON.parse(data.textContent).forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) { return; }
    echarts.init(el).setOption({
      animation: false,
      title: { text: c.name, left: "center", textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: ["计划进度", "实际"] },
      grid: { left: 50, right: 20, top: 35, bottom: 40 },
      xAxis: { type: "time" },
      yAxis: { type: "value" },
      series: [
        { name: "计划进度", type: "line", data: c.line, lineStyle: { type: "dashed" }, symbol: "none" },
        { name: "实际", type: "line", data: c.actual }
      ]
    });
  });
})();
