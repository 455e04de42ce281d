/* The colour scheme, applied before the page paints: the reader's saved choice, else the
   first palette whose media query matches (the system's light or dark), else the first.
   The header's button (statusgen.js) switches between the site's palettes. */
(function () {
  "use strict";
  var root = document.documentElement;
  var source = document.getElementById("sg-palette");
  if (!source) return;
  var options;
  try {
    options = JSON.parse(source.textContent);
  } catch (error) {
    return;
  }
  if (!options || !options.length) return;
  var KEY = "statusgen.scheme";

  function saved() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (error) {
      return null;
    }
  }

  function choose() {
    var i, wanted = saved();
    for (i = 0; i < options.length; i++) if (options[i].scheme === wanted) return i;
    for (i = 0; i < options.length; i++) {
      if (options[i].media && window.matchMedia && window.matchMedia(options[i].media).matches) return i;
    }
    return 0;
  }

  function apply(index) {
    var option = options[index];
    root.setAttribute("data-md-color-scheme", option.scheme);
    root.setAttribute("data-md-color-primary", option.primary);
    root.setAttribute("data-md-color-accent", option.accent);
    root.setAttribute("data-sg-palette", String(index));
  }

  apply(choose());
  window.statusgenScheme = {
    options: options,
    current: function () {
      return Number(root.getAttribute("data-sg-palette") || 0);
    },
    next: function () {
      var index = (this.current() + 1) % options.length;
      apply(index);
      try {
        window.localStorage.setItem(KEY, options[index].scheme);
      } catch (error) { /* private mode: the choice lasts for this page only */ }
      return index;
    },
    follow: function () {
      if (!saved()) apply(choose());
    }
  };
})();
