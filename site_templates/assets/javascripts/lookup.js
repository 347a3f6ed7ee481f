/*
 * "Cơ quan nào giải quyết?" (planpub.render.lookup): search as you type over current
 * names and names before 01/07/2025, with or without diacritics (folded as
 * planpub.slug.fold folds: lower case, no diacritics, đ → d).
 *
 * A query is a set of words in any order ("Phổ Minh, Đức Phổ", "Hoàn Kiếm Hà Nội"): each
 * must start a word of the commune's current name, of one of its former units (old commune,
 * district, province) or of its province; a number matches only that number ("Quận 1" is not
 * quận 12). Type words (xã, phường, quận, thành phố, tp …) are optional and need not agree,
 * and never match a name ("Phổ" does not find every "Thành phố"). Current names rank first,
 * then former ones; fewer words left unmatched rank higher.
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
  const RETRY_MS = 10000;  // after a failed fetch, try again on focus or after this long
  const TYPES = ["thi tran", "thi xa", "thanh pho", "dac khu", "xa", "phuong", "quan",
    "huyen", "tinh", "tp"];
  const ABBREVIATIONS = { hcm: "ho chi minh", tphcm: "tp ho chi minh", hn: "ha noi" };
  const HINT = " Hãy thử gõ chỉ tên xã, phường (ví dụ: Phổ Minh).";

  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim();

  /* A name as words: its leading type word apart ("thanh pho ho chi minh" → type
   * "thanh pho", words ho chi minh). */
  function field(text, kind) {
    let rest = fold(text);
    let type = "";
    for (const t of TYPES) {
      if (rest.startsWith(t + " ")) { type = t; rest = rest.slice(t.length + 1); break; }
    }
    return { type, words: rest ? rest.split(" ") : [], kind };
  }

  /* The query: its content words and its type words ("tp" counts as "thanh pho"). */
  function parse(text) {
    const raw = fold(text).split(" ").filter(Boolean)
      .flatMap((w) => (ABBREVIATIONS[w] || w).split(" "));
    const words = [];
    const types = new Set();
    for (let i = 0; i < raw.length; i += 1) {
      const two = `${raw[i]} ${raw[i + 1]}`;
      if (TYPES.includes(two)) { types.add(two); i += 1; } else if (TYPES.includes(raw[i])) {
        types.add(raw[i] === "tp" ? "thanh pho" : raw[i]);
      } else words.push(raw[i]);
    }
    if (!words.length) return { words: raw, types: new Set() };  // only type words: as names
    return { words, types };
  }

  const hits = (word, token) => (/^\d+$/.test(token) ? word === token : word.startsWith(token));
  const hitBy = (f, t) => f.words.some((w) => hits(w, t));
  const whole = (f, t) => f.words.includes(t);

  /* How well fields match a query, or null. Fields the query names in full ("Đức Phổ",
   * "Hà Nội"; its last word may be unfinished) take its words; the other words must all start words of one name, current or
   * old. A query that only names a province looks for names. Returns [inexact words (a word
   * only started), −agreeing type words, tier (0: current name), extra words]. */
  function score(fields, query) {
    const all = query.words;
    const last = all[all.length - 1];
    let covered = fields.filter((f) => f.words.length &&
      f.words.every((w) => all.includes(w) || hits(w, last)));
    let rest = all.filter((t) => !covered.some((f) => hitBy(f, t)));
    if (!rest.length && covered.every((f) => f.kind === "province")) {
      covered = [];
      rest = all;
    }
    let own = null;
    let ownRank = null;
    if (rest.length) {
      for (const f of fields) {
        if (f.kind === "province" || f.kind === "district" || !rest.every((t) => hitBy(f, t))) continue;
        const rank = [rest.filter((t) => !whole(f, t)).length,
          f.words.filter((w) => !all.some((t) => hits(w, t))).length, f.kind === "name" ? 0 : 1];
        if (!ownRank || compare(rank, ownRank) < 0) { own = f; ownRank = rank; }
      }
      if (!own) return null;
    }
    const used = own ? covered.concat([own]) : covered;
    const tier = used.every((f) => f.kind === "name" || f.kind === "province") ? 0 : 1;
    const inexact = all.filter((t) => !used.some((f) => whole(f, t))).length;
    const agree = used.filter((f) => query.types.has(f.type)).length;
    return [inexact, -agree, tier, ownRank ? ownRank[1] : 0];
  }

  const compare = (a, b) => {
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  const byRank = (a, b) => compare(a[1], b[1]);

  /* A commune's best match over its current name and each former unit: a score and the
   * former unit it matched through (null for its current name). */
  function best(base, olds, query) {
    let found = score(base, query);
    let through = null;
    for (const old of olds) {
      const s = score(base.concat(old.fields), query);
      if (s && s[2] && (!found || compare(s, found) < 0)) { found = s; through = old; }
    }
    return found && [...found, through];
  }

  /* Old units from "district, province" and their names. */
  function oldFields(ward, where) {
    const [district, ...province] = where.split(", ");
    const fields = [field(ward, "old")];
    if (province.length) fields.push(field(district, "district"), field(province.join(", "), "province"));
    else if (district) fields.push(field(district, "province"));
    return fields;
  }

  function countText(places, communes, shown) {
    const parts = [];
    if (places) parts.push(`${places} tỉnh, thành phố`);
    if (communes) parts.push(`${communes} xã, phường`);
    if (!parts.length) return `Không tìm thấy tỉnh, thành phố hay xã, phường nào.${HINT}`;
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
      const text = search(input.value);
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
    let failedAt = 0;  // when the last fetch failed (0: none failed)
    const load = (now = false) => {
      if (data || loading) return loading || Promise.resolve();
      if (!now && failedAt && Date.now() - failedAt < RETRY_MS) return Promise.resolve();
      loading = fetch(form.dataset.ppLookupData)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
        .then((raw) => { data = prepare(raw); failedAt = 0; })
        .catch(() => { failedAt = Date.now(); })
        .finally(() => { loading = null; });
      return loading;
    };

    function prepare(raw) {
      const places = raw.p.map(([name, url, merged]) => ({
        name, url, merged, base: [field(name, "name")],
        olds: merged.map((m) => ({ text: m, fields: [field(m, "old")] })),
      }));
      const communes = raw.c.map(([p, name, anchor, code, groups]) => ({
        place: places[p], name, anchor, code,
        base: [field(name, "name"), field(places[p].name, "province")],
        olds: groups.flatMap(([d, ...wards]) => wards.map((ward) => {
          const [district, province] = raw.d[d];
          const where = district ? `${district}, ${province}` : province;
          return { text: `${ward}, ${where}`, fields: oldFields(ward.replace(/ \(.*$/, ""), where) };
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

    function search(text) {
      list.replaceChildren();
      const query = parse(text);
      if (!query.words.length) return "";
      if (!data) {
        return failedAt ? "Không tải được danh sách xã, phường. Hãy chọn tỉnh, thành phố ở danh sách dưới đây." :
          "Đang tải danh sách xã, phường…";
      }
      const rank = (items) => items.map((x) => {
        const found = best(x.base, x.olds, query);
        return found || !x.code || !query.words.includes(x.code) ? [x, found] : [x, [0, 0, 0, 0, null]];
      }).filter(([, found]) => found);
      const places = rank(data.places);
      const communes = rank(data.communes);
      // one list, best first; a province before a commune that matches as well
      const results = places.concat(communes).sort(byRank).slice(0, MAX);
      for (const [x, found] of results) {
        if (!x.place) {
          const merged = x.merged.length ? `gồm cả ${x.merged.join(", ")} cũ` : "";
          list.append(item(x.url, x.name, merged));
          continue;
        }
        const old = found[4];
        const where = x.place.name;
        const note = old ? `${where}; trước 01/07/2025 gồm ${old.text}` : where;
        list.append(item(`${x.place.url}#${x.anchor}`, x.name, note));
      }
      const shown = results.length;
      return countText(places.length, communes.length, shown);
    }

    const { input, run } = wire(form, search);
    input.addEventListener("focus", () => { load(true); });
    input.addEventListener("input", () => { if (!data) load().then(() => { if (data) run(); }); });
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
    const place = field(form.dataset.ppProvince || "", "province");
    const rows = Array.from(list.children);
    let items = null;
    const prepare = () => rows.map((li) => ({
      li,
      base: [field(li.querySelector("b").textContent, "name"), place],
      // each .pp-old: "phường A, phường B (một phần; …) <span>thuộc district, province</span>"
      olds: Array.from(li.querySelectorAll(".pp-old")).flatMap((group) => {
        const where = group.lastElementChild.textContent;
        const wards = group.textContent.slice(0, -where.length).replace(/\([^)]*\)/g, "");
        return wards.split(",").map((ward) => ward.trim()).filter(Boolean)
          .map((ward) => ({ fields: oldFields(ward, where.replace(/^thuộc /, "")) }));
      }),
    }));
    wire(form, (text) => {
      items = items || prepare();
      const query = parse(text);
      let found = 0;
      for (const { li, base, olds } of items) {
        li.hidden = query.words.length > 0 && !best(base, olds, query);
        if (!li.hidden) found += 1;
      }
      if (!query.words.length) return "";
      return found ? `Tìm thấy ${found} xã, phường.` : `Không tìm thấy xã, phường nào.${HINT}`;
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); });
  }

  document.querySelectorAll("form[data-pp-lookup-data]").forEach(index);
  document.querySelectorAll("form[data-pp-lookup-list]").forEach(province);
})();
