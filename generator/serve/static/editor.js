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

// --- the form -------------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e[k] = v;
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  children.flat().forEach((c) => e.append(c));
  return e;
}

// A text value: one line, or several (a list in the config, one per line here).
function textValue(value) {
  if (Array.isArray(value)) return value.join("\n");
  return value == null ? "" : String(value);
}
function fromLines(text) {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.length === 0 ? undefined : lines.length === 1 ? lines[0] : lines;
}

function input(path, label, opts = {}) {
  const value = get(path);
  const common = { "data-path": path, "aria-label": label, placeholder: opts.placeholder || "" };
  let control;
  if (opts.choices) {
    control = el("select", { ...common, class: "input" },
      (opts.optional ? [el("option", { value: "" }, "—")] : []),
      opts.choices.map(([v, text]) => el("option", { value: v }, text)));
    control.value = value == null ? (opts.default || "") : String(value);
  } else if (opts.lines) {
    control = el("textarea", { ...common, rows: opts.rows || 2 });
    control.value = textValue(value);
  } else {
    control = el("input", { ...common, type: opts.number ? "number" : "text" });
    control.value = value == null ? "" : String(value);
  }
  control.addEventListener(opts.choices ? "change" : "input", () => {
    let v = control.value;
    if (opts.lines) v = fromLines(v);
    else if (opts.number) v = v === "" ? undefined : Number(v);
    else if (v.trim() === "") v = undefined;
    set(path, v);
    changed();
  });
  return el("label", { class: "field" }, el("span", {}, label), control);
}

function row(...fields) { return el("div", { class: "row" }, ...fields); }
function section(title, ...content) { return el("fieldset", {}, el("legend", {}, title), ...content); }
function tool(text, title, action) {
  return el("button", { type: "button", title, onclick: () => { action(); renderForm(); changed(); } }, text);
}

// A list of text items (căn cứ, nơi nhận): add, delete, move.
function textList(path, label, addLabel, rows = 2) {
  const items = get(path);
  const box = el("div", { "data-path": path });
  (Array.isArray(items) ? items : items ? [items] : []).forEach((_v, i) => {
    const items = list(path);
    box.append(el("div", { class: "item" },
      input(`${path}[${i}]`, `${label} ${i + 1}`, { lines: true, rows }),
      el("span", { class: "tools" },
        tool("↑", "Lên", () => i > 0 && items.splice(i - 1, 0, items.splice(i, 1)[0])),
        tool("↓", "Xuống", () => i < items.length - 1 && items.splice(i + 1, 0, items.splice(i, 1)[0])),
        tool("✕", "Xóa", () => items.splice(i, 1)))));
  });
  box.append(el("button", { type: "button", class: "add", onclick: () => { list(path).push(""); renderForm(); } }, addLabel));
  return box;
}

const KINDS = [["ke_hoach", "Kế hoạch"], ["chuong_trinh", "Chương trình"], ["bao_cao", "Báo cáo"]];
const WARD_KINDS = [["phường", "phường"], ["xã", "xã"], ["đặc khu", "đặc khu"], ["tỉnh", "tỉnh"], ["thành phố", "thành phố"]];
const AUTHORITIES = [["KT.", "KT."], ["Q.", "Q."], ["TL.", "TL."], ["TUQ.", "TUQ."]];
const FIELDS = [["lead", "Cơ quan chủ trì"], ["executing", "Cơ quan thực hiện"],
  ["coordinating", "Cơ quan phối hợp"], ["form", "Hình thức thực hiện"], ["timeline", "Thời gian thực hiện"]];

// An item or a row that uses a shared task (tasks: in the config) shows it, read-only here.
function sharedTask(id) {
  const task = (get("tasks") || []).find((t) => t && t.id === id);
  const text = task ? textValue(task.content) : "(không tìm thấy)";
  return el("div", { class: "shared" }, el("b", {}, `Nhiệm vụ dùng chung «${id}»: `), text,
    el("span", { class: "hint" }, " (sửa ở mục tasks, trong thẻ YAML)"));
}

// The outline: one box per item, with its children inside.
function outline(path, depth) {
  const nodes = get(path);
  const box = el("div", { "data-path": path });
  (Array.isArray(nodes) ? nodes : []).forEach((_n, i) => box.append(node(path, i, depth)));
  box.append(el("button", { type: "button", class: "add", onclick: () => { list(path).push({ text: "" }); renderForm(); } },
    depth === 1 ? "+ Thêm mục" : "+ Thêm ý"));
  return box;
}

