// Dashboards: ECharts from the JSON the page carries (no extra request), Chinese labels.
(function () {
  "use strict";
  var charts = [];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el, null, { renderer: "canvas" });
    c.setOption(Object.assign({ textStyle: { fontFamily: "sans-serif" }, tooltip: { trigger: "axis" } }, option));
    charts.push(c);
  }
  function bars(title, labels, values, color, horizontal) {
    var category = { type: "category", data: labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 40 } };
    var value = { type: "value", minInterval: 1 };
    return {
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      grid: { left: horizontal ? 120 : 40, right: 20, top: 40, bottom: horizontal ? 30 : 70 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ type: "bar", data: values, itemStyle: { color: color }, label: { show: true, position: horizontal ? "right" : "top" } }]
    };
  }

  var overview = document.getElementById("dashboard-data");
  if (overview) {
    var d = JSON.parse(overview.textContent);
    chart("chart-weekly", {
      title: { text: "近 12 周受理与办结", left: "center", textStyle: { fontSize: 14 } },
      legend: { bottom: 0, data: ["受理", "办结"] },
      grid: { left: 40, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: d.weekly.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "受理", type: "line", smooth: true, data: d.weekly.received },
        { name: "办结", type: "line", smooth: true, data: d.weekly.closed }
      ]
    });
    chart("chart-categories", {
      title: { text: "本月诉求分类", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 30, data: d.categories, label: { formatter: "{b}\n{c} 件" } }]
    });
    chart("chart-townships", bars("本月各乡镇诉求量", d.townships.labels, d.townships.values, "#0d47a1", false));
    chart("chart-overdue", bars("超期件数最多的单位", d.overdue_units.labels, d.overdue_units.values, "#c62828", true));
    var top = d.top.slice().reverse();
    chart("chart-top", bars(d.top_title || "本月部门综合得分前十", top.map(function (x) { return x.name; }), top.map(function (x) { return x.value; }), "#2e7d32", true));
  }

  var unit = document.getElementById("unit-data");
  if (unit) {
    var u = JSON.parse(unit.textContent);
    chart("chart-compare", {
      title: { text: "本月与全县对比（%）", left: "center", textStyle: { fontSize: 14 } },
      legend: { bottom: 0, data: ["本单位", "全县"] },
      grid: { left: 40, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: u.compare.labels },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "本单位", type: "bar", data: u.compare.unit, itemStyle: { color: "#0d47a1" } },
        { name: "全县", type: "bar", data: u.compare.county, itemStyle: { color: "#9e9e9e" } }
      ]
    });
    chart("chart-trend", {
      title: { text: "近六个月综合得分", left: "center", textStyle: { fontSize: 14 } },
      legend: { bottom: 0, data: ["本单位", "全县"] },
      grid: { left: 40, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: u.labels },
      yAxis: { type: "value", max: 100 },
      series: [
        { name: "本单位", type: "line", data: u.unit, connectNulls: true },
        { name: "全县", type: "line", data: u.county, connectNulls: true, lineStyle: { type: "dashed" } }
      ]
    });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
