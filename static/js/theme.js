// The reader's light/dark choice, applied before the page is painted. This file is loaded without
// `defer` in <head> (the CSP forbids inline scripts, and a deferred one would run after the first
// paint and flash the other theme). No choice stored: nothing is set and the system setting rules.
"use strict";
try {
  const theme = localStorage.getItem("theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch {
  // Storage blocked (private mode, a strict browser setting): the system setting rules.
}
