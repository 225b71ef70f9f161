// The portal-wide search box as a WAI-ARIA combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
// as one types, a few units, partners and sites are suggested (home's suggest view, JSON), grouped by kind.
// Down and Up arrows move through them, Enter opens the one chosen (or, with none chosen, submits the
// search), Escape closes the list (a second Escape clears the box), and a live region says how many
// suggestions there are. Without JavaScript the box is a plain search form to the results page.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var SHORTEST = 2;  // as the suggest view: one letter suggests nothing

  function setUp(input) {
    var form = input.form;
    var field = input.parentNode;
    var listId = input.id + "-suggestions";
    var list = document.createElement("div");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.listLabel);
    list.hidden = true;
    field.appendChild(list);

    // A polite live region, without role=status: the lists' result counts are the page's status.
    var live = document.createElement("div");
    live.className = "visually-hidden search-announcement";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    field.appendChild(live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var shown = "";  // the query whose suggestions the list holds
    var answers = {};  // suggestions already asked for, by query, for this page's life
    var pending = null;

    function open() {
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      choose(-1);
    }

    function choose(index) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0) {
        var option = options[active];
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function announce(count) {
      var message = count === 0 ? input.dataset.announceNone
        : count === 1 ? input.dataset.announceOne
          : input.dataset.announceMany.replace("{count}", String(count));
      live.textContent = message;
    }

    function render(query, results) {
      shown = query;
      list.replaceChildren();
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var groups = {};
      results.forEach(function (result) {
        var group = groups[result.kind];
        if (!group) {
          var headingId = listId + "-" + result.kind;
          group = document.createElement("ul");
          group.setAttribute("role", "group");
          group.setAttribute("aria-labelledby", headingId);
          var heading = document.createElement("li");
          heading.id = headingId;
          heading.className = "suggestion-group-heading";
          heading.setAttribute("role", "presentation");
          heading.textContent = result.kind_label;
          group.appendChild(heading);
          list.appendChild(group);
          groups[result.kind] = group;
        }
        var option = document.createElement("li");
        option.id = listId + "-" + options.length;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url;
        option.dataset.kind = result.kind;
        option.appendChild(document.createTextNode(result.formerly ? result.label + " (" + result.formerly + ")" : result.label));
        if (result.detail) {
          var detail = document.createElement("span");
          detail.className = "suggestion-detail";
          detail.textContent = result.detail;
          option.appendChild(detail);
        }
        group.appendChild(option);
        options.push(option);
      });
      announce(options.length);
      if (options.length && document.activeElement === input) {
        open();
      } else {
        close();
      }
    }

    function ask(query) {
      if (answers[query]) {
        render(query, answers[query]);
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var url = input.dataset.searchSuggest + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          answers[query] = data.results;
          if (input.value.trim() === query) {  // not an answer to what was typed before
            render(query, data.results);
          }
        })
        .catch(function () { /* suggestions are a convenience: the form still submits */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < SHORTEST) {
        render("", []);
        live.textContent = "";
        return;
      }
      if (query === shown) {
        open();
        return;
      }
      timer = setTimeout(function () { ask(query); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "ArrowDown") {
        open();
        event.preventDefault();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) {
          return;
        }
        event.preventDefault();
        if (list.hidden) {
          open();
          choose(event.key === "ArrowDown" ? 0 : options.length - 1);
          return;
        }
        // Down past the last option goes back to the first, Up above the first to the last.
        if (event.key === "ArrowDown") {
          choose(active + 1 < options.length ? active + 1 : 0);
        } else {
          choose(active > 0 ? active - 1 : options.length - 1);
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          window.location.assign(options[active].dataset.url);
        }  // else the form submits: the results page
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          render("", []);
          live.textContent = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // A click on an option opens it; mousedown is kept from blurring the box first.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        window.location.assign(option.dataset.url);
      }
    });
    input.addEventListener("blur", function () { close(); });
    input.addEventListener("focus", function () {
      if (shown && shown === input.value.trim()) {
        open();
      }
    });
    if (form) {
      form.addEventListener("submit", function () { close(); });
    }
  }

  document.querySelectorAll("input[data-search-suggest]").forEach(setUp);
})();
