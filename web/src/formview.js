// The form view, shown first: every key of the form as a labelled field with
// the schema's help, the figures as a grid, achievements, problems and plans
// as cards. Drawn from the form's tree (POST /api/fields); typing sends an
// edit for that one field (fields.js), adding, removing and moving send
// structural edits and draw the view again.

import { h, parsePath, pathString } from "./dom.js";
import { store } from "./store.js";
import { field, button, structure, hooks, group } from "./fields.js";
import { figuresGrid } from "./grid.js";
import { sectionCard, part, attachments } from "./items.js";

/** The keys of the first group, in the order a report states them. */
const BASICS = ["标题", "副标题", "地区", "单位", "主题", "时期", "下一时期", "日期", "主送", "会议", "发言人", "称呼", "时长"];
const REQUIRED = new Set(["地区", "单位", "工作成效"]);
/** Shown even when absent; the other keys are offered as 添加 buttons. */
const ALWAYS = new Set(["标题", "地区", "单位", "主题", "时期", "日期", "导语", "主要指标", "工作成效", "存在问题", "下一步打算"]);
/** Shown when the style is 汇报发言, which prints them. */
const SPEECH = new Set(["会议", "发言人", "称呼", "时长"]);
const PROSE = new Set(["导语", "结语", "标题"]);
const KNOWN = new Set(["文种", ...BASICS, "导语", "主要指标", "成效标题", "工作成效", "存在问题", "下一步打算", "结语", "附件"]);

/** Optional keys the clerk asked to see (path strings); kept across redraws. */
const shown = new Set();
let styles = [];
let root = null;
let context = { speech: false, paste: null, upload: null, openYaml: null };

export function setup(el, ctx) {
  root = el;
  context = { ...context, ...ctx };
  hooks.rerender = (focus) => render(focus);
  hooks.busy = (on) => {
    root.inert = on;
    root.classList.toggle("busy", on);
  };
}

/** Whether the style is 汇报发言; true when that changed. */
export function setSpeech(on) {
  if (context.speech === on) return false;
  context.speech = on;
  return true;
}

export function setStyles(list) {
  styles = list;
}

/** Reads the form's tree for the current text from the server. */
export async function loadTree() {
  for (;;) {
    const text = store.text;
    let r;
    let body = null;
    try {
      r = await fetch("/api/fields", { method: "POST", body: text, headers: { "Content-Type": "application/yaml" } });
      body = await r.json().catch(() => null);
    } catch (e) {
      r = { ok: false, status: 0 };
    }
    if (store.text !== text) continue;
    store.treeText = text;
    if (r.ok && body && body.tree && typeof body.tree === "object" && !Array.isArray(body.tree)) {
      store.tree = body.tree;
      store.treeError = null;
    } else {
      store.tree = null;
      store.treeError = (body && body.errors && body.errors[0]) || {
        message: r.status ? "表单应由“键: 值”组成\uff0c表单视图无法显示" : "无法连接 huibao serve\uff0c请确认它仍在运行",
      };
    }
    return;
  }
}

function has(tree, key) {
  return tree[key] !== undefined;
}

function visible(tree, key) {
  return has(tree, key) || ALWAYS.has(key) || shown.has(key) || (context.speech && SPEECH.has(key));
}

function styleSelect(tree) {
  const current = tree.文种;
  const sel = h("select", { id: "form-style", dataset: { path: "文种" }, "aria-label": "文种" });
  fillStyles(sel, current);
  sel.addEventListener("change", () => context.pickStyle(sel.value));
  return sel;
}

/** Fills a 文种 select: the styles, the one the form names selected. */
export function fillStyles(sel, current) {
  const found = styles.find((s) => s.name === current || s.id === current);
  const opts = [];
  if (current === undefined || current === "") opts.push(h("option", { value: "" }, "\uff08未填\uff0c按情况汇报\uff09"));
  else if (!found) opts.push(h("option", { value: current }, `${current}\uff08没有这个文种\uff09`));
  for (const s of styles) opts.push(h("option", { value: s.name, title: s.description || "" }, s.name));
  sel.replaceChildren(...opts);
  sel.value = found ? found.name : current || "";
}

function optionalChips(tree, keys) {
  const hidden = keys.filter((k) => !visible(tree, k));
  if (!hidden.length) return null;
  return h(
    "div",
    { class: "chips" },
    h("span", { class: "chips-title" }, "添加\uff1a"),
    hidden.map((k) =>
      h(
        "button",
        {
          type: "button",
          class: "chip",
          dataset: { add: k },
          onClick: () => {
            shown.add(k);
            render(k);
          },
        },
        `＋ ${k}`,
      ),
    ),
  );
}

