// The 高级 view: the form as YAML in CodeMirror 6, with completion and key
// checks from the schema and the server's errors at their lines. Created the
// first time it is opened; kept in step with the text either view changes.
import { EditorView, basicSetup } from "codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { autocompletion } from "@codemirror/autocomplete";

import { store, setText } from "./store.js";
import { properties, resolve, schemaAt } from "./schema.js";

let view = null;
let applying = false; // a change made here from the text, not typed

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

let lastProblems = { errors: [], warnings: [] };

/** Creates the editor (once) in `parent` and brings it up to date. */
export function showYaml(parent, onChange) {
  if (!view) {
    view = new EditorView({
      doc: store.text,
      parent,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        autocompletion({ override: [complete] }),
        EditorView.lineWrapping,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || applying) return;
          setText(u.state.doc.toString(), "yaml");
          onChange();
        }),
      ],
    });
    window.huibaoEditor = view; // for the end-to-end tests and the curious
  } else {
    syncYaml();
  }
  yamlProblems(lastProblems.errors, lastProblems.warnings);
  return view;
}

/** Brings the editor's text in line with the form's, changing only what differs. */
export function syncYaml() {
  if (!view) return;
  const old = view.state.doc.toString();
  const text = store.text;
  if (old === text) return;
  let a = 0;
  while (a < old.length && a < text.length && old[a] === text[a]) a++;
  let b = 0;
  while (b < old.length - a && b < text.length - a && old[old.length - 1 - b] === text[text.length - 1 - b]) b++;
  applying = true;
  try {
    view.dispatch({ changes: { from: a, to: old.length - b, insert: text.slice(a, text.length - b) } });
  } finally {
    applying = false;
  }
}

/** Puts the cursor at a line and column (1-based) and shows it. */
export function yamlGoTo(line, column) {
  if (!view || !line) return;
  const l = view.state.doc.line(Math.min(line, view.state.doc.lines));
  const pos = Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

/** Marks the server's errors and warnings at their lines, with the unknown keys. */
export function yamlProblems(errors, warnings) {
  lastProblems = { errors, warnings };
  if (!view) return;
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

export function yamlOpen() {
  return view !== null;
}
