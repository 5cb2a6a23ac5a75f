// The lists of the form view: points, problems and plans as cards of one
// 条目 each (领起短句, 内容, 指标), the sections of 工作成效, the parts
// 存在问题 / 下一步打算, and 附件. Adding, removing and moving are structural
// edits; a one-sentence item that gets a lead phrase becomes {标题, 内容}.

import { h, getIn, setIn, pathString } from "./dom.js";
import { store } from "./store.js";
import { submit } from "./edits.js";
import { input, field, button, structure, hooks, typed, group } from "./fields.js";
import { figuresGrid } from "./grid.js";

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

export function sectionCard(i, count) {
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

export function part(tree, key, noun) {
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

export function attachments(tree) {
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

