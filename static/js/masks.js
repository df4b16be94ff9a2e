// Date and time as Vietnamese officials write them, whatever the browser's locale: typing
// digits into an input with data-mask="date" (dd/mm/yyyy) or "datetime" (dd/mm/yyyy hh:mm)
// adds the separators. Pasted or prefilled values are left as they are (the server reads
// dd/mm/yyyy and ISO dates alike).
document.addEventListener("input", function (event) {
  const input = event.target;
  const mask = input.dataset && input.dataset.mask;
  if (!mask || event.inputType !== "insertText") {
    return;
  }
  const value = input.value;
  const next = { 2: "/", 5: "/", 10: mask === "datetime" ? " " : null, 13: ":" }[value.length];
  if (next && /^[0-9/ :]*$/.test(value) && /[0-9]$/.test(value)) {
    input.value = value + next;
  }
});
