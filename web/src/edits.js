// Edits of the form view go to the server's edit engine (POST /api/edit),
// which changes only the bytes it must: the text stays the one source of
// truth, and a field the clerk never touched is never rewritten.
//
// One request at a time. Edits that arrive while one is on its way wait and
// go together in the next; several keystrokes in one field become one edit.

import { store, setText } from "./store.js";

let queue = []; // {edits, resolve, reject}
let running = null;

/** Sends edits (in order); resolves with {text, tree}, rejects with the errors. */
export function submit(edits) {
  return new Promise((resolve, reject) => {
    queue.push({ edits, resolve, reject });
    if (!running) running = pump();
  });
}

/** Resolves once every edit submitted so far has been applied (or refused). */
export async function settled() {
  while (running) await running;
}

/** Whether edits are waiting or on their way. */
export function busy() {
  return running !== null;
}

// Within a run of `set`s, only the last one per path matters.
function coalesce(edits) {
  const out = [];
  let run = new Map();
  const flush = () => {
    out.push(...run.values());
    run = new Map();
  };
  for (const e of edits) {
    if (e.op === "set") {
      const key = JSON.stringify(e.path);
      run.delete(key);
      run.set(key, e);
    } else {
      flush();
      out.push(e);
    }
  }
  flush();
  return out;
}

async function send(edits) {
  for (;;) {
    const sent = store.text;
    let r;
    try {
      r = await fetch("/api/edit", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: sent, edits }),
      });
    } catch (e) {
      return { errors: [{ message: "无法连接 huibao serve\uff0c请确认它仍在运行" }] };
    }
    const body = await r.json().catch(() => null);
    if (!r.ok || !body || typeof body.text !== "string") {
      return { errors: (body && body.errors) || [{ message: `修改未能写入表单\uff08服务器返回 ${r.status}\uff09` }] };
    }
    // The text changed meanwhile (the style picked in the YAML view while
    // typing there): apply the same edits to the newer text.
    if (store.text !== sent) continue;
    return body;
  }
}

async function pump() {
  while (queue.length) {
    const batch = queue;
    queue = [];
    const result = await send(coalesce(batch.flatMap((b) => b.edits)));
    if (!result.errors) {
      setText(result.text, "form", result.tree);
      for (const b of batch) b.resolve(result);
    } else if (batch.length === 1) {
      batch[0].reject(result.errors);
    } else {
      // One refused edit must not take the others with it: one by one.
      for (const b of batch) {
        const one = await send(coalesce(b.edits));
        if (one.errors) b.reject(one.errors);
        else {
          setText(one.text, "form", one.tree);
          b.resolve(one);
        }
      }
    }
  }
  running = null;
}
