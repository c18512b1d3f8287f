// The outline of the body: each item with its label as the document prints it ("II.1.a)",
// from the server: generator/serve/labels.py), its heading and text, and plain-word actions.
// From the keyboard: ↑/↓ between items, Alt+arrows to move and indent, Alt+Enter to add,
// Alt+Delete to delete (the guide lists them). Every action is one step of undo.
"use strict";

function outline(path, depth) {
  const nodes = get(path);
  const box = el("div", { "data-path": path, class: "outline", role: depth === 1 ? "tree" : "group" });
  (Array.isArray(nodes) ? nodes : []).forEach((_n, i) => box.append(node(path, i, depth)));
  if (depth === 1) box.append(addButton("Thêm mục", () => list(path).push({ text: "" })));
  return box;
}

// The actions on an item: [words, what it does (with its shortcut), the action]; an action
// returns the item's new path, to keep the focus on it.
function actions(path, i) {
  const here = `${path}[${i}]`;
  const siblings = () => list(path);
  const move = (to) => { siblings().splice(to, 0, siblings().splice(i, 1)[0]); return `${path}[${to}]`; };
  return [
    ["Thêm mục con", "Thêm mục con (Alt+Shift+Enter)", "child",
      () => { list(`${here}.children`).push({ text: "" }); return `${here}.children[${get(`${here}.children`).length - 1}]`; }],
    ["Thêm mục ngang hàng", "Thêm mục ngang hàng bên dưới (Alt+Enter)", "sibling",
      () => { siblings().splice(i + 1, 0, { text: "" }); return `${path}[${i + 1}]`; }],
    ["Lên", "Đưa mục lên trên (Alt+↑)", "up", () => (i > 0 ? move(i - 1) : here)],
    ["Xuống", "Đưa mục xuống dưới (Alt+↓)", "down", () => (i < siblings().length - 1 ? move(i + 1) : here)],
    ["Thụt vào", "Thụt vào: thành mục con của mục trên (Alt+→)", "indent", () => indent(path, i)],
    ["Lùi ra", "Lùi ra: lên cấp trên (Alt+←)", "outdent", () => outdent(path, i)],
    ["Xóa", "Xóa mục này, hoàn tác được (Alt+Delete)", "delete", () => {
      const label = state.labels[here] || "";
      siblings().splice(i, 1);
      status(`Đã xóa mục ${label} – bấm Hoàn tác (Ctrl+Z) để lấy lại`, false, true);
      return siblings().length ? `${path}[${Math.min(i, siblings().length - 1)}]` : null;
    }],
  ];
}

function act(action) {
  beforeEdit();
  const focus = action();
  renderForm();
  changed();
  const target = focus && document.querySelector(`#form .node[data-path="${CSS.escape(focus)}"]`);
  if (target) target.focus();
}

function node(path, i, depth) {
  const here = `${path}[${i}]`;
  const item = get(here);
  const hasTask = FIELDS.some(([k]) => item[k]);
  const buttons = actions(path, i).map(([text, title, name, action]) =>
    el("button", { type: "button", title, "data-action": name, onclick: () => act(action) }, text));
  const table = item.table ? null : el("button", { type: "button", class: "add", "data-action": "table",
    onclick: () => act(() => { get(here).table = { columns: [{ title: "Nội dung" }, { title: "Ghi chú" }], rows: [["", ""]] }; return here; }) },
  "Thêm bảng vào mục này");
  const task = el("details", { open: hasTask, "data-path": `${here}#task`, class: "task" },
    el("summary", {}, "Nhiệm vụ: cơ quan chủ trì, phối hợp, thời gian; bảng"),
    ...FIELDS.map(([k, label]) => input(`${here}.${k}`, label, { lines: true })), table);
  // a point (a), -) with text and no children: no heading box, the text is all it has
  const heading = item.heading || depth <= 2 || (Array.isArray(item.children) && item.children.length) || !item.text;
  const parts = [
    el("div", { class: "node-head" },
      el("span", { class: "item-label", "data-label-for": here }, state.labels[here] || ""),
      el("span", { class: "tools" }, buttons)),
    heading ? input(`${here}.heading`, "Tiêu đề", { rich: true }) : null,
    item.task ? sharedTask(item.task) : input(`${here}.text`, "Nội dung (mỗi dòng một đoạn)", { lines: true }),
    task,
  ];
  if (item.table) parts.push(freeTable(`${here}.table`));
  if (Array.isArray(item.children) && item.children.length) parts.push(outline(`${here}.children`, depth + 1));
  const box = el("div", { class: `node depth-${Math.min(depth, 5)}`, "data-path": here, tabindex: "0", role: "treeitem" }, ...parts);
  box.addEventListener("keydown", (e) => nodeKeys(e, box, path, i));
  return box;
}

function nodeKeys(e, box, path, i) {
  if (e.target.closest(".node") !== box) return;  // the innermost item handles its keys
  const named = Object.fromEntries(actions(path, i).map(([, , name, action]) => [name, action]));
  const shortcut = e.altKey && {
    ArrowUp: "up", ArrowDown: "down", ArrowRight: "indent", ArrowLeft: "outdent",
    Enter: e.shiftKey ? "child" : "sibling", Delete: "delete", Backspace: "delete" }[e.key];
  if (shortcut) {
    e.preventDefault();
    act(named[shortcut]);
    return;
  }
  if (e.target === box && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
    e.preventDefault();
    const all = [...document.querySelectorAll("#form .node")];
    const next = all[all.indexOf(box) + (e.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  } else if (e.target === box && e.key === "Enter") {
    e.preventDefault();
    const first = box.querySelector(".rich, input, select");
    if (first) first.focus();
  } else if (e.target !== box && e.key === "Escape") {
    box.focus();
  }
}

function indent(path, i) {
  if (i === 0) return `${path}[${i}]`;
  const siblings = list(path);
  const [moved] = siblings.splice(i, 1);
  const previous = siblings[i - 1];
  if (!Array.isArray(previous.children)) previous.children = [];
  previous.children.push(moved);
  return `${path}[${i - 1}].children[${previous.children.length - 1}]`;
}
function outdent(path, i) {
  const keys = parse(path);
  if (keys.length < 3) return `${path}[${i}]`;  // a top-level item has no parent
  const parentList = format(keys.slice(0, -2));
  const parentIndex = keys[keys.length - 2];
  const [moved] = list(path).splice(i, 1);
  list(parentList).splice(parentIndex + 1, 0, moved);
  if (!get(path).length) set(path, undefined);
  return `${parentList}[${parentIndex + 1}]`;
}

// The printed labels, as the server last computed them.
function showLabels() {
  document.querySelectorAll("#form [data-label-for]").forEach((e) => {
    e.textContent = state.labels[e.dataset.labelFor] || "";
  });
}
