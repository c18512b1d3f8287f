// The editor's form: one field per key of the config, labelled in her words, built from the
// config as data and rebuilt after each structural edit (add, move, delete). Text boxes show
// bold and italic (richtext.js); the outline is outline.js; "?" shows a field's help.
"use strict";

// A field's "?": what it means and what the decree asks (generator/serve/fieldhelp.py).
function helpButton(path) {
  const text = VOCABULARY.help[fieldKey(path)];
  if (!text) return null;
  return el("button", { type: "button", class: "help", tabindex: "-1", "aria-label": "Giải thích", title: text,
    onclick: (e) => {
      e.preventDefault();
      const label = e.target.closest(".field");
      const shown = label.querySelector(":scope > .help-text");
      if (shown) shown.remove();
      else label.insertBefore(el("div", { class: "help-text" }, text), label.children[1]);
    } }, "?");
}

// A field: a choice, a number, a line of plain text, or a text box with formatting
// (``lines``: paragraphs, one a line; ``rich``: one line, a heading).
function input(path, label, opts = {}) {
  const value = get(path);
  const common = { "data-path": path, "aria-label": label, "data-label": label };
  let control;
  const store = (v) => {
    beforeEdit(path);
    set(path, v);
    changed();
    if (opts.rerender) renderForm();  // a choice that changes which fields the form shows
  };
  if (opts.choices) {
    control = el("select", { ...common, class: "input" },
      (opts.optional ? [el("option", { value: "" }, "—")] : []),
      opts.choices.map(([v, text]) => el("option", { value: v }, text)));
    control.value = value == null ? (opts.default || "") : String(value);
    control.addEventListener("change", () => store(control.value === "" ? undefined : control.value));
  } else if (opts.lines || opts.rich) {
    control = richBox(common, value, Boolean(opts.lines), store);
  } else {
    control = el("input", { ...common, type: opts.number ? "number" : "text", placeholder: opts.placeholder || "" });
    control.value = value == null ? "" : String(value);
    const iso = control.value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (opts.date && iso) control.value = `${iso[3]}/${iso[2]}/${iso[1]}`;  // as she writes it
    control.addEventListener("input", () => {
      const v = control.value;
      store(opts.number ? (v === "" ? undefined : Number(v)) : v.trim() === "" ? undefined : v);
    });
  }
  return el("label", { class: "field" }, el("span", { class: "label" }, label, helpButton(path)), control);
}

function row(...fields) { return el("div", { class: "row" }, ...fields); }
// A row that stands for a key of its own (ward, agency, the date's parts): a problem with the
// whole key ("signer: bắt buộc") lands on it, named by ``label``.
function group(path, label, ...fields) {
  return el("div", { class: "row", "data-path": path, "data-label": label }, ...fields);
}
function section(title, ...content) { return el("fieldset", {}, el("legend", {}, title), ...content); }
// A button that changes the structure: one step of undo, then the form again.
function tool(text, title, action) {
  return el("button", { type: "button", title, onclick: () => {
    beforeEdit();
    action();
    renderForm();
    changed();
  } }, text);
}
function addButton(text, action) {
  return el("button", { type: "button", class: "add", onclick: () => {
    beforeEdit();
    action();
    renderForm();
    changed();
  } }, text);
}

