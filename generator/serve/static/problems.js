// What needs fixing and what to look at, in her words: each problem names the field as the form
// labels it ("Người ký – Họ và tên: bắt buộc") and takes her to it; each note (after an import,
// a year change, a new year's plan) sits next to the item it is about. Key paths stay inside.
"use strict";

// The field a key path points into: the path itself, else its nearest parent on the form.
function fieldAt(path) {
  let keys = parse(path || "");
  while (keys.length) {
    const found = document.querySelector(`#form [data-path="${CSS.escape(format(keys))}"]`);
    if (found) return found;
    keys = keys.slice(0, -1);
  }
  return null;
}

// A field's name as the form shows it: its section (or its item's printed label) and its label.
function fieldName(field) {
  if (!field) return "";
  const item = field.closest(".node");
  const where = item && item !== field
    ? `Mục ${state.labels[item.dataset.path] || ""}`.trim()
    : item ? `Mục ${state.labels[item.dataset.path] || ""}`.trim()
      : (field.closest("fieldset")?.querySelector("legend")?.textContent || "");
  const label = field.dataset.label || "";
  return [where, label].filter(Boolean).join(" – ");
}

// Take her to a field: open what hides it, scroll to it, focus it, show where it is.
function goTo(field) {
  if (!field) return;
  for (let d = field.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  field.scrollIntoView({ block: "center" });
  const target = field.matches("input, select, .rich, .node") ? field : field.querySelector("input, select, .rich") || field;
  target.focus({ preventScroll: true });
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1800);
}

function problems(items) {
  state.problems = items;
  document.querySelectorAll("#form .problem, #form .item-note").forEach((e) => e.remove());
  document.querySelectorAll("#form .invalid").forEach((e) => e.classList.remove("invalid"));
  const box = $("problems");
  box.replaceChildren();
  for (const p of items) {
    const field = fieldAt(p.path);
    const name = fieldName(field);
    const where = name ? `${name}: ` : p.line ? `Dòng ${p.line} (trong Nâng cao): ` : "";
    const li = el("li", { class: p.warning ? "warning" : "", tabindex: "0" }, where + p.message);
    li.onclick = () => goTo(field);
    li.onkeydown = (e) => { if (e.key === "Enter") goTo(field); };
    box.appendChild(li);
    if (!field) continue;
    field.classList.add("invalid");
    const note = el("div", { class: "problem" + (p.warning ? " warning" : ""), "data-for": p.path }, p.message);
    field.insertAdjacentElement("afterend", note);
  }
  $("problems-title").hidden = !items.length;
  showNotes();
}

// Notes: {path, message}, or a plain message; one written "12: body[0].text: …" (a review
// comment's line and key path) keeps its path for the page and loses it from the words.
const NOTE_PATH = /^(?:\d+:\s*)?([a-z_]\w*(?:\[\d+\]|\.[a-z_]\w*)*):\s+([\s\S]*)$/;
function setNotes(notes) {
  state.notes = (notes || []).map((n) => {
    if (typeof n !== "string") return n;
    const m = n.match(NOTE_PATH);
    return m ? { path: m[1], message: m[2] } : { path: "", message: n };
  }).filter((n) => n && n.message);
}
function showNotes() {
  document.querySelectorAll("#form .item-note").forEach((e) => e.remove());
  const box = $("notes");
  box.replaceChildren();
  for (const n of state.notes) {
    const field = n.path ? fieldAt(n.path) : null;
    const name = fieldName(field);
    const li = el("li", { tabindex: "0" }, (name ? `${name}: ` : "") + n.message);
    li.onclick = () => goTo(field);
    box.appendChild(li);
    if (!field) continue;
    const holder = field.classList.contains("node") ? field.querySelector(":scope > .node-head") : field;
    holder.insertAdjacentElement("afterend", el("div", { class: "item-note" }, n.message));
  }
  $("notes-title").hidden = !state.notes.length;
  $("problems-box").hidden = !state.notes.length && !state.problems.length;
}
