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

// What each target's sheets were cut from, so that an edit re-cuts only from the sheet it
// changes: per flow, the blocks' HTML and the sheets with the block each starts with.
const LAID = new WeakMap();

function setFolio(sheet, number) {
  let folio = sheet.querySelector(":scope > .folio");
  if (number > 1 && !folio) {
    folio = document.createElement("div");
    folio.className = "folio";
    sheet.prepend(folio);
  }
  if (folio && number <= 1) folio.remove();
  else if (folio) folio.textContent = String(number);
}

// Where to start cutting a flow again: the last old sheet that starts with a whole block at
// or before the first block that changed (and the headings kept with it). -1: from the start.
function restartAt(old, keys) {
  let first = 0;
  while (first < keys.length && first < old.keys.length && keys[first] === old.keys[first]) first++;
  if (first === keys.length && keys.length === old.keys.length) return { unchanged: true };
  const staging = document.createElement("div");
  let r = first;
  while (r > 0) {  // a heading kept with the changed block may move with it
    staging.innerHTML = keys[r - 1];
    if (!keepsWithNext(staging.firstElementChild)) break;
    r--;
  }
  let j = -1;
  old.sheets.forEach((s, k) => {  // a whole block, or the rest of a paragraph that is the same
    if (s.fresh ? s.start <= r : s.offset != null && s.start < r) j = k;
  });
  let tail = 0;  // the blocks at the end that did not change
  while (tail < Math.min(keys.length, old.keys.length) - first &&
         keys[keys.length - 1 - tail] === old.keys[old.keys.length - 1 - tail]) tail++;
  return { j, tail, delta: keys.length - old.keys.length };
}

// Append blocks from `index` on while they fit, a few at a time with one layout for each
// few: the first that does not fit is the first whose bottom passes the sheet's, checked
// exactly after. Returns its index (it stays appended, the sheet overflowing), or the end.
function fill(body, blocks, index) {
  let size = 4;
  while (index < blocks.length) {
    const chunk = blocks.slice(index, index + size);
    chunk.forEach((b) => body.appendChild(b));
    if (!overflows(body)) {
      index += chunk.length;
      size *= 2;
      continue;
    }
    const limit = body.getBoundingClientRect().bottom;
    let m = chunk.findIndex((b) => b.getBoundingClientRect().bottom > limit);
    if (m < 0) m = chunk.length - 1;
    chunk.slice(m + 1).forEach((b) => b.remove());
    if (!overflows(body)) {  // the estimate was early: on one at a time
      for (m += 1; m < chunk.length; m++) {
        body.appendChild(chunk[m]);
        if (overflows(body)) return index + m;
      }
      return index + chunk.length;
    }
    while (m > 0) {  // the estimate was late: back one at a time
      chunk[m].remove();
      const fits = !overflows(body);
      body.appendChild(chunk[m]);
      if (fits) break;
      chunk[m].remove();
      m--;
    }
    return index + m;
  }
  return index;
}

// The rest of paragraph `p` from its character `offset` on, as `cut` makes it.
function rest(p, offset) {
  const whole = offset;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && offset > node.data.length) {
    offset -= node.data.length;
    node = walker.nextNode();
  }
  const tail = node ? piece(p, [node, offset], null) : p.cloneNode(false);
  tail.classList.add("continued");
  tail.vbOffset = whole;
  return tail;
}

// What a sheet that starts with the rest of a block starts with: a paragraph's or a table's
// rest is known by its length (the block is the same, so is the place it was cut).
function pieceKey(piece) {
  return `${piece.tagName}:${piece.childElementCount}:${piece.textContent.length}`;
}

// Cut one flow into sheets, inserted before `anchor` (null: at the end), from its block
// `start` on; `number`: the first sheet's. `resync(index, key)`: the first old sheet to keep
// when a new one would start with block `index` (whole: key null; its rest: the piece's key),
// or null. Returns the flow's new sheets and the old sheet kept from (or null).
function cutFlow(blocks, start, offset, target, anchor, landscape, number, resync) {
  const sheets = [];
  const open = (first, key, at) => {
    const body = newSheet(target, landscape, number++);
    target.insertBefore(body.parentNode, anchor);
    sheets.push({ el: body.parentNode, start: first, key, fresh: key === null, offset: at });
    return body;
  };
  let body;
  let index = start;
  const next = (piece) => {  // a sheet that starts with `piece`, the rest of block `index`
    const key = pieceKey(piece);
    const kept = resync(index, key);
    if (kept !== null) throw { kept };
    return open(index, key, piece.vbOffset);
  };
  if (offset == null) {
    body = open(start, null);
  } else {  // from the rest of a paragraph cut before: cut it again the same way
    let tail = rest(blocks[start], offset);
    body = open(start, pieceKey(tail), offset);
    body.appendChild(tail);
    while (overflows(body) && (tail = splitParagraph(tail, body))) {
      body = next(tail);
      body.appendChild(tail);
    }
    index = start + 1;
  }
  try {
    body = cutBlocks(blocks, index, body, next, (i) => { index = i; }, (first) => {
      const kept = resync(first, null);
      if (kept !== null) throw { kept };
      return open(first, null);
    });
  } catch (stop) {
    if (stop && stop.kept !== undefined) return { sheets, kept: stop.kept };
    throw stop;
  }
  return { sheets, kept: null };
}

