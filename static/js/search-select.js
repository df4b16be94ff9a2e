// The search that replaces a long drop-down (songlo/choosers.py). htmx fills the listbox as one
// types; this file makes it a combobox: arrow keys move through the options, Enter or a click
// picks one, Escape closes the list. A single choice goes into the hidden input (and a "change"
// event tells the form, e.g. to check the eligibility again); a multiple choice adds a checked
// checkbox to the chosen list (unchecking it removes the choice). Without JavaScript the text
// input is submitted as typed and the server finds what it names.
(function () {
  "use strict";

  function parts(element) {
    const root = element.closest("[data-search-select]");
    if (!root) {
      return null;
    }
    return {
      root: root,
      input: root.querySelector("[data-search-input]"),
      list: root.querySelector("[role=listbox]"),
      value: root.querySelector("[data-search-value]"),
      chosen: root.querySelector("[data-chosen]"),
    };
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }

  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function open(p) {
    const any = p.list.children.length > 0;
    p.list.hidden = !any;
    p.input.setAttribute("aria-expanded", any ? "true" : "false");
  }

  function activate(p, option) {
    options(p).forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function pick(p, option) {
    const value = option.dataset.value;
    const label = option.textContent.trim();
    if (p.chosen) {
      const name = p.input.name.replace(/__text$/, "");
      const existing = p.chosen.querySelector('input[value="' + CSS.escape(value) + '"]');
      if (existing) {
        existing.checked = true;
      } else {
        const id = p.input.id + "-chosen-" + value.replace(/[^a-zA-Z0-9_-]/g, "-");
        const item = document.createElement("li");
        item.className = "form-check";
        const box = document.createElement("input");
        box.type = "checkbox";
        box.className = "form-check-input";
        box.name = name;
        box.value = value;
        box.id = id;
        box.checked = true;
        const text = document.createElement("label");
        text.className = "form-check-label";
        text.htmlFor = id;
        text.textContent = label;
        item.appendChild(box);
        item.appendChild(text);
        p.chosen.appendChild(item);
      }
      p.input.value = "";
    } else {
      p.value.value = value;
      p.input.value = label;
      p.value.dispatchEvent(new Event("change", { bubbles: true }));
    }
    close(p);
    p.input.focus();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const p = parts(event.detail.target);
    if (!p || event.detail.target !== p.list) {
      return;
    }
    options(p).forEach(function (option, index) {
      option.id = p.list.id + "-" + index;
    });
    open(p);
  });

  document.addEventListener("input", function (event) {
    const p = parts(event.target);
    if (!p || event.target !== p.input) {
      return;
    }
    // The text no longer names the chosen row: the choice waits for a new pick.
    if (p.value && p.value.value) {
      p.value.value = "";
      // After this input event is handled (htmx acts on one event at a time).
      const hidden = p.value;
      window.setTimeout(function () {
        hidden.dispatchEvent(new Event("change", { bubbles: true }));
      }, 0);
    }
    if (!p.input.value.trim()) {
      p.list.innerHTML = "";
      close(p);
    }
  });

  document.addEventListener("keydown", function (event) {
    const p = parts(event.target);
    if (!p || event.target !== p.input) {
      return;
    }
    const all = options(p);
    const current = all.findIndex(function (o) {
      return o.getAttribute("aria-selected") === "true";
    });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) {
        return;
      }
      event.preventDefault();
      open(p);
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = current < 0 ? (step > 0 ? 0 : all.length - 1) : (current + step + all.length) % all.length;
      activate(p, all[next]);
    } else if (event.key === "Enter") {
      if (!p.list.hidden && current >= 0) {
        event.preventDefault();
        pick(p, all[current]);
      } else if (!p.list.hidden && all.length === 1) {
        event.preventDefault();
        pick(p, all[0]);
      }
    } else if (event.key === "Escape") {
      if (!p.list.hidden) {
        event.preventDefault();
        close(p);
      }
    }
  });

  document.addEventListener("click", function (event) {
    const option = event.target.closest && event.target.closest("[data-search-select] [role=option]");
    if (option) {
      pick(parts(option), option);
      return;
    }
    document.querySelectorAll("[data-search-select] [role=listbox]").forEach(function (list) {
      if (!list.hidden && !list.parentNode.contains(event.target)) {
        close(parts(list));
      }
    });
  });
})();
