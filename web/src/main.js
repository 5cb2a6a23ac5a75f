// The page of `huibao serve`: the form view (shown first) and the YAML view
// (高级) edit one text; the preview follows it; saving, exporting, and the
// guards that keep unsaved work from being lost.

import { $, h } from "./dom.js";
import { store, setText, onText, unsaved, keepDraft } from "./store.js";
import { submit, settled, busy } from "./edits.js";
import { setSchema } from "./schema.js";
import { hooks } from "./fields.js";
import * as form from "./formview.js";
import * as preview from "./preview.js";
import { showYaml, syncYaml, yamlGoTo, yamlProblems } from "./yamlview.js";
import { showFile, showUnsaved, toast } from "./ui.js";
import { save, restoreDraft, askEncoding } from "./save.js";
import { exportAs, importTable, upload, probePdf } from "./transfer.js";

let view = "form";
let styles = [];

// --- views -------------------------------------------------------------------

async function switchTo(next) {
  if (next === view && next !== "yaml") return;
  if (next === "yaml") {
    await settled();
    view = "yaml";
    $("yaml-view").hidden = false;
    $("form-view").hidden = true;
    showYaml($("editor"), () => {});
  } else {
    view = "form";
    if (!form.current()) await form.loadTree();
    form.render();
    $("form-view").hidden = false;
    $("yaml-view").hidden = true;
    form.markErrors(preview.last.errors);
  }
  for (const t of document.querySelectorAll("[role=tab]")) t.setAttribute("aria-selected", String(t.dataset.view === view));
  document.body.dataset.view = view;
  preview.restale();
  showNotes();
}

/** Goes to where an error or placeholder is: its field, or its line. */
async function goTo(where) {
  const { path, line, column } = where;
  if (view === "form") {
    if (path) {
      if (!form.current()) {
        await form.loadTree();
        form.render();
      }
      if (form.goToPath(path)) return;
    }
    if (line) {
      await switchTo("yaml");
      yamlGoTo(line, column);
    }
    return;
  }
  if (line) yamlGoTo(line, column);
  else if (path) {
    await switchTo("form");
    form.goToPath(path);
  }
}

function syncStyle(name) {
  const sel = $("style");
  if (styles.some((s) => s.name === name)) sel.value = name;
  const f = $("form-style");
  if (f && styles.some((s) => s.name === name)) f.value = name;
}

async function pickStyle(name) {
  // The style the form already names (perhaps by its id): nothing to write.
  const now = store.tree && store.tree.文种;
  const same = styles.find((s) => s.name === name);
  if (form.current() && same && (now === same.name || now === same.id)) return;
  try {
    await submit([{ op: "set", path: ["文种"], value: name || null }]);
    syncStyle(name);
    if (view === "form") form.render();
  } catch (errors) {
    toast(`文种未能写入表单\uff1a${errors[0].message}`, { error: true });
  }
}

hooks.undoable = (what, before) => {
  toast(`已${what}`, {
    undo: async () => {
      await settled();
      setText(before, "undo");
      $("toast").hidden = true;
    },
  });
};

hooks.refused = (el, errors) => {
  const message = (errors && errors[0] && errors[0].message) || "修改未能写入表单";
  if (el) {
    el.classList.add("refused");
    const box = el.closest(".field, .item, tr, .card") || el.parentElement;
    let msg = box.querySelector(":scope > .refusal");
    if (!msg) {
      msg = h("div", { class: "refusal", role: "alert" });
      box.append(msg);
    }
    msg.replaceChildren(
      `这项修改未能写入表单\uff1a${message} `,
      h("button", { type: "button", class: "small", onClick: () => switchTo("yaml") }, "在高级视图中修改"),
    );
  } else {
    toast(`修改未能写入表单\uff1a${message}`, { error: true });
  }
};

// --- the notes under the editor: errors, warnings, placeholders ----------------

function list(id, items, text) {
  $(id).replaceChildren(
    ...items.map((it) =>
      h("li", { tabindex: 0, dataset: { path: it.path || "", line: it.line || "" }, onClick: () => goTo(it), onKeydown: (e) => e.key === "Enter" && goTo(it) }, text(it)),
    ),
  );
}

function where(it) {
  if (view === "form" && it.path) return `${preview.describe(it.path)}\uff1a`;
  return (it.line ? `第${it.line}行\uff1a` : "") + (it.path ? `“${it.path}”\uff1a` : "");
}

