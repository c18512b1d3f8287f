// The editor: the form (the server keeps the config's text, its comments and the validation)
// and the live preview. Loaded last: it wires the page's buttons and starts it.
"use strict";

// An edit: sent after a short pause in typing; answers that come back late are dropped.
function changed(fromYaml = false) {
  if (!state.doc) return;
  clearTimeout(state.timer);
  state.dirty = true;
  status("Đang cập nhật…");
  state.timer = setTimeout(() => send(fromYaml), 120);
  keepDraft();
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
    state.mergeTimer = setTimeout(() => syncYaml().catch((err) => status(err.message, true)), 600);
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

// The config's text with the form's edits, comments kept (the server merges them).
async function syncYaml() {
  if (state.merged === state.edits) return;
  const edits = state.edits;
  const answer = await post("/api/merge", { path: state.doc.path, yaml: state.yaml, data: state.data });
  state.yaml = answer.yaml;
  state.merged = edits;
  if (document.activeElement !== $("yaml")) $("yaml").value = answer.yaml;
  keepDraft();
}
async function current() {
  clearTimeout(state.mergeTimer);
  await syncYaml();
  return state.yaml;
}

function show(answer, fromYaml) {
  if (answer.yaml != null) {
    state.yaml = answer.yaml;
    if (document.activeElement !== $("yaml")) $("yaml").value = answer.yaml;
  }
  if (answer.labels) state.labels = answer.labels;
  if (answer.notes !== undefined) setNotes(answer.notes);
  // the YAML changed, or the server moved the years a new plan's year derives: the form follows,
  // the field she is typing in keeps its focus
  if (answer.data) {
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.path : null;
    state.data = answer.data;
    renderForm();
    const again = focused && document.querySelector(`#form [data-path="${CSS.escape(focused)}"]`);
    if (again && !fromYaml) again.focus();
  }
  showLabels();
  // "{{ year }}" shows the year it stands for: a new year shows at once
  document.querySelectorAll("#form .rich .var").forEach((v) => { v.textContent = variableValue(v.dataset.var); });
  const items = answer.problems || [];
  problems(items);
  state.errors = items.filter((p) => !p.warning).length;
  $("title").textContent = titleOf() + (state.doc.new ? " (chưa lưu)" : "");
  if (answer.html) {
    const pages = paginate(answer.html, $("pages"));
    status(state.errors ? `${state.errors} lỗi cần sửa` : `${pages} trang`, Boolean(state.errors));
  } else if (items.length) {
    status(`${items.length} lỗi cần sửa (xem trước chưa cập nhật)`, true);
  }
}

function open(doc, opts = {}) {
  state.doc = { path: doc.path, version: doc.version, new: doc.new };
  state.data = doc.data || {};
  state.yaml = doc.yaml;
  state.edits = state.merged = 0;
  state.labels = doc.labels || {};
  state.dirty = false;
  state.stickyUntil = 0;
  setNotes(doc.notes);
  $("yaml").value = doc.yaml;
  $("empty").hidden = true;
  resetHistory();
  renderForm();
  show(doc, false);
  if (state.notes.length) status(`${state.notes.length} chỗ cần xem lại: xem danh sách dưới biểu mẫu`);
  if (!opts.draft) {
    const draft = draftOf(doc.path);
    if (draft && JSON.stringify(draft.data) !== JSON.stringify(state.data)) offerDraft(draft);
    else $("draft-offer").hidden = true;
  }
}

// --- files ---------------------------------------------------------------------------------------
async function loadState() {
  const answer = await (await fetch("/api/state?start=later")).json();
  gallery = answer.files.gallery;
  const select = $("open-file");
  select.append(...answer.files.documents.map((d) => el("option", { value: d.path },
    `${d.kind} – ${d.subject || "(chưa có trích yếu)"}${d.ward ? ` – ${d.ward}` : ""}`)));
  const importStart = async () => {
    status("Đang đọc tệp…");
    const full = await (await fetch("/api/state")).json();
    if (full.document) open(full.document);
  };
  if (answer.start) {
    state.startKey = answer.start;
    // the start plan was saved here before: her saved document, not the plan imported again
    const saved = localStorage.getItem(`vanban:saved:${answer.start}`);
    if (saved && answer.files.documents.some((d) => d.path === saved) && !draftOf(answer.start)) {
      try { return open(await post("/api/open", { path: saved })); } catch (_err) { /* import it */ }
    }
    const draft = draftOf(answer.start);
    if (draft) offerDraft(draft, importStart);  // never over her draft without asking
    else await importStart();
    return;
  }
  const draft = latestDraft();
  if (draft) offerDraft(draft);
}

$("open-file").onchange = async (event) => {
  const value = event.target.value;
  event.target.value = "";
  if (!value) return;
  if (state.dirty && !confirm("Văn bản đang soạn chưa lưu (bản nháp vẫn được giữ). Mở văn bản khác?")) return;
  try { open(await post("/api/open", { path: value })); } catch (err) { status(err.message, true); }
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

async function save() {
  if (!state.doc) return;
  try {
    const before = state.doc.path;
    const answer = await post("/api/save", { path: state.doc.path, yaml: await current(), version: state.doc.version, new: state.doc.new });
    state.doc = { path: answer.path, version: answer.version, new: false };
    state.dirty = false;
    dropDraft(before);
    dropDraft(answer.path);
    if (before === state.startKey) localStorage.setItem(`vanban:saved:${before}`, answer.path);
    $("title").textContent = titleOf();
    const listed = [...$("open-file").options].some((o) => o.value === answer.path);
    if (!listed) $("open-file").append(el("option", { value: answer.path }, titleOf()));
    status("Đã lưu");
  } catch (err) { status(err.message, true); }
}
$("save").onclick = save;
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") { e.preventDefault(); save(); }
});

