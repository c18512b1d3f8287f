// The editor's form: one field per key of the config, built from the config as data and
// rebuilt after each structural edit (add, move, delete). Loaded before editor.js, which
// holds the state, the key paths and the talk with the server.
"use strict";

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
    if (opts.rerender) renderForm();  // a choice that changes which fields the form shows
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

// The config's vocabulary comes from the server (generator/vocabulary.py), in the page.
const KINDS = VOCABULARY.kinds;
const WARD_KINDS = VOCABULARY.ward_kinds;
const AUTHORITIES = VOCABULARY.authorities;
// What each kind has (generator/vocabulary.py's Kind): the form shows the fields it uses.
const KIND_PARTS = VOCABULARY.kind_parts;
function kindHas(part) { const k = KIND_PARTS[get("kind")]; return !!k && k.parts.includes(part); }
function kindEnacts() { const k = KIND_PARTS[get("kind")]; return k ? k.enacts : ""; }
function kindSymbol() { const k = KIND_PARTS[get("kind")]; return k ? k.symbol : ""; }
const FIELDS = VOCABULARY.fields.map(([key, label]) => [key, label]);

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

// The key of an appendix column as the config writes it: "lead", {lead: "Chủ trì"} or {key: …}.
function columnKey(c) {
  if (typeof c === "string" || !c) return c;
  if (c.key) return c.key;
  const keys = Object.keys(c).filter((k) => !["width", "align", "header"].includes(k));
  return keys.length === 1 ? keys[0] : null;
}

// An appendix's task rows: the text and the fields its columns show, group rows between them.
function taskRows(path) {
  const rows = get(path) || [];
  const columns = get(path.replace(/\.rows$/, ".columns"));
  const shown = (Array.isArray(columns) && columns.length ? columns : VOCABULARY.default_columns)
    .map(columnKey).filter((k) => k && k !== "tt" && k !== "content" && VOCABULARY.columns[k]);
  const ROW_KEYS = ["content", ...shown].map((k) => [k, VOCABULARY.columns[k]]);
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
      row(input("kind", "Loại văn bản", { choices: KINDS, rerender: true }), input("number", "Số (để trống: dự thảo)", { number: true }),
        ...dateFields(), input("year", "Năm kế hoạch", { number: true })),
      row(input("ward.name", "Tên phường, xã"), input("ward.kind", "Cấp", { choices: WARD_KINDS, default: "phường" }),
        input("ward.place", "Địa danh (nếu khác)")),
      row(input("agency.parent", "Cơ quan chủ quản"), input("agency.abbreviation", "Viết tắt (UBND)"),
        ...(kindSymbol() === "agency-unit" ? [input("unit", "Đơn vị soạn thảo (ký hiệu UBND-…)")] : [])),
      input("subject", kindHas("vv") ? "Trích yếu, sau «V/v» (mỗi dòng một dòng)" : "Trích yếu (mỗi dòng một dòng)", { lines: true })),
    ...(kindHas("kinh_gui") ? [section("Kính gửi", textList("kinh_gui", "Kính gửi", "+ Thêm nơi gửi", 1))] : []),
    ...(kindHas("issuer") ? [section("Thẩm quyền ban hành", input("issuer", "Dòng thẩm quyền (để trống: theo người ký)"))] : []),
    section("Căn cứ", textList("basis", "Căn cứ", "+ Thêm căn cứ"),
      ...(kindEnacts() ? [input("proposal", "Theo đề nghị của …", { lines: true })] : [])),
    section("Mở đầu", input("opening", "Câu mở đầu (để trống: câu mặc định)", { lines: true })),
    ...(kindHas("invites") ? [section("Cuộc họp",
      input("meeting.title", "Tới dự (tên hội nghị, cuộc họp)", { lines: true }),
      row(input("meeting.date", "Ngày họp (15/07/2026)"), input("meeting.time", "Giờ (14:00)")),
      row(input("meeting.chair", "Chủ trì"), input("meeting.place", "Địa điểm")),
      input("meeting.invitees", "Thành phần mời (mỗi dòng một nơi)", { lines: true, rows: 4 }),
      input("meeting.notes", "Ghi chú (mỗi dòng một đoạn)", { lines: true }))] : []),
    section("Nội dung", outline("body", 1)),
    section("Phụ lục", appendices()),
    section("Kết thúc",
      input("closing", "Câu kết (để trống: câu mặc định)", { lines: true }),
      ...(kindHas("kinh_gui") ? [input("contact", "Đầu mối liên hệ", { lines: true })] : []),
      el("div", { class: "field" }, el("span", {}, "Nơi nhận")),
      textList("recipients", "Nơi nhận", "+ Thêm nơi nhận", 1),
      row(input("recipients_note", "Ghi chú nơi nhận"), input("archive", "Lưu (sau VT)"))),
    section("Người ký",
      row(input("signer.collective", "Tập thể (sau TM.)"), input("signer.authority", "Thẩm quyền", { choices: AUTHORITIES, optional: true })),
      row(input("signer.title", "Chức vụ"), input("signer.signer_title", "Chức vụ người ký (KT./TL.)")),
      input("signer.name", "Họ và tên")));
  form.scrollTop = scroll;
}
