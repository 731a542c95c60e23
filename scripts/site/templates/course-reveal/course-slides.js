/*
 * Start reveal.js for an exported lesson (called by course-reveal/index.html.j2 once require.js has
 * loaded reveal.js and its notes plugin).
 * - A 1280×800 canvas: the widest course chart (900 px) fits, and reveal.js scales the canvas to the window.
 * - center: false, because notebook slides read top-down; each slide starts scrolled to its top.
 * - Every slide fits its 800 px (scripts/site/README.md, "Slides that fit"): once fonts and math are
 *   ready, each slide is measured, and content that would run past the bottom moves to a new subslide
 *   right after it (split between cells, between a cell's code and its outputs, between outputs, between
 *   the paragraphs and list items of a markdown cell). A chart that starts on a slide with room for at
 *   least 60 % of its height stays and is scaled to the room, and ends the slide; otherwise it moves on.
 *   A text output or table with at least MIN_SCROLL_ROOM px of room stays and scrolls inside that room.
 *   A single block that is taller than a whole slide scrolls inside it (charts: scaled to fit).
 *   Splitting only adds vertical subslides, so horizontal slide numbers (and links to them) stay.
 *   The current slide is checked again whenever it comes into view (math re-typeset, charts redrawn).
 *   `?fit=off` in the address shows the deck as exported, without any of this (for comparison).
 * - Charts are fitted to the slide in view whenever they (re)draw (a chart drawn while its slide was
 *   hidden redraws itself once it gets a size: src/viz/html.ts).
 * - window.Reveal is set: require.js keeps modules out of window, and the console and tests want it.
 *   `document.body` gets `data-course-fit="done"` once the slides are laid out (tests wait for it).
 * - MathJax re-typesets math on the slide that comes into view (nbconvert's template does the same).
 */