// A list of text items (căn cứ, nơi nhận): add, delete, move.
function textList(path, label, addLabel, multi = true) {
  const items = get(path);
  const box = el("div", { "data-path": path });
  (Array.isArray(items) ? items : items ? [items] : []).forEach((_v, i) => {
    const items = list(path);
    box.append(el("div", { class: "item" },
      input(`${path}[${i}]`, `${label} ${i + 1}`, multi ? { lines: true } : { rich: true }),
      el("span", { class: "tools" },
        tool("Lên", "Đưa lên trên", () => i > 0 && items.splice(i - 1, 0, items.splice(i, 1)[0])),
        tool("Xuống", "Đưa xuống dưới", () => i < items.length - 1 && items.splice(i + 1, 0, items.splice(i, 1)[0])),
        tool("Xóa", "Xóa (hoàn tác được)", () => items.splice(i, 1)))));
  });
  box.append(addButton(addLabel, () => list(path).push("")));
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

// An item or a row that uses a task shared by several (kept apart in the config) shows it,
// read-only here.
function sharedTask(id) {
  const task = (get("tasks") || []).find((t) => t && t.id === id);
  const text = task ? plainText(task.content) : "(không tìm thấy)";
  return el("div", { class: "shared" }, el("b", {}, "Nhiệm vụ dùng chung: "), text,
    el("span", { class: "hint" }, " (sửa ở phần Nâng cao)"));
}

// A free table: its columns' titles, then a grid of cells.
function freeTable(path) {
  const table = get(path);
  const columns = table.columns || [];
  const grid = el("table", { class: "grid-edit", "data-path": `${path}.rows` },
    el("tr", {}, columns.map((_c, j) => el("th", {}, input(`${path}.columns[${j}].title`, `Cột ${j + 1}`, { rich: true })))));
  (table.rows || []).forEach((r, k) => {
    if (!Array.isArray(r)) {
      grid.append(el("tr", {}, el("td", { colspan: columns.length || 1 }, input(`${path}.rows[${k}].group`, "Nhóm", { rich: true }))));
      return;
    }
    grid.append(el("tr", {}, columns.map((_c, j) => el("td", {}, input(`${path}.rows[${k}][${j}]`, `Ô ${k + 1}.${j + 1}`, { lines: true, rows: 1 }))),
      el("td", {}, tool("Xóa", "Xóa dòng", () => table.rows.splice(k, 1)))));
  });
  return el("div", {}, el("div", { class: "field" }, el("span", {}, "Bảng")), grid,
    el("span", { class: "tools" },
      tool("Thêm dòng", "Thêm dòng", () => { (table.rows = table.rows || []).push(columns.map(() => "")); }),
      tool("Thêm cột", "Thêm cột", () => { columns.push({ title: "" }); table.columns = columns; })));
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
      grid.append(el("tr", {}, el("td", { colspan: ROW_KEYS.length }, input(`${p}.group`, "Nhóm", { rich: true })),
        el("td", {}, tool("Xóa", "Xóa nhóm", () => list(p.replace(/\[\d+\]$/, "")).splice(Number(p.match(/\[(\d+)\]$/)[1]), 1)))));
      (r.rows || []).forEach((sub, k) => add(sub, `${p}.rows[${k}]`));
      return;
    }
    const remove = el("td", {}, tool("Xóa", "Xóa dòng", () => list(p.replace(/\[\d+\]$/, "")).splice(Number(p.match(/\[(\d+)\]$/)[1]), 1)));
    if (r.task !== undefined) {
      grid.append(el("tr", { "data-path": p }, el("td", { colspan: ROW_KEYS.length }, sharedTask(r.task)), remove));
      return;
    }
    grid.append(el("tr", { "data-path": p }, ROW_KEYS.map(([key, label]) => el("td", {}, input(`${p}.${key}`, label, { lines: true, rows: key === "content" ? 3 : 2 }))),
      remove));
  };
  rows.forEach((r, k) => add(r, `${path}[${k}]`));
  return el("div", {}, grid, el("span", { class: "tools" },
    tool("Thêm nhiệm vụ", "Thêm nhiệm vụ", () => list(path).push({ content: "" })),
    tool("Thêm nhóm", "Thêm nhóm", () => list(path).push({ group: "", rows: [] }))));
}

function appendices() {
  const items = get("appendices");
  const box = el("div", { "data-path": "appendices" });
  (Array.isArray(items) ? items : []).forEach((a, i) => {
    const p = `appendices[${i}]`;
    box.append(el("div", { class: "node", "data-path": p },
      el("div", { class: "node-head" }, el("span", { class: "label" }, `Phụ lục ${i + 1}`),
        el("span", { class: "tools" }, tool("Xóa", "Xóa phụ lục", () => list("appendices").splice(i, 1)))),
      row(input(`${p}.heading`, "Đề mục (để trống: Phụ lục …)"), input(`${p}.note`, "Dòng kèm theo", { rich: true })),
      input(`${p}.title`, "Tên phụ lục (mỗi dòng một dòng)", { lines: true }),
      a.table ? freeTable(`${p}.table`) : taskRows(`${p}.rows`)));
  });
  box.append(addButton("Thêm phụ lục", () => list("appendices").push({ title: "", rows: [] })));
  return box;
}

