// Small behaviours that CSS cannot do. No inline scripts anywhere: the CSP forbids them.
// Everything here is an enhancement: every page works without JavaScript.
"use strict";

// The lesson's table of contents is open on wide screens and collapsed on phones, where it
// would otherwise push the lesson far down. Without JavaScript it simply stays open.
function collapseTocOnNarrowScreens(root) {
  root.querySelectorAll("details[data-collapse-below]").forEach((details) => {
    const narrow = () => window.matchMedia(`(max-width: ${details.dataset.collapseBelow})`).matches;
    if (narrow()) details.open = false;
    details.querySelectorAll("a").forEach((link) => {
      link.addEventListener("click", () => {
        if (narrow()) details.open = false;
      });
    });
  });
}

// Ordering questions: "Move up" / "Move down" buttons reorder the list and keep the position
// selects (which are what the form submits) in step. Without JavaScript the selects alone work.
function enhanceOrdering(root) {
  root.querySelectorAll("form[data-ordering]").forEach((form) => {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = "true";
    const list = form.querySelector(".ordering");
    const status = form.querySelector("[data-ordering-status]");
    const renumber = () => {
      list.querySelectorAll(".ordering__item").forEach((item, index) => {
        item.querySelector("select").value = String(index + 1);
      });
    };
    form.querySelectorAll("button[data-move]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        const item = button.closest(".ordering__item");
        const up = button.dataset.move === "up";
        const sibling = up ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
        renumber();
        button.focus();
        const position = [...list.children].indexOf(item) + 1;
        const text = item.querySelector(".ordering__text").textContent.trim();
        status.textContent = `${text} moved to position ${position} of ${list.children.length}.`;
      });
    });
    // The position selects stay exactly as the learner sets them (they are what is submitted);
    // only the move buttons reorder the list, so nothing jumps while someone is choosing numbers.
  });
}

// ---- Issue 13 (bugs 3 and 4): where focus lands after an htmx swap, and what is announced ----
// After htmx swaps in feedback, a new question, results or a drill result, move focus to it so
// keyboard and screen-reader users land on what changed. A new question focuses its first answer
// control: hidden inputs (the CSRF token comes first in the form) cannot take focus.
const ANSWER_CONTROLS = ".question-form :is(input:not([type=hidden]), select, textarea)";

function focusSwappedContent(target) {
  const marked = target.matches("[data-focus-on-swap]")
    ? target
    : target.querySelector("[data-focus-on-swap]");
  const focusable = marked || target.querySelector(ANSWER_CONTROLS);
  if (!focusable) return;
  if (focusable.hasAttribute("data-scroll-to-top")) {
    // A long result (a drill's criteria) would otherwise settle wherever focus() scrolls it:
    // bring its heading to the top of the window, where reading starts.
    focusable.focus({ preventScroll: true });
    focusable.scrollIntoView({ block: "start" });
  } else {
    focusable.focus({ preventScroll: false });
  }
}

// Text that a swap wants read out (the new question's number, the quiz score) goes into the one
// live region of the page, which exists before the swap: screen readers announce changes to a
// live region, not live regions that arrive already filled.
function announceSwappedContent(target) {
  const source = target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
  const announcer = document.getElementById("announcer");
  if (!source || !announcer) return;
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = source.dataset.announce; }, 50);
}
// ---- end of issue 13 (bugs 3 and 4) ----

// Interview timer on drill pages: optional, visible countdown; the answer is still accepted after
// time runs out (the server marks it late). Without JavaScript there is simply no timer.
function enhanceDrillTimer(root) {
  root.querySelectorAll("form[data-time-limit]").forEach((form) => {
    const timer = form.querySelector("[data-timer]");
    if (!timer || timer.dataset.enhanced) return;
    timer.dataset.enhanced = "true";
    timer.hidden = false;
    const start = timer.querySelector("[data-timer-start]");
    const display = timer.querySelector("[data-timer-display]");
    const status = timer.querySelector("[data-timer-status]");
    const limit = Number(form.dataset.timeLimit);
    start.addEventListener("click", () => {
      form.querySelector("[data-timer-flag]").value = "1";
      start.hidden = true;
      display.hidden = false;
      const began = Date.now();
      const show = () => {
        const left = Math.max(0, limit - Math.floor((Date.now() - began) / 1000));
        const minutes = Math.floor(left / 60);
        const seconds = String(left % 60).padStart(2, "0");
        display.textContent = left > 0 ? `Time left: ${minutes}:${seconds}` : "Time is up. You can still submit; the answer will be marked late.";
        if (left === 60) status.textContent = "One minute left.";
        if (left === 0) {
          status.textContent = "Time is up. You can still submit your answer.";
          display.classList.add("timer__display--over");
          clearInterval(handle);
        }
      };
      const handle = setInterval(show, 1000);
      show();
      form.querySelector("textarea").focus();
    });
  });
}

// ---- Issue 13 (bug 8): a live character count under drill answers ----
// The limit is the server's (it refuses a longer answer with 422 and keeps the text); the count
// shows where the answer stands while typing, in characters as the server counts them (code
// points, a line break as one). Crossing the limit either way is announced once, not every key.
function enhanceCharacterCounts(root) {
  root.querySelectorAll("textarea[data-char-limit]").forEach((box) => {
    const count = document.getElementById(`${box.id}-count`);
    if (!count || count.dataset.enhanced) return;
    count.dataset.enhanced = "true";
    count.hidden = false;
    const limit = Number(box.dataset.charLimit);
    const format = (number) => number.toLocaleString("en-GB");
    let wasOver = false;
    const show = () => {
      const length = [...box.value].length;
      const over = length > limit;
      count.textContent = `${format(length)} of ${format(limit)} characters`
        + (over ? `: ${format(length - limit)} over the limit. Shorten it before grading.` : "");
      count.classList.toggle("char-count--over", over);
      box.setAttribute("aria-invalid", over ? "true" : "false");
      const announcer = document.getElementById("announcer");
      if (announcer && over !== wasOver) {
        announcer.textContent = over
          ? `Over the limit of ${format(limit)} characters.`
          : `Back within the limit of ${format(limit)} characters.`;
      }
      wasOver = over;
    };
    box.addEventListener("input", show);
    show();
  });
}
// ---- end of issue 13 (bug 8) ----

// ---- Issue 13 (bug 7): the browser's time zone, for times shown in it ----
// The server reads the `tz` cookie (learners/timezones.py) and keeps it on the account the first
// time; without JavaScript times simply stay in UTC, labelled as such.
function rememberTimeZone() {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  // IANA names ("America/Argentina/Buenos_Aires") are safe in a cookie as they are.
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone) || document.cookie.split("; ").includes(`tz=${zone}`)) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `tz=${zone}; path=/; max-age=31536000; SameSite=Lax${secure}`;
}
// ---- end of issue 13 (bug 7) ----

document.addEventListener("DOMContentLoaded", () => {
  rememberTimeZone();
  collapseTocOnNarrowScreens(document);
  enhanceCharacterCounts(document);
  enhanceOrdering(document);
  enhanceDrillTimer(document);
});

document.addEventListener("htmx:afterSettle", (event) => {
  enhanceOrdering(document);
  // An outerHTML swap replaces the target; the new element keeps the old one's id.
  const target = event.detail.target;
  const swapped = target && (target.isConnected ? target : document.getElementById(target.id));
  if (swapped) {
    focusSwappedContent(swapped);
    announceSwappedContent(swapped);
  }
});
