// Small behaviours that CSS cannot do. No inline scripts anywhere: the CSP forbids them.
"use strict";

// The lesson's table of contents is open on wide screens and collapsed on phones, where it
// would otherwise push the lesson far down. Without JavaScript it simply stays open.
function collapseTocOnNarrowScreens() {
  document.querySelectorAll("details[data-collapse-below]").forEach((details) => {
    const query = window.matchMedia(`(max-width: ${details.dataset.collapseBelow})`);
    if (query.matches) details.open = false;
    details.querySelectorAll("a").forEach((link) => {
      link.addEventListener("click", () => {
        if (window.matchMedia(`(max-width: ${details.dataset.collapseBelow})`).matches) details.open = false;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", collapseTocOnNarrowScreens);
