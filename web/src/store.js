// The one source of truth: the form's YAML text. Both views change it; the
// preview, the 未保存 mark and the browser's copy of unsaved work follow it.

export const store = {
  /** The form's text as the page has it now. */
  text: "",
  /** The text as it is on disk (last read or saved): unsaved when different. */
  disk: "",
  /** The file's version (ETag) for If-Match, its path, its encoding. */
  version: null,
  file: null,
  encoding: "UTF-8",
  /** The form as fields (POST /api/fields) for `treeText`; null when stale. */
  tree: null,
  treeText: null,
  /** The last YAML syntax error (no tree can be built), or null. */
  treeError: null,
};

const listeners = [];

/** Calls `fn(source)` after every change of the text. */
export function onText(fn) {
  listeners.push(fn);
}

/**
 * Replaces the text. `source` says who changed it: "form" (the form view, which
 * keeps its own fields current), "yaml" (the YAML editor), "load", "import" …
 */
export function setText(text, source, tree) {
  if (text === store.text && tree === undefined) return;
  store.text = text;
  if (tree !== undefined) {
    store.tree = tree;
    store.treeText = text;
    store.treeError = null;
  }
  for (const fn of listeners) fn(source);
}

/** Whether the page holds edits the file on disk does not have. */
export function unsaved() {
  return store.text !== store.disk;
}

// --- the browser's copy of unsaved work -----------------------------------
// Written on every change while there are unsaved edits, removed once saved,
// so that a crash or a closed tab loses nothing.

function draftKey() {
  return `huibao-draft:${store.file || "(未指定文件)"}`;
}

/** Keeps (or, when everything is saved, forgets) the browser's copy. */
export function keepDraft() {
  try {
    if (unsaved()) {
      localStorage.setItem(draftKey(), JSON.stringify({ text: store.text, disk: store.disk, time: Date.now() }));
    } else {
      localStorage.removeItem(draftKey());
    }
  } catch (e) {
    // Storage full or disabled: the beforeunload guard still protects the work.
  }
}

/** The copy left by an earlier session, if it differs from the file. */
export function readDraft() {
  try {
    const d = JSON.parse(localStorage.getItem(draftKey()) || "null");
    if (d && typeof d.text === "string" && d.text !== store.disk) return d;
  } catch (e) {
    // An unreadable copy is no copy.
  }
  return null;
}

export function forgetDraft() {
  try {
    localStorage.removeItem(draftKey());
  } catch (e) {
    // Nothing to forget.
  }
}