function showNotes() {
  const { errors, warnings, marks, placeholders } = preview.last;
  $("errors-title").hidden = errors.length === 0;
  list("errors", errors, (e) => where(e) + e.message);
  $("warnings-title").hidden = warnings.length === 0;
  list("warnings", warnings, (w) => where(w) + w.message);
  const ph = marks.map((m) => ({ path: m.path, line: preview.lineOf(m.path) }));
  list("placeholders", ph, (p) => (view === "form" ? preview.describe(p.path) : (p.line ? `第${p.line}行 ` : "") + p.path));
  $("placeholders-title").textContent = `待补充\uff08${ph.length}处\uff09`;
  const printed = new Set(ph.map((p) => p.path));
  const extra = placeholders.filter((p) => !printed.has(p.path));
  $("unprinted-title").hidden = extra.length === 0;
  $("unprinted-title").textContent = `另有${extra.length}处待补充未在预览中单独标出`;
  list("unprinted", extra, (p) => (view === "form" ? preview.describe(p.path) : (p.line ? `第${p.line}行 ` : "") + p.path));
  if (view === "form") form.markErrors(errors);
  yamlProblems(errors, errors.length ? [] : warnings);
  if (!errors.length && preview.last.style) {
    syncStyle(preview.last.style.name);
    // 汇报发言 prints 会议, 发言人, 称呼 and 时长: its form shows them.
    if (form.setSpeech(preview.last.style.id === "fayan") && view === "form") form.render();
  }
}

// --- start ----------------------------------------------------------------------

onText((source) => {
  showUnsaved();
  keepDraft();
  if (source !== "yaml") syncYaml();
  if (source !== "form" && view === "form") {
    form.loadTree().then(() => form.render());
  }
  preview.refresh();
});

preview.onResult(showNotes);
preview.nav.goTo = goTo;
preview.nav.view = () => view;
preview.nav.describe = preview.describe;

async function main() {
  const [s, st, f] = await Promise.all([fetch("/api/schema"), fetch("/api/styles"), fetch("/api/form")]);
  setSchema(await s.json());
  styles = await st.json();
  form.setStyles(styles);
  for (const style of styles) {
    $("style").append(h("option", { value: style.name, title: style.description || "" }, style.name));
  }
  const disk = await f.json().catch(() => ({}));
  if (!f.ok || typeof disk.text !== "string") {
    // A FORM the server will not show (not text, unreadable): nothing to
    // edit, and nothing may be saved over it.
    const e = (disk.errors && disk.errors[0]) || { message: `服务器返回 ${f.status}` };
    $("form-view").replaceChildren(
      h("div", { class: "form-blocked", role: "alert" }, h("p", {}, "无法打开表单文件\uff1a"), h("p", { class: "error-text" }, e.message)),
    );
    $("status").textContent = "无法打开表单文件";
    for (const id of ["save", "export-docx", "export-pdf", "export-md", "style", "tab-yaml"]) $(id).disabled = true;
    document.body.dataset.ready = "1";
    return;
  }
  store.file = disk.file;
  store.version = disk.version;
  store.encoding = disk.encoding || "UTF-8";
  store.disk = disk.text;
  store.text = disk.text;
  showFile();
  form.setup($("form-view"), { paste: (text) => importTable({ name: "粘贴", text }, "粘贴的表格"), upload, openYaml: async (line, column) => {
    await switchTo("yaml");
    yamlGoTo(line, column);
  }, pickStyle, speech: false });
  await form.loadTree();
  form.render();
  preview.refresh();
  probePdf();
  await restoreDraft();

  for (const t of document.querySelectorAll("[role=tab]")) t.addEventListener("click", () => switchTo(t.dataset.view));
  $("style").addEventListener("change", () => pickStyle($("style").value));
  $("save").addEventListener("click", () => save());
  $("export-docx").addEventListener("click", () => exportAs("docx"));
  $("export-pdf").addEventListener("click", () => exportAs("pdf"));
  $("export-md").addEventListener("click", () => exportAs("md"));
  $("error-go").addEventListener("click", () => goTo(preview.last.errors[0] || {}));
  $("encoding").addEventListener("click", askEncoding);
  window.addEventListener("resize", preview.fit);
  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      save();
    }
  });
  // Leaving or reloading with unsaved edits asks first.
  window.addEventListener("beforeunload", (e) => {
    if (unsaved() || busy()) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
  document.body.dataset.ready = "1";
}

// For the end-to-end tests: the text, and a promise of quiet (edits applied,
// the preview showing the current text).
window.huibao = {
  store,
  idle: async () => {
    await settled();
    await preview.idle();
    await settled();
  },
};
main();
