// The form view's inputs. Each carries `data-path` (the field path as the
// server names it in errors and placeholders) and sends a `set` edit for its
// own field only, so a field the clerk never touches is never rewritten.

import { h, getIn, setIn, pathString, isPlaceholder } from "./dom.js";
import { store } from "./store.js";
import { submit } from "./edits.js";
import { help } from "./schema.js";

/** Called on a refused edit (the field, the errors); set by the form view. */
export const hooks = {
  refused: () => {},
  edited: () => {},
  rerender: () => {},
  busy: () => {},
  undoable: () => {},
};

let nextId = 0;

/** The local copy of the form, changed as the clerk types (the server agrees). */
export function tree() {
  return store.tree;
}

/** Whether a value is a placeholder for a text (`number` false) or number field. */
export function placeholderFor(value, number) {
  if (value === undefined || value === null) return false;
  if (number) return isPlaceholder(value);
  return /^\s*(|xx|XX|x\.x|xx\.x|待补充)\s*$/.test(String(value));
}

/**
 * The value to send for what a field holds: what it showed, if unchanged
 * (even with the spaces or final line break a YAML block keeps), else the
 * text typed without spaces around it.
 */
export function typed(raw, had) {
  const v = raw.replace(/\r\n?/g, "\n");
  if (typeof had === "string" && v === had) return v;
  return v.trim();
}

/**
 * Sends the value of `el` for the field at `steps()` (computed when typed: an
 * item may have changed shape meanwhile). `opts.keep`: an empty field keeps
 * its key (a placeholder) instead of removing it.
 */
export function sendValue(el, steps, opts = {}) {
  const s = steps();
  const had = getIn(store.tree, s);
  let value = typed(el.value, had);
  if (value === "" && !opts.keep) value = null;
  if (value === null && had === undefined) return;
  if (value !== null && had === value) return;
  setIn(store.tree, s, value === null ? undefined : value);
  el.classList.toggle("ph", value !== null && placeholderFor(value, opts.number));
  hooks.edited(el);
  submit([{ op: "set", path: s, value }]).then(
    () => clearError(el),
    (errors) => hooks.refused(el, errors),
  );
}

export function clearError(el) {
  el.classList.remove("refused");
  const box = el.closest(".field, .item, tr, .card");
  const msg = box && box.querySelector(":scope > .refusal");
  if (msg) msg.remove();
}

// When a placeholder field gets the focus, its placeholder is selected at
// once, so typing replaces it; the click that gave the focus does not then
// put a caret in its place.
function selectPlaceholder(e) {
  const el = e.target;
  if (!el.classList.contains("ph") || !el.value) return;
  el.select();
  el.dataset.selected = "1";
}

function keepSelection(e) {
  if (e.target.dataset.selected) {
    e.preventDefault();
    delete e.target.dataset.selected;
  }
}

/**
 * A text input for the scalar at `steps`. opts: multiline, number, keep,
 * placeholder (hint), label (for screen readers), size.
 */
export function input(steps, opts = {}) {
  const s = typeof steps === "function" ? steps : () => steps;
  const value = getIn(store.tree, s());
  const text = value === undefined || value === null || typeof value === "object" ? "" : String(value);
  // A value with a line break stays in a field that can hold one.
  const multiline = opts.multiline || text.includes("\n");
  const tag = multiline ? "textarea" : "input";
  const el = h(tag, {
    id: `f${nextId++}`,
    class: [opts.class, placeholderFor(value, opts.number) && value !== undefined ? "ph" : ""].filter(Boolean).join(" "),
    dataset: { path: opts.path || pathString(s()) },
    placeholder: opts.placeholder || "",
    "aria-label": opts.label || "",
    spellcheck: false,
    rows: multiline ? opts.rows || 1 : undefined,
    type: multiline ? undefined : "text",
    inputmode: opts.number ? "decimal" : undefined,
    onInput: (e) => {
      if (multiline) grow(e.target);
      // While an input method composes (pinyin not yet turned into 汉字)
      // nothing is sent; the composed text is, once it is there.
      if (e.isComposing) return;
      (opts.onInput || sendValue)(e.target, s, opts);
    },
    onCompositionend: (e) => (opts.onInput || sendValue)(e.target, s, opts),
    onFocus: selectPlaceholder,
    onMouseup: keepSelection,
    onKeydown: (e) => delete e.target.dataset.selected,
  });
  el.value = text;
  if (multiline) requestAnimationFrame(() => grow(el));
  return el;
}

/** A textarea grows with its text, never needing a scroll bar of its own. */
export function grow(el) {
  el.style.height = "auto";
  el.style.height = `${el.scrollHeight + 2}px`;
}

/**
 * A labelled field: label, input, the schema's help text. `parents` is the
 * path of the mapping holding `key`.
 */
export function field(parents, key, opts = {}) {
  const el = opts.control || input([...parents, key], opts);
  const id = el.id || `f${nextId++}`;
  el.id = id;
  const text = opts.help !== undefined ? opts.help : help(parents, key);
  return h(
    "div",
    { class: `field${opts.wide ? " wide" : ""}`, dataset: { key } },
    h(
      "label",
      { for: id },
      opts.title || key,
      opts.required ? h("span", { class: "req", title: "必填" }, "必填") : null,
    ),
    el,
    text ? h("div", { class: "help" }, text) : null,
  );
}

/** A small button with a title (the symbol alone says little to a screen reader). */
export function button(label, title, onClick, cls = "") {
  return h("button", { type: "button", class: `small ${cls}`.trim(), title, "aria-label": title, onClick }, label);
}

/**
 * A change of structure (add, remove, move, change of shape): sent at once,
 * then the form view is drawn again from the engine's answer and `focus` (a
 * path string, or a function of the new tree) gets the focus. The text before
 * is kept so the change can be undone.
 */
export async function structure(edits, focus, what) {
  const before = store.text;
  // Nothing is typed into fields whose paths are about to change.
  hooks.busy(true);
  let ok = true;
  try {
    await submit(edits);
  } catch (errors) {
    ok = false;
    hooks.refused(null, errors);
  }
  hooks.busy(false);
  hooks.rerender(ok ? (typeof focus === "function" ? focus() : focus) : undefined);
  if (ok && what) hooks.undoable(what, before);
}

/** A titled group of the form view (基本信息, 主要指标, 工作成效 …). */
export function group(title, id, ...children) {
  return h("section", { class: "group", id }, h("h2", {}, title), ...children);
}
