// "Select all" on django-import-export's export page: checks or clears every field of the
// export. The library wires it with an inline onchange attribute, which the
// Content-Security-Policy blocks; templates/admin/import_export/export.html drops it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", function () {
        document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach(function (box) {
          box.checked = toggle.checked;
        });
      });
    });
  });
})();