// Lay `blocks` from `index` on into sheets: `next(piece)` opens a sheet that starts with the
// rest of a block, `fresh(first)` one that starts with block `first`; `at(i)` follows the
// block being laid.
function cutBlocks(blocks, index, body, next, at, fresh) {
  for (; index < blocks.length; index++) {
    index = fill(body, blocks, index);
    if (index >= blocks.length) break;
    at(index);
    const block = blocks[index];
    if (block.tagName === "TABLE" && block.classList.contains("grid")) {
      body = splitTable(block, body, next);
      continue;
    }
    if (block.tagName === "P" && !keepsWithNext(block)) {
      let tail = splitParagraph(block, body);
      if (tail) {
        while (tail) {  // a paragraph longer than a sheet goes on over as many as it needs
          body = next(tail);
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
    moving.forEach((b) => b.remove());  // from here on the old sheets may be the same
    body = fresh(index - moving.length + 1);
    moving.forEach((b) => body.appendChild(b));
  }
  return body;
}

function paginate(html, target) {
  const staging = document.createElement("div");
  staging.innerHTML = html;
  const flows = [...staging.querySelectorAll("section.flow")];
  let before = LAID.get(target);
  if (before && (before.flows.length !== flows.length ||
      before.flows.some((f) => f.sheets.some((s) => s.el.parentNode !== target)) ||
      before.flows.reduce((n, f) => n + f.sheets.length, 0) !== target.childElementCount)) {
    before = null;
  }
  if (!before) target.replaceChildren();
  const laid = [];
  flows.forEach((flow, f) => {
    const landscape = flow.classList.contains("landscape");
    const blocks = [...flow.children];
    const keys = blocks.map((b) => b.outerHTML);
    let old = before && before.flows[f];
    if (old && old.kind !== flow.className) {  // another kind of section: cut afresh
      old.sheets.forEach((s) => s.el.remove());
      old = null;
    }
    const plan = old ? restartAt(old, keys) : { j: -1 };
    if (plan.unchanged) {
      laid.push({ kind: flow.className, keys, sheets: old.sheets });
      return;
    }
    const j = Math.max(plan.j, 0);
    const oldSheets = old ? old.sheets : [];
    const start = old && plan.j >= 0 ? oldSheets[j].start : 0;
    const offset = old && plan.j >= 0 ? oldSheets[j].offset : null;
    const anchor = oldSheets[j] ? oldSheets[j].el : null;
    const later = before ? before.flows.slice(f + 1).find((x) => x.sheets.length) : null;
    const resync = (index, key) => {
      if (!old || index < keys.length - plan.tail) return null;
      const k = oldSheets.findIndex((s, n) => n > j && s.start === index - plan.delta &&
                                              s.key === key);
      return k < 0 ? null : k;
    };
    const { sheets, kept } = cutFlow(blocks, start, offset, target,
      anchor || (later ? later.sheets[0].el : null), landscape, j + 1, resync);
    const stale = oldSheets.slice(j, kept === null ? oldSheets.length : kept);
    stale.forEach((s) => s.el.remove());
    const reused = kept === null ? [] : oldSheets.slice(kept).map((s) =>
      ({ ...s, start: s.start + plan.delta }));
    const all = [...oldSheets.slice(0, j), ...sheets, ...reused];
    reused.forEach((s) => setFolio(s.el, all.indexOf(s) + 1));
    laid.push({ kind: flow.className, keys, sheets: all });
  });
  // sheets cut while hidden were not measured: the next cut starts afresh
  if (target.getClientRects().length) LAID.set(target, { flows: laid });
  else LAID.delete(target);
  return target.querySelectorAll(".sheet").length;
}

window.paginate = paginate;