// A download is fetched, not navigated to: leaving the page is not asked, and a refusal is told.
async function download(what) {
  if (!state.doc) return;
  if (state.errors) return status(`Chưa tải được: còn ${state.errors} lỗi cần sửa`, true);
  status(what === "pdf" ? "Đang in ra PDF…" : "Đang tạo tệp Word…");
  try {
    const response = await fetch(`/download/${what}`, {
      method: "POST", headers: { "Content-Type": "application/json", "X-Vanban-Token": TOKEN },
      body: JSON.stringify({ path: state.doc.path, yaml: await current() }) });
    if (!response.ok) {
      const answer = await response.json().catch(() => ({ error: `Lỗi ${response.status}` }));
      return status(answer.error, true);
    }
    const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const link = el("a", { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : `van-ban.${what}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    status(what === "pdf" ? "Đã tải PDF" : "Đã tải tệp Word");
  } catch (err) { status(err.message, true); }
}
$("download-docx").onclick = () => download("docx");
$("download-pdf").onclick = () => download("pdf");

$("rollover").onclick = () => {
  if (!state.doc) return;
  $("year-new").value = (planYear() || new Date().getFullYear()) + 1;
  $("year-dialog").showModal();
};
$("year-cancel").onclick = () => $("year-dialog").close();
$("year-form").onsubmit = async (e) => {
  e.preventDefault();
  const year = Number($("year-new").value);
  if (!year) return;
  $("year-dialog").close();
  try {
    open(await post("/api/rollover", { path: state.doc.path, yaml: await current(), year }));
    state.dirty = true;
    keepDraft();
  } catch (err) { status(err.message, true); }
};

// --- the advanced view: the document's text as its config -------------------------------------------
$("advanced").addEventListener("toggle", () => {
  if ($("advanced").open) current().then((t) => { $("yaml").value = t; }).catch((err) => status(err.message, true));
});
$("yaml").addEventListener("input", () => {
  beforeEdit("yaml");
  state.yaml = $("yaml").value;
  state.edits = state.merged = 0;
  changed(true);
});

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
$("undo").onclick = undo;
$("redo").onclick = redo;
$("start-new").onclick = () => newDialog();
formatButtons();
wizardSetup();
undoButtons();
loadState();
