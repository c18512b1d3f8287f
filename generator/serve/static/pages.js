// Cut the preview's flow of blocks into A4 sheets, as Word would: a block that does not fit
// goes to the next sheet, a heading goes with the block after it, a paragraph or a table row
// splits between lines, a table repeats its header row, and sheets after the first carry
// their number at the top.
"use strict";

// The styles kept with the next block, from the server (generator/vocabulary.py), in the page.
const KEEP_WITH_NEXT = VOCABULARY.keep_with_next;

function newSheet(target, landscape, number) {
  const sheet = document.createElement("div");
  sheet.className = "sheet" + (landscape ? " landscape" : "");
  if (number > 1) {
    const folio = document.createElement("div");
    folio.className = "folio";
    folio.textContent = String(number);
    sheet.appendChild(folio);
  }
  const body = document.createElement("div");
  body.className = "sheet-body";
  sheet.appendChild(body);
  target.appendChild(sheet);
  return body;
}

function overflows(body) {
  return body.scrollHeight > body.clientHeight + 1;
}

function keepsWithNext(block) {
  return block && block.tagName === "P" && KEEP_WITH_NEXT.some((c) => block.classList.contains(c));
}

// Split a table that does not fit `body` between rows, as Word does: a row that is not kept
// whole splits between lines, the rest going to copies of the table on the next sheets, each
// with the header rows again. Returns the sheet body the table ends on.
function splitTable(table, body, next) {
  const header = [...table.querySelectorAll("tr.header")];
  const colgroup = table.querySelector("colgroup");
  while (overflows(body)) {
    const limit = body.getBoundingClientRect().bottom;
    const rows = [...table.querySelectorAll("tr:not(.header)")];
    const i = rows.findIndex((r) => r.getBoundingClientRect().bottom > limit + 0.5);
    if (i < 0) break;  // what overflows is not the table
    const moved = rows.slice(i + 1);
    moved.forEach((r) => r.remove());
    const row = rows[i];
    const tail = row.classList.contains("keep") ? null : splitRow(row, limit);
    if (tail) {
      moved.unshift(tail);
    } else {
      row.remove();
      moved.unshift(row);
    }
    if (!table.querySelector("tr:not(.header)")) {  // nothing of it stays on this sheet
      if (body.children.length === 1) {  // alone on its sheet: a row taller than a sheet
        moved.forEach((r) => table.appendChild(r));
        break;
      }
      table.remove();
    }
    const shell = table.cloneNode(false);
    shell.appendChild(colgroup.cloneNode(true));
    header.forEach((h) => {
      const copy = h.cloneNode(true);
      copy.classList.add("repeated");  // printed again, not the document's text once more
      shell.appendChild(copy);
    });
    moved.forEach((r) => shell.appendChild(r));
    body = next();
    body.appendChild(shell);
    table = shell;
  }
  return body;
}

// Cut `row` at `limit`: in each cell, the lines below it go to a new row. Returns that row, or
// null when nothing would stay above the limit.
function splitRow(row, limit) {
  const tail = row.cloneNode(false);
  let kept = false;
  let cut = false;
  const below = (e) => e.getBoundingClientRect().bottom > limit - 2;
  for (const cell of row.children) {
    const rest = cell.cloneNode(false);
    tail.appendChild(rest);
    while (cell.lastElementChild && below(cell.lastElementChild)) {
      const p = cell.lastElementChild;
      const points = breaks(p);
      let low = 0, high = points.length - 1, best = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const head = piece(p, null, points[mid]);
        p.replaceWith(head);
        const fits = !below(head);
        head.replaceWith(p);
        if (fits) { best = mid; low = mid + 1; } else { high = mid - 1; }
      }
      cut = true;
      if (best >= 0) {
        const head = piece(p, null, points[best]);
        const after = piece(p, points[best], null);
        if (getComputedStyle(p).textAlign === "justify") head.classList.add("split");
        after.classList.add("continued");
        p.replaceWith(head);
        rest.prepend(after);
        break;
      }
      rest.prepend(p);
    }
    if (cell.textContent.trim()) kept = true;
  }
  if (!cut) return null;
  if (!kept) {  // nothing would stay: the row goes whole
    [...row.children].forEach((cell, c) => cell.append(...tail.children[c].childNodes));
    return null;
  }
  return tail;
}

