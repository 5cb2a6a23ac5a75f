// The figures grid (主要指标, and the 指标 of a section or an item): one row
// per figure with the columns a statistics table has, in the order a pasted
// table without a header row is read (名称, 数值, 单位, 上期, 增速, 排名, 说明);
// the other keys of a figure open per row on demand (更多).

import { h, getIn, setIn, pathString } from "./dom.js";
import { store } from "./store.js";
import { submit } from "./edits.js";
import { input, button, structure, sendValue, hooks } from "./fields.js";
import { help } from "./schema.js";

/** The grid's columns, in the order pasted cells without a header are taken. */
export const COLUMNS = ["名称", "数值", "单位", "上期", "增速", "排名", "说明"];
const NUMBER = new Set(["数值", "上期", "增速", "变化", "目标", "位次", "上期位次"]);
/** The keys under 更多, each with what it is for. */
const MORE = ["变化", "比较", "目标", "时段"];
const RANK = ["范围", "位次", "对象", "上期位次"];
const SHARE = ["对象", "数值", "变化"];

/** Rows whose 更多 is open, by path; kept when the form is drawn again. */
const open = new Set();

const NEW_ROW = () => ({ 名称: "", 数值: "" });

function rankText(r) {
  if (!r || typeof r !== "object") return r || "";
  return `${r.对象 || ""}${r.范围 || ""}第${r.位次 || "?"}位`;
}

// `增幅居全省第2位` → {对象: 增幅, 范围: 全省, 位次: 2}; null when not of that shape.
function splitRank(text) {
  const m = /^\s*(.*?)居?((?:全|同类|在)[^第]*?)第\s*([0-9０-９]+)\s*位\s*$/.exec(text || "");
  return m ? { 对象: m[1], 范围: m[2], 位次: m[3] } : null;
}

function cell(steps, key, label) {
  return h(
    "td",
    { class: `c-${key}` },
    input([...steps, key], { number: NUMBER.has(key), keep: key === "名称", label, placeholder: "" }),
  );
}

// A small labelled input inside 更多.
function mini(steps, key, opts = {}) {
  const el = input(steps, { number: NUMBER.has(key) || opts.number, keep: opts.keep, label: opts.label || key, onInput: opts.onInput });
  return h("label", { class: "mini", title: opts.help || "" }, h("span", {}, opts.title || key), el);
}

// A field of a mapping (排名, 占比) that goes away with its last field.
function mappingField(rowSteps, mapKey, key, required) {
  const steps = [...rowSteps, mapKey, key];
  const mapSteps = [...rowSteps, mapKey];
  return mini(steps, key, {
    keep: required,
    title: key,
    label: `${mapKey}${key}`,
    help: help(["主要指标", mapKey], key),
    number: NUMBER.has(key) || (mapKey === "占比" && key !== "对象"),
    onInput: (el, s, o) => {
      const map = getIn(store.tree, mapSteps);
      const others = map && typeof map === "object" ? Object.keys(map).filter((k) => k !== key) : [];
      if (el.value.trim() === "" && map !== undefined && others.length === 0) {
        setIn(store.tree, mapSteps, undefined);
        submit([{ op: "set", path: mapSteps, value: null }]).catch((errors) => hooks.refused(el, errors));
        return;
      }
      sendValue(el, s, o);
    },
  });
}

function moreRow(rowSteps, row, colspan) {
  const rank = row.排名;
  const share = row.占比;
  const parts = [];
  parts.push(
    h(
      "div",
      { class: "more-group" },
      MORE.map((k) => mini([...rowSteps, k], k, { help: help(["主要指标"], k) })),
    ),
  );
  // 排名 as its parts (范围, 位次, 对象, 上期位次).
  let rankBox;
  if (rank && typeof rank === "object") {
    rankBox = [
      ...RANK.map((k) => mappingField(rowSteps, "排名", k, k === "范围" || k === "位次")),
      button("清除排名", "清除这一行的排名", () =>
        structure([{ op: "set", path: [...rowSteps, "排名"], value: null }], pathString(rowSteps), "清除排名"),
      ),
    ];
  } else if (rank) {
    const parts = splitRank(rank);
    rankBox = [
      h("span", { class: "hint" }, `排名写作“${rank}”`),
      parts
        ? button("分项填写", "改为 范围、位次、对象、上期位次 分项填写", () => {
            const p = [...rowSteps, "排名"];
            const edits = [{ op: "set", path: p, value: null }];
            if (parts.对象) edits.push({ op: "set", path: [...p, "对象"], value: parts.对象 });
            edits.push({ op: "set", path: [...p, "范围"], value: parts.范围 });
            edits.push({ op: "set", path: [...p, "位次"], value: parts.位次.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)) });
            structure(edits, pathString([...p, "范围"]), "排名分项");
          })
        : null,
    ];
  } else {
    rankBox = RANK.map((k) => mappingField(rowSteps, "排名", k, false));
  }
  parts.push(h("div", { class: "more-group" }, h("span", { class: "group-title" }, "排名"), rankBox));
  parts.push(
    h(
      "div",
      { class: "more-group" },
      h("span", { class: "group-title" }, "占比"),
      SHARE.map((k) => mappingField(rowSteps, "占比", k, share && k !== "变化")),
      share
        ? button("清除占比", "清除这一行的占比", () =>
            structure([{ op: "set", path: [...rowSteps, "占比"], value: null }], pathString(rowSteps), "清除占比"),
          )
        : null,
    ),
  );
  parts.push(
    h(
      "div",
      { class: "more-group of-which" },
      h("span", { class: "group-title" }, "其中"),
      figuresGrid([...rowSteps, "其中"], { nested: true }),
    ),
  );
  return h(
    "tr",
    { class: "more", dataset: { for: pathString(rowSteps) } },
    h("td", { colspan }, parts),
  );
}

