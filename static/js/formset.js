// "Add a row" for Django formsets, without a round trip (ui.md: nothing typed is lost).
// Markup: a container with data-formset="PREFIX" holding the rows, a <template> with
// data-formset-template="PREFIX" (the formset's empty_form, "__prefix__" in its names), and a
// button with data-formset-add="PREFIX". The management form's TOTAL_FORMS counts the rows.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  const prefix = button.dataset.formsetAdd;
  const rows = document.querySelector('[data-formset="' + prefix + '"]');
  const template = document.querySelector('template[data-formset-template="' + prefix + '"]');
  const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  const max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  if (!rows || !template || !total) {
    return;
  }
  const index = parseInt(total.value, 10);
  if (max && index >= parseInt(max.value, 10)) {
    return;
  }
  const html = template.innerHTML.replace(/__prefix__/g, String(index));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select, textarea");
  if (first) {
    first.focus();
  }
});
