// The form view, shown first: every key of the form as a labelled field with
// the schema's help, the figures as a grid, achievements, problems and plans
// as cards. Drawn from the form's tree (POST /api/fields); typing sends an
// edit for that one field (fields.js), adding, removing and moving send
// structural edits and draw the view again.

import { h, $, getIn, setIn, parsePath, pathString } from "./dom.js";
import { store } from "./store.js";
import { submit } from "./edits.js";
import { input, field, button, structure, hooks, typed } from "./fields.js";
import { figuresGrid } from "./grid.js";

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

function group(title, id, ...children) {
  return h("section", { class: "group", id }, h("h2", {}, title), ...children);
}

// --- items (条目): a point, a problem, a plan -----------------------------

function itemList(listSteps, noun, figures) {
  const list = getIn(store.tree, listSteps);
  const items = Array.isArray(list) ? list : [];
  const listPath = pathString(listSteps);
  return h(
    "div",
    { class: "items", dataset: { path: listPath } },
    items.map((item, i) => itemCard(listSteps, i, items.length, noun, figures)),
    button(`＋ 添加${noun}`, `在末尾添加一条${noun}`, () =>
      structure(
        [{ op: "insert", path: listSteps, index: null, value: "" }],
        () => `${listPath}[${(getIn(store.tree, listSteps) || []).length - 1}].内容`,
        `添加${noun}`,
      ),
    "add"),
  );
}

function itemCard(listSteps, i, count, noun, figures) {
  const steps = [...listSteps, i];
  const path = pathString(steps);
  const item = () => getIn(store.tree, steps);
  const isMap = () => item() !== null && typeof item() === "object";
  const title = input([...steps, "标题"], {
    class: "item-title",
    placeholder: "领起短句\uff08可不填\uff09",
    label: `第${i + 1}条${noun}的标题`,
    onInput: (el) => {
      const cur = item();
      const v = typed(el.value, isMap() ? cur.标题 : undefined);
      if (!isMap()) {
        if (v === "") return;
        // A one-sentence item gets a lead phrase: it becomes {标题, 内容}.
        const obj = { 标题: v };
        if (cur !== "" && cur !== undefined) obj.内容 = cur;
        setIn(store.tree, steps, obj);
        submit([
          { op: "remove", path: steps },
          { op: "insert", path: listSteps, index: i, value: obj },
        ]).catch((errors) => hooks.refused(el, errors));
        return;
      }
      setKey(el, [...steps, "标题"], v, cur.内容 === undefined && cur.指标 === undefined);
    },
  });
  const body = input(() => (isMap() ? [...steps, "内容"] : steps), {
    multiline: true,
    path: `${path}.内容`,
    placeholder: "内容",
    label: `第${i + 1}条${noun}的内容`,
    onInput: (el) => {
      const cur = item();
      const v = typed(el.value, isMap() ? cur.内容 : cur);
      if (!isMap()) setKey(el, steps, v, true);
      else setKey(el, [...steps, "内容"], v, cur.标题 === undefined || cur.标题 === "");
    },
  });
  const cur = item();
  const figs = cur && typeof cur === "object" && Array.isArray(cur.指标) ? cur.指标 : null;
  let figureBox = null;
  if (figures && figs) {
    figureBox = h("div", { class: "item-figures" }, h("div", { class: "sub-title" }, "本条的指标"), figuresGrid([...steps, "指标"], { nested: true }));
  }
  const addFigure = figures && !figs
    ? button("＋ 指标", `给这条${noun}加上指标`, () => {
        const c = item();
        const edits =
          c !== null && typeof c === "object"
            ? [{ op: "insert", path: [...steps, "指标"], index: null, value: { 名称: "", 数值: "" } }]
            : [
                { op: "remove", path: steps },
                { op: "insert", path: listSteps, index: i, value: c === "" ? { 指标: [{ 名称: "", 数值: "" }] } : { 内容: c, 指标: [{ 名称: "", 数值: "" }] } },
              ];
        structure(edits, `${path}.指标[0].名称`, "添加指标");
      }, "add-figure")
    : null;
  return h(
    "div",
    { class: "item", dataset: { path } },
    h(
      "div",
      { class: "item-head" },
      h("span", { class: "num" }, `${i + 1}.`),
      title,
      h(
        "span",
        { class: "actions" },
        button("↑", "上移", () => structure([{ op: "move", path: steps, to: i - 1 }], `${pathString(listSteps)}[${i - 1}]`, `上移${noun}`), i === 0 ? "hidden" : ""),
        button("↓", "下移", () => structure([{ op: "move", path: steps, to: i + 1 }], `${pathString(listSteps)}[${i + 1}]`, `下移${noun}`), i === count - 1 ? "hidden" : ""),
        button("✕", `删除这条${noun}`, () => structure([{ op: "remove", path: steps }], pathString(listSteps), `删除${noun}`), "danger"),
      ),
    ),
    h("div", { class: "item-body" }, body, figureBox, addFigure),
  );
}