function build() {
  if (!store.tree) {
    const e = store.treeError || { message: "正在读取表单…" };
    return h(
      "div",
      { class: "form-blocked", role: "alert" },
      h("p", {}, "表单的写法有误\uff0c表单视图暂时无法显示\uff1a"),
      h("p", { class: "error-text" }, (e.line ? `第${e.line}行\uff1a` : "") + e.message),
      e.line ? h("button", { type: "button", class: "primary", onClick: () => context.openYaml(e.line, e.column) }, `到高级视图第${e.line}行修改`) : null,
    );
  }
  const tree = store.tree;
  const basics = BASICS.filter((k) => visible(tree, k)).map((k) =>
    field([], k, {
      required: REQUIRED.has(k),
      keep: REQUIRED.has(k),
      multiline: PROSE.has(k),
      number: k === "时长",
      placeholder: k === "日期" ? "如 2025-01-10\uff1b不填为当天" : "",
    }),
  );
  const unknown = Object.keys(tree).filter((k) => !KNOWN.has(k));
  return h(
    "div",
    { class: "form" },
    group(
      "基本信息",
      "g-基本信息",
      h("div", { class: "fields" }, field([], "文种", { control: styleSelect(tree) }), basics),
      optionalChips(tree, BASICS),
    ),
    group("导语", "g-导语", field([], "导语", { multiline: true, wide: true, title: "导语\uff08开头段落\uff09" })),
    group(
      "主要指标",
      "g-主要指标",
      h("p", { class: "help" }, "可从 Excel 或 WPS 表格复制整块单元格\uff08带或不带表头\uff09\uff0c点进表格后粘贴\uff1b按名称合并\uff0c已有的指标更新数值。"),
      figuresGrid(["主要指标"], {
        paste: context.paste,
        tools: h(
          "label",
          { class: "upload small", title: "从 .xlsx、.xls、.ods 或 .csv 文件导入主要指标" },
          "从表格文件导入…",
          h("input", { type: "file", id: "upload", accept: ".xlsx,.xls,.ods,.csv,.txt", onChange: (e) => context.upload(e.target) }),
        ),
      }),
    ),
    group(
      "工作成效",
      "g-工作成效",
      visible(tree, "成效标题") ? field([], "成效标题") : null,
      h("div", { class: "cards", dataset: { path: "工作成效" } }, (Array.isArray(tree.工作成效) ? tree.工作成效 : []).map((_, i, a) => sectionCard(i, a.length))),
      button("＋ 添加板块", "在末尾添加一个工作成效板块", () =>
        structure([{ op: "insert", path: ["工作成效"], index: null, value: { 标题: "" } }], () => `工作成效[${(store.tree.工作成效 || []).length - 1}].标题`, "添加板块"),
      "add"),
      optionalChips(tree, ["成效标题"]),
    ),
    part(tree, "存在问题", "问题"),
    part(tree, "下一步打算", "打算"),
    visible(tree, "结语") ? group("结语", "g-结语", field([], "结语", { multiline: true, wide: true, title: "结语\uff08结尾段落\uff09" })) : null,
    visible(tree, "附件") ? attachments(tree) : null,
    optionalChips(tree, ["结语", "附件"]),
    unknown.length
      ? h("p", { class: "unknown" }, `表单中还有表单视图不认识的键\uff1a${unknown.join("、")}\uff1b请在高级视图中修改。`)
      : null,
  );
}

/** Draws the view from the tree; `focus` (a path string) gets the focus, else the focused field keeps it. */
export function render(focus) {
  if (!root) return;
  const active = document.activeElement;
  const keep = active && root.contains(active) && active.dataset.path
    ? { path: active.dataset.path, start: active.selectionStart, end: active.selectionEnd }
    : null;
  const scroll = root.scrollTop;
  root.replaceChildren(build());
  root.scrollTop = scroll;
  const target = focus || (keep && keep.path);
  if (!target) return;
  const el = fieldFor(target);
  if (!el) return;
  const box = focusable(el);
  box.focus({ preventScroll: !focus });
  if (focus) box.scrollIntoView({ block: "nearest" });
  if (keep && keep.path === target && keep.start !== null && box.setSelectionRange) {
    try {
      box.setSelectionRange(keep.start, keep.end);
    } catch (e) {
      // Not a text field.
    }
  }
}

function focusable(el) {
  if (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName)) return el;
  return el.querySelector("input, textarea, select, button") || el;
}

/** The element for a field path, or for the nearest enclosing one. */
export function fieldFor(path) {
  if (!root) return null;
  const steps = parsePath(path);
  while (steps.length) {
    const el = root.querySelector(`[data-path="${CSS.escape(pathString(steps))}"]`);
    if (el) return el;
    steps.pop();
  }
  // A key not drawn yet (an optional one): show it.
  const key = parsePath(path)[0];
  if (key && !visible(store.tree || {}, key)) {
    shown.add(key);
    render();
    return root.querySelector(`[data-path="${CSS.escape(key)}"]`);
  }
  return null;
}

/** Moves to the field at `path` (opening a row's 更多 when it is there). */
export function goToPath(path) {
  const el = fieldFor(path);
  if (!el) return false;
  const more = el.closest("tr.more");
  if (more && more.hidden) {
    const toggle = more.previousElementSibling && more.previousElementSibling.querySelector(".more-toggle");
    if (toggle) toggle.click();
  }
  const box = focusable(el);
  box.scrollIntoView({ block: "center" });
  box.focus({ preventScroll: true });
  return true;
}

/** Marks the fields the errors name; the first error's field gets its message. */
export function markErrors(errors) {
  if (!root) return;
  for (const el of root.querySelectorAll(".bad")) {
    el.classList.remove("bad");
    el.removeAttribute("aria-invalid");
    if (el.dataset.title !== undefined) el.title = el.dataset.title;
  }
  for (const el of root.querySelectorAll(".field-error")) el.remove();
  errors.forEach((e, n) => {
    if (!e.path) return;
    const el = root.querySelector(`[data-path="${CSS.escape(e.path)}"]`) || fieldFor(e.path);
    if (!el) return;
    const box = focusable(el);
    box.classList.add("bad");
    box.setAttribute("aria-invalid", "true");
    box.dataset.title = box.title || "";
    box.title = e.message;
    if (n === 0) {
      const holder = box.closest(".field, .item-body, td, .mini") || box.parentElement;
      holder.append(h("div", { class: "field-error" }, e.message));
    }
  });
}

/** Whether the view is drawn for the current text. */
export function current() {
  return store.treeText === store.text;
}

