// A highlight opens its entity's or claim's page on click or Enter (the page says where in its title and tip).
function follow(event) {
  const mark = event.target.closest && event.target.closest("mark[data-href]");
  if (!mark || (event.type === "keydown" && event.key !== "Enter") || String(getSelection())) return;
  event.preventDefault();
  location.href = mark.dataset.href;
}
document.addEventListener("click", follow);
document.addEventListener("keydown", follow);
