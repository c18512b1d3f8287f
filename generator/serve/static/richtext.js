// Text boxes that show bold and italic as formatting: the config writes emphasis as *nghiêng*,
// **đậm**, ***cả hai*** (\* a literal asterisk; generator/write/model/text.py reads it). A box
// converts it to <b>/<i> on the way in and back on the way out; a paste keeps only the text,
// its line breaks, bold and italic. "{{ year }}" shows as the year it stands for.
"use strict";

const EMPHASIS = /\*\*\*([\s\S]+?)\*\*\*|\*\*([\s\S]+?)\*\*|\*([\s\S]+?)\*/g;
const VARIABLE = /\{\{\s*([\w.]+(?:\s*[-+]\s*\d+)?)\s*\}\}/g;
const ESCAPED = "\ue000";

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// What a "{{ … }}" shows: the plan's year (or year ± n), a value of the config, or its words.
function variableValue(expr) {
  const m = expr.match(/^year\s*(?:([-+])\s*(\d+))?$/);
  if (m) {
    const year = planYear();
    if (!year) return "năm kế hoạch";
    return String(m[1] === "-" ? year - Number(m[2]) : year + Number(m[2] || 0));
  }
  const value = get(expr.replace(/\s+/g, ""));
  return typeof value === "string" || typeof value === "number" ? String(value) : expr;
}

// One paragraph of the config's text as HTML.
function toHtml(text) {
  let html = escapeHtml(String(text ?? "").replace(/\\\*/g, ESCAPED));
  html = html.replace(EMPHASIS, (_m, both, strong, em) =>
    both !== undefined ? `<b><i>${both}</i></b>` : strong !== undefined ? `<b>${strong}</b>` : `<i>${em}</i>`);
  html = html.replace(VARIABLE, (_m, expr) => `<span class="var" contenteditable="false" ` +
    `data-var="${escapeHtml(expr)}" title="Tự theo năm kế hoạch và các thông tin chung">${escapeHtml(variableValue(expr))}</span>`);
  return html.replace(new RegExp(ESCAPED, "g"), "*");
}

function styled(node, bold, italic) {
  if (node.nodeType !== 1) return [bold, italic];
  const tag = node.tagName;
  const style = node.style || {};
  const weight = style.fontWeight;
  if (tag === "B" || tag === "STRONG" || weight === "bold" || Number(weight) >= 600) bold = true;
  if (weight === "normal" || (weight && Number(weight) < 600)) bold = false;
  if (tag === "I" || tag === "EM" || style.fontStyle === "italic") italic = true;
  if (style.fontStyle === "normal") italic = false;
  return [bold, italic];
}
const BLOCKS = new Set(["DIV", "P", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "TR", "BLOCKQUOTE"]);

// The runs of a box (or of pasted HTML): {text, bold, italic}, {raw} or {nl}.
function runsOf(root) {
  const runs = [];
  const walk = (node, bold, italic) => {
    if (node.nodeType === 3) {
      runs.push({ text: node.nodeValue.replace(/[\r\n\t]+/g, " "), bold, italic });
      return;
    }
    if (node.nodeType !== 1 || ["SCRIPT", "STYLE", "TEMPLATE"].includes(node.tagName)) return;
    if (node.tagName === "BR") { runs.push({ nl: true }); return; }
    if (node.dataset && node.dataset.var !== undefined) { runs.push({ raw: `{{ ${node.dataset.var} }}` }); return; }
    const block = BLOCKS.has(node.tagName);
    if (block && runs.length && !runs[runs.length - 1].nl) runs.push({ nl: true });
    const [b, i] = styled(node, bold, italic);
    node.childNodes.forEach((c) => walk(c, b, i));
    if (block && runs.length && !runs[runs.length - 1].nl) runs.push({ nl: true });
  };
  root.childNodes.forEach((c) => walk(c, false, false));
  return runs;
}

// The runs as the config writes them, lines apart (runs of one style joined first).
function markupOf(runs) {
  const merged = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r.text !== undefined && last.text !== undefined && last.bold === r.bold && last.italic === r.italic) last.text += r.text;
    else merged.push({ ...r });
  }
  const lines = [""];
  for (const r of merged) {
    if (r.nl) { lines.push(""); continue; }
    if (r.raw) { lines[lines.length - 1] += r.raw; continue; }
    const text = r.text.replace(/\u00a0/g, " ").replace(/\*/g, "\\*");
    const mark = r.bold && r.italic ? "***" : r.bold ? "**" : r.italic ? "*" : "";
    const [, lead, core, trail] = text.match(/^(\s*)([\s\S]*?)(\s*)$/);
    lines[lines.length - 1] += mark && core ? lead + mark + core + mark + trail : text;
  }
  return lines;
}

function boxValue(box) {
  const lines = markupOf(runsOf(box)).map((l) => l.trim()).filter(Boolean);
  if (!box.classList.contains("lines")) return lines.join(" ") || undefined;
  return lines.length === 0 ? undefined : lines.length === 1 ? lines[0] : lines;
}
function fillBox(box, value) {
  const lines = Array.isArray(value) ? value : value == null ? [] : [String(value)];
  box.innerHTML = box.classList.contains("lines")
    ? lines.map((l) => `<div>${toHtml(l) || "<br>"}</div>`).join("")
    : lines.map(toHtml).join(" ");
}

// A text box: one line (a heading) or several (paragraphs, one a line).
function richBox(attrs, value, multi, onchange) {
  const box = el("div", { ...attrs, class: "rich" + (multi ? " lines" : ""), contenteditable: "true",
    role: "textbox", "aria-multiline": multi ? "true" : "false", spellcheck: "true" });
  fillBox(box, value);
  box.addEventListener("input", () => onchange(boxValue(box)));
  box.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && (e.key === "b" || e.key === "B")) { e.preventDefault(); document.execCommand("bold"); }
    else if (mod && !e.altKey && (e.key === "i" || e.key === "I")) { e.preventDefault(); document.execCommand("italic"); }
    else if (e.key === "Enter" && !multi && !e.altKey) e.preventDefault();
  });
  box.addEventListener("paste", (e) => {
    e.preventDefault();
    const html = e.clipboardData.getData("text/html");
    const text = e.clipboardData.getData("text/plain");
    let lines;
    if (html) lines = markupOf(runsOf(new DOMParser().parseFromString(html, "text/html").body));
    else lines = text.split(/\r?\n/);
    lines = lines.map((l) => l.trim()).filter(Boolean);
    const out = multi ? lines.map(toHtml).join("<br>") : lines.map(toHtml).join(" ");
    document.execCommand("insertHTML", false, out);
  });
  return box;
}

// The B and I buttons act on the box that has the focus (the selection stays).
function formatButtons() {
  for (const [id, command] of [["bold", "bold"], ["italic", "italic"]]) {
    const button = $(`format-${id}`);
    button.addEventListener("mousedown", (e) => e.preventDefault());
    button.onclick = () => {
      if (document.activeElement && document.activeElement.classList.contains("rich")) document.execCommand(command);
      else status("Chọn một đoạn chữ trong ô nội dung rồi bấm lại", true);
    };
  }
}