function node(path, i, depth) {
  const here = `${path}[${i}]`;
  const siblings = () => list(path);
  const item = get(here);
  const hasTask = FIELDS.some(([k]) => item[k]);
  const tools = el("span", { class: "tools" },
    tool("↑", "Lên", () => i > 0 && siblings().splice(i - 1, 0, siblings().splice(i, 1)[0])),
    tool("↓", "Xuống", () => i < siblings().length - 1 && siblings().splice(i + 1, 0, siblings().splice(i, 1)[0])),
    tool("←", "Lùi ra (lên cấp trên)", () => outdent(path, i)),
    tool("→", "Thụt vào (thành ý con của mục trên)", () => indent(path, i)),
    tool("+ con", "Thêm ý con", () => list(`${here}.children`).push({ text: "" })),
    tool("+ sau", "Thêm mục ngang hàng ở dưới", () => siblings().splice(i + 1, 0, { text: "" })),
    ...(item.table ? [] : [tool("+ bảng", "Thêm một bảng vào mục này", () => {
      get(here).table = { columns: [{ title: "Nội dung" }, { title: "Ghi chú" }], rows: [["", ""]] };
    })]),
    tool("✕", "Xóa mục này", () => siblings().splice(i, 1)));
  const task = el("details", hasTask ? { open: "" } : {},
    el("summary", {}, "Nhiệm vụ: cơ quan, hình thức, thời gian"),
    ...FIELDS.map(([k, label]) => input(`${here}.${k}`, label, { lines: true, rows: 1 })));
  const parts = [
    el("div", { class: "node-head" }, el("span", { class: "depth" }, `Cấp ${depth}`), tools),
    input(`${here}.heading`, "Tiêu đề", {}),
    item.task ? sharedTask(item.task) : input(`${here}.text`, "Nội dung (mỗi dòng một đoạn)", { lines: true, rows: 2 }),
    task,
  ];
  if (item.table) parts.push(freeTable(`${here}.table`));
  if (Array.isArray(item.children) && item.children.length) parts.push(outline(`${here}.children`, depth + 1));
  return el("div", { class: "node", "data-path": here }, ...parts);
}

function indent(path, i) {
  if (i === 0) return;
  const siblings = list(path);
  const [moved] = siblings.splice(i, 1);
  const previous = siblings[i - 1];
  if (!Array.isArray(previous.children)) previous.children = [];
  previous.children.push(moved);
}
function outdent(path, i) {
  const keys = parse(path);
  if (keys.length < 3) return;  // a top-level item has no parent
  const parentList = format(keys.slice(0, -2));
  const parentIndex = keys[keys.length - 2];
  const [moved] = list(path).splice(i, 1);
  list(parentList).splice(parentIndex + 1, 0, moved);
  if (!get(path).length) set(path, undefined);
}

// A free table: its columns' titles, then a grid of cells.
function freeTable(path) {
  const table = get(path);
  const columns = table.columns || [];
  const grid = el("table", { class: "grid-edit", "data-path": `${path}.rows` },
    el("tr", {}, columns.map((_c, j) => el("th", {}, input(`${path}.columns[${j}].title`, `Cột ${j + 1}`)))));
  (table.rows || []).forEach((r, k) => {
    if (!Array.isArray(r)) {
      grid.append(el("tr", {}, el("td", { colspan: columns.length || 1 }, input(`${path}.rows[${k}].group`, "Nhóm"))));
      return;
    }
    grid.append(el("tr", {}, columns.map((_c, j) => el("td", {}, input(`${path}.rows[${k}][${j}]`, `Ô ${k + 1}.${j + 1}`, { lines: true, rows: 1 }))),
      el("td", {}, tool("✕", "Xóa dòng", () => table.rows.splice(k, 1)))));
  });
  return el("div", {}, el("div", { class: "field" }, el("span", {}, "Bảng")), grid,
    el("span", { class: "tools" },
      tool("+ dòng", "Thêm dòng", () => { (table.rows = table.rows || []).push(columns.map(() => "")); }),
      tool("+ cột", "Thêm cột", () => { columns.push({ title: "" }); table.columns = columns; })));
}

