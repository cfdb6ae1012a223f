/* While the applicant describes the information wanted, show up to five published items of the
   body that may already answer the request (条例 issue 4: "the form shows already-published
   information of that body"). No framework; without JavaScript the section's note links to the
   body's search page. */
(function () {
  "use strict";
  var box = document.querySelector(".search-suggest[data-suggest-url]");
  if (!box || !window.fetch) { return; }
  var field = document.getElementById(box.getAttribute("data-for"));
  var results = box.querySelector(".suggest-results");
  if (!field || !results) { return; }
  var wrapper = field.closest(".field");
  if (wrapper && wrapper.parentNode) { wrapper.parentNode.insertBefore(box, wrapper.nextSibling); }
  var url = box.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  var controller = null;

  function leadingText() {
    return field.value.replace(/\s+/g, " ").trim().slice(0, 60);
  }

  function show(items) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!items.length) { return; }
    var intro = document.createElement("p");
    intro.textContent = "以下已公开的信息可能与您的申请有关（在新窗口打开）：";
    var list = document.createElement("ul");
    items.slice(0, 5).forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = item.title;
      li.appendChild(link);
      li.appendChild(document.createTextNode("（" + item.published_on + "）"));
      list.appendChild(li);
    });
    results.appendChild(intro);
    results.appendChild(list);
  }

  function ask() {
    var text = leadingText();
    if (text === last) { return; }
    last = text;
    if (text.length < 2) { show([]); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(text), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : { items: [] };
    }).then(function (data) {
      if (text === last) { show(data.items || []); }
    }).catch(function () { /* aborted or offline: keep what is shown */ });
  }

  field.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 400);
  });
}());
