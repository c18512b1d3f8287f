// The editor: a form that mirrors the config (the server keeps the YAML text, its comments
// and the validation), and the live preview. Every key path here is the CLI's own
// ("body[1].children[0].lead"), so each problem the server reports lands next to its field.
"use strict";

const TOKEN = document.body.dataset.token;
const $ = (id) => document.getElementById(id);
const state = { doc: null, data: null, yaml: "", seq: 0, shown: 0, timer: null, tab: "form",
  edits: 0, merged: 0, mergeTimer: null };

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
function get(path) {
  let node = state.data;
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

// --- talking to the server -------------------------------------------------------------------
async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Vanban-Token": TOKEN },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw Object.assign(new Error(data.error || response.statusText), { data });
  return data;
}
function status(text, error = false) {
  const el = $("status");
  el.textContent = text;
  el.className = error ? "error" : "";
}

// An edit: sent after a short pause in typing; answers that come back late are dropped.
function changed(fromYaml = false) {
  clearTimeout(state.timer);
  status("Đang cập nhật…");
  state.timer = setTimeout(() => send(fromYaml), 120);
}
async function send(fromYaml) {
  const seq = ++state.seq;
  const started = performance.now();
  const body = { path: state.doc.path };
  if (fromYaml) body.yaml = $("yaml").value;
  else {
    body.data = state.data;
    state.edits++;  // the text is merged apart, once the typing stops
    clearTimeout(state.mergeTimer);
    state.mergeTimer = setTimeout(syncYaml, 600);
  }
  try {
    const answer = await post("/api/edit", body);
    if (seq < state.shown) return;
    state.shown = seq;
    show(answer, fromYaml);
    // from the request to the sheets laid out (bench/serve.py reads them)
    window.vanbanTimings = [...(window.vanbanTimings || []), performance.now() - started];
  } catch (err) {
    status(err.message, true);
  }
}

// The YAML text with the form's edits, comments kept (the server merges them).
async function syncYaml() {
  if (state.merged === state.edits) return;
  const edits = state.edits;
  const answer = await post("/api/merge", { path: state.doc.path, yaml: state.yaml, data: state.data });
  state.yaml = answer.yaml;
  state.merged = edits;
  if (document.activeElement !== $("yaml")) $("yaml").value = answer.yaml;
}
async function current() {
  clearTimeout(state.mergeTimer);
  await syncYaml();
  return state.tab === "yaml" ? $("yaml").value : state.yaml;
}

function show(answer, fromYaml) {
  if (answer.yaml != null) {
    state.yaml = answer.yaml;
    if (document.activeElement !== $("yaml")) $("yaml").value = answer.yaml;
  }
  if (fromYaml && answer.data) {
    state.data = answer.data;
    renderForm();
  }
  problems(answer.problems || []);
  state.errors = (answer.problems || []).filter((p) => !p.warning).length;
  if (answer.html) {
    const pages = paginate(answer.html, $("pages"));
    const errors = (answer.problems || []).filter((p) => !p.warning).length;
    status(errors ? `${errors} lỗi cần sửa` : `${pages} trang`, Boolean(errors));
  } else {
    status(`${(answer.problems || []).length} lỗi cần sửa (xem trước chưa cập nhật)`, true);
  }
}

function open(doc) {
  state.doc = { path: doc.path, version: doc.version, new: doc.new };
  state.data = doc.data || {};
  state.yaml = doc.yaml;
  state.edits = state.merged = 0;
  $("yaml").value = doc.yaml;
  $("path").textContent = doc.path + (doc.new ? " (chưa lưu)" : "");
  $("empty").hidden = true;
  renderForm();
  show(doc, false);
  if (doc.notes && doc.notes.length) alertNotes(doc.notes);
}
function alertNotes(notes) {
  status(`${notes.length} chỗ cần xem lại (các dòng # review: trong YAML)`);
}

// --- problems next to their fields --------------------------------------------------------------
function problems(items) {
  document.querySelectorAll("#form .problem").forEach((e) => e.remove());
  document.querySelectorAll("#form .invalid").forEach((e) => e.classList.remove("invalid"));
  const box = $("problems");
  box.replaceChildren();
  $("problems-box").hidden = !items.length;
  for (const p of items) {
    const where = p.path ? `${p.path}: ` : p.line ? `dòng ${p.line}: ` : "";
    const li = document.createElement("li");
    li.textContent = where + p.message;
    box.appendChild(li);
    let keys = parse(p.path || "");
    let field = null;
    while (keys.length && !field) {
      field = document.querySelector(`#form [data-path="${CSS.escape(format(keys))}"]`);
      keys = keys.slice(0, -1);
    }
    if (!field) continue;
    field.classList.add("invalid");
    const note = document.createElement("div");
    note.className = "problem" + (p.warning ? " warning" : "");
    note.textContent = p.message;
    note.dataset.for = p.path;
    field.insertAdjacentElement("afterend", note);
    li.onclick = () => field.focus();
  }
}

