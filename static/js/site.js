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

// ==== Code blocks and the Dockerfile editor (issue 13) ====

// One polite live region for the whole page, so "Copied" is announced wherever the button is.
function announce(message) {
  let region = document.getElementById("site-announcer");
  if (!region) {
    region = document.createElement("p");
    region.id = "site-announcer";
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  // Emptied first, so the same message twice in a row is announced twice.
  region.textContent = "";
  setTimeout(() => { region.textContent = message; }, 50);
}

// What a reader wants from a shell session is the commands: prompts ("$ ") and the output lines
// the block shows are left out. Any other block is copied exactly as shown.
function codeToCopy(pre) {
  const code = pre.querySelector("code") || pre;
  if (!code.querySelector(".gp")) return code.textContent.replace(/\n$/, "");
  const clone = code.cloneNode(true);
  clone.querySelectorAll(".gp").forEach((prompt) => prompt.remove());
  clone.querySelectorAll(".go").forEach((output) => { output.textContent = "\u0000"; });
  return clone.textContent
    .split("\n")
    .filter((line) => !line.includes("\u0000") && line.trim() !== "")
    .join("\n");
}

// A "Copy" button on every highlighted code block (lessons, questions, drills). Without
// JavaScript there is no button: the code can still be selected and copied by hand.
function addCopyButtons(root) {
  root.querySelectorAll(".highlight").forEach((block) => {
    const pre = block.querySelector("pre");
    if (!pre || block.querySelector(".copy-button")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.innerHTML = 'Copy<span class="visually-hidden"> code</span>';
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(codeToCopy(pre));
        button.textContent = "Copied";
        announce("Copied");
      } catch {
        button.textContent = "Press Ctrl+C";
        announce("Copying was not allowed: select the code and press Ctrl+C (Cmd+C on a Mac).");
        const range = document.createRange();
        range.selectNodeContents(pre);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
      setTimeout(() => { button.innerHTML = 'Copy<span class="visually-hidden"> code</span>'; }, 2000);
    });
    block.classList.add("highlight--copyable");
    block.prepend(button);
  });
}

// Code editors (the Dockerfile and .dockerignore boxes): line numbers beside the text, kept in
// step as the learner types and scrolls, so "Line 7" in the result is easy to find. The text
// never soft-wraps (wrap="off" and CSS), or the numbers would drift from the lines.
function enhanceCodeEditors(root) {
  root.querySelectorAll("textarea[data-line-numbers]").forEach((textarea) => {
    if (textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = "true";
    const editor = document.createElement("span");
    editor.className = "code-editor";
    const gutter = document.createElement("span");
    gutter.className = "code-editor__gutter";
    gutter.setAttribute("aria-hidden", "true");
    textarea.before(editor);
    editor.append(gutter, textarea);
    let shown = 0;
    const number = () => {
      const count = Math.max(textarea.value.split("\n").length, Number(textarea.rows) || 1);
      if (count !== shown) {
        gutter.textContent = Array.from({ length: count }, (_, index) => index + 1).join("\n");
        editor.style.setProperty("--gutter-digits", String(Math.max(2, String(count).length)));
        shown = count;
      }
      gutter.scrollTop = textarea.scrollTop;
    };
    textarea.addEventListener("input", number);
    textarea.addEventListener("scroll", () => { gutter.scrollTop = textarea.scrollTop; });
    number();
  });
}

// "Line 7" in a Dockerfile result is a link to the editor: with JavaScript it selects that line
// and scrolls it into view; without, it simply moves focus to the editor.
function selectEditorLine(link) {
  const textarea = document.getElementById(link.hash.slice(1));
  if (!textarea || textarea.tagName !== "TEXTAREA") return false;
  const wanted = Number(link.dataset.editorLine);
  const lines = textarea.value.split("\n");
  if (!(wanted >= 1 && wanted <= lines.length)) return false;
  const start = lines.slice(0, wanted - 1).reduce((total, line) => total + line.length + 1, 0);
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(start, start + lines[wanted - 1].length);
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (wanted - 3) * lineHeight);
  textarea.scrollIntoView({ block: "nearest" });
  announce(`Line ${wanted}: ${lines[wanted - 1].trim() || "(empty)"}`);
  return true;
}