// Sets a key of an item or mapping; an emptied optional key is removed.
function setKey(el, steps, value, keep) {
  const had = getIn(store.tree, steps);
  let v = value;
  if (v === "" && !keep) v = null;
  if (v === null && had === undefined) return;
  if (v !== null && v === had) return;
  setIn(store.tree, steps, v === null ? undefined : v);
  submit([{ op: "set", path: steps, value: v }]).then(
    () => el.classList.remove("refused"),
    (errors) => hooks.refused(el, errors),
  );
}

// --- 工作成效: sections as cards ---------------------------------------------

function sectionCard(i, count) {
  const steps = ["工作成效", i];
  const path = pathString(steps);
  const sec = getIn(store.tree, steps);
  if (!sec || typeof sec !== "object") {
    return h("div", { class: "card", dataset: { path } }, "这一板块的写法表单视图无法显示\uff0c请在高级视图中修改");
  }
  const figs = Array.isArray(sec.指标) ? sec.指标 : null;
  return h(
    "div",
    { class: "card", dataset: { path } },
    h(
      "div",
      { class: "card-head" },
      h("span", { class: "card-title" }, `板块 ${i + 1}`),
      button("↑", "上移板块", () => structure([{ op: "move", path: steps, to: i - 1 }], `工作成效[${i - 1}]`, "上移板块"), i === 0 ? "hidden" : ""),
      button("↓", "下移板块", () => structure([{ op: "move", path: steps, to: i + 1 }], `工作成效[${i + 1}]`, "下移板块"), i === count - 1 ? "hidden" : ""),
      button("✕", "删除这个板块", () => structure([{ op: "remove", path: steps }], "工作成效", `删除板块“${sec.标题 || i + 1}”`), "danger"),
    ),
    field(steps, "标题", { required: true, keep: true, placeholder: "如 深化体制机制改革" }),
    field(steps, "成效", { placeholder: "如 政策体系日趋完善" }),
    field(steps, "概述", { multiline: true, wide: true }),
    h("div", { class: "sub-title" }, "要点"),
    itemList([...steps, "要点"], "要点", true),
    h("div", { class: "sub-title" }, "本板块的指标"),
    figs
      ? figuresGrid([...steps, "指标"], { nested: true })
      : button("＋ 本板块的指标", "给这个板块加上指标", () =>
          structure([{ op: "insert", path: [...steps, "指标"], index: null, value: { 名称: "", 数值: "" } }], `${path}.指标[0].名称`, "添加指标"),
        "add"),
  );
}

// --- 存在问题 / 下一步打算: a list, or {标题, 概述, 条目} ------------------------

function part(tree, key, noun) {
  const value = tree[key];
  const isMap = value !== null && typeof value === "object" && !Array.isArray(value);
  const listSteps = isMap ? [key, "条目"] : [key];
  return group(
    key,
    `g-${key}`,
    isMap ? field([key], "标题", { title: "本部分标题" }) : null,
    isMap ? field([key], "概述", { title: "引导句", multiline: true, wide: true }) : null,
    itemList(listSteps, noun, true),
  );
}

function attachments(tree) {
  const list = Array.isArray(tree.附件) ? tree.附件 : [];
  return group(
    "附件",
    "g-附件",
    h(
      "div",
      { class: "items" },
      list.map((_, i) =>
        h(
          "div",
          { class: "item", dataset: { path: `附件[${i}]` } },
          h(
            "div",
            { class: "item-head" },
            h("span", { class: "num" }, `${i + 1}.`),
            input(["附件", i], { keep: true, label: `附件${i + 1}`, placeholder: "附件名称\uff0c不加标点" }),
          h(
            "span",
            { class: "actions" },
            button("↑", "上移", () => structure([{ op: "move", path: ["附件", i], to: i - 1 }], `附件[${i - 1}]`, "上移附件"), i === 0 ? "hidden" : ""),
            button("↓", "下移", () => structure([{ op: "move", path: ["附件", i], to: i + 1 }], `附件[${i + 1}]`, "下移附件"), i === list.length - 1 ? "hidden" : ""),
            button("✕", "删除这个附件", () => structure([{ op: "remove", path: ["附件", i] }], "附件", "删除附件"), "danger"),
          ),
          ),
        ),
      ),
      button("＋ 添加附件", "在末尾添加一个附件", () =>
        structure([{ op: "insert", path: ["附件"], index: null, value: "" }], () => `附件[${(store.tree.附件 || []).length - 1}]`, "添加附件"),
      "add"),
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

export { $ };
