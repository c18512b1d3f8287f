// Cut the preview's flow of blocks into A4 sheets, as Word would: a block that does not fit
// goes to the next sheet, a heading goes with the block after it, a paragraph or a table row
// splits between lines, a table repeats its header row, and sheets after the first carry
// their number at the top.
"use strict";
// The cutting of one block is in split.js.

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