document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-editor-line]");
  if (link && selectEditorLine(link)) event.preventDefault();
});

document.addEventListener("DOMContentLoaded", () => {
  addCopyButtons(document);
  enhanceCodeEditors(document);
});
document.addEventListener("htmx:afterSettle", () => addCopyButtons(document));
// ==== end Code blocks ====

// ==== Reading position: the current section in the table of contents, and resume (issue 13) ====

// The CSRF token the page already gives htmx (hx-headers on <body>), for our own fetch.
function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

// As the reader scrolls, the heading they are reading is marked in the table of contents
// (aria-current="location", kept in view inside the sidebar when the list is longer than the
// screen) and, once they have stayed on it for a moment, saved as where they are, so the course
// home and the lesson can offer "Continue at …". Without JavaScript nothing is tracked.
function trackReadingPosition() {
  const article = document.querySelector("article[data-position-url]");
  const toc = document.querySelector("[data-toc]");
  if (!article || !toc) return;
  const links = new Map();
  toc.querySelectorAll(".toc__list a[href^='#']").forEach((link) => links.set(link.hash.slice(1), link));
  const headings = [...article.querySelectorAll(".prose h2[id], .prose h3[id]")].filter((h) => links.has(h.id));
  if (!headings.length) return;
  const list = toc.querySelector(".toc__list");
  let current = null;
  let saved = null;
  let saveTimer = null;

  const save = (section) => {
    if (section === saved) return;
    saved = section;
    fetch(article.dataset.positionUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ section }),
      credentials: "same-origin",
      keepalive: true,
    }).catch(() => { saved = null; });
  };

  const keepInView = (link) => {
    // Scroll the list itself, never the page: the reader is reading, not looking at the sidebar.
    const top = link.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + link.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  };

  const update = () => {
    const line = window.innerHeight * 0.3;
    let reached = null;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top <= line) reached = heading;
      else break;
    }
    const id = reached ? reached.id : null;
    if (id === current) return;
    if (current) links.get(current).removeAttribute("aria-current");
    current = id;
    if (!id) return;
    const link = links.get(id);
    link.setAttribute("aria-current", "location");
    keepInView(link);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => save(id), 1500);
  };

  let queued = false;
  window.addEventListener("scroll", () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  }, { passive: true });
  // Only a section the reader stays on is saved (not each one scrolled past, and nothing as the
  // page is left), so at most one small request goes out per pause in reading.
  update();
}

document.addEventListener("DOMContentLoaded", trackReadingPosition);
// ==== end Reading position ====

