/*
 * The admin works without this script. With it: a "select every row" box on change lists,
 * and a search box for foreign keys entered as keys (an ARIA combobox that fills the key).
 * Text from the server is only ever set with textContent, never as HTML.
 */
(function () {
  "use strict";

  function selectAll() {
    var all = document.getElementById("select-all");
    if (!all) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".row-select"));
    var count = document.getElementById("selection-count");
    all.hidden = false;
    function update() {
      var checked = boxes.filter(function (box) { return box.checked; }).length;
      all.checked = checked === boxes.length && checked > 0;
      all.indeterminate = checked > 0 && checked < boxes.length;
      if (count) count.textContent = checked ? checked + " of " + boxes.length + " selected" : "";
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  var counter = 0;

  function autocomplete(input) {
    var url = input.getAttribute("data-autocomplete");
    var id = "ac-" + (++counter);
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    var label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = id + "-search";
    label.textContent = "Search for " + (input.labels && input.labels[0] ? input.labels[0].textContent : "a row");
    var search = document.createElement("input");
    search.type = "search";
    search.id = id + "-search";
    search.placeholder = "Type to search…";
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-controls", id + "-list");
    search.autocomplete = "off";
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(label);
    wrapper.appendChild(search);
    wrapper.appendChild(list);
    input.parentNode.insertBefore(wrapper, input);

    var current = input.parentNode.querySelector('[data-current-for="' + input.id + '"]');
    var active = -1;
    var timer = null;
    var request = 0;

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(option) {
      input.value = option.getAttribute("data-id");
      search.value = "";
      if (!current) {
        current = document.createElement("p");
        current.className = "current-value muted small";
        input.parentNode.insertBefore(current, input.nextSibling);
      }
      current.textContent = "Chosen: " + option.textContent;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      search.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-id", result.id);
        option.textContent = result.text + " (#" + result.id + ")";
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(option);
        });
        list.appendChild(option);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = "No match";
        list.appendChild(none);
      }
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchResults() {
      var term = search.value.trim();
      if (!term) { close(); return; }
      var mine = ++request;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "term=" + encodeURIComponent(term), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === request) show(data.results || []); })
        .catch(function () { close(); });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchResults, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("[role=option]")[active]);
      } else if (event.key === "Escape") { close(); }
    });
    search.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() {
    selectAll();
    document.querySelectorAll("input[data-autocomplete]").forEach(autocomplete);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