// The places a paragraph may break: after each run of spaces, as (text node, offset).
function breaks(p) {
  const points = [];
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\s+/g)) points.push([node, m.index + m[0].length]);
  }
  return points;
}

function piece(p, from, to) {
  const range = document.createRange();
  if (from) range.setStart(from[0], from[1]); else range.setStart(p, 0);
  if (to) range.setEnd(to[0], to[1]); else range.setEnd(p, p.childNodes.length);
  const out = p.cloneNode(false);
  out.appendChild(range.cloneContents());
  return out;
}

// Split a paragraph that does not fit, as Word does (widow and orphan control): as many lines
// as fit stay (two at least), the rest continues on the next sheet (two lines at least). The
// paragraph keeps all its text: what does not stay is returned, to go on. Null: it cannot be
// split here (it then moves whole).
function splitParagraph(p, body) {
  const points = breaks(p);
  const rect = (e) => e.getBoundingClientRect().height / zoomOf(body);
  const line = parseFloat(getComputedStyle(p).lineHeight) || 20;
  if (rect(p) < 4 * line - 1) return null;
  const lines = (k, from) => {  // the height, in lines, of the part from/to break k
    const part = from ? piece(p, points[k], null) : piece(p, null, points[k]);
    p.replaceWith(part);
    const height = rect(part);
    const fits = !overflows(body);
    part.replaceWith(p);
    return [Math.round(height / line), fits];
  };
  let low = 0, high = points.length - 1, best = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [n, fits] = lines(mid, false);
    if (fits && n >= 2) { best = mid; low = mid + 1; } else { high = mid - 1; }
  }
  // the last line alone on the next sheet: one more line goes with it
  while (best >= 0 && lines(best, true)[0] < 2) {
    const height = lines(best, false)[0];
    while (best >= 0 && lines(best, false)[0] >= height) best--;
    if (best >= 0 && lines(best, false)[0] < 2) best = -1;
  }
  if (best < 0) return null;
  const head = piece(p, null, points[best]);
  const tail = piece(p, points[best], null);
  if (getComputedStyle(p).textAlign === "justify") head.classList.add("split");
  tail.classList.add("continued");
  p.replaceWith(head);
  return tail;
}

// The CSS zoom of the sheets (the page's zoom buttons): sizes measured on screen are divided
// by it to compare with the line height.
function zoomOf(el) {
  let zoom = 1;
  for (let e = el; e; e = e.parentElement) {
    const z = parseFloat(getComputedStyle(e).zoom);
    if (Number.isFinite(z) && z > 0) zoom *= z;
  }
  return zoom;
}

function paginate(html, target) {
  const staging = document.createElement("div");
  staging.innerHTML = html;
  target.replaceChildren();
  for (const flow of staging.querySelectorAll("section.flow")) {
    const landscape = flow.classList.contains("landscape");
    let number = 1;
    let body = newSheet(target, landscape, number);
    const next = () => newSheet(target, landscape, ++number);
    for (const block of [...flow.children]) {
      body.appendChild(block);
      if (!overflows(body)) continue;
      if (block.tagName === "TABLE" && block.classList.contains("grid")) {
        body = splitTable(block, body, next);
        continue;
      }
      if (block.tagName === "P" && !keepsWithNext(block)) {
        let tail = splitParagraph(block, body);
        if (tail) {
          while (tail) {  // a paragraph longer than a sheet goes on over as many as it needs
            body = next();
            body.appendChild(tail);
            tail = overflows(body) ? splitParagraph(tail, body) : null;
          }
          continue;
        }
      }
      if (body.children.length === 1) continue;  // larger than a sheet: left as it is
      const moving = [block];
      let before = block.previousElementSibling;
      while (keepsWithNext(before) && before !== body.firstElementChild) {
        moving.unshift(before);
        before = before.previousElementSibling;
      }
      body = next();
      moving.forEach((b) => body.appendChild(b));
    }
  }
  return target.querySelectorAll(".sheet").length;
}

window.paginate = paginate;