function filledMore(row) {
  return [...MORE, "占比", "其中"].filter((k) => row[k] !== undefined && row[k] !== "").length +
    (row.排名 && typeof row.排名 === "object" ? 1 : 0);
}

/**
 * The grid for the list of figures at `listSteps`. opts.nested: a grid inside
 * another (其中), drawn smaller; opts.paste(text): table cells pasted.
 */
export function figuresGrid(listSteps, opts = {}) {
  const rows = getIn(store.tree, listSteps);
  const list = Array.isArray(rows) ? rows : [];
  const listPath = pathString(listSteps);
  const colspan = COLUMNS.length + 2;
  const body = [];
  list.forEach((row, i) => {
    const steps = [...listSteps, i];
    const path = pathString(steps);
    if (!row || typeof row !== "object") {
      body.push(h("tr", { class: "row", dataset: { path } }, h("td", { colspan }, `这一项不是指标\uff0c请在高级视图中修改`)));
      return;
    }
    const isOpen = open.has(path);
    const n = filledMore(row);
    const moreBtn = button(
      n ? `更多(${n})` : "更多",
      "变化、比较、目标、时段、排名分项、占比、其中",
      () => {
        if (open.has(path)) open.delete(path);
        else open.add(path);
        const more = tr.nextElementSibling;
        more.hidden = !open.has(path);
        moreBtn.setAttribute("aria-expanded", String(open.has(path)));
      },
      "more-toggle",
    );
    moreBtn.setAttribute("aria-expanded", String(isOpen));
    const rankCell =
      row.排名 && typeof row.排名 === "object"
        ? h("td", { class: "c-排名" }, h("button", { type: "button", class: "rank-summary", dataset: { path: pathString([...steps, "排名"]) }, title: "排名分项填写在 更多 中", onClick: () => moreBtn.click() }, rankText(row.排名)))
        : cell(steps, "排名", `第${i + 1}行排名`);
    const tr = h(
      "tr",
      { class: "row", dataset: { path } },
      h("td", { class: "num" }, String(i + 1)),
      COLUMNS.map((k) => (k === "排名" ? rankCell : cell(steps, k, `第${i + 1}行${k}`))),
      h(
        "td",
        { class: "actions" },
        button("↑", "上移", () => structure([{ op: "move", path: steps, to: i - 1 }], pathString([...listSteps, i - 1]), "上移指标"), i === 0 ? "hidden" : ""),
        button("↓", "下移", () => structure([{ op: "move", path: steps, to: i + 1 }], pathString([...listSteps, i + 1]), "下移指标"), i === list.length - 1 ? "hidden" : ""),
        moreBtn,
        button("✕", "删除这一行", () => structure([{ op: "remove", path: steps }], listPath, `删除指标“${row.名称 || i + 1}”`), "danger"),
      ),
    );
    const more = moreRow(steps, row, colspan);
    more.hidden = !isOpen;
    body.push(tr, more);
  });
  const add = button("＋ 添加指标", "在末尾添加一行指标", () =>
    structure(
      [{ op: "insert", path: listSteps, index: null, value: NEW_ROW() }],
      () => pathString([...listSteps, (getIn(store.tree, listSteps) || []).length - 1, "名称"]),
      "添加指标",
    ),
  "add");
  if (!list.length && opts.paste) {
    // Nothing to click into yet: a place to paste cells into.
    body.push(
      h(
        "tr",
        { class: "paste-row" },
        h("td", { colspan }, h("input", { type: "text", class: "paste-target", "aria-label": "粘贴表格", placeholder: "从 Excel 或 WPS 表格复制单元格后\uff0c点这里按 Ctrl+V 粘贴" })),
      ),
    );
  }
  const table = !list.length && !opts.paste ? null : h(
    "table",
    { class: `grid${opts.nested ? " nested" : ""}`, dataset: { path: listPath } },
    h(
      "thead",
      {},
      h("tr", {}, h("th", { class: "num" }, "#"), COLUMNS.map((k) => h("th", { title: help(["主要指标"], k), class: `c-${k}` }, k)), h("th", { class: "actions" }, "")),
    ),
    h("tbody", {}, body),
  );
  // Enter moves down a column, as in a spreadsheet.
  if (table) {
    table.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.isComposing || e.target.tagName !== "INPUT") return;
      const td = e.target.closest("td");
      const tr = td && td.parentElement;
      if (!tr || tr.closest("table") !== table) return;
      let next = tr.nextElementSibling;
      while (next && !next.classList.contains("row")) next = next.nextElementSibling;
      const below = next && next.children[td.cellIndex] && next.children[td.cellIndex].querySelector("input");
      if (below) {
        e.preventDefault();
        below.focus();
        below.select();
      }
    });
  }
  const wrap = h("div", { class: "grid-wrap", dataset: { path: listPath } }, table, h("div", { class: "grid-tools" }, add, opts.tools || null));
  if (opts.paste) {
    wrap.addEventListener("paste", (e) => {
      const text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
      const body = text.replace(/(\r?\n)+$/, "");
      // One cell pastes as text; a block of cells (tabs or lines) fills rows.
      if (!/[\t\n]/.test(body)) return;
      e.preventDefault();
      opts.paste(text);
    });
  }
  return wrap;
}

