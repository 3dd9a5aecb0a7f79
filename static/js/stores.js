// The store picker: typing narrows the list to stores whose name, city, region or country match;
// ticked stores stay ticked when hidden (the form still sends them).
(() => {
  "use strict";
  const search = document.getElementById("store-search");
  if (!search) return;
  const none = document.getElementById("store-search-none");
  search.addEventListener("input", () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const group of document.querySelectorAll(".store-group")) {
      let inGroup = 0;
      for (const option of group.querySelectorAll(".store-option")) {
        const match = words.every((word) => option.dataset.search.includes(word));
        option.hidden = !match;
        inGroup += match ? 1 : 0;
      }
      group.hidden = inGroup === 0;
      shown += inGroup;
    }
    none.hidden = shown > 0;
  });
})();
