/* statusgen status widget. On any site:
     <div data-statusgen-widget><a href="https://status.example.com/">Status</a></div>
     <script src="https://status.example.com/widget.js" async></script>
   It reads the page's api/v2/summary.json (cross-origin: the host must send
   Access-Control-Allow-Origin, as GitHub Pages does) and shows the status dot, the
   description and the active incidents, linked to the status page; again every minute.
   data-theme="light|dark" fixes the colours (default: the reader's system setting); a URL as
   the attribute's value names the status page when the script is hosted elsewhere.
   No dependencies, no inline styles on the host page: everything lives in a shadow root. */
(function (document, window) {
  "use strict";
  var script = document.currentScript;
  var scriptBase = script && script.src ? new URL(".", script.src).href : "";
  var CSS =
    ":host{display:block}" +
    ".w{--fg:#1f2328;--bg:#fff;--line:#d0d7de;--link:#0550ae;color:var(--fg);background:var(--bg);" +
    "border:1px solid var(--line);border-radius:8px;padding:10px 12px;" +
    "font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".dark{--fg:#e6edf3;--bg:#0d1117;--line:#30363d;--link:#79c0ff}" +
    "@media (prefers-color-scheme:dark){.auto{--fg:#e6edf3;--bg:#0d1117;--line:#30363d;--link:#79c0ff}}" +
    "a{color:var(--link);text-decoration:underline;text-underline-offset:2px}" +
    ".s{display:flex;align-items:center;gap:8px;font-weight:600;color:var(--fg);text-decoration:none}" +
    ".s:hover,.s:focus{text-decoration:underline}" +
    ".d{flex:none;width:12px;height:12px;border-radius:50%;background:#8c959f;" +
    "box-shadow:0 0 0 3px color-mix(in srgb,currentColor 12%,transparent)}" +
    ".none .d{background:#1a7f37}.minor .d{background:#bf8700}.major .d{background:#bc4c00}" +
    ".critical .d{background:#cf222e}.maintenance .d{background:#0969da}" +
    "ul{margin:6px 0 0;padding:0 0 0 20px}li{margin:2px 0}";
  var ACTIVE_MAINTENANCE = { in_progress: 1, verifying: 1 };
  // The status page's language: its overall statuses (the JSON says them in English, as
  // Statuspage does), the fallback word, and the text's lang and dir. The build fills it in.
  var WORDS = /* statusgen:words */ {};
  var INDICATORS = { none: 1, minor: 1, major: 1, critical: 1, maintenance: 1 };

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, className, text) {
    var node = element("a", className, text);
    // Only web addresses: the JSON is data, never a way to run script.
    if (/^https?:\/\//i.test(href)) node.href = href;
    node.target = "_top";
    return node;
  }

  function styles(root) {
    if (root.adoptedStyleSheets && window.CSSStyleSheet) {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (error) { /* older browsers: a style element below */ }
    }
    root.appendChild(element("style", "", CSS));
  }

  function render(host, summary) {
    var page = summary.page || {};
    var status = summary.status || {};
    var indicator = INDICATORS[status.indicator] ? status.indicator : "none";
    var theme = host.getAttribute("data-theme");
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    root.textContent = "";
    styles(root);
    var box = element("div", "w " + indicator + " " + (theme === "dark" || theme === "light" ? theme : "auto"));
    box.setAttribute("part", "widget");
    if (WORDS.lang) box.setAttribute("lang", WORDS.lang);
    if (WORDS.dir) box.setAttribute("dir", WORDS.dir);
    var top = link(page.url || "", "s");
    top.appendChild(element("span", "d"));
    var description = status.description || "";
    var words = Object.prototype.hasOwnProperty.call(WORDS, description) ? WORDS[description] : description;
    top.appendChild(element("span", "t", words || WORDS.status || "Status"));
    box.appendChild(top);
    var items = (summary.incidents || []).concat(
      (summary.scheduled_maintenances || []).filter(function (m) {
        return ACTIVE_MAINTENANCE[m.status];
      })
    );
    if (items.length) {
      var list = element("ul");
      items.forEach(function (item) {
        var entry = element("li");
        entry.appendChild(link(item.shortlink || page.url || "", "", item.name));
        list.appendChild(entry);
      });
      box.appendChild(list);
    }
    root.appendChild(box);
    host.setAttribute("data-status", indicator);
  }

  function refresh() {
    var hosts = document.querySelectorAll("[data-statusgen-widget]");
    var byBase = {};
    Array.prototype.forEach.call(hosts, function (host) {
      var base = host.getAttribute("data-statusgen-widget") || scriptBase;
      if (!base) return;
      if (base.slice(-1) !== "/") base += "/";
      (byBase[base] = byBase[base] || []).push(host);
    });
    Object.keys(byBase).forEach(function (base) {
      window
        .fetch(base + "api/v2/summary.json", { cache: "no-cache", credentials: "omit" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (summary) {
          byBase[base].forEach(function (host) {
            render(host, summary);
          });
        })
        .catch(function () { /* keep what shows: the last status, or the fallback link */ });
    });
  }

  function start() {
    refresh();
    window.setInterval(function () {
      if (document.visibilityState !== "hidden") refresh();
    }, 60000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(document, window);
