// The 亩均效益 ranking's charts: the class distribution (pie) and the classes per township (stacked bars), from
// the JSON the page carries (json_script; no inline script).
(function () {
  "use strict";
  var el = document.getElementById("efficiency-data");
  if (!el) { return; }
  var d = JSON.parse(el.textContent);
  var colours = { A: "#2e7d32", B: "#1565c0", C: "#f9a825", D: "#c62828" };
  var charts = [];
  function chart(id, option) {
    var target = document.getElementById(id);
    if (!target) { return; }
    var c = echarts.init(target, null, { renderer: "canvas" });
    c.setOption(Object.assign({ textStyle: { fontFamily: "sans-serif" } }, option));
    charts.push(c);
  }
  chart("chart-classes", {
    title: { text: "分类分布", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "item", formatter: "{b}：{c} 家（{d}%）" },
    legend: { bottom: 0 },
    series: [{
      type: "pie", radius: ["35%", "65%"],
      center: ["50%", "55%"],
      data: d.grades
        .map(function (g, i) { return { name: g + "类", value: d.counts[i], itemStyle: { color: colours[g] } }; })
        .filter(function (item) { return item.value > 0; })
    }]
  });
  chart("chart-townships", {
    title: { text: "各乡镇分类", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 70 },
    xAxis: { type: "category", data: d.townships, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: d.grades.map(function (g) {
      return { name: g + "类", type: "bar", stack: "all", data: d.by_township[g], itemStyle: { color: colours[g] } };
    })
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
