// "Văn bản mới": a gallery (a blank of each kind, the bundled examples, by their titles) and a
// short wizard (kind, ward, signer, year, number and date or a draft); the server builds the
// document. "Lịch sử": the versions her saves replaced, to look at and restore.
"use strict";

let gallery = [];

function newDialog() {
  const dialog = $("new-dialog");
  const cards = $("gallery");
  cards.replaceChildren(...gallery.map((card, i) => el("button", {
    type: "button", class: "card", "data-index": i, "data-base": card.base ? "example" : "blank",
    onclick: (e) => pick(i, e.currentTarget) },
  el("span", { class: "card-kind" }, card.base ? card.name : `${card.name} trống`),
  el("span", { class: "card-title" }, card.subject || "Bắt đầu từ khung có sẵn của loại văn bản này"),
  card.ward ? el("span", { class: "card-ward" }, card.ward) : null)));
  const kinds = $("wizard-kind");
  kinds.replaceChildren(...VOCABULARY.kinds.map(([k, name]) => el("option", { value: k }, name)));
  $("wizard-ward-kind").replaceChildren(...["phường", "xã", "đặc khu"].map((k) => el("option", { value: k }, k)));
  $("wizard-year").value = new Date().getFullYear() + (new Date().getMonth() >= 9 ? 1 : 0);
  if (state.data && state.data.ward) {
    $("wizard-ward").value = state.data.ward.name || "";
    if (["phường", "xã", "đặc khu"].includes(state.data.ward.kind)) $("wizard-ward-kind").value = state.data.ward.kind;
  }
  pick(0, cards.firstChild);
  dialog.showModal();
}

function pick(i, button) {
  document.querySelectorAll("#gallery .card").forEach((c) => c.classList.toggle("chosen", c === button));
  $("wizard").dataset.base = gallery[i].base;
  if (gallery[i].kind) $("wizard-kind").value = gallery[i].kind;
}

function draftToggle() {
  const draft = $("wizard-draft").checked;
  $("wizard-number").disabled = draft;
  $("wizard-date").disabled = draft;
}

async function createDocument(e) {
  e.preventDefault();
  const missing = [["wizard-ward", "Tên phường, xã"], ["wizard-signer", "Người ký – Họ và tên"]]
    .filter(([id]) => !$(id).value.trim());
  if (missing.length) {
    $("wizard-problem").textContent = `${missing.map(([, label]) => label).join(", ")}: bắt buộc`;
    $(missing[0][0]).focus();
    return;
  }
  $("wizard-problem").textContent = "";
  const kind = $("wizard-kind").value;
  const base = $("wizard").dataset.base;
  const chosen = gallery.find((c) => c.base === base);
  const answers = {
    kind, base: chosen && chosen.kind === kind ? base : "", subject: $("wizard-subject").value,
    ward: { name: $("wizard-ward").value, kind: $("wizard-ward-kind").value, province: $("wizard-province").value },
    signer: { name: $("wizard-signer").value, deputy: $("wizard-deputy").checked },
    year: Number($("wizard-year").value) || null, draft: $("wizard-draft").checked,
    number: $("wizard-number").value ? Number($("wizard-number").value) : null, date: $("wizard-date").value || null,
  };
  try {
    const doc = await post("/api/new", answers);
    $("new-dialog").close();
    open(doc);
    state.dirty = true;
    keepDraft();
    status("Văn bản mới: bấm Lưu để giữ trong thư mục");
  } catch (err) { $("wizard-problem").textContent = err.message; }
}

// --- saved versions ---------------------------------------------------------------------------
async function showHistory() {
  if (!state.doc) return;
  const box = $("history-list");
  if (state.doc.new) {
    box.replaceChildren(el("li", {}, "Văn bản chưa được lưu lần nào."));
  } else {
    try {
      const answer = await post("/api/history", { path: state.doc.path });
      box.replaceChildren(...(answer.versions.length ? answer.versions.map((v) => el("li", {},
        el("span", {}, `Bản lưu trước lúc ${v.time}`),
        el("button", { type: "button", onclick: () => lookAt(v) }, "Xem"),
        el("button", { type: "button", class: "restore", onclick: () => restore(v) }, "Khôi phục")))
        : [el("li", {}, "Chưa có bản nào: mỗi lần Lưu, bản trước đó được giữ ở đây.")]));
    } catch (err) { return status(err.message, true); }
  }
  $("history-dialog").showModal();
}
async function versionOf(v) { return post("/api/history/version", { path: state.doc.path, id: v.id }); }
async function lookAt(v) {
  try {
    const answer = await versionOf(v);
    $("history-dialog").close();
    if (answer.html) paginate(answer.html, $("pages"));
    const bar = $("draft-offer");
    bar.replaceChildren(el("span", {}, `Đang xem bản lưu trước lúc ${v.time}. `),
      el("button", { type: "button", onclick: () => { bar.hidden = true; restore(v); } }, "Khôi phục bản này"),
      el("button", { type: "button", onclick: () => { bar.hidden = true; changed(); } }, "Đóng"));
    bar.hidden = false;
  } catch (err) { status(err.message, true); }
}
async function restore(v) {
  try {
    const answer = await versionOf(v);
    if ($("history-dialog").open) $("history-dialog").close();
    beforeEdit();
    state.data = answer.data || {};
    state.yaml = answer.yaml;
    state.edits = state.merged = 0;
    $("yaml").value = answer.yaml;
    renderForm();
    changed();
    status(`Đã khôi phục bản lưu trước lúc ${v.time}: bấm Lưu để giữ`);
  } catch (err) { status(err.message, true); }
}

function wizardSetup() {
  $("new").onclick = newDialog;
  $("wizard-draft").onchange = draftToggle;
  $("wizard").onsubmit = createDocument;
  $("wizard-cancel").onclick = () => $("new-dialog").close();
  $("history").onclick = showHistory;
  $("history-close").onclick = () => $("history-dialog").close();
}