// ==== Ordering by drag and drop (issue 13) ====
// Each item gets a handle: drag it with a mouse, a pen or a finger, or focus it and use the arrow
// keys. Either way the position selects (what the form submits) follow the new order, and the
// move is announced. Without JavaScript the selects alone work, as before.
function enableOrderingDrag(root) {
  root.querySelectorAll("form[data-ordering]").forEach((form) => {
    if (form.dataset.draggable) return;
    form.dataset.draggable = "true";
    const list = form.querySelector(".ordering");
    const status = form.querySelector("[data-ordering-status]");
    list.classList.add("ordering--draggable");
    const hint = list.previousElementSibling;
    if (hint && hint.classList.contains("hint")) {
      hint.textContent = "Drag each item by its handle (⠿) into order, or focus a handle and use the up and down arrow keys. The position numbers follow; you can also set them yourself.";
    }
    const textOf = (item) => item.querySelector(".ordering__text").textContent.trim();
    const settle = (item) => {
      list.querySelectorAll(".ordering__item").forEach((each, index) => {
        each.querySelector("select").value = String(index + 1);
      });
      const position = [...list.children].indexOf(item) + 1;
      status.textContent = `${textOf(item)} moved to position ${position} of ${list.children.length}.`;
    };
    list.querySelectorAll(".ordering__item").forEach((item) => {
      const handle = document.createElement("button");
      handle.type = "button";
      handle.className = "ordering__handle";
      handle.setAttribute("aria-label", `Reorder: ${textOf(item)}. Drag, or use the up and down arrow keys.`);
      handle.innerHTML = '<span aria-hidden="true">⠿</span>';
      item.prepend(handle);

      handle.addEventListener("keydown", (event) => {
        if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
        event.preventDefault();
        const up = event.key === "ArrowUp";
        const sibling = up ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
        handle.focus();
        settle(item);
      });

      handle.addEventListener("pointerdown", (event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        // Moves are followed on the document: moving the item in the list re-inserts the handle,
        // which would release a pointer capture on it.
        item.classList.add("ordering__item--dragging");
        const startIndex = [...list.children].indexOf(item);
        const move = (moveEvent) => {
          // The item goes before the first other item whose middle is below the pointer.
          const others = [...list.children].filter((each) => each !== item);
          const before = others.find((each) => {
            const box = each.getBoundingClientRect();
            return moveEvent.clientY < box.top + box.height / 2;
          });
          if (before !== item.nextElementSibling || (!before && item !== list.lastElementChild)) {
            list.insertBefore(item, before || null);
          }
        };
        const drop = () => {
          document.removeEventListener("pointermove", move);
          document.removeEventListener("pointerup", drop);
          document.removeEventListener("pointercancel", drop);
          item.classList.remove("ordering__item--dragging");
          if ([...list.children].indexOf(item) !== startIndex) settle(item);
          handle.focus();
        };
        document.addEventListener("pointermove", move);
        document.addEventListener("pointerup", drop);
        document.addEventListener("pointercancel", drop);
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => enableOrderingDrag(document));
document.addEventListener("htmx:afterSettle", () => enableOrderingDrag(document));
// ==== end Ordering by drag and drop ====

// ==== Evidence highlights on touch screens (issue 13) ====
// Each highlight's meaning is in its title, which only a mouse can hover. Tapping (or focusing)
// a highlight writes the meaning under the answer instead; the legend above explains the colours.
function explainEvidence(root) {
  root.querySelectorAll("[data-evidence]").forEach((answer) => {
    if (answer.dataset.enhanced) return;
    answer.dataset.enhanced = "true";
    const explained = answer.parentElement.querySelector("[data-evidence-explained]");
    if (!explained) return;
    answer.querySelectorAll("mark[title]").forEach((mark) => {
      mark.tabIndex = 0;
      const show = () => {
        explained.hidden = false;
        explained.textContent = `“${mark.textContent}”: ${mark.title}`;
      };
      mark.addEventListener("click", show);
      mark.addEventListener("focus", show);
    });
  });
}
document.addEventListener("DOMContentLoaded", () => explainEvidence(document));
document.addEventListener("htmx:afterSettle", () => explainEvidence(document));
// ==== end Evidence highlights ====

// ==== Theme button (issue 13) ====
// A button in the header switches between light and dark and remembers the choice in this browser
// (theme.js applies it on the next page before painting). Until pressed, the system setting rules.
function addThemeToggle() {
  const nav = document.querySelector(".site-header__inner");
  if (!nav || nav.querySelector(".theme-toggle")) return;
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "theme-toggle";
  const label = () => {
    button.setAttribute("aria-pressed", String(isDark()));
    button.innerHTML = `<span aria-hidden="true">${isDark() ? "☀" : "☾"}</span><span class="visually-hidden">Dark mode</span>`;
  };
  button.addEventListener("click", () => {
    root.dataset.theme = isDark() ? "light" : "dark";
    try { localStorage.setItem("theme", root.dataset.theme); } catch { /* not remembered */ }
    label();
  });
  systemDark.addEventListener("change", label);
  label();
  nav.append(button);
}
document.addEventListener("DOMContentLoaded", addThemeToggle);
// ==== end Theme button ====
