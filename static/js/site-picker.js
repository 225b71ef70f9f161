// Suggests sites (or partners) as one types in a filter (<input list="…" data-suggest="/api/v1/sites/">):
// the page never carries a list of every record. Without JavaScript, typing a name still works.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var term = input.value.trim();
      if (term.length < 2 || term === asked) {
        return;
      }
      timer = setTimeout(function () {
        asked = term;
        var url = input.dataset.suggest + "?page_size=20&q=" + encodeURIComponent(term);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (record) {
              var option = document.createElement("option");
              option.value = record.slug;
              option.label = record.city ? record.name + " (" + record.city + ")" : record.name;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: typing still filters */ });
      }, 250);
    });
  });
})();
