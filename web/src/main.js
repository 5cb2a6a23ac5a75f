// The page of `huibao serve`: the form view (shown first) and the YAML view
// (高级) edit one text; the preview follows it; saving, exporting, and the
// guards that keep unsaved work from being lost.

import { $, h, download } from "./dom.js";
import { store, setText, onText, unsaved, keepDraft, readDraft, forgetDraft } from "./store.js";
import { submit, settled, busy } from "./edits.js";
import { setSchema } from "./schema.js";
import { hooks } from "./fields.js";
import * as form from "./formview.js";
import * as preview from "./preview.js";
import { showYaml, syncYaml, yamlGoTo, yamlProblems } from "./yamlview.js";
import { choose } from "./dialog.js";

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

// --- the header: file, unsaved mark, style --------------------------------------

function showFile() {
  const name = store.file ? store.file.split(/[\\/]/).pop() : "未指定文件";
  $("file").textContent = name;
  $("file").title = store.file
    ? `${store.file}${store.version === '"absent"' ? "\uff08尚未创建\uff0c保存时创建\uff09" : ""}`
    : "启动时没有指定表单文件\uff1a保存即下载";
  const enc = store.encoding && !/^utf-?8$/i.test(store.encoding);
  $("encoding").hidden = !enc;
  $("encoding").textContent = enc ? store.encoding : "";
  showUnsaved();
}

function showUnsaved() {
  const u = unsaved();
  $("unsaved").hidden = !u;
  document.title = `${u ? "● " : ""}${store.file ? store.file.split(/[\\/]/).pop() + " · " : ""}汇报 huibao`;
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

// --- toasts: what just happened, with 撤销 where it can be undone ----------------

function toast(message, opts = {}) {
  const t = $("toast");
  t.replaceChildren(
    h("span", {}, message),
    opts.undo ? h("button", { type: "button", class: "small", id: "undo", onClick: opts.undo }, "撤销") : null,
    h("button", { type: "button", class: "small close", title: "关闭", "aria-label": "关闭", onClick: () => (t.hidden = true) }, "✕"),
  );
  t.classList.toggle("error", !!opts.error);
  t.hidden = false;
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

// --- saving -------------------------------------------------------------------

function myCopyName() {
  const name = store.file ? store.file.split(/[\\/]/).pop() : "汇报表单.yaml";
  return name.replace(/(\.[^.]*)?$/, (ext) => `\uff08我的版本\uff09${ext || ".yaml"}`);
}

function downloadMine() {
  download(new Blob([store.text], { type: "application/yaml" }), myCopyName());
  return `已下载\uff1a${myCopyName()}`;
}

async function readDisk() {
  const r = await fetch("/api/form");
  const f = await r.json();
  if (!r.ok) throw f.errors || [{ message: `服务器返回 ${r.status}` }];
  return f;
}

async function save(opts = {}) {
  await settled();
  if (!store.file) {
    download(new Blob([store.text], { type: "application/yaml" }), "汇报表单.yaml");
    $("status").textContent = "已下载表单\uff08启动时未指定表单文件\uff09";
    return;
  }
  const text = store.text;
  const headers = { "Content-Type": "application/yaml" };
  if (store.version) headers["If-Match"] = store.version;
  $("status").textContent = "正在保存…";
  let r;
  try {
    r = await fetch(`/api/form${opts.utf8 ? "?encoding=utf-8" : ""}`, { method: "PUT", body: text, headers });
  } catch (e) {
    await failed("无法连接 huibao serve\uff0c请确认它仍在运行");
    return;
  }
  const body = await r.json().catch(() => ({}));
  if (r.ok) {
    store.version = body.version;
    store.disk = text;
    if (opts.utf8) store.encoding = "UTF-8";
    if (body.encoding) store.encoding = body.encoding;
    keepDraft();
    showFile();
    $("status").textContent = `已保存\uff1a${body.file}`;
    return;
  }
  if (r.status === 409) {
    await conflict();
    return;
  }
  const message = (body.errors && body.errors[0] && body.errors[0].message) || `保存失败\uff08服务器返回 ${r.status}\uff09`;
  if (store.encoding && !/^utf-?8$/i.test(store.encoding) && !opts.utf8) {
    const c = await choose({
      id: "encoding-dialog",
      title: `无法按 ${store.encoding} 保存`,
      message: [message, `可以改为 UTF-8 编码保存\uff08内容不变\uff0c今后用 UTF-8 打开\uff09。`],
      buttons: [
        { label: "另存为 UTF-8", value: "utf8", primary: true },
        { label: "下载我的版本", value: "download", keep: true, action: downloadMine },
        { label: "取消", value: "cancel" },
      ],
      cancel: "cancel",
    });
    if (c === "utf8") await save({ utf8: true });
    else $("status").textContent = "未保存";
    return;
  }
  await failed(message);
}

async function failed(message) {
  $("status").textContent = "未保存";
  await choose({
    id: "save-failed",
    title: "表单没有保存",
    message: [message, "您的修改仍在页面上\uff08浏览器也留有一份\uff09。"],
    buttons: [
      { label: "下载我的版本", value: "download", keep: true, action: downloadMine },
      { label: "关闭", value: "close", primary: true },
    ],
    cancel: "close",
  });
}

async function conflict() {
  const c = await choose({
    id: "conflict",
    title: "表单文件已被其他程序改动",
    message: [
      `“${store.file}”在载入后被改动过\uff08也许是另一个窗口或编辑器\uff09\uff0c您的修改还没有保存。`,
      "请选择怎样处理\uff1a",
    ],
    buttons: [
      { label: "载入磁盘上的文件", value: "load" },
      { label: "用我的版本覆盖", value: "overwrite", primary: true },
      { label: "下载我的版本", value: "download", keep: true, action: downloadMine },
      { label: "稍后再说", value: "later" },
    ],
    cancel: "later",
  });
  if (c === "load") {
    const f = await readDisk();
    applyDisk(f);
    forgetDraft();
    $("status").textContent = "已载入磁盘上的文件";
  } else if (c === "overwrite") {
    const f = await readDisk();
    store.version = f.version;
    await save();
  } else {
    $("status").textContent = "未保存\uff1a文件已被其他程序改动";
  }
}

function applyDisk(f) {
  store.file = f.file;
  store.version = f.version;
  store.encoding = f.encoding || "UTF-8";
  store.disk = f.text;
  setText(f.text, "load");
  showFile();
}

// --- export and import ----------------------------------------------------------

function fileName(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

const FORMATS = { docx: "Word", pdf: "PDF", md: "Markdown" };

async function exportAs(format) {
  await settled();
  const r = await fetch(`/api/render?format=${format}`, { method: "POST", body: store.text, headers: { "Content-Type": "application/yaml" } });
  if (!r.ok) {
    const body = await r.json().catch(() => ({ errors: [] }));
    const message = (body.errors && body.errors[0] && body.errors[0].message) || `服务器返回 ${r.status}`;
    if (format === "pdf" && r.status !== 422) {
      const b = $("export-pdf");
      b.disabled = true;
      b.title = `本机无法导出 PDF\uff1a${message}`;
      toast(`本机无法导出 PDF\uff1a${message}`, { error: true });
      return;
    }
    toast(`表单有错误\uff0c未导出\uff1a${message}`, { error: true });
    preview.refresh();
    return;
  }
  download(await r.blob(), fileName(r, `报告.${format}`));
  $("status").textContent = `已导出 ${FORMATS[format]}`;
}

async function importTable(table, what) {
  await settled();
  const before = store.text;
  $("status").textContent = `正在导入${what}…`;
  let r;
  let body = null;
  try {
    r = await fetch("/api/import", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: before, table, sheet: null }),
    });
    body = await r.json().catch(() => null);
  } catch (e) {
    r = { ok: false, status: 0 };
  }
  if (r.ok && body && typeof body.text === "string") {
    setText(body.text, "import");
    const n = (k) => (Array.isArray(body[k]) ? body[k].length : 0);
    const notes = Array.isArray(body.notes) && body.notes.length ? `\uff1b${body.notes.join("\uff1b")}` : "";
    toast(`已导入${what}\uff1a新增${n("added")}项\uff0c更新${n("changed")}项${notes}`, {
      undo: async () => {
        await settled();
        setText(before, "undo");
        $("toast").hidden = true;
      },
    });
    $("status").textContent = `已导入${what}`;
  } else {
    const message = (body && body.errors && body.errors[0] && body.errors[0].message) || (r.status ? `服务器返回 ${r.status}` : "无法连接 huibao serve");
    toast(`${what}未能导入\uff1a${message}`, { error: true });
    $("status").textContent = `${what}未能导入`;
  }
}

