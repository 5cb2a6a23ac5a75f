// Saving the form, and everything that keeps unsaved work from being lost
// on the way: the save conflict's three choices, a failed save, a file in
// an encoding that cannot hold a character, the copy of unsaved work the
// browser kept, offered back.

import { $, download } from "./dom.js";
import { store, setText, keepDraft, readDraft, forgetDraft } from "./store.js";
import { settled } from "./edits.js";
import { choose } from "./dialog.js";
import * as form from "./formview.js";
import { showFile } from "./ui.js";

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

/** Saves the form to its file (or, without one, downloads it). */
export async function save(opts = {}) {
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

/** Offers back the unsaved work an earlier page left in the browser. */
export async function restoreDraft() {
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


/** Offers to save a file in another encoding as UTF-8 from now on. */
export async function askEncoding() {
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
}