// An appendix's task rows: content and who and when, group rows between them.
const ROW_KEYS = [["content", "Nhiệm vụ"], ["lead", "Chủ trì"], ["coordinating", "Phối hợp"], ["timeline", "Thời gian"]];
function taskRows(path) {
  const rows = get(path) || [];
  const grid = el("table", { class: "grid-edit", "data-path": path },
    el("tr", {}, ROW_KEYS.map(([, label]) => el("th", {}, label)), el("th", {}, "")));
  const add = (r, p) => {
    if (r.group !== undefined) {
      grid.append(el("tr", {}, el("td", { colspan: ROW_KEYS.length }, input(`${p}.group`, "Nhóm")),
        el("td", {}, tool("✕", "Xóa nhóm", () => list(p.replace(/\[\d+\]$/, "")).splice(Number(p.match(/\[(\d+)\]$/)[1]), 1)))));
      (r.rows || []).forEach((sub, k) => add(sub, `${p}.rows[${k}]`));
      return;
    }
    const remove = el("td", {}, tool("✕", "Xóa dòng", () => list(p.replace(/\[\d+\]$/, "")).splice(Number(p.match(/\[(\d+)\]$/)[1]), 1)));
    if (r.task !== undefined) {
      grid.append(el("tr", { "data-path": p }, el("td", { colspan: ROW_KEYS.length }, sharedTask(r.task)), remove));
      return;
    }
    grid.append(el("tr", { "data-path": p }, ROW_KEYS.map(([key, label]) => el("td", {}, input(`${p}.${key}`, label, { lines: true, rows: key === "content" ? 3 : 2 }))),
      remove));
  };
  rows.forEach((r, k) => add(r, `${path}[${k}]`));
  return el("div", {}, grid, el("span", { class: "tools" },
    tool("+ dòng", "Thêm nhiệm vụ", () => list(path).push({ content: "" })),
    tool("+ nhóm", "Thêm nhóm", () => list(path).push({ group: "", rows: [] }))));
}

function appendices() {
  const items = get("appendices");
  const box = el("div", { "data-path": "appendices" });
  (Array.isArray(items) ? items : []).forEach((a, i) => {
    const p = `appendices[${i}]`;
    box.append(el("div", { class: "node", "data-path": p },
      el("div", { class: "node-head" }, el("span", { class: "depth" }, `Phụ lục ${i + 1}`),
        el("span", { class: "tools" }, tool("✕", "Xóa phụ lục", () => list("appendices").splice(i, 1)))),
      row(input(`${p}.heading`, "Đề mục (mặc định: Phụ lục …)"), input(`${p}.note`, "Dòng kèm theo")),
      input(`${p}.title`, "Tên phụ lục (mỗi dòng một dòng)", { lines: true }),
      a.table ? freeTable(`${p}.table`) : taskRows(`${p}.rows`)));
  });
  box.append(el("button", { type: "button", class: "add", onclick: () => { list("appendices").push({ title: "", rows: [] }); renderForm(); } }, "+ Thêm phụ lục"));
  return box;
}

// The date: one text (2026-05-07, 07/05/2026), or day, month and year apart (a draft leaves
// the day, or the day and the month, for the signer).
function dateFields() {
  const date = get("date");
  if (date && typeof date === "object") {
    return [input("date.day", "Ngày", { number: true }), input("date.month", "Tháng", { number: true }),
      input("date.year", "Năm", { number: true })];
  }
  return [input("date", "Ngày (2026-05-07 hoặc 07/05/2026)")];
}

function renderForm() {
  if (!state.data) return;
  const form = $("form");
  const scroll = form.scrollTop;
  form.replaceChildren(
    section("Thông tin chung",
      row(input("kind", "Loại văn bản", { choices: KINDS }), input("number", "Số (để trống: dự thảo)", { number: true }),
        ...dateFields(), input("year", "Năm kế hoạch", { number: true })),
      row(input("ward.name", "Tên phường, xã"), input("ward.kind", "Cấp", { choices: WARD_KINDS, default: "phường" }),
        input("ward.place", "Địa danh (nếu khác)")),
      row(input("agency.parent", "Cơ quan chủ quản"), input("agency.abbreviation", "Viết tắt (UBND)")),
      input("subject", "Trích yếu (mỗi dòng một dòng)", { lines: true })),
    section("Căn cứ", textList("basis", "Căn cứ", "+ Thêm căn cứ")),
    section("Mở đầu", input("opening", "Câu mở đầu (để trống: câu mặc định)", { lines: true })),
    section("Nội dung", outline("body", 1)),
    section("Phụ lục", appendices()),
    section("Kết thúc",
      input("closing", "Câu kết (để trống: câu mặc định)", { lines: true }),
      el("div", { class: "field" }, el("span", {}, "Nơi nhận")),
      textList("recipients", "Nơi nhận", "+ Thêm nơi nhận", 1),
      row(input("recipients_note", "Ghi chú nơi nhận"), input("archive", "Lưu (sau VT)"))),
    section("Người ký",
      row(input("signer.collective", "Tập thể (sau TM.)"), input("signer.authority", "Thẩm quyền", { choices: AUTHORITIES, optional: true })),
      row(input("signer.title", "Chức vụ"), input("signer.signer_title", "Chức vụ người ký (KT./TL.)")),
      input("signer.name", "Họ và tên")));
  form.scrollTop = scroll;
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
