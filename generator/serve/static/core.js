// The editor's state and what every other script uses: key paths into the config's data
// ("body[1].children[0].text", the CLI's own, so each problem lands on its field), elements,
// the talk with the server, the status line and a document's title.
"use strict";

const TOKEN = document.body.dataset.token;
const $ = (id) => document.getElementById(id);
const state = { doc: null, data: null, yaml: "", seq: 0, shown: 0, timer: null,
  edits: 0, merged: 0, mergeTimer: null, labels: {}, notes: [], problems: [], dirty: false,
  errors: 0 };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e[k] = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  children.flat().forEach((c) => c != null && e.append(c));
  return e;
}

// --- key paths -----------------------------------------------------------------------------
function parse(path) {
  const keys = [];
  path.replace(/([^.[\]]+)|\[(\d+)\]/g, (_m, key, index) => {
    keys.push(index !== undefined ? Number(index) : key);
  });
  return keys;
}
function format(keys) {
  return keys.map((k, i) => (typeof k === "number" ? `[${k}]` : (i ? "." : "") + k)).join("");
}
function get(path, root = state.data) {
  let node = root;
  for (const key of parse(path)) {
    if (node == null) return undefined;
    node = node[key];
  }
  return node;
}
function set(path, value) {
  const keys = parse(path);
  let node = state.data;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] == null || typeof node[key] !== "object") {
      node[key] = typeof keys[i + 1] === "number" ? [] : {};
    }
    node = node[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last, 1);
    else delete node[last];
  } else {
    node[last] = value;
  }
}
function list(path) {
  let value = get(path);
  if (!Array.isArray(value)) {
    value = value == null || value === "" ? [] : [value];
    set(path, value);
  }
  return value;
}
// The key of a field's help and kind: its path without indices and "children" steps.
function fieldKey(path) {
  return path.replace(/\[\d+\]/g, "").replace(/(\.children)+/g, "");
}

// --- talking to the server -------------------------------------------------------------------
async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Vanban-Token": TOKEN },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `Lỗi ${response.status}` }));
  if (!response.ok) throw Object.assign(new Error(data.error || `Lỗi ${response.status}`), { data });
  return data;
}
// The status line; a ``sticky`` message (what an undo would take back) stays a few seconds.
function status(text, error = false, sticky = false) {
  if (!error && !sticky && state.stickyUntil > Date.now()) return;
  state.stickyUntil = sticky ? Date.now() + 5000 : 0;
  const e = $("status");
  e.textContent = text;
  e.title = text;
  e.className = error ? "error" : "";
}

// --- a document's title, as the page shows it ---------------------------------------------------
function kindName(key) {
  const found = VOCABULARY.kinds.find(([k]) => k === key);
  return found ? found[1] : "Văn bản";
}
function plainText(value) {
  const text = Array.isArray(value) ? value.join(" ") : String(value ?? "");
  return text.replace(/\\\*/g, "\u0000").replace(/\*/g, "").replace(/\u0000/g, "*")
    .replace(VARIABLE, (_m, expr) => variableValue(expr)).replace(/\s+/g, " ").trim();
}
function planYear(data = state.data) {
  if (!data) return null;
  if (Number.isInteger(data.year)) return data.year;
  const date = data.date;
  if (date && typeof date === "object") return date.year || null;
  const m = String(date || "").match(/\b(19|20|21)\d\d\b/);
  return m ? Number(m[0]) : null;
}
function titleOf(data = state.data) {
  if (!data) return "";
  const subject = plainText(data.subject);
  return kindName(data.kind || "ke_hoach") + (subject ? ` – ${subject}` : "");
}
