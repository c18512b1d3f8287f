// Undo and redo for every edit: a stack of snapshots of the data. Typing in one box within a
// short pause is one step; a structural edit (add, move, delete) is one step of its own.
"use strict";

const undoStack = { past: [], future: [], key: null, at: 0 };
const HISTORY_LIMIT = 200;

// Called before the data changes: keeps the data as it was, unless this is the same box typed
// into a moment ago.
function beforeEdit(key = null) {
  if (!state.data) return;
  const now = Date.now();
  if (key !== null && key === undoStack.key && now - undoStack.at < 1500) { undoStack.at = now; return; }
  undoStack.past.push(JSON.stringify(state.data));
  if (undoStack.past.length > HISTORY_LIMIT) undoStack.past.shift();
  undoStack.future = [];
  undoStack.key = key;
  undoStack.at = now;
  undoButtons();
}
function resetHistory() {
  undoStack.past = [];
  undoStack.future = [];
  undoStack.key = null;
  undoButtons();
}
function undoButtons() {
  $("undo").disabled = !undoStack.past.length;
  $("redo").disabled = !undoStack.future.length;
}
function step(from, to, message) {
  if (!from.length || !state.data) return;
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
  to.push(JSON.stringify(state.data));
  state.data = JSON.parse(from.pop());
  undoStack.key = null;
  renderForm();
  changed();
  undoButtons();
  status(message, false, true);
  const again = focused && document.querySelector(`#form [data-path="${CSS.escape(focused)}"]`);
  if (again) again.focus();
}
function undo() { step(undoStack.past, undoStack.future, "Đã hoàn tác"); }
function redo() { step(undoStack.future, undoStack.past, "Đã làm lại"); }

document.addEventListener("keydown", (e) => {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.target.id === "yaml") return;
  const key = e.key.toLowerCase();
  if (key === "z" && !e.shiftKey) { e.preventDefault(); undo(); }
  else if (key === "y" || (key === "z" && e.shiftKey)) { e.preventDefault(); redo(); }
});