function upload(inputEl) {
  const file = inputEl.files && inputEl.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    const bytes = new Uint8Array(reader.result);
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    importTable({ name: file.name, base64: btoa(bin) }, `“${file.name}”`);
    inputEl.value = "";
  };
  reader.readAsArrayBuffer(file);
}

// --- start ----------------------------------------------------------------------

async function restoreDraft() {
  const d = readDraft();
  if (!d) return;
  const when = new Date(d.time).toLocaleString("zh-CN");
  const c = await choose({
    id: "restore",
    title: "有未保存的修改",
    message: [
      `上次在这个页面上对“${store.file || "表单"}”的修改没有保存\uff08${when}\uff09\uff0c浏览器留有一份。`,
      d.disk !== store.disk ? "磁盘上的文件在那之后也被改动过\uff1a恢复后再保存会覆盖那些改动。" : "",
    ].filter(Boolean),
    buttons: [
      { label: "恢复我的修改", value: "restore", primary: true },
      {
        label: "下载那份修改",
        value: "download",
        keep: true,
        action: () => {
          download(new Blob([d.text], { type: "application/yaml" }), myCopyName());
          return `已下载\uff1a${myCopyName()}`;
        },
      },
      { label: "放弃这些修改", value: "discard" },
    ],
  });
  if (c === "restore") {
    setText(d.text, "restore");
    await form.loadTree();
    form.render();
    $("status").textContent = "已恢复未保存的修改";
  } else forgetDraft();
}

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
  const disk = await f.json();
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
  await restoreDraft();

  for (const t of document.querySelectorAll("[role=tab]")) t.addEventListener("click", () => switchTo(t.dataset.view));
  $("style").addEventListener("change", () => pickStyle($("style").value));
  $("save").addEventListener("click", () => save());
  $("export-docx").addEventListener("click", () => exportAs("docx"));
  $("export-pdf").addEventListener("click", () => exportAs("pdf"));
  $("export-md").addEventListener("click", () => exportAs("md"));
  $("error-go").addEventListener("click", () => goTo(preview.last.errors[0] || {}));
  $("encoding").addEventListener("click", async () => {
    const c = await choose({
      id: "encoding-dialog",
      title: `这个表单文件是 ${store.encoding} 编码`,
      message: [`保存时仍按 ${store.encoding} 写回。也可以改为 UTF-8 保存\uff08内容不变\uff09。`],
      buttons: [
        { label: "改为 UTF-8 保存", value: "utf8", primary: true },
        { label: "保持不变", value: "keep" },
      ],
      cancel: "keep",
    });
    if (c === "utf8") await save({ utf8: true });
  });
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