// --- files ---------------------------------------------------------------------------------------
async function loadState() {
  const response = await fetch("/api/state");
  const answer = await response.json();
  const select = $("open-file");
  const group = (label, values, prefix) => el("optgroup", { label },
    values.map((v) => el("option", { value: prefix + v }, v)));
  select.append(group("Tệp trong thư mục", answer.files.configs, "file:"),
    group("Mẫu có sẵn", answer.files.examples, "example:"));
  if (answer.document) open(answer.document);
}

$("open-file").onchange = async (event) => {
  const value = event.target.value;
  event.target.value = "";
  if (!value) return;
  const [kind, name] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
  try {
    open(await post("/api/open", kind === "example" ? { example: name } : { path: name }));
  } catch (err) { status(err.message, true); }
};

$("upload").onchange = async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const body = new FormData();
  body.append("file", file);
  status("Đang đọc tệp…");
  const response = await fetch("/api/upload", { method: "POST", body, headers: { "X-Vanban-Token": TOKEN } });
  const answer = await response.json().catch(() => ({ error: `Lỗi ${response.status}` }));
  event.target.value = "";
  if (!response.ok) return status(answer.error, true);
  open(answer);
};

$("save").onclick = async () => {
  if (!state.doc) return;
  try {
    const answer = await post("/api/save", { path: state.doc.path, yaml: await current(), version: state.doc.version });
    state.doc = { ...state.doc, ...answer, new: false };
    $("path").textContent = answer.path;
    status(`Đã lưu ${answer.path}`);
  } catch (err) { status(err.message, true); }
};

async function download(what) {
  if (!state.doc) return;
  if (state.errors) return status(`Chưa tải được: còn ${state.errors} lỗi cần sửa`, true);
  const form = $("download-form");
  form.action = `/download/${what}?token=${encodeURIComponent(TOKEN)}`;
  form.elements.path.value = state.doc.path;
  form.elements.yaml.value = await current();
  form.submit();
}
$("download-docx").onclick = () => download("docx");
$("download-pdf").onclick = () => download("pdf");

$("rollover").onclick = async () => {
  if (!state.doc) return;
  const year = Number(prompt("Năm của kế hoạch mới:", String(new Date().getFullYear() + 1)));
  if (!year) return;
  try {
    open(await post("/api/rollover", { path: state.doc.path, yaml: await current(), year }));
  } catch (err) { status(err.message, true); }
};

// --- tabs and views -------------------------------------------------------------------------------
document.querySelectorAll("[data-tab]").forEach((b) => b.onclick = async () => {
  if (b.dataset.tab === "yaml") await current().catch((err) => status(err.message, true));
  document.querySelectorAll("[data-tab]").forEach((x) => x.classList.toggle("active", x === b));
  state.tab = b.dataset.tab;
  $("form").hidden = state.tab !== "form";
  $("yaml-tab").hidden = state.tab !== "yaml";
});
$("yaml").addEventListener("input", () => changed(true));

document.querySelectorAll("[data-view]").forEach((b) => b.onclick = async () => {
  document.querySelectorAll("[data-view]").forEach((x) => x.classList.toggle("active", x === b));
  const printing = b.dataset.view === "print";
  $("pages").hidden = printing;
  $("print").hidden = !printing;
  if (!printing || !state.doc) return;
  $("print").replaceChildren(el("div", { class: "note" }, "Đang in qua LibreOffice…"));
  try {
    const answer = await post("/api/print", { path: state.doc.path, yaml: await current() });
    $("print").replaceChildren(...answer.pages.map((src, i) => el("img", { src, alt: `Trang ${i + 1}` })));
  } catch (err) {
    $("print").replaceChildren(el("div", { class: "note" }, err.message));
  }
});

let zoom = 0.75;
function setZoom(z) { zoom = Math.min(1.5, Math.max(0.3, z)); document.documentElement.style.setProperty("--zoom", zoom); }
$("zoom-in").onclick = () => setZoom(zoom + 0.1);
$("zoom-out").onclick = () => setZoom(zoom - 0.1);

loadState();
