// The preview: re-rendered as the text changes, without a fixed delay (one
// request at a time; whatever changed meanwhile goes in the next one). While
// the form has an error the last good preview stays, greyed and labelled,
// under the first error pinned on top with a button to where to act.

import { $, getIn, parsePath } from "./dom.js";
import { store } from "./store.js";

let running = false;
let again = false;
let generation = 0;
let lastKey = { seq: 0, at: 0 };
let shownOnce = false;

/** What the page does with an error's place, and how it names a path. */
export const nav = { goTo: () => {}, view: () => "form", describe: (p) => p };

/** Results of the last check: placeholders (with lines), warnings, style. */
export const last = { errors: [], warnings: [], placeholders: [], marks: [], style: null };
const listeners = [];

/** Calls `fn()` after each preview or error state. */
export function onResult(fn) {
  listeners.push(fn);
}

// From the last keystroke to the preview showing it, in milliseconds; read
// by the latency measurement (tests/reader/browser_latency.rs).
window.huibaoLatency = [];
document.addEventListener("keydown", () => (lastKey = { seq: lastKey.seq + 1, at: performance.now() }), true);
document.addEventListener("paste", () => (lastKey = { seq: lastKey.seq + 1, at: performance.now() }), true);

/** Asks for a new preview of the current text. */
export function refresh() {
  if (running) {
    again = true;
    return;
  }
  run();
}

let shownText = null;

