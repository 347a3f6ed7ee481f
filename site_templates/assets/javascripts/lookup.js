/*
 * "Cơ quan nào giải quyết?" (planpub.render.lookup): search as you type over current
 * names and names before 01/07/2025, with or without diacritics (folded as
 * planpub.slug.fold folds: lower case, no diacritics, đ → d).
 *
 * - The index (form[data-pp-lookup-data]) fetches the names file when the reader first
 *   focuses the box, and lists links to provinces and communes.
 * - A province page (form[data-pp-lookup-list]) filters its own list of communes.
 *
 * Loaded only on these pages. Without JavaScript the form stays hidden and the pages are
 * plain lists of links.
 */
(() => {
  "use strict";
  const MAX = 30;
  const QUIET_MS = 350;  // the count is announced once typing pauses

  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  /* A phrase at the start of a word: "pho minh" finds "phường Phổ Minh". */
  const has = (key, query) => (" " + key).includes(" " + query);

  function countText(places, communes, shown) {
    const parts = [];
    if (places) parts.push(`${places} tỉnh, thành phố`);
    if (communes) parts.push(`${communes} xã, phường`);
    if (!parts.length) return "Không tìm thấy tỉnh, thành phố hay xã, phường nào.";
    const more = shown < places + communes ?
      ` Hiện ${shown} kết quả đầu; gõ thêm để thu hẹp.` : "";
    return `Tìm thấy ${parts.join(" và ")}.${more}`;
  }

  function wire(form, search) {
    const input = form.querySelector("input");
    const status = form.querySelector("[role=status]");
    let timer = 0;
    form.hidden = false;
    const run = () => {
      const query = fold(input.value);
      const text = search(query);
      clearTimeout(timer);
      timer = setTimeout(() => { status.textContent = text; }, QUIET_MS);
    };
    input.addEventListener("input", run);
    return { input, run };
  }

  /* ------------------------------------------------------------ the index */
  function index(form) {
    const list = form.querySelector(".pp-lookup-results");
    let data = null;
    let loading = null;
    let failed = false;
    const load = () => {
      loading = loading || fetch(form.dataset.ppLookupData)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
        .then((raw) => { data = prepare(raw); failed = false; })
        .catch(() => { failed = true; loading = null; });
      return loading;
    };

    function prepare(raw) {
      const places = raw.p.map(([name, url, merged]) => ({
        name, url, merged, key: fold(name), olds: merged.map(fold),
      }));
      const communes = raw.c.map(([p, name, anchor, groups]) => ({
        place: places[p], name, anchor, key: fold(name),
        olds: groups.flatMap(([d, ...wards]) => wards.map((ward) => {
          const [district, province] = raw.d[d];
          const text = [ward, district || province].join(", ");
          return { text, key: fold(`${ward} ${district}`) };
        })),
      }));
      return { places, communes };
    }

    function item(href, name, note) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = href;
      a.textContent = name;
      li.append(a);
      if (note) {
        const meta = document.createElement("span");
        meta.className = "pp-meta";
        meta.textContent = ` — ${note}`;
        li.append(meta);
      }
      return li;
    }

    function search(query) {
      list.replaceChildren();
      if (!query) return "";
      if (!data) {
        return failed ? "Không tải được danh sách xã, phường. Hãy chọn tỉnh, thành phố ở danh sách dưới đây." :
          "Đang tải danh sách xã, phường…";
      }
      const places = data.places.filter((p) => has(p.key, query) || p.olds.some((o) => has(o, query)));
      const byName = [];
      const byOld = [];
      for (const c of data.communes) {
        if (has(c.key, query)) byName.push([c, null]);
        else {
          const old = c.olds.find((o) => has(o.key, query));
          if (old) byOld.push([c, old]);
        }
      }
      const communes = byName.concat(byOld);
      let shown = 0;
      for (const p of places.slice(0, MAX)) {
        const merged = p.merged.length ? `gồm cả ${p.merged.join(", ")} cũ` : "";
        list.append(item(p.url, p.name, merged));
        shown += 1;
      }
      for (const [c, old] of communes.slice(0, MAX - shown)) {
        const where = c.place.name;
        const note = old ? `${where}; trước 01/07/2025 gồm ${old.text}` : where;
        list.append(item(`${c.place.url}#${c.anchor}`, c.name, note));
        shown += 1;
      }
      return countText(places.length, communes.length, shown);
    }

    const { input, run } = wire(form, search);
    input.addEventListener("focus", () => { load(); }, { once: true });
    input.addEventListener("input", () => { if (!data) load().then(run); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) first.click();
    });
  }

  /* ------------------------------------------------------------ a province page */
  function province(form) {
    const list = document.getElementById(form.dataset.ppLookupList);
    if (!list) return;
    const rows = Array.from(list.children);
    let keys = null;
    wire(form, (query) => {
      keys = keys || rows.map((li) => fold(li.textContent));
      let found = 0;
      rows.forEach((li, i) => {
        li.hidden = Boolean(query) && !has(keys[i], query);
        if (!li.hidden) found += 1;
      });
      if (!query) return "";
      return found ? `Tìm thấy ${found} xã, phường.` : "Không tìm thấy xã, phường nào.";
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); });
  }

  document.querySelectorAll("form[data-pp-lookup-data]").forEach(index);
  document.querySelectorAll("form[data-pp-lookup-list]").forEach(province);
})();