// The date: one text (2026-05-07, 07/05/2026), or day, month and year apart (a draft leaves
// the day, or the day and the month, for the signer).
function dateFields() {
  const date = get("date");
  if (date && typeof date === "object") {
    return [group("date", "Ngày ban hành", input("date.day", "Ngày", { number: true }),
      input("date.month", "Tháng", { number: true }), input("date.year", "Năm", { number: true }))];
  }
  return [input("date", "Ngày ban hành", { date: true, placeholder: "07/05/2026" })];
}


function renderForm() {
  if (!state.data) return;
  const form = $("form");
  const scroll = form.scrollTop;
  const open = [...form.querySelectorAll("details[open][data-path]")].map((d) => d.dataset.path);
  form.replaceChildren(
    section("Thông tin chung",
      row(input("kind", "Loại văn bản", { choices: KINDS, rerender: true }), input("number", "Số (để trống: dự thảo)", { number: true }),
        ...dateFields(), input("year", "Năm kế hoạch", { number: true })),
      group("ward", "Phường, xã", input("ward.name", "Tên phường, xã"), input("ward.kind", "Cấp hành chính", { choices: WARD_KINDS, default: "phường" }),
        input("ward.place", "Địa danh (nếu khác)")),
      group("agency", "Cơ quan", input("agency.parent", "Cơ quan chủ quản"), input("agency.abbreviation", "Viết tắt (UBND)"),
        ...(kindSymbol() === "agency-unit" ? [input("unit", "Đơn vị soạn thảo (ký hiệu UBND-…)")] : [])),
      input("subject", kindHas("vv") ? "Trích yếu, sau «V/v»" : "Trích yếu", { lines: true })),
    ...(kindHas("kinh_gui") ? [section("Kính gửi", textList("kinh_gui", "Kính gửi", "Thêm nơi gửi", false))] : []),
    ...(kindHas("issuer") ? [section("Thẩm quyền ban hành", input("issuer", "Dòng thẩm quyền (để trống: theo người ký)", { rich: true }))] : []),
    section("Căn cứ", textList("basis", "Căn cứ", "Thêm căn cứ"),
      ...(kindEnacts() ? [input("proposal", "Theo đề nghị của …", { lines: true })] : [])),
    section("Mở đầu", input("opening", "Câu mở đầu (để trống: câu mặc định)", { lines: true })),
    ...(kindHas("invites") ? [section("Cuộc họp",
      input("meeting.title", "Tới dự (tên hội nghị, cuộc họp)", { lines: true }),
      row(input("meeting.date", "Ngày họp", { date: true, placeholder: "15/07/2026" }), input("meeting.time", "Giờ (14:00)")),
      row(input("meeting.chair", "Chủ trì"), input("meeting.place", "Địa điểm")),
      input("meeting.invitees", "Thành phần mời (mỗi dòng một nơi)", { lines: true }),
      input("meeting.notes", "Ghi chú (mỗi dòng một đoạn)", { lines: true }))] : []),
    section("Nội dung", outline("body", 1)),
    section("Phụ lục", appendices()),
    section("Kết thúc",
      input("closing", "Câu kết (để trống: câu mặc định)", { lines: true }),
      ...(kindHas("kinh_gui") ? [input("contact", "Đầu mối liên hệ", { lines: true })] : []),
      el("div", { class: "field" }, el("span", { class: "label" }, "Nơi nhận", helpButton("recipients"))),
      textList("recipients", "Nơi nhận", "Thêm nơi nhận", false),
      row(input("recipients_note", "Ghi chú nơi nhận"), input("archive", "Lưu (sau VT)"))),
    section("Người ký", group("signer", "",
      row(input("signer.collective", "Tập thể (sau TM.)"), input("signer.authority", "Thẩm quyền ký", { choices: AUTHORITIES, optional: true })),
      row(input("signer.title", "Chức vụ"), input("signer.signer_title", "Chức vụ người ký (KT./TL.)")),
      input("signer.name", "Họ và tên"))));
  open.forEach((p) => { const d = form.querySelector(`details[data-path="${CSS.escape(p)}"]`); if (d) d.open = true; });
  form.scrollTop = scroll;
  showLabels();
  problems(state.problems);
}
