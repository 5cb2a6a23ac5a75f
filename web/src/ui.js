// What the page shows about the file and what just happened: the file's
// name and encoding, the 未保存 mark, and a toast with 撤销 where a change
// can be undone.

import { $, h } from "./dom.js";
import { store, unsaved } from "./store.js";

/** Shows the file's name, its encoding when not UTF-8, and the unsaved mark. */
export function showFile() {
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

/** Shows 未保存 (and ● in the tab's title) while the page holds unsaved edits. */
export function showUnsaved() {
  const u = unsaved();
  $("unsaved").hidden = !u;
  document.title = `${u ? "● " : ""}${store.file ? store.file.split(/[\\/]/).pop() + " · " : ""}汇报 huibao`;
}

/** Says what just happened; `opts.undo` adds 撤销, `opts.error` shows it as a failure. */
export function toast(message, opts = {}) {
  const t = $("toast");
  t.replaceChildren(
    h("span", {}, message),
    opts.undo ? h("button", { type: "button", class: "small", id: "undo", onClick: opts.undo }, "撤销") : null,
    h("button", { type: "button", class: "small close", title: "关闭", "aria-label": "关闭", onClick: () => (t.hidden = true) }, "✕"),
  );
  t.classList.toggle("error", !!opts.error);
  t.hidden = false;
}
