// Out and in: the draft exported as Word, PDF or Markdown, and tables
// pasted or uploaded into 主要指标 (POST /api/import, the rules of
// `huibao import`).

import { $, download } from "./dom.js";
import { store, setText } from "./store.js";
import { settled } from "./edits.js";
import * as preview from "./preview.js";
import { toast } from "./ui.js";

function fileName(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

const FORMATS = { docx: "Word", pdf: "PDF", md: "Markdown" };

/** Downloads the draft as `format` (docx, pdf, md). */
export async function exportAs(format) {
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

/** Merges a table (pasted cells or a file) into 主要指标, with 撤销. */
export async function importTable(table, what) {
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

/** Imports the file picked in `inputEl`. */
export function upload(inputEl) {
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

/**
 * Asks the server whether it can make a PDF here (a request without a form:
 * a server that can answers that the form is missing, 422; one that cannot
 * says why, 4xx/5xx) and disables 导出 PDF with that reason if not.
 */
export async function probePdf() {
  const b = $("export-pdf");
  try {
    const r = await fetch("/api/render?format=pdf", { method: "POST", body: "", headers: { "Content-Type": "application/yaml" } });
    if (r.status === 422 || r.ok) return;
    // Anything else is the server's condition (no PDF support, no font).
    const body = await r.json().catch(() => ({}));
    const message = (body.errors && body.errors[0] && body.errors[0].message) || `服务器返回 ${r.status}`;
    b.disabled = true;
    b.title = `本机无法导出 PDF\uff1a${message}`;
  } catch (e) {
    // Unreachable server: every button fails alike, the status says why.
  } finally {
    window.huibaoPdfProbed = true; // for the end-to-end test
  }
}
