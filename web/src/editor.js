// The page of `huibao serve`: a CodeMirror 6 editor for the YAML form with
// completion and key checks from the form's JSON Schema, a preview that
// re-renders as one types, errors at their lines, placeholders listed.
import { EditorView, basicSetup } from "codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { autocompletion } from "@codemirror/autocomplete";

const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 250;

let schema = {};
let formVersion = null;
let formFile = null;
let view;
let timer = null;
let generation = 0;
let placeholders = []; // the last check's placeholders, with their lines

// --- the schema: which keys belong where --------------------------------

function resolve(node) {
  let n = node || {};
  for (let i = 0; i < 10 && n.$ref; i++) {
    const name = n.$ref.replace("#/$defs/", "");
    n = { ...(schema.$defs || {})[name], description: n.description || undefined };
  }
  return n;
}

function properties(node) {
  const n = resolve(node);
  let props = { ...(n.properties || {}) };
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    for (const sub of n[k] || []) Object.assign(props, properties(sub));
  }
  return props;
}

// The schema of the mapping reached by following `keys` (array items are
// stepped into on the way: the form has no lists of lists).
function schemaAt(keys) {
  let node = schema;
  for (const key of keys) {
    node = properties(node)[key];
    if (!node) return null;
    node = resolve(node);
    if (node.items) node = resolve(node.items);
  }
  return node;
}

