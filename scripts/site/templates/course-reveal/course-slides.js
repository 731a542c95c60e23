/*
 * Start reveal.js for an exported lesson (called by course-reveal/index.html.j2 once require.js has
 * loaded reveal.js and its notes plugin).
 * - A 1280×800 canvas: the widest course chart (900 px) fits, and reveal.js scales the canvas to the window.
 * - center: false, because notebook slides read top-down; slides taller than the canvas scroll inside
 *   (course-slides.css), and each slide starts scrolled to its top.
 * - Charts are sized to the slide: on the slide in view, a chart that would run past the bottom is
 *   redrawn smaller (down to 60 % of its size, keeping its proportions) so it fits; below 60 % it keeps
 *   its full size and the slide scrolls. This runs on every slide change and whenever a chart (re)draws
 *   (a chart drawn while its slide was hidden redraws itself once it gets a size: src/viz/html.ts).
 * - window.Reveal is set: require.js keeps modules out of window, and the console and tests want it.
 * - MathJax re-typesets math on the slide that comes into view (nbconvert's template does the same).
 */
function startCourseSlides(Reveal, plugins, options) {
  var MIN_CHART_SCALE = 0.6;
  window.Reveal = Reveal;
  Reveal.initialize({
    width: 1280,
    height: 800,
    margin: 0.04,
    center: false,
    controls: true,
    progress: true,
    history: true,
    slideNumber: "c/t",
    transition: options.transition || "slide",
    plugins: plugins
  });

  function naturalSize(chart) {
    if (!chart.hasAttribute("data-natural-width")) {
      chart.setAttribute("data-natural-width", String(parseFloat(chart.style.width) || chart.offsetWidth));
      chart.setAttribute("data-natural-height", String(parseFloat(chart.style.height) || chart.offsetHeight));
    }
    return {
      width: Number(chart.getAttribute("data-natural-width")),
      height: Number(chart.getAttribute("data-natural-height"))
    };
  }

  // Record every chart's own size before anything resizes it.
  Array.prototype.forEach.call(document.querySelectorAll(".course-chart-plot"), naturalSize);

  function fitChart(chart, slide) {
    var Plotly = window.Plotly;
    if (!Plotly || chart.getAttribute("data-drawn") !== "yes" || !chart.offsetWidth) return;
    var natural = naturalSize(chart);
    var scale = Reveal.getScale() || 1;
    var slideBox = slide.getBoundingClientRect();
    var box = chart.getBoundingClientRect();
    // Room left below the chart's top edge and right of its left edge, in canvas pixels.
    var roomHeight = (slideBox.top + slide.clientHeight * scale - box.top) / scale - 16;
    var roomWidth = (slideBox.left + slide.clientWidth * scale - box.left) / scale - 16;
    var factor = Math.min(1, roomHeight / natural.height, roomWidth / natural.width);
    if (factor < MIN_CHART_SCALE) factor = 1;
    var width = Math.round(natural.width * factor);
    var height = Math.round(natural.height * factor);
    var layout = chart._fullLayout || {};
    if (Math.abs((layout.width || 0) - width) < 2 && Math.abs((layout.height || 0) - height) < 2) return;
    chart.style.width = width + "px";
    chart.style.height = height + "px";
    Plotly.relayout(chart, { width: width, height: height });
  }

  function fitCharts(slide) {
    if (!slide) return;
    Array.prototype.forEach.call(slide.querySelectorAll(".course-chart-plot"), function (chart) {
      fitChart(chart, slide);
    });
  }

  function onSlide() {
    var slide = Reveal.getCurrentSlide();
    if (!slide) return;
    slide.scrollTop = 0;
    fitCharts(slide);
    var MathJax = window.MathJax;
    if (MathJax && MathJax.Hub && MathJax.Hub.getAllJax(slide).length > 0) {
      MathJax.Hub.Rerender(slide);
    }
  }

  // A chart on the current slide that (re)draws is fitted again (its draw resets it to its own size).
  if (typeof MutationObserver !== "undefined") {
    new MutationObserver(function (records) {
      var slide = Reveal.getCurrentSlide();
      records.forEach(function (record) {
        if (slide && slide.contains(record.target)) fitChart(record.target, slide);
      });
    }).observe(document.querySelector(".reveal .slides"), {
      subtree: true,
      attributes: true,
      attributeFilter: ["data-drawn"]
    });
  }
  Reveal.on("ready", onSlide);
  Reveal.on("slidechanged", onSlide);
  Reveal.on("resize", onSlide);
}
