// Her draft is kept in the browser while she types (localStorage, one per document) and
// offered back after a reload, a crash or a closed tab; leaving with unsaved work asks first.
"use strict";

const DRAFT_PREFIX = "vanban:draft:";
let draftTimer = null;

function draftKey(path) { return DRAFT_PREFIX + path; }
function keepDraft() {
  clearTimeout(draftTimer);
  draftTimer = setTimeout(() => {
    if (!state.doc || !state.data) return;
    try {
      localStorage.setItem(draftKey(state.doc.path), JSON.stringify({
        doc: state.doc, data: state.data, yaml: state.yaml, notes: state.notes, title: titleOf(), at: Date.now() }));
    } catch (_err) { status("Trình duyệt không còn chỗ giữ bản nháp: hãy lưu văn bản", true); }
  }, 300);
}
function dropDraft(path) {
  clearTimeout(draftTimer);
  localStorage.removeItem(draftKey(path));
}
function draftOf(path) {
  try { return JSON.parse(localStorage.getItem(draftKey(path)) || "null"); } catch (_err) { return null; }
}
function latestDraft() {
  let best = null;
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key || !key.startsWith(DRAFT_PREFIX)) continue;
    const draft = draftOf(key.slice(DRAFT_PREFIX.length));
    if (draft && draft.doc && (!best || draft.at > best.at)) best = draft;
  }
  return best;
}
function when(at) {
  const d = new Date(at);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ngày ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

// The offer: "Khôi phục bản nháp chưa lưu?" with the draft's title and time.
function offerDraft(draft, onDecline) {
  const bar = $("draft-offer");
  bar.replaceChildren(
    el("span", {}, "Khôi phục bản nháp chưa lưu? ", el("b", {}, draft.title || "Văn bản"), ` (lúc ${when(draft.at)})`),
    el("button", { type: "button", id: "draft-restore", onclick: () => { bar.hidden = true; openDraft(draft); } }, "Khôi phục"),
    el("button", { type: "button", id: "draft-discard", onclick: () => {
      bar.hidden = true;
      dropDraft(draft.doc.path);
      if (onDecline) onDecline();
    } }, "Bỏ bản nháp"));
  bar.hidden = false;
}

function openDraft(draft) {
  open({ ...draft.doc, data: draft.data, yaml: draft.yaml, notes: draft.notes, problems: [], html: null }, { draft: true });
  state.edits = 1;  // its text is merged again from its data
  state.merged = 0;
  state.dirty = true;
  changed();
  status("Đã khôi phục bản nháp");
}

window.addEventListener("beforeunload", (e) => {
  if (!state.dirty) return;
  e.preventDefault();
  e.returnValue = "";
});