// One YAML line: dash column, key column, key, and whether a value follows.
function parseLine(text) {
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(text);
  const indent = m[1].length;
  const dashes = m[2];
  const rest = m[3];
  const kc = indent + dashes.length;
  const km = /^("[^"]*"|'[^']*'|[^\s#:"'{[][^:#]*?)\s*:(\s|$)/.exec(rest);
  const key = km ? km[1].replace(/^["']|["']$/g, "").trim() : null;
  const value = km ? rest.slice(km[0].length).replace(/#.*$/, "").trim() : rest.trim();
  return { indent, dash: dashes ? indent : -1, kc, key, value, blank: !rest.trim() || rest.trim().startsWith("#") };
}

// The keys of the mappings that contain line `lineNo` (1-based) at `column`.
function parentKeys(doc, lineNo, column) {
  const keys = [];
  let t = column;
  for (let n = lineNo - 1; n >= 1 && t > 0; n--) {
    const p = parseLine(doc.line(n).text);
    if (p.blank) continue;
    if (p.key && p.kc < t && (p.value === "" || p.value === "|" || p.value.startsWith(">"))) {
      keys.unshift(p.key);
      t = p.kc;
    } else if (p.dash >= 0 && p.dash < t) {
      t = p.dash;
    } else if (p.kc < t) {
      t = p.kc;
    }
  }
  return keys;
}

function complete(context) {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const p = parseLine(before);
  const parents = parentKeys(context.state.doc, line.number, p.kc);
  if (p.key === null) {
    // Typing a key: the keys the schema allows here.
    const word = context.matchBefore(/[^\s:#-]*/);
    const node = schemaAt(parents);
    if (!node) return null;
    const props = properties(node);
    return {
      from: word ? word.from : context.pos,
      options: Object.entries(props).map(([k, v]) => ({
        label: k,
        apply: k + ": ",
        detail: (resolve(v).description || v.description || "").slice(0, 40),
        type: /^[a-z_]+$/.test(k) ? "text" : "property",
        boost: /^[a-z_]+$/.test(k) ? -1 : 0,
      })),
      validFor: /^[^\s:#]*$/,
    };
  }
  // After `key: `: the values the schema lists.
  const node = properties(schemaAt(parents) || {})[p.key];
  const values = node ? resolve(node).enum || resolve(node).examples || [] : [];
  if (!values.length) return null;
  const word = context.matchBefore(/[^\s:#]*$/);
  return { from: word ? word.from : context.pos, options: values.map((v) => ({ label: String(v), type: "enum" })) };
}

// Keys the schema does not know, as diagnostics (the server names the rest).
function keyDiagnostics(doc) {
  const out = [];
  let scalar = -1; // inside a block scalar (| or >) whose key sits at this column
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n);
    const p = parseLine(line.text);
    if (scalar >= 0 && (!line.text.trim() || p.indent > scalar)) continue;
    scalar = p.key && /^[|>]/.test(p.value) ? p.kc : -1;
    if (p.blank || !p.key) continue;
    const node = schemaAt(parentKeys(doc, n, p.kc));
    if (!node || node.additionalProperties !== false) continue;
    if (!(p.key in properties(node))) {
      const from = line.from + p.kc;
      out.push({ from, to: from + p.key.length, severity: "error", message: `未知字段“${p.key}”` });
    }
  }
  return out;
}

// --- talking to the server -----------------------------------------------

function styleParam() {
  const s = $("style").value;
  return s ? `style=${encodeURIComponent(s)}` : "";
}

async function post(path, body) {
  return fetch(path, { method: "POST", body, headers: { "Content-Type": "application/yaml" } });
}

function goTo(line, column) {
  if (!line) return;
  const l = view.state.doc.line(Math.min(line, view.state.doc.lines));
  const pos = Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

function list(id, items, text) {
  const ul = $(id);
  ul.replaceChildren(
    ...items.map((it) => {
      const li = document.createElement("li");
      li.textContent = text(it);
      li.dataset.line = it.line || "";
      li.addEventListener("click", () => goTo(it.line, it.column));
      return li;
    }),
  );
}

function showErrors(errors, warnings = []) {
  $("warnings-title").hidden = warnings.length === 0;
  list("warnings", warnings, (w) => (w.line ? `第${w.line}行\uff1a` : "") + (w.path ? `“${w.path}”\uff1a` : "") + w.message);
  $("errors-title").hidden = errors.length === 0;
  list("errors", errors, (e) => (e.line ? `第${e.line}行\uff1a` : "") + (e.path ? `“${e.path}”\uff1a` : "") + e.message);
  const doc = view.state.doc;
  const diags = keyDiagnostics(doc);
  for (const e of errors) {
    if (!e.line) continue;
    const l = doc.line(Math.min(e.line, doc.lines));
    const from = Math.min(l.from + Math.max(0, (e.column || 1) - 1), l.to);
    diags.push({ from, to: Math.max(from, l.to), severity: "error", message: (e.path ? `“${e.path}”\uff1a` : "") + e.message });
  }
  for (const w of warnings) {
    if (!w.line) continue;
    const l = doc.line(Math.min(w.line, doc.lines));
    diags.push({ from: l.from, to: l.to, severity: "warning", message: `提醒\uff1a${w.message}` });
  }
  view.dispatch(setDiagnostics(view.state, diags));
}

function setPreview(html) {
  const frame = $("preview");
  const win = frame.contentWindow;
  const y = win ? win.scrollY : 0;
  const zoom = Math.min(1, (frame.clientWidth - 24) / 794).toFixed(3);
  frame.onload = () => {
    const d = frame.contentDocument;
    if (!d) return;
    frame.contentWindow.scrollTo(0, y);
    // Each highlighted placeholder leads to its line in the form.
    for (const mark of d.querySelectorAll("mark.ph")) {
      const path = mark.textContent.replace(/^【待补充[:：]?/, "").replace(/】$/, "");
      const found = placeholders.find((p) => p.path === path);
      if (!found || !found.line) continue;
      mark.title = `第${found.line}行`;
      mark.style.cursor = "pointer";
      mark.addEventListener("click", () => goTo(found.line, found.column));
    }
  };
  frame.srcdoc = html.replace("</style>", `html{zoom:${zoom}}</style>`);
}

async function refresh() {
  const mine = ++generation;
  const text = view.state.doc.toString();
  const started = performance.now();
  $("status").textContent = "正在生成预览…";
  try {
    const q = styleParam();
    const [r, c] = await Promise.all([post(`/api/render?format=html&${q}`, text), post(`/api/check?${q}`, text)]);
    if (mine !== generation) return;
    if (r.ok && c.ok) {
      const [html, info] = [await r.text(), await c.json()];
      if (mine !== generation) return;
      placeholders = info.placeholders;
      setPreview(html);
      showErrors([], info.warnings);
      list("placeholders", info.placeholders, (p) => (p.line ? `第${p.line}行 ` : "") + p.path);
      $("placeholders-title").textContent = `待补充\uff08${info.placeholders.length}处\uff09`;
      $("speech").textContent = info.speech ? info.speech.text : "";
      $("status").textContent = `${info.style.name} · 预览 ${Math.round(performance.now() - started)} 毫秒`;
      document.body.dataset.rendered = String(mine);
    } else {
      const bad = r.ok ? c : r;
      const body = await bad.json().catch(() => ({ errors: [{ message: `服务器返回 ${bad.status}` }] }));
      if (mine !== generation) return;
      showErrors(body.errors || []);
      $("status").textContent = "表单有错误\uff0c预览未更新";
      document.body.dataset.rendered = String(mine);
    }
  } catch (e) {
    $("status").textContent = "无法连接 huibao serve\uff0c请确认它仍在运行";
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

function fileName(response, fallback) {
  const cd = response.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function exportAs(format) {
  const r = await post(`/api/render?format=${format}&${styleParam()}`, view.state.doc.toString());
  if (!r.ok) {
    const body = await r.json().catch(() => ({ errors: [] }));
    showErrors(body.errors || []);
    $("status").textContent = "表单有错误\uff0c未导出";
    return;
  }
  download(await r.blob(), fileName(r, `报告.${format}`));
  $("status").textContent = `已导出 ${format === "docx" ? "Word" : "Markdown"}`;
}

async function save() {
  const text = view.state.doc.toString();
  if (!formFile) {
    download(new Blob([text], { type: "application/yaml" }), "汇报表单.yaml");
    $("status").textContent = "已下载表单\uff08启动时未指定表单文件\uff09";
    return;
  }
  const headers = { "Content-Type": "application/yaml" };
  if (formVersion) headers["If-Match"] = formVersion;
  const r = await fetch("/api/form", { method: "PUT", body: text, headers });
  const body = await r.json().catch(() => ({}));
  if (r.ok) {
    formVersion = body.version;
    $("status").textContent = `已保存\uff1a${body.file}`;
  } else {
    $("status").textContent = (body.errors && body.errors[0] && body.errors[0].message) || `保存失败\uff08${r.status}\uff09`;
  }
}

async function main() {
  const [s, st, f] = await Promise.all([fetch("/api/schema"), fetch("/api/styles"), fetch("/api/form")]);
  schema = await s.json();
  for (const style of await st.json()) {
    const o = document.createElement("option");
    o.value = style.id;
    o.textContent = `${style.name}\uff08${style.id}\uff09`;
    $("style").append(o);
  }
  const form = await f.json();
  formFile = form.file;
  formVersion = form.version;
  if (formFile) document.title = `${formFile} · 汇报 huibao`;
  view = new EditorView({
    doc: form.text,
    parent: $("editor"),
    extensions: [
      basicSetup,
      yaml(),
      lintGutter(),
      autocompletion({ override: [complete] }),
      EditorView.lineWrapping,
      EditorView.updateListener.of((u) => u.docChanged && schedule()),
    ],
  });
  window.huibaoEditor = view; // for the end-to-end test and the curious
  $("style").addEventListener("change", refresh);
  window.addEventListener("resize", () => {
    const frame = $("preview");
    const d = frame.contentDocument;
    if (d && d.documentElement) d.documentElement.style.zoom = Math.min(1, (frame.clientWidth - 24) / 794).toFixed(3);
  });
  $("export-docx").addEventListener("click", () => exportAs("docx"));
  $("export-md").addEventListener("click", () => exportAs("md"));
  $("save").addEventListener("click", save);
  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      save();
    }
  });
  await refresh();
}

main();