/** Resolves once the preview (or the error state) is for the current text. */
export async function idle() {
  while (running || shownText !== store.text) {
    if (!running && shownText !== store.text) refresh();
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run() {
  running = true;
  do {
    again = false;
    try {
      await once();
    } catch (e) {
      $("status").textContent = "无法连接 huibao serve\uff0c请确认它仍在运行";
    }
  } while (again);
  running = false;
}

async function post(path, text) {
  return fetch(path, { method: "POST", body: text, headers: { "Content-Type": "application/yaml" } });
}

async function once() {
  const mine = ++generation;
  const text = store.text;
  const key = lastKey;
  const started = performance.now();
  const r = await post("/api/render?format=html", text);
  if (r.ok) {
    const html = await r.text();
    await show(html, key);
    const c = await post("/api/check", text);
    const info = c.ok ? await c.json() : null;
    if (info) {
      last.errors = [];
      last.warnings = info.warnings || [];
      last.placeholders = info.placeholders || [];
      last.style = info.style;
      $("speech").textContent = info.speech ? info.speech.text : "";
      $("status").textContent = `${info.style.name} · 预览 ${Math.round(performance.now() - started)} 毫秒`;
    }
    stale(false);
  } else {
    const body = await r.json().catch(() => ({ errors: [{ message: `服务器返回 ${r.status}` }] }));
    last.errors = body.errors || [];
    stale(true);
    $("status").textContent = "表单有错误\uff0c预览未更新";
  }
  shownText = text;
  document.body.dataset.rendered = String(mine);
  for (const fn of listeners) fn();
}

// Puts the HTML in the frame and resolves once it is shown.
function show(html, key) {
  const frame = $("preview");
  const win = frame.contentWindow;
  const y = win && shownOnce ? win.scrollY : 0;
  const zoom = Math.min(1, (frame.clientWidth - 24) / 794).toFixed(3);
  return new Promise((resolve) => {
    frame.onload = () => {
      frame.onload = null;
      shownOnce = true;
      const d = frame.contentDocument;
      if (d) {
        frame.contentWindow.scrollTo(0, y);
        last.marks = collectMarks(d);
      }
      // Measured to the frame after the new draft is laid out: when it shows.
      if (key.seq === lastKey.seq && key.seq > 0) {
        requestAnimationFrame(() => window.huibaoLatency.push(performance.now() - key.at));
      }
      resolve();
    };
    frame.srcdoc = html.replace("</style>", `html{zoom:${zoom}}</style>`);
  });
}

/** Fits the preview's page to the frame's width. */
export function fit() {
  const frame = $("preview");
  const d = frame.contentDocument;
  if (d && d.documentElement) d.documentElement.style.zoom = Math.min(1, (frame.clientWidth - 24) / 794).toFixed(3);
}

// The placeholders as the preview marks them: a mark may be split over lines
// (one element per line), and a line may hold the end of one and the start
// of the next, so the marks' text is read in order and cut at each 】.
function collectMarks(d) {
  const marks = [];
  let text = "";
  let elements = [];
  for (const m of d.querySelectorAll("mark.ph")) {
    text += m.textContent;
    elements.push(m);
    for (let end = text.indexOf("\u3011"); end >= 0; end = text.indexOf("\u3011")) {
      const path = text.slice(0, end).replace(/^[^\u3010]*\u3010待补充[:\uff1a]?/, "");
      marks.push({ path, elements });
      text = text.slice(end + 1);
      elements = text ? [m] : [];
    }
  }
  for (const mark of marks) {
    for (const el of mark.elements) {
      el.title = `待补充\uff1a${nav.describe(mark.path)}\uff08点击转到该项\uff09`;
      el.style.cursor = "pointer";
      el.addEventListener("click", () => nav.goTo({ path: mark.path, line: lineOf(mark.path) }));
    }
  }
  return marks;
}

/** The line of a placeholder's field, from the last check. */
export function lineOf(path) {
  const exact = last.placeholders.find((x) => x.path === path);
  if (exact) return exact.line;
  // A mark the tool derived (a growth that cannot be computed while 数值 is
  // a placeholder) leads to the nearest placeholder of the same figure.
  const steps = parsePath(path);
  let best = null;
  let shared = 0;
  for (const p of last.placeholders) {
    const other = parsePath(p.path);
    let n = 0;
    while (n < steps.length && n < other.length && steps[n] === other[n]) n++;
    if (n > shared && n >= steps.length - 1) {
      best = p;
      shared = n;
    }
  }
  return best ? best.line : null;
}

function stale(on) {
  $("preview-box").classList.toggle("stale", on);
  $("stale-label").hidden = !on;
  const banner = $("error-banner");
  if (!on) {
    banner.hidden = true;
    return;
  }
  const e = last.errors[0] || { message: "表单有错误" };
  const where = nav.view() === "form" && e.path
    ? nav.describe(e.path)
    : e.line
      ? `第${e.line}行`
      : e.path || "";
  $("error-where").textContent = where ? `${where}\uff1a` : "";
  $("error-message").textContent = e.message;
  $("error-count").textContent = last.errors.length > 1 ? `\uff08共${last.errors.length}处错误\uff0c见左下方列表\uff09` : "";
  const go = $("error-go");
  go.hidden = !e.path && !e.line;
  go.textContent = nav.view() === "form" && !e.path && e.line ? `到高级视图第${e.line}行修改` : "转到该处";
  banner.hidden = false;
}

/** Redraws the banner for the view now shown (its button and wording differ). */
export function restale() {
  if (last.errors.length) stale(true);
}

/** A path in words: 主要指标 › 第2项（研发投入） › 数值 */
export function describe(path) {
  const steps = parsePath(path);
  const out = [];
  steps.forEach((s, i) => {
    if (typeof s !== "number") {
      out.push(s);
      return;
    }
    const parent = steps[i - 1];
    const node = getIn(store.tree, steps.slice(0, i + 1));
    const name = node && typeof node === "object" && node.名称 ? `\uff08${node.名称}\uff09` : "";
    let word;
    if (parent === "工作成效") word = `板块${s + 1}`;
    else if (["主要指标", "指标", "其中"].includes(parent)) word = `第${s + 1}项${name}`;
    else if (parent === "附件") word = `第${s + 1}个`;
    else word = `第${s + 1}条`;
    out[out.length - 1] = `${out[out.length - 1] || ""}${word}`;
  });
  return out.join(" › ");
}

