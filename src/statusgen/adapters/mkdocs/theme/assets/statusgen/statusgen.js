/* statusgen's page behaviour; the HTML works without any of it.
   - Times: shown in the reader's own time zone, naming the zone (the HTML says UTC).
   - "How long ago": when the latest update was posted, how old the page is, whether the
     promised next update is overdue; recomputed every minute from the reader's clock.
   - Freshness: while an incident or maintenance is active the page asks the site's
     api/v2/status.json every 60 s whether anything changed, and if so swaps in the new
     page's content in place, keeping the reader's place (no reload, no jump).
   - The colour-scheme button in the header (scheme.js applies the choice early). */
(function () {
  "use strict";
  var body = document.body;
  var MINUTE = 60000;
  // The page's language (its lang attribute) for every date, number and relative time, and
  // the sentences around them from the page's data block, already translated.
  var locale = document.documentElement.lang || undefined;
  var words = {};
  try {
    var data = document.getElementById("sg-strings");
    if (data) words = JSON.parse(data.textContent) || {};
  } catch (error) { /* no strings: the English below */ }
  function word(key, fallback) { return typeof words[key] === "string" ? words[key] : fallback; }
  var format = null;
  var relative = null;
  var units = {};
  try {
    format = new Intl.DateTimeFormat(locale, {
      year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    relative = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "long" });
    ["minute", "hour", "day"].forEach(function (unit) {
      units[unit] = new Intl.NumberFormat(locale, { style: "unit", unit: unit, unitDisplay: "short" });
    });
  } catch (error) { /* no Intl: the UTC text stays, durations in English */ }

  function moment(element) {
    var time = element.querySelector("time[datetime]") || element;
    var value = new Date(time.getAttribute("datetime"));
    return isNaN(value.getTime()) ? null : value;
  }

  function localise(root) {
    if (!format) return;
    var times = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var element = times[i];
      if (element.classList.contains("sg-local")) continue;
      var value = moment(element);
      if (!value) continue;
      element.setAttribute("title", element.textContent);
      element.textContent = format.format(value);
      element.classList.add("sg-local");
    }
  }

  function unit(value, name) {
    if (units[name]) return units[name].format(value);
    return value + (name === "minute" ? " min" : name === "hour" ? " h" : value === 1 ? " day" : " days");
  }

  function span(ms) {
    var minutes = Math.floor(Math.abs(ms) / MINUTE);
    if (minutes < 1) return word("underMinute", "less than a minute");
    if (minutes < 60) return unit(minutes, "minute");
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return unit(hours, "hour") + (minutes % 60 ? " " + unit(minutes % 60, "minute") : "");
    var days = Math.floor(hours / 24);
    return unit(days, "day") + (days < 3 && hours % 24 ? " " + unit(hours % 24, "hour") : "");
  }

  function ago(ms) {
    // The largest whole unit, as the language says "5 minutes ago".
    var minutes = Math.floor(ms / MINUTE);
    if (!relative) return span(ms) + " ago";
    if (minutes < 1) return word("underMinute", "less than a minute");
    if (minutes < 60) return relative.format(-minutes, "minute");
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return relative.format(-hours, "hour");
    return relative.format(-Math.floor(hours / 24), "day");
  }

  function note(element, className, text) {
    var existing = element.querySelector("." + className);
    if (!existing) {
      existing = document.createElement("span");
      existing.className = className;
      element.insertBefore(existing, element.firstChild);
    }
    existing.textContent = text;
  }

  function ages(root) {
    var now = Date.now();
    var i, element, value;
    var posted = root.querySelectorAll("[data-sg-ago]");
    for (i = 0; i < posted.length; i++) {
      element = posted[i];
      value = moment(element);
      if (!value) continue;
      var past = now - value.getTime();
      note(element, "sg-ago__text", past >= 0 ? word("posted", "{ago}, at ").replace("{ago}", ago(past)) : word("at", "at "));
    }
    var asOf = root.querySelectorAll("[data-sg-as-of]");
    for (i = 0; i < asOf.length; i++) {
      element = asOf[i];
      value = moment(element);
      if (!value) continue;
      var old = element.parentNode.querySelector(".sg-age");
      if (!old) {
        old = document.createElement("span");
        old.className = "sg-age";
        element.parentNode.appendChild(old);
      }
      var age = now - value.getTime();
      old.textContent = age >= 0 ? word("age", " (this page is {span} old)").replace("{span}", span(age)) : "";
      element.parentNode.classList.toggle("sg-stale", age > 30 * MINUTE);
    }
    var due = root.querySelectorAll("[data-sg-due]");
    for (i = 0; i < due.length; i++) {
      element = due[i];
      value = moment(element);
      if (!value) continue;
      var late = now - value.getTime();
      var flag = element.parentNode.querySelector(".sg-overdue");
      if (late > 0 && !flag) {
        flag = document.createElement("strong");
        flag.className = "sg-overdue";
        element.parentNode.appendChild(flag);
      }
      if (flag) flag.textContent = late > 0 ? word("overdue", " (overdue by {span})").replace("{span}", span(late)) : "";
    }
  }

  function enhance(root) {
    localise(root);
    ages(root);
  }

  /* Freshness ----------------------------------------------------------------------- */
  var root = body.getAttribute("data-sg-root") || "./";
  var timer = null;

  function anchor() {
    // The first section still on screen, and where it is: kept there after the swap.
    var sections = document.querySelectorAll("#sg-main [id]");
    for (var i = 0; i < sections.length; i++) {
      var top = sections[i].getBoundingClientRect().top;
      if (top >= 0) return { id: sections[i].id, top: top };
    }
    return null;
  }

  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var fresh = next.getElementById("sg-main");
    var current = document.getElementById("sg-main");
    if (!fresh || !current) return false;
    var place = window.scrollY > 0 ? anchor() : null;
    current.innerHTML = fresh.innerHTML;
    ["data-sg-live", "data-sg-updated"].forEach(function (name) {
      var value = next.body.getAttribute(name);
      if (value === null) body.removeAttribute(name);
      else body.setAttribute(name, value);
    });
    if (next.title) document.title = next.title;
    enhance(current);
    if (place) {
      var again = document.getElementById(place.id);
      if (again) window.scrollBy(0, again.getBoundingClientRect().top - place.top);
    }
    var motion = window.matchMedia && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (motion) {
      current.classList.remove("sg-refreshed");
      void current.offsetWidth;
      current.classList.add("sg-refreshed");
    }
    var news = document.getElementById("sg-news");
    var banner = current.querySelector(".sg-banner__text");
    if (news) {
      news.textContent = banner
        ? word("updatedStatus", "Page updated: {status}.").replace("{status}", banner.textContent.trim())
        : word("updated", "Page updated") + ".";
    }
    return true;
  }

  function check() {
    if (document.visibilityState === "hidden") return;
    window.fetch(root + "api/v2/status.json", { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status || !status.page) return null;
        var changed = status.page.updated_at !== body.getAttribute("data-sg-updated");
        return changed ? window.fetch(window.location.href, { cache: "no-cache" }) : null;
      })
      .then(function (response) { return response && response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) swap(html);
        if (!body.hasAttribute("data-sg-live")) stop();
      })
      .catch(function () { /* offline for a moment: try again next minute */ });
  }

  function stop() {
    if (timer) window.clearInterval(timer);
    timer = null;
  }

  /* Colour scheme ------------------------------------------------------------------ */
  function schemeButton() {
    var scheme = window.statusgenScheme;
    var button = document.querySelector(".sg-scheme-button");
    if (!scheme || !button) return;
    function label() {
      var next = scheme.options[(scheme.current() + 1) % scheme.options.length];
      var text = scheme.options[scheme.current()].name || word("scheme", "Switch colour scheme");
      button.setAttribute("aria-label", text);
      button.setAttribute("title", text);
      button.setAttribute("data-sg-next", next.scheme);
    }
    button.addEventListener("click", function () {
      scheme.next();
      label();
    });
    if (window.matchMedia) {
      var media = window.matchMedia("(prefers-color-scheme: dark)");
      var follow = function () { scheme.follow(); label(); };
      if (media.addEventListener) media.addEventListener("change", follow);
    }
    label();
    button.hidden = false;
  }

  enhance(document);
  schemeButton();
  window.setInterval(function () { ages(document); }, MINUTE);
  if (body.hasAttribute("data-sg-live") && window.fetch && window.DOMParser) {
    timer = window.setInterval(check, MINUTE);
  }
  window.statusgenRefresh = check;
})();
