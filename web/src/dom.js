// Small DOM and path helpers shared by the page's modules.

export const $ = (id) => document.getElementById(id);

/** Builds an element: h("input", {class: "x", onInput: f}, child…). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "text") el.textContent = v;
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A field path as the server writes it: 主要指标[0].排名.位次 */
export function pathString(steps) {
  let s = "";
  for (const step of steps) {
    if (typeof step === "number") s += `[${step}]`;
    else s += (s ? "." : "") + step;
  }
  return s;
}

/** The steps of a path string (the inverse of pathString). */
export function parsePath(text) {
  const steps = [];
  for (const m of String(text || "").matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    steps.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return steps;
}

/** The value at `steps` in a tree (undefined when absent). */
export function getIn(tree, steps) {
  let node = tree;
  for (const s of steps) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[s];
  }
  return node;
}

/** Sets (or with `undefined` removes) the value at `steps`, creating objects on the way. */
export function setIn(tree, steps, value) {
  let node = tree;
  for (let i = 0; i < steps.length - 1; i++) {
    if (node[steps[i]] === null || typeof node[steps[i]] !== "object") node[steps[i]] = {};
    node = node[steps[i]];
  }
  const last = steps[steps.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

/** The words a form treats as "not filled in yet" (docs/form.md §5). */
export function isPlaceholder(value) {
  if (value === undefined || value === null) return false;
  const v = String(value).trim();
  return v === "" || /^(xx|XX|x\.x|xx\.x|待补充)$/.test(v) || /^[0-9.]*[xX][0-9.xX]*$/.test(v);
}

/** Saves `blob` under `name` through the browser's download. */
export function download(blob, name) {
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
