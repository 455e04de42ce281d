/* Show times in the reader's own time zone, naming the zone. The HTML says UTC, so readers
   without JavaScript still get exact times. */
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (error) {
    return;
  }
  var times = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var element = times[i];
    var moment = new Date(element.getAttribute("datetime"));
    if (isNaN(moment.getTime())) continue;
    element.setAttribute("title", element.textContent);
    element.textContent = format.format(moment);
    element.classList.add("sg-local");
  }
})();
