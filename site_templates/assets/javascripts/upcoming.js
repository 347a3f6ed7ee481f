/*
 * Upcoming deadlines on content pages (the upcoming_deadlines macro): keep, in each
 * list, the first N deadlines from the reader's own today (the page lists those from
 * the build's date), and say which date was used.
 * Content pages hold no script of their own (they are checked for it), so the
 * behaviour lives here, loaded on every page.
 */
(() => {
  "use strict";
  const pad = (x) => (x < 10 ? "0" : "") + x;
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const shownDate = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  document.querySelectorAll("[data-pp-upcoming]").forEach((box) => {
    const n = +box.dataset.ppUpcoming;
    let shown = 0;
    box.querySelectorAll("li").forEach((li) => {
      const due = li.querySelector("time").getAttribute("data-due");
      li.hidden = !(due >= today && shown < n);
      if (!li.hidden) shown++;
    });
    box.querySelector(".pp-upcoming-empty").hidden = shown > 0;
    box.querySelectorAll("[data-pp-today-date]").forEach((el) => {
      el.textContent = `${shownDate} (ngày trên máy của bạn)`;
    });
  });
})();
