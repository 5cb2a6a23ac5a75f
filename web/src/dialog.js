// Modal choices that stay until the clerk picks one: a save conflict, a copy
// of unsaved work to restore, an encoding that cannot hold a character.

import { h } from "./dom.js";

/**
 * Shows a modal dialog and resolves with the `value` of the button picked.
 * Each button is {label, value, primary?, keep?}: a `keep` button runs its
 * `action` and leaves the dialog open (e.g. 下载我的版本 before deciding).
 * Escape resolves with `cancel` when given, else is ignored.
 */
export function choose({ id, title, message, details, buttons, cancel }) {
  return new Promise((resolve) => {
    const note = h("p", { class: "dialog-note", role: "status" });
    const dlg = h(
      "dialog",
      { id, class: "choice", "aria-labelledby": `${id}-title` },
      h("h2", { id: `${id}-title` }, title),
      ...[].concat(message).map((m) => h("p", {}, m)),
      details ? h("pre", { class: "dialog-details" }, details) : null,
      note,
      h(
        "div",
        { class: "dialog-buttons" },
        buttons.map((b) =>
          h(
            "button",
            {
              type: "button",
              class: b.primary ? "primary" : "",
              dataset: { choice: b.value },
              onClick: async () => {
                if (b.keep) {
                  note.textContent = (await b.action()) || "";
                  return;
                }
                dlg.close();
                dlg.remove();
                resolve(b.value);
              },
            },
            b.label,
          ),
        ),
      ),
    );
    dlg.addEventListener("cancel", (e) => {
      e.preventDefault();
      if (cancel === undefined) return;
      dlg.close();
      dlg.remove();
      resolve(cancel);
    });
    document.body.append(dlg);
    dlg.showModal();
  });
}
