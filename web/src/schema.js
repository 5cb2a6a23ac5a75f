// The form's JSON Schema (GET /api/schema): which keys belong where and the
// help text of each, for both views.

let schema = {};

export function setSchema(s) {
  schema = s || {};
}

export function resolve(node) {
  let n = node || {};
  for (let i = 0; i < 10 && n.$ref; i++) {
    const name = n.$ref.replace("#/$defs/", "");
    n = { ...(schema.$defs || {})[name], description: n.description || undefined };
  }
  return n;
}

export function properties(node) {
  const n = resolve(node);
  const props = { ...(n.properties || {}) };
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    for (const sub of n[k] || []) Object.assign(props, properties(sub));
  }
  return props;
}

/**
 * The schema of the mapping reached by following `keys` (array items are
 * stepped into on the way: the form has no lists of lists).
 */
export function schemaAt(keys) {
  let node = schema;
  for (const key of keys) {
    node = properties(node)[key];
    if (!node) return null;
    node = resolve(node);
    if (node.items) node = resolve(node.items);
  }
  return node;
}

/** The help text of `key` in the mapping at `parents` (list indexes ignored). */
export function help(parents, key) {
  const node = schemaAt(parents.filter((p) => typeof p === "string"));
  const p = node && properties(node)[key];
  return p ? p.description || resolve(p).description || "" : "";
}
