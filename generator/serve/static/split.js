// How one block is cut at a sheet's end (loaded before pages.js, which lays the sheets out):
// a new sheet, a table split between rows with its header row repeated, a row or a paragraph
// split between lines where its words lie.
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
    body = next(shell);
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
// split here (it then moves whole). The lines are read from one layout of the paragraph (where
// its words are: a binary search over them), then the cut is checked; a paragraph whose words
// cannot be located that way is cut by trying.
function splitParagraph(p, body) {
  const points = breaks(p);
  const zoom = zoomOf(body);
  const line = parseFloat(getComputedStyle(p).lineHeight) || 20;
  const step = line * zoom;
  if (p.getBoundingClientRect().height < 4 * step - zoom) return null;
  const range = document.createRange();
  const word = (k) => {  // the box of the word after break k (k -1: the first word)
    if (k < 0) range.setStart(p, 0); else range.setStart(points[k][0], points[k][1]);
    const to = points[k + 1];
    if (to) range.setEnd(to[0], to[1]); else range.setEnd(p, p.childNodes.length);
    return [...range.getClientRects()].find((r) => r.width > 0) || null;
  };
  const first = word(-1), last = word(points.length - 1);
  if (!first || !last || points.some((_p, k) => k % 64 === 0 && !word(k))) {
    return searchSplit(p, body, points, line, zoom);
  }
  const lineOf = (k) => {  // the first break whose word is on the line of break k's word
    const top = word(k).top;
    let low = -1, high = k;  // word(low) is on a line above, word(high) on this one
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (word(mid).top > top - step / 2) high = mid; else low = mid;
    }
    return high;
  };
  const limit = body.getBoundingClientRect().bottom + zoom;
  let low = -1, high = points.length - 1;  // the first break whose word does not fit
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (word(mid).bottom > limit) high = mid; else low = mid;
  }
  high = lineOf(high);
  const linesFrom = (k) => Math.round((last.top - word(k).top) / step) + 1;
  const linesBefore = (k) => Math.round((word(k).top - first.top) / step);
  while (high > 0 && linesFrom(high) < 2) high = lineOf(high - 1);  // two lines go on
  while (high > 0 && linesBefore(high) >= 2) {  // two lines stay; checked exactly
    const head = piece(p, null, points[high]);
    p.replaceWith(head);
    const fits = !overflows(body);
    head.replaceWith(p);
    if (fits) return cut(p, points[high]);
    high = lineOf(high - 1);
  }
  return null;
}

// `p` cut at break `point`: the head stays in its place, the rest is returned.
function cut(p, point) {
  const head = piece(p, null, point);
  const tail = piece(p, point, null);
  tail.vbOffset = (p.vbOffset || 0) + head.textContent.length;  // where in the whole block
  if (getComputedStyle(p).textAlign === "justify") head.classList.add("split");
  tail.classList.add("continued");
  p.replaceWith(head);
  return tail;
}

// The cut found by trying: the longest head that fits (two lines at least), two lines at least
// left for the rest.
function searchSplit(p, body, points, line, zoom) {
  const lines = (k, from) => {  // the height, in lines, of the part from/to break k
    const part = from ? piece(p, points[k], null) : piece(p, null, points[k]);
    p.replaceWith(part);
    const height = part.getBoundingClientRect().height / zoom;
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
  return best < 0 ? null : cut(p, points[best]);
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