function startCourseSlides(Reveal, plugins, options) {
  var MIN_CHART_SCALE = 0.6;
  // Space kept free at the bottom of a slide (canvas px): block margins below a fitted chart, rounding.
  var BOTTOM_GAP = 16;
  // A text output or table keeps its place (scrolling inside) when at least this much room is left.
  var MIN_SCROLL_ROOM = 200;
  var fitEnabled = !/[?&]fit=off\b/.test(window.location.search);
  // The slide the address asks for (#/h/v), read before reveal.js clamps it to the slides before the layout.
  var asked = /^#\/(\d+)(?:\/(\d+))?/.exec(window.location.hash);
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

  // ---- Measuring (canvas px, from the slide's top edge; transforms and zoom divided out) ----

  function slideScale(slide) {
    var height = slide.offsetHeight;
    return height > 0 ? slide.getBoundingClientRect().height / height : 1;
  }

  function topIn(el, slide, scale) {
    return (el.getBoundingClientRect().top - slide.getBoundingClientRect().top) / scale;
  }

  function bottomIn(el, slide, scale) {
    return (el.getBoundingClientRect().bottom - slide.getBoundingClientRect().top) / scale;
  }

  // The lowest edge a slide may use.
  function slideLimit(slide) {
    return slide.clientHeight - BOTTOM_GAP;
  }

  // ---- Charts ----

  // How much a chart must shrink to fit `room` px below its top and the slide's width (1 = not at all).
  function chartFactor(chart, slide, roomHeight) {
    var natural = naturalSize(chart);
    var scale = slideScale(slide);
    var roomWidth = slide.clientWidth - (chart.getBoundingClientRect().left - slide.getBoundingClientRect().left) / scale - 16;
    return Math.min(1, roomHeight / natural.height, roomWidth / natural.width);
  }

  function fitChart(chart, slide) {
    var Plotly = window.Plotly;
    if (!Plotly || chart.getAttribute("data-drawn") !== "yes" || !chart.offsetWidth) return;
    var natural = naturalSize(chart);
    var scale = slideScale(slide);
    var factor = chartFactor(chart, slide, slideLimit(slide) - topIn(chart, slide, scale));
    // Below 60 % a chart is not readable: the layout moved it to a slide of its own, where it may shrink
    // further only when its own height is more than a slide's.
    if (factor < MIN_CHART_SCALE && chart.getAttribute("data-course-fit") !== "any-scale") factor = 1;
    var layout = chart._fullLayout || {};
    // Never squeeze the plot area away: plotly throws ("Something went wrong with axis scaling") when the
    // margins it computed (long labels widen them) leave no room. Such a chart keeps its natural size.
    var size = layout._size || { l: 80, r: 80, t: 100, b: 80 };
    var width = Math.round(natural.width * factor);
    var height = Math.round(natural.height * factor);
    if (width < size.l + size.r + 80 || height < size.t + size.b + 80) {
      width = Math.round(natural.width);
      height = Math.round(natural.height);
    }
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

  // ---- Blocks: the pieces a slide may be split between ----

  // Containers are split between their children; anything else is one block.
  var CONTAINERS = [
    ".fragment",
    ".jp-Cell",
    ".jp-Cell-inputWrapper",
    ".jp-Cell-outputWrapper",
    ".jp-OutputArea",
    ".jp-MarkdownCell .jp-InputArea",
    ".jp-RenderedMarkdown",
    ".jp-RenderedMarkdown ul",
    ".jp-RenderedMarkdown ol",
    ".jp-RenderedMarkdown blockquote"
  ].join(", ");
  // Blocks that may scroll inside the room left on their slide instead of moving on.
  var SCROLLABLE = ".jp-OutputArea-child";

  // Cell decoration whose height follows the cell's content (JupyterLab's collapser bar, prompts).
  var DECORATION = ".jp-Collapser, .jp-InputPrompt, .jp-OutputPrompt";

  function takesSpace(el) {
    if (el.tagName === "SCRIPT" || el.tagName === "STYLE" || el.tagName === "ASIDE") return false;
    if (el.matches(DECORATION)) return false;
    var position = window.getComputedStyle(el).position;
    if (position === "absolute" || position === "fixed") return false;
    var rect = el.getBoundingClientRect();
    return rect.height > 0 || rect.width > 0;
  }

  function blocksOf(el, out) {
    Array.prototype.forEach.call(el.children, function (child) {
      if (!takesSpace(child)) return;
      if (child.matches(CONTAINERS) && child.children.length > 0) blocksOf(child, out);
      else out.push(child);
    });
    return out;
  }

  // The height a block will have with its charts at their own size (some may be scaled already).
  function naturalBottom(block, slide, scale) {
    var bottom = bottomIn(block, slide, scale);
    var charts = block.matches(".course-chart-plot") ? [block] : block.querySelectorAll(".course-chart-plot");
    Array.prototype.forEach.call(charts, function (chart) {
      bottom += naturalSize(chart).height - chart.offsetHeight;
    });
    return bottom;
  }

  // ---- Splitting ----

  function cleanClone(el) {
    var copy = el.cloneNode(false);
    copy.removeAttribute("id");
    if (copy.tagName === "SECTION") {
      copy.removeAttribute("style");
      copy.removeAttribute("hidden");
      copy.removeAttribute("aria-hidden");
      copy.classList.remove("present", "past", "future", "stack");
    }
    return copy;
  }

  // Move `node` and everything after it in `slide` to a new slide inserted right after it, as a subslide
  // (the slide is wrapped in a vertical stack first when it is not in one). Each ancestor of `node` is
  // copied without its contents, so the moved part keeps its cell and output styles; an ordered list
  // split in two continues its numbering.
  function splitSlide(slide, node) {
    var next = cleanClone(slide);
    var path = [];
    for (var n = node; n !== slide; n = n.parentNode) path.unshift(n);
    var target = next;
    path.forEach(function (el, i) {
      var followers = [];
      for (var s = el.nextSibling; s; s = s.nextSibling) followers.push(s);
      var inner = null;
      if (i === path.length - 1) {
        target.appendChild(el);
      } else {
        inner = cleanClone(el);
        if (el.tagName === "OL") {
          var before = 0;
          for (var c = el.firstElementChild; c && c !== path[i + 1]; c = c.nextElementSibling) if (c.tagName === "LI") before++;
          inner.setAttribute("start", String((Number(el.getAttribute("start")) || 1) + before));
        }
        target.appendChild(inner);
      }
      followers.forEach(function (f) { target.appendChild(f); });
      if (inner) target = inner;
    });
    // The ancestors left behind (a cell's output wrapper whose only output moved on) keep their margins
    // and padding: with nothing left to show they would still run past the bottom, so they are hidden.
    for (var k = path.length - 2; k >= 0; k--) {
      var left = Array.prototype.some.call(path[k].children, function (c) {
        return !c.matches(DECORATION) && c.tagName !== "SCRIPT" && c.tagName !== "STYLE" && c.style.display !== "none";
      });
      if (!left) path[k].style.display = "none";
    }
    var stack = slide.parentNode;
    if (!stack.matches("section")) {
      var wrapper = document.createElement("section");
      stack.insertBefore(wrapper, slide);
      wrapper.appendChild(slide);
      stack = wrapper;
    }
    stack.insertBefore(next, slide.nextSibling);
    next.setAttribute("data-course-fit", "continued");
    // Moving down to the new subslide is the step that shows it: a fragment it starts with is shown at
    // once rather than leaving the subslide blank until the next key press.
    var first = next.firstElementChild;
    if (first && first.classList.contains("fragment")) {
      first.classList.remove("fragment");
      first.removeAttribute("data-fragment-index");
    }
    return next;
  }

  // Where a slide must end: the first block that runs past the bottom, or null when all fits. Blocks
  // allowed to stay (a chart scaled to the room, a scrolling output, a block alone on its slide) are
  // marked on the way.
  function overflowPoint(slide) {
    var scale = slideScale(slide);
    var limit = slideLimit(slide);
    var blocks = blocksOf(slide, []);
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var top = topIn(block, slide, scale);
      if (naturalBottom(block, slide, scale) <= limit) continue;
      var room = limit - top;
      var charts = block.matches(".course-chart-plot") ? [block] : Array.prototype.slice.call(block.querySelectorAll(".course-chart-plot"));
      if (charts.length === 1) {
        var chart = charts[0];
        // The chart's own room: what is left once the rest of its block (margins, captions) is counted.
        var rest = naturalBottom(block, slide, scale) - top - naturalSize(chart).height;
        var factor = chartFactor(chart, slide, room - rest);
        if (factor >= MIN_CHART_SCALE || i === 0) {
          if (factor < MIN_CHART_SCALE) chart.setAttribute("data-course-fit", "any-scale");
          return i + 1 < blocks.length ? blocks[i + 1] : null; // scaled to the room: nothing fits below it
        }
        return blocks[i];
      }
      if (i === 0 || (block.matches(SCROLLABLE) && room >= MIN_SCROLL_ROOM)) {
        block.style.maxHeight = Math.max(MIN_SCROLL_ROOM / 2, Math.floor(room)) + "px";
        block.style.overflowY = "auto";
        block.setAttribute("data-course-fit", "scroll");
        return i + 1 < blocks.length ? blocks[i + 1] : null;
      }
      return blocks[i];
    }
    return null;
  }

  // Show a slide (and its stack) for measuring, whatever reveal.js hides; returns the undo.
  function reveal(slide) {
    var shown = [];
    for (var s = slide; s && s.matches && s.matches("section"); s = s.parentNode) {
      shown.push([s, s.style.display]);
      s.style.display = "block";
    }
    return function () {
      shown.forEach(function (entry) { entry[0].style.display = entry[1]; });
    };
  }

  // Split a slide until every part fits; returns how many subslides were added.
  function fitSlide(slide) {
    var added = 0;
    var current = slide;
    while (current && added < 200) {
      var undo = reveal(current);
      var point = overflowPoint(current);
      var next = point ? splitSlide(current, point) : null;
      undo();
      if (!next) break;
      added++;
      current = next;
    }
    return added;
  }

  function leafSlides() {
    return Array.prototype.filter.call(document.querySelectorAll(".reveal .slides section"), function (s) {
      return !s.querySelector("section") && !s.classList.contains("course-title-slide");
    });
  }

  function fitDeck() {
    var added = 0;
    leafSlides().forEach(function (slide) { added += fitSlide(slide); });
    return added;
  }

  // ---- Slide changes ----

  function onSlide() {
    var slide = Reveal.getCurrentSlide();
    if (!slide) return;
    slide.scrollTop = 0;
    fitCharts(slide);
    var MathJax = window.MathJax;
    if (MathJax && MathJax.Hub && MathJax.Hub.getAllJax(slide).length > 0) {
      MathJax.Hub.Rerender(slide);
      if (fitEnabled && document.body.getAttribute("data-course-fit") === "done") {
        MathJax.Hub.Queue(function () { refit(slide); });
      }
    }
  }

  // The slide in view grew after the layout (math typeset in view): split it again if it must.
  function refit(slide) {
    if (Reveal.getCurrentSlide() !== slide || slide.querySelector("section")) return;
    if (fitSlide(slide) > 0) {
      var indices = Reveal.getIndices();
      Reveal.sync();
      Reveal.slide(indices.h, indices.v, indices.f);
      fitCharts(slide);
    }
  }

  // Every declared font face, loaded now. A browser loads a face only when text on screen uses it, and
  // the layout measures hidden slides: text measured in a fallback font would grow when the shipped font
  // arrives (vendor/fonts, scripts/site/fonts.ts), after the layout, and run past the bottom.
  function loadAllFonts() {
    if (!document.fonts || typeof document.fonts.forEach !== "function") return Promise.resolve();
    var loads = [];
    document.fonts.forEach(function (face) {
      if (face.status === "unloaded") loads.push(face.load().catch(function () { return null; }));
    });
    return Promise.all(loads).then(function () { return document.fonts.ready; });
  }

  // Fonts and math change heights: lay out once both are done.
  function whenSettled(done) {
    var fonts = loadAllFonts();
    fonts.then(function () {
      var MathJax = window.MathJax;
      if (MathJax && MathJax.Hub && MathJax.Hub.Queue) MathJax.Hub.Queue(done);
      else done();
    });
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
  Reveal.on("ready", function () {
    onSlide();
    if (!fitEnabled) {
      document.body.setAttribute("data-course-fit", "off");
      return;
    }
    whenSettled(function () {
      if (fitDeck() > 0) {
        // Splits add vertical subslides only: the horizontal slide of the address is still right.
        var indices = Reveal.getIndices();
        Reveal.sync();
        if (asked) Reveal.slide(Number(asked[1]), Number(asked[2] || 0));
        else Reveal.slide(indices.h, indices.v, indices.f);
      }
      document.body.setAttribute("data-course-fit", "done");
      onSlide();
    });
  });
  Reveal.on("slidechanged", onSlide);
  Reveal.on("resize", onSlide);
}
