// A highlight opens its entity's or claim's page on click or Enter; on a touch screen the first tap shows its tip.
let before = null; // what had the focus before the pointer went down (going down on a highlight focuses it)
function follow(event) {
  const mark = event.target.closest && event.target.closest("mark[data-href]");
  if (!mark || (event.type === "keydown" && event.key !== "Enter") || String(getSelection())) return;
  const first = document.getElementById("t-" + mark.dataset.rec) || mark;
  event.preventDefault();
  if (event.pointerType === "touch" && before !== first) first.focus();
  else location.href = mark.dataset.href;
}
document.addEventListener("pointerdown", () => { before = document.activeElement; }, true);
document.addEventListener("click", follow);
document.addEventListener("keydown", follow);
