/*
 * planpub site search: the header search box, the results page /tim-kiem/, and the
 * reader of the index that planpub.search writes under tim-kiem/chi-muc/.
 *
 * Words are folded as the index folds them (lower case, no diacritics, đ → d),
 * so "boi thuong", "bồi thường" and "BỒI THƯỜNG" find the same records, and
 * records written with the typed diacritics rank first. Several words narrow
 * the results; syllables common across the site are matched as adjacent pairs
 * ("bồi thường", "Sở Tư pháp"), text in quotes as a phrase; a document number
 * is matched as typed ("42/KH-UBND", "08/2019", "68/2018/NĐ-CP"). Only the index
 * files a query needs are fetched. A query naming a place ("Phổ Minh") ranks that place's
 * plans and page first; then the records whose name (title or head: an agency, place, plan
 * or document name, a former name) holds the whole query as a phrase, above those that
 * only mention its words ("Sở Tư pháp": the agencies before the pages about them). Within a
 * kind, what is still in force on the reader's day ranks above what ceased: always among
 * name matches, else when it matches about as well. A page's front matter may lower or
 * raise its rank (`search: boost:`).
 */
(() => {
  "use strict";

  const T = {
    placeholder: "Tìm kiếm",
    loading: "Đang tìm…",
    none: (q) => `Không tìm thấy kết quả cho “${q}”.`,
    noneFiltered: (q, filters) => (q ? `Không có kết quả cho “${q}” với bộ lọc: ${filters}.`
      : `Không có kết quả với bộ lọc: ${filters}.`),
    unfiltered: (n) => (n ? ` Bỏ bộ lọc thì có ${n.toLocaleString("vi-VN")} kết quả.`
      : " Bỏ bộ lọc cũng không có kết quả."),
    count: (n) => `${n.toLocaleString("vi-VN")} kết quả`,
    all: (n) => `Xem tất cả ${n.toLocaleString("vi-VN")} kết quả`,
    more: "Xem thêm kết quả",
    relax: "Tìm cả kết quả có các từ không đứng liền nhau",
    strictNote: "Các từ thông dụng được tìm khi đứng liền nhau.",
    error: "Không tải được dữ liệu tìm kiếm. Hãy thử lại sau.",
    hint: "Gõ từ cần tìm, ví dụ: bồi thường, Sở Tư pháp, 42/KH-UBND.",
    plan: "Kế hoạch",
    lead: "Chủ trì",
    due: "Hạn",
    when: "Thời gian",
    status: "Tình trạng",
    reported: "báo cáo đến ngày",
    // a task's reported status (planpub.vocab.PROGRESS_LABELS); none reported: chua-bao-cao
    statuses: {
      "chua-bao-cao": "Chưa có báo cáo",
      "chua-thuc-hien": "Chưa thực hiện",
      "dang-thuc-hien": "Đang thực hiện",
      "hoan-thanh": "Hoàn thành",
      "khong-thuc-hien": "Không thực hiện",
    },
    anyKind: "Mọi loại",
    anyYear: "Mọi năm",
    anyPlace: "Mọi địa bàn",
    anySubPlace: "Toàn địa bàn",
    anyAgency: "Mọi cơ quan",
    pickPlace: "Chọn địa bàn để lọc theo cơ quan",
  };
  const COMMON = 0.02;       // a key in more than this share of records is "common"
  const COLLOCATION = 0.2;   // a pair this often together with its rarer word is a word
  const EXCERPT = 30;        // words in an excerpt
  const PAGE = 20;           // results per page on /tim-kiem/
  const POPUP = 6;           // results in the header drop-down
  const PRIOR = { "trang": 0.6, "van-ban": 0.4, "ke-hoach": 0.3, "co-quan": 0.3,
                  "dia-ban": 0.3, "nhiem-vu": 0 };
  // A query with a document number ("42/KH-UBND", "Thông tư 08/2019") looks for a document:
  // the document (and the plan bearing that number) before the tasks that cite it.
  const NUMBER_PRIOR = { "van-ban": 3, "ke-hoach": 1.5 };
  // An agency or place that ceased, a plan whose issuer ceased (and its tasks), a document
  // no longer in force: found, but below the results of its kind that are in force and
  // match about as well (half its score or more). Other kinds keep their places.
  const ENDED = 0.5;

  /** Today as YYYY-MM-DD, the reader's day (the index holds dates, never "now"). */
  function todayIso() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  /** Has a record's "in force until" day (`e` of its data, or an `@e:` set) passed? */
  function hasEnded(until) {
    return typeof until === "string" && until < todayIso();
  }

  // ------------------------------------------------------------------ words

  const WORD = /[\p{L}\p{N}\p{M}]+/gu;
  const BREAK = /(?:[^\p{L}\p{N}\p{M}\s]|_)+/u;
  const NUMBERISH = /\S*\p{Nd}\S*/gu;
  const QUOTES = /["“”„]/;
  const JOINING_DASH = /\s[-\u2013\u2014]\s/gu;  // "Tư pháp - Hộ tịch": still a pair
  const MAX_JOINED_PARTS = 6;

  function fold(word) {
    return word.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase();
  }

  function numberKey(raw) {
    if (raw.includes("://")) return null;
    const parts = raw.match(WORD) || [];
    if (parts.length < 2 || parts.length > MAX_JOINED_PARTS) return null;
    return parts.map(fold).join("");
  }

  /** The query as the index sees it: segments of words (pairs inside), number keys. */
  function parseQuery(input) {
    const text = input.normalize("NFC").toLowerCase();
    const segments = [];
    const numbers = [];
    text.split(QUOTES).forEach((chunk, i) => {
      const phrase = i % 2 === 1;
      const plain = chunk.replace(NUMBERISH, (raw) => {
        const k = numberKey(raw);
        if (k) { numbers.push({ key: k, raw }); return " | "; }
        return raw;
      });
      for (const segment of plain.replace(JOINING_DASH, " ").split(BREAK)) {
        const words = segment.split(/\s+/).filter(Boolean)
          .map((form) => ({ key: fold(form), form }));
        if (words.length) segments.push({ words, phrase });
      }
    });
    return { segments, numbers };
  }

  /**
   * The `@p:` keys of a query that may name a place ("Phổ Minh", "phường Phổ Minh",
   * "tỉnh Bà Rịa - Vũng Tàu"): all its words, and without a leading kind word.
   */
  function placeQuery(query, placeWords) {
    if (query.numbers.length) return [];
    const words = query.segments.flatMap((s) => s.words.map((w) => w.key));
    if (!words.length) return [];
    const out = [words.join(" ")];
    for (const size of [2, 1]) {
      if (words.length > size && placeWords.includes(words.slice(0, size).join(" "))) {
        out.push(words.slice(size).join(" "));
        break;
      }
    }
    return out.map((k) => `@p:${k}`);
  }

  // ------------------------------------------------------------------ index files

  const decoder = new TextDecoder();

  async function gunzip(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;  // the server already did
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) {
      h ^= byte;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  class Reader {
    constructor(bytes) { this.b = bytes; this.p = 0; }
    varint() {
      let v = 0, shift = 0, byte;
      do { byte = this.b[this.p++]; v += (byte & 0x7f) * 2 ** shift; shift += 7; }
      while (byte & 0x80);
      return v;
    }
    ids(n) {
      const out = new Uint32Array(n);
      let last = -1;
      for (let i = 0; i < n; i++) { last += this.varint() + 1; out[i] = last; }
      return out;
    }
    text(n) { const s = decoder.decode(this.b.subarray(this.p, this.p + n)); this.p += n; return s; }
  }

  function parseEntries(bytes) {
    const r = new Reader(bytes);
    const out = new Map();
    while (r.p < bytes.length) {
      const key = r.text(r.varint());
      const type = r.b[r.p++];
      if (type === 0) {
        const n = r.varint();
        const ids = r.ids(n);
        const weights = r.b.subarray(r.p, r.p + n); r.p += n;
        const forms = [];
        for (let v = r.varint(); v > 0; v--) {
          const form = r.text(r.varint());
          const lacking = r.b[r.p++] === 1;
          forms.push({ form, lacking, ids: r.ids(r.varint()) });
        }
        out.set(key, { key, ids, weights, forms, df: n });
      } else if (type === 1) {
        const ids = r.ids(r.varint());
        out.set(key, { key, ids, df: ids.length });
      } else {
        const df = r.varint();
        out.set(key, { key, stub: r.varint(), df });
      }
    }
    return out;
  }

  /** Sorted-array helpers over Uint32Array. */
  function lowerBound(arr, value, lo = 0) {
    let hi = arr.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function intersect(a, b) {
    const out = new Uint32Array(Math.min(a.length, b.length));
    let n = 0, j = 0;
    for (let i = 0; i < a.length && j < b.length; i++) {
      j = lowerBound(b, a[i], j);
      if (b[j] === a[i]) out[n++] = a[i];
    }
    return out.subarray(0, n);
  }

  function rangeIds(start, count) {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = start + i;
    return out;
  }

  class Index {
    constructor(base) {
      this.base = base;  // URL of tim-kiem/chi-muc/
      this.files = new Map();
      this.manifest = null;
    }

    async load() {
      if (!this.manifest) {
        this.manifest = fetch(new URL("manifest.json", this.base), { cache: "no-cache" })
          .then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); });
      }
      return this.manifest;
    }

    url(path) {
      return new URL(`${path}?v=${this.version}`, this.base);
    }

    fetchBytes(path) {
      if (!this.files.has(path)) {
        this.files.set(path, fetch(this.url(path))
          .then((r) => { if (!r.ok) throw new Error(`${path}: ${r.status}`); return r.arrayBuffer(); })
          .then((buf) => gunzip(new Uint8Array(buf))));
      }
      return this.files.get(path);
    }

    fetchJson(path) {
      if (!this.files.has(path)) {
        this.files.set(path, fetch(this.url(path)).then((r) => {
          if (!r.ok) throw new Error(`${path}: ${r.status}`); return r.json();
        }));
      }
      return this.files.get(path);
    }

    /** The bucket entry of a key: postings, a set, a stub (with df), or undefined. */
    async entry(key) {
      const m = await this.load();
      this.version = m.version;
      const bucket = await this.bucket(fnv1a(key) % m.buckets);
      return bucket.get(key);
    }

    bucket(n) {
      const path = `b/${n}.bin`;
      if (!this.files.has(`parsed:${path}`)) {
        this.files.set(`parsed:${path}`, this.fetchBytes(path).then(parseEntries));
      }
      return this.files.get(`parsed:${path}`);
    }

    /** The full entry of a key (fetching its own file if the bucket holds a stub). */
    async full(entry) {
      if (!entry || entry.stub === undefined) return entry;
      const path = `t/${entry.stub}.bin`;
      if (!this.files.has(`parsed:${path}`)) {
        this.files.set(`parsed:${path}`, this.fetchBytes(path).then(parseEntries));
      }
      return (await this.files.get(`parsed:${path}`)).get(entry.key);
    }

    kindOf(id) {
      for (const [kind, start, count] of this.manifestData.kinds) {
        if (id >= start && id < start + count) return kind;
      }
      return null;
    }

    async record(id) {
      for (const [kind, start, count, shard] of this.manifestData.kinds) {
        if (id >= start && id < start + count) {
          const n = Math.floor((id - start) / shard);
          if (!this.files.has(`parsed:r/${kind}-${n}`)) {
            this.files.set(`parsed:r/${kind}-${n}`, this.fetchBytes(`r/${kind}-${n}.bin`)
              .then((bytes) => JSON.parse(decoder.decode(bytes))));
          }
          const shardData = await this.files.get(`parsed:r/${kind}-${n}`);
          return { id, kind, ...shardData[(id - start) % shard] };
        }
      }
      return null;
    }

    // ---------------------------------------------------------------- searching

    /**
     * Run a query. options: {kind, year, place, agency, sort: "han"|"", relaxed}.
     * Returns {ids (best first), total, byKind, relaxable, relaxed, terms}.
     */
    async search(input, options = {}) {
      const m = await this.load();
      this.manifestData = m;
      this.version = m.version;
      const query = parseQuery(input);
      const filterKeys = [];
      if (options.year) filterKeys.push(`@n:${options.year}`);
      if (options.place) filterKeys.push(`@l:${options.place}`);
      if (options.agency) filterKeys.push(`@a:${options.agency}`);
      const unigrams = new Map();
      const pairs = [];
      for (const seg of query.segments) {
        seg.words.forEach((w, i) => {
          unigrams.set(w.key, w.form);
          if (i > 0) {
            const prev = seg.words[i - 1];
            pairs.push({ key: `${prev.key} ${w.key}`, form: `${prev.form} ${w.form}`,
                         a: prev.key, b: w.key, phrase: seg.phrase });
          }
        });
      }
      const placeKeys = placeQuery(query, m.placeWords || []);
      // a name holds the query as a phrase: every pair of a segment, a lone word, a number
      const nameKeys = [...query.segments.flatMap((s) => (s.words.length === 1 ? [s.words[0].key]
        : s.words.slice(1).map((w, i) => `${s.words[i].key} ${w.key}`))),
                        ...query.numbers.map((n) => n.key)];
      const keys = [...unigrams.keys(), ...pairs.map((p) => p.key),
                    ...query.numbers.map((n) => n.key), ...filterKeys, ...placeKeys];
      const entries = new Map();
      await Promise.all(keys.map(async (k) => entries.set(k, await this.entry(k))));
      const df = (k) => (entries.get(k) ? entries.get(k).df : 0);
      // a share of the records other than the lookup's names (manifest commonBase)
      const common = (k) => df(k) > Math.max(20, COMMON * (m.commonBase ?? m.records));
      const terms = { unigrams: [...unigrams.keys()], numbers: query.numbers.map((n) => n.key),
                      forms: [...unigrams.values()] };

      // Which keys must every result hold (strict: common words as adjacent pairs)?
      const plan = (relaxed) => {
        const required = new Map();
        const boosts = new Map();
        const covered = new Set();
        for (const p of pairs) {
          const wanted = p.phrase || (relaxed
            ? (common(p.a) || common(p.b)) &&
              df(p.key) >= COLLOCATION * Math.min(df(p.a), df(p.b))
            : common(p.a) || common(p.b));
          if (wanted) { required.set(p.key, p.form); covered.add(p.a).add(p.b); }
          else boosts.set(p.key, p.form);
        }
        for (const [k, form] of unigrams) {
          if (!common(k) || !covered.has(k)) required.set(k, form);
        }
        for (const n of query.numbers) required.set(n.key, null);
        return { required, boosts, numbered: query.numbers.length > 0, placeKeys, nameKeys };
      };
      const hasText = unigrams.size > 0 || query.numbers.length > 0;
      let relaxed = Boolean(options.relaxed);
      let chosen = plan(relaxed);
      let result = await this.evaluate(chosen, entries, options, filterKeys, hasText);
      if (!relaxed && result.ids.length === 0 && hasText) {
        relaxed = true;
        chosen = plan(true);
        result = await this.evaluate(chosen, entries, options, filterKeys, hasText);
      }
      const loose = plan(true).required;
      const relaxable = !relaxed && (loose.size !== chosen.required.size ||
        [...loose.keys()].some((k) => !chosen.required.has(k)));
      return { ...result, relaxable, relaxed, terms };
    }

    async evaluate({ required, boosts, numbered, placeKeys, nameKeys }, entries, options,
                   filterKeys, hasText) {
      const m = this.manifestData;
      if (!hasText && filterKeys.length === 0) return { ids: new Uint32Array(0), total: 0, byKind: {} };
      const wanted = [...[...required].map(([k, form]) => ({ k, form, score: true })),
                      ...filterKeys.map((k) => ({ k, score: false }))];
      const lists = await Promise.all(wanted.map(async (w) =>
        ({ ...w, e: await this.full(entries.get(w.k)) })));
      if (lists.some((l) => !l.e)) return { ids: new Uint32Array(0), total: 0, byKind: {} };
      let ids = null;
      for (const { e } of [...lists].sort((x, y) => x.e.ids.length - y.e.ids.length)) {
        ids = ids ? intersect(ids, e.ids) : e.ids;
      }
      // counts by kind before the kind filter (for the tabs)
      const byKind = {};
      for (const [kind, start, count] of m.kinds) {
        byKind[kind] = lowerBound(ids, start + count) - lowerBound(ids, start);
      }
      if (options.kind) {
        const range = m.kinds.find((k) => k[0] === options.kind);
        ids = range ? ids.subarray(lowerBound(ids, range[1]), lowerBound(ids, range[1] + range[2]))
          : new Uint32Array(0);
      }
      const scores = new Float64Array(ids.length);
      const n = m.records;
      const step = (m.weightStep || 1) / 100;
      const scored = lists.filter((l) => l.score);
      for (const [k, form] of boosts) {
        const e = entries.get(k);
        if (e && e.stub === undefined) scored.push({ e, form });
      }
      for (const { e, form } of scored) {
        if (!e.weights) continue;
        const idf = Math.log(1 + (n - e.df + 0.5) / (e.df + 0.5));
        const exact = exactSet(e, form);
        let j = 0;
        for (let i = 0; i < ids.length; i++) {
          j = lowerBound(e.ids, ids[i], j);
          if (e.ids[j] !== ids[i]) continue;
          const bonus = exact && exact(j, ids[i]) ? 1.6 : 1;
          scores[i] += idf * (e.weights[j] & 0x3f) * step * bonus;
        }
      }
      const order = Array.from(ids.keys());
      const ended = await this.ended();
      const place = new Set();
      for (const k of placeKeys) {
        const e = await this.full(entries.get(k));
        if (e) e.ids.forEach((id) => place.add(id));
      }
      // the place the query names first (its plans, its own page), then the name matches,
      // then by score
      const named = hasText ? await this.named(ids, nameKeys, entries) : new Uint8Array(ids.length);
      const tier = Uint8Array.from(ids, (id, i) => (place.has(id) ? 2 : 0) + named[i]);
      const gone = (i) => (ended.has(ids[i]) ? 1 : 0);
      if (hasText) {
        const prior = (kind) => (PRIOR[kind] || 0) +
          (numbered ? NUMBER_PRIOR[kind] || 0 : 0);
        const boost = await this.boosts();
        for (let i = 0; i < ids.length; i++) {
          scores[i] = (scores[i] + prior(this.kindOf(ids[i]))) * (boost.get(ids[i]) || 1);
        }
        order.sort((a, b) => tier[b] - tier[a] || scores[b] - scores[a] || ids[a] - ids[b]);
        // within each kind, the places its results hold go to those in force first: among
        // name matches always, else when they match about as well
        const adjusted = (i) => scores[i] * (ended.has(ids[i]) ? ENDED : 1);
        const slotsOf = new Map();
        order.forEach((i, at) => {
          const kind = this.kindOf(ids[i]);
          if (!slotsOf.has(kind)) slotsOf.set(kind, []);
          slotsOf.get(kind).push(at);
        });
        for (const slots of slotsOf.values()) {
          const items = slots.map((at) => order[at]).sort((a, b) => tier[b] - tier[a] ||
            (tier[a] & 1 ? gone(a) - gone(b) : 0) || adjusted(b) - adjusted(a) || ids[a] - ids[b]);
          slots.forEach((at, k) => { order[at] = items[k]; });
        }
      } else {
        order.sort((a, b) => gone(a) - gone(b) || ids[a] - ids[b]);
      }
      let ranked = Uint32Array.from(order, (i) => ids[i]);
      if (options.sort === "han") ranked = await this.byDueDate(ranked);
      return { ids: ranked, total: ranked.length, byKind };
    }

    /**
     * Which of `ids` (ascending) hold the query as a phrase in their name: every key of
     * `nameKeys` in their title or head (the high bits of its weight byte).
     */
    async named(ids, nameKeys, entries) {
      const out = new Uint8Array(ids.length).fill(nameKeys.length ? 1 : 0);
      for (const k of nameKeys) {
        const e = await this.full(entries.get(k));
        if (!e || !e.weights) return out.fill(0);
        let j = 0;
        for (let i = 0; i < ids.length; i++) {
          if (!out[i]) continue;
          j = lowerBound(e.ids, ids[i], j);
          if (e.ids[j] !== ids[i] || !(e.weights[j] & NAME_BITS)) out[i] = 0;
        }
      }
      return out;
    }

    /** Record id → the factor its page's front matter sets (`search: boost:`, `@b:` sets). */
    boosts() {
      if (!this.boostOf) {
        this.boostOf = Promise.all((this.manifestData.boosts || []).map(async (b) => {
          const e = await this.full(await this.entry(`@b:${b}`));
          return [Number(b), e ? [...e.ids] : []];
        })).then((lists) => new Map(lists.flatMap(([f, ids]) => ids.map((id) => [id, f]))));
      }
      return this.boostOf;
    }

    /** Ids of the records no longer in force today (one `@e:` set per day they ended). */
    ended() {
      const today = todayIso();
      if (!this.endedOn || this.endedOn.day !== today) {
        const days = (this.manifestData.ends || []).filter((d) => d < today);
        this.endedOn = { day: today, ids: Promise.all(days.map(async (d) => {
          const e = await this.full(await this.entry(`@e:${d}`));
          return e ? [...e.ids] : [];
        })).then((lists) => new Set(lists.flat())) };
      }
      return this.endedOn.ids;
    }

    /** Tasks due from today first (soonest first), then past ones, undated, then the rest. */
    async byDueDate(ranked) {
      const table = await this.fetchJson("han.json");
      const iso = todayIso();
      const dueOf = (id) => {
        let lo = 0, hi = table.length;
        while (lo < hi) { const mid = (lo + hi) >>> 1; if (table[mid][1] <= id) lo = mid + 1; else hi = mid; }
        const row = table[lo - 1];
        return row && id < row[1] + row[2] ? row[0] : null;
      };
      const tasks = this.manifestData.kinds.find((k) => k[0] === "nhiem-vu");
      const isTask = (id) => tasks && id >= tasks[1] && id < tasks[1] + tasks[2];
      const upcoming = [], past = [], undated = [], rest = [];
      for (const id of ranked) {
        if (!isTask(id)) { rest.push(id); continue; }
        const due = dueOf(id);
        if (due === null) undated.push(id);
        else if (due >= iso) upcoming.push(id);
        else past.push(id);
      }
      upcoming.sort((a, b) => a - b);
      past.sort((a, b) => b - a);
      return Uint32Array.from([...upcoming, ...past, ...undated, ...rest]);
    }
  }

  // A weight byte: title and head bits, and a score in steps (manifest `weightStep`).
  const NAME_BITS = 0xc0;

  /** For a list and the form the reader typed: does record j of the list hold that form? */
  function exactSet(entry, form) {
    if (!form) return null;
    if (entry.forms.length === 0) return entry.key === form ? () => true : null;
    const f = entry.forms.find((x) => x.form === form);
    if (!f) return null;
    return (_j, id) => {
      const k = lowerBound(f.ids, id);
      const listed = f.ids[k] === id;
      return f.lacking ? !listed : listed;
    };
  }

  // ------------------------------------------------------------------ excerpts

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;",
                                           '"': "&quot;", "'": "&#39;" }[c]));
  }

  /**
   * Spans of `text` that match the query: words and number tokens. A word typed with
   * diacritics marks the words written that way ("sở" marks "Sở", not "sơ" or "số");
   * if an excerpt has none of them, or the word was typed without diacritics, every
   * word that folds alike is marked (titles and labels keep to the typed form).
   */
  function matches(text, terms, strictOnly = false) {
    const spans = [];
    const exact = new Map();  // folded key -> the lower-case form typed, if it had diacritics
    (terms.forms || []).forEach((form, i) => {
      const lower = form.toLowerCase();
      if (lower !== terms.unigrams[i]) exact.set(terms.unigrams[i], lower);
    });
    const words = [...text.matchAll(WORD)];
    const hits = (strict) => words.filter((m) => {
      const lower = m[0].toLowerCase();
      const key = fold(lower);
      if (!exact.has(key) && !terms.unigrams.includes(key)) return false;
      return !strict || !exact.has(key) || exact.get(key) === lower;
    });
    let found = hits(true);
    if (!strictOnly && !found.some((m) => exact.has(fold(m[0].toLowerCase())))) {
      found = hits(false);
    }
    for (const m of found) spans.push([m.index, m.index + m[0].length, m[0]]);
    if (terms.numbers.length) {
      for (const m of text.matchAll(/\S+/gu)) {
        const parts = [...m[0].matchAll(WORD)];
        if (parts.length < 2) continue;
        const joined = parts.map((p) => fold(p[0].toLowerCase())).join("");
        if (terms.numbers.some((k) => joined.startsWith(k))) {
          const first = parts[0], last = parts[parts.length - 1];
          spans.push([m.index + first.index, m.index + last.index + last[0].length, m[0]]);
        }
      }
    }
    return spans.sort((a, b) => a[0] - b[0]);
  }

  function highlight(text, spans) {
    let out = "", pos = 0;
    for (const [start, end] of spans) {
      if (start < pos) continue;
      out += escapeHtml(text.slice(pos, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
      pos = end;
    }
    return out + escapeHtml(text.slice(pos));
  }

  /** The window of EXCERPT words with the most different matches, highlighted. */
  function excerpt(text, terms) {
    if (!text) return { html: "", start: 0 };
    const bounds = [...text.matchAll(/\S+/gu)].map((m) => [m.index, m.index + m[0].length]);
    const starts = bounds.map((b) => b[0]);
    const spans = matches(text, terms);
    const lead = 6;
    let first = 0;
    if (spans.length) {
      const at = spans.map(([s]) => Math.max(0, lowerBound(starts, s + 1) - 1));
      let bestScore = -1;
      for (let i = 0; i < spans.length; i++) {
        const seen = new Set();
        for (let k = i; k < spans.length && at[k] < at[i] + EXCERPT - lead; k++) {
          seen.add(fold(spans[k][2].toLowerCase()));
        }
        if (seen.size > bestScore) { bestScore = seen.size; first = Math.max(0, at[i] - lead); }
      }
    }
    const last = Math.min(first + EXCERPT, bounds.length) - 1;
    const from = bounds[first] ? bounds[first][0] : 0;
    const to = bounds[last] ? bounds[last][1] : text.length;
    const inside = spans.filter(([s, e]) => s >= from && e <= to)
      .map(([s, e, w]) => [s - from, e - from, w]);
    return {
      html: (from > 0 ? "… " : "") + highlight(text.slice(from, to), inside) +
        (to < text.length ? " …" : ""),
      start: from,
    };
  }

  function vnDate(iso) {
    const [y, mo, d] = iso.split("-");
    return `${d}/${mo}/${y}`;
  }

  /** A task's reported status (the index holds it only for tasks with a report). */
  function taskStatus(m) {
    const status = Object.hasOwn(T.statuses, m.status || "") ? m.status : "chua-bao-cao";
    const when = m.reported && /^\d{4}-\d{2}-\d{2}$/.test(m.reported)
      ? ` (${T.reported} ${vnDate(m.reported)})` : "";
    return `<span class="pp-result__status" data-pp-status="${status}">` +
      `${T.status}: ${T.statuses[status]}${when}</span>`;
  }

  /** One result as HTML (shared by the drop-down and the results page). */
  function renderResult(rec, terms, siteRoot, labels, compact) {
    const ex = excerpt(rec.x || "", terms);
    let url = rec.u;
    let where = "";
    if (rec.s && rec.s.length) {
      const section = rec.s.filter(([offset]) => offset <= ex.start).pop();
      if (section) { url = `${rec.u}#${section[1]}`; where = section[2] === rec.t ? "" : section[2]; }
    }
    const href = /^https?:\/\//.test(url) ? url : new URL(url, siteRoot).href;
    const meta = [];
    const m = rec.m || {};
    if (rec.kind === "nhiem-vu") {
      if (m.plan) meta.push(`<span>${T.plan}: ${escapeHtml(m.plan)}</span>`);
      if (m.lead) meta.push(`<span>${T.lead}: ${escapeHtml(m.lead)}</span>`);
      if (m.due) meta.push(`<span>${T.due}: <time datetime="${escapeHtml(m.due)}">${vnDate(m.due)}</time></span>`);
      else if (m.when) meta.push(`<span>${T.when}: ${escapeHtml(m.when)}</span>`);
      meta.push(taskStatus(m));
    } else if (rec.kind === "ke-hoach") {
      if (m.label) meta.push(`<span>${highlight(m.label, matches(m.label, terms, true))}</span>`);
      if (m.place && !(m.label || "").includes(m.place)) meta.push(`<span>${escapeHtml(m.place)}</span>`);
    } else if (rec.kind === "van-ban") {
      if (m.label) meta.push(`<span>${highlight(m.label, matches(m.label, terms, true))}</span>`);
    } else if (m.kind || m.place) {
      if (m.kind) meta.push(`<span>${escapeHtml(m.kind)}</span>`);
      if (m.place) meta.push(`<span>${escapeHtml(m.place)}</span>`);
    }
    if (where) meta.push(`<span>${escapeHtml(where)}</span>`);
    if (rec.e && hasEnded(rec.e[0])) {
      meta.unshift(`<span class="pp-result__ended">${escapeHtml(rec.e[1])}</span>`);
    }
    const title = highlight(rec.t, matches(rec.t, terms, true));
    return `<a class="pp-result" href="${escapeHtml(href)}" data-kind="${rec.kind}">` +
      `<span class="pp-result__kind">${escapeHtml(labels[rec.kind] || "")}</span>` +
      `<span class="pp-result__title">${title}</span>` +
      (meta.length ? `<span class="pp-result__meta">${meta.join("")}</span>` : "") +
      (!compact && ex.html ? `<span class="pp-result__excerpt">${ex.html}</span>` : "") +
      (compact && ex.html && rec.kind !== "co-quan" && rec.kind !== "dia-ban"
        ? `<span class="pp-result__excerpt">${ex.html}</span>` : "") +
      `</a>`;
  }

  // ------------------------------------------------------------------ page wiring

  const script = document.currentScript;
  const siteRoot = new URL("../../", script ? script.src : location.href);
  const index = new Index(new URL("tim-kiem/chi-muc/", siteRoot));
  const supported = typeof DecompressionStream !== "undefined" && "matchAll" in String.prototype;

  function labelsOf(m) {
    const out = {};
    for (const [kind, , , , label] of m.kinds) out[kind] = label;
    return out;
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  /** The header search box with its drop-down of the best results. */
  function mountHeader(root) {
    if (root.dataset.ppMounted) return;
    root.dataset.ppMounted = "1";
    root.hidden = false;
    const form = root.querySelector("form");
    const input = root.querySelector("input");
    const popup = root.querySelector(".pp-search__popup");
    const status = popup.querySelector(".pp-search__status");
    const list = popup.querySelector(".pp-search__list");
    const toggle = root.querySelector(".pp-search__toggle");
    let active = -1;
    let serial = 0;

    const items = () => [...list.querySelectorAll("[role=option]")];
    /** Mark option `i` as the active one (-1: none): class, aria-selected, activedescendant. */
    const select = (i) => {
      const all = items();
      all.forEach((el, k) => {
        el.classList.toggle("pp-active", k === i);
        el.setAttribute("aria-selected", String(k === i));
      });
      active = all[i] ? i : -1;
      if (all[i]) {
        input.setAttribute("aria-activedescendant", all[i].id);
        all[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    const close = () => {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      select(-1);
    };
    const open = () => { popup.hidden = false; input.setAttribute("aria-expanded", "true"); };
    /** The drop-down's content: a status line, and the options (none: the listbox hides). */
    const show = (text, options = "") => {
      status.textContent = text;
      list.innerHTML = options;
      list.hidden = !options;
      active = -1;
      input.removeAttribute("aria-activedescendant");
    };

    const run = debounce(async () => {
      const q = input.value.trim();
      const mine = ++serial;
      if (!q) { close(); show(""); delete popup.dataset.query; return; }
      delete popup.dataset.query;
      show(T.loading);
      open();
      try {
        const res = await index.search(q);
        if (mine !== serial) return;
        const labels = labelsOf(index.manifestData);
        if (!res.total) {
          show(T.none(q));
          popup.dataset.query = q;
          return;
        }
        const recs = await Promise.all([...res.ids.subarray(0, POPUP)].map((id) => index.record(id)));
        if (mine !== serial) return;
        const page = new URL(`tim-kiem/?q=${encodeURIComponent(q)}`, siteRoot).href;
        show(T.count(res.total), recs.map((r, i) => renderResult(r, res.terms, siteRoot, labels, true)
          .replace("<a ", `<a id="pp-opt-${i}" role="option" aria-selected="false" `)).join("") +
          `<a class="pp-search__all" id="pp-opt-all" role="option" aria-selected="false" href="${escapeHtml(page)}">${T.all(res.total)}</a>`);
        popup.dataset.query = q;  // results are in place (tests and assistive tech wait on this)
      } catch (err) {
        if (mine === serial) {
          popup.dataset.query = q;
          show(T.error);
        }
      }
    }, 120);

    input.addEventListener("input", run);
    input.addEventListener("focus", () => {
      index.load().catch(() => {});
      if (input.value.trim() && status.textContent) open();
    });
    input.addEventListener("keydown", (ev) => {
      const all = items();
      if (ev.key === "ArrowDown" && all.length) { ev.preventDefault(); open(); select((active + 1) % all.length); }
      else if (ev.key === "ArrowUp" && all.length) { ev.preventDefault(); open(); select(active <= 0 ? all.length - 1 : active - 1); }
      else if (ev.key === "Escape") {
        // open results: Escape closes them and keeps the query and the focus (the browser
        // would clear a type=search box); closed: the browser's own Escape clears the query
        if (!popup.hidden) { ev.preventDefault(); close(); }
        else root.classList.remove("pp-search--open");
      }
      else if (ev.key === "Enter" && active >= 0 && all[active]) { ev.preventDefault(); all[active].click(); close(); }
    });
    // Escape from a result (reached with Tab) closes the results and goes back to the box.
    popup.addEventListener("keydown", (ev) => {
      if (ev.key !== "Escape") return;
      ev.preventDefault();
      input.focus();  // first: focusing the box with results in it opens them
      close();
    });
    // A result reached with Tab is the active one too.
    popup.addEventListener("focusin", (ev) => {
      const option = ev.target.closest("[role=option]");
      if (option) select(items().indexOf(option));
    });
    form.addEventListener("submit", (ev) => {
      if (!input.value.trim()) ev.preventDefault();
    });
    document.addEventListener("click", (ev) => {
      if (!root.contains(ev.target)) { close(); root.classList.remove("pp-search--open"); }
    });
    // focus leaving the box and its results (Tab past the last one) closes them
    root.addEventListener("focusout", (ev) => {
      if (ev.relatedTarget && !root.contains(ev.relatedTarget)) close();
    });
    popup.addEventListener("click", (ev) => { if (ev.target.closest("a")) close(); });
    if (toggle) {
      toggle.addEventListener("click", () => {
        root.classList.toggle("pp-search--open");
        if (root.classList.contains("pp-search--open")) input.focus();
      });
    }
    document.addEventListener("keydown", (ev) => {
      const target = ev.target;
      const typing = target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "k") {
        ev.preventDefault();
      } else if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || !["/", "s", "S"].includes(ev.key)) {
        return;
      } else {
        ev.preventDefault();
      }
      root.classList.add("pp-search--open");
      input.focus();
      input.select();
    });
  }

  /** The results page: query, filters, sort, results with excerpts, more. */
  function mountPage(page) {
    if (page.dataset.ppMounted) return;
    page.dataset.ppMounted = "1";
    const form = page.querySelector("form");
    const field = (name) => form.elements.namedItem(name);
    const status = page.querySelector(".pp-search-page__status");
    const tabs = page.querySelector(".pp-search-page__kinds");
    const list = page.querySelector(".pp-search-page__results");
    const moreButton = page.querySelector(".pp-search-page__more");
    const relaxButton = page.querySelector(".pp-search-page__relax");
    const clearButton = page.querySelector(".pp-search-page__clear");
    const foldButton = page.querySelector(".pp-search-page__toggle");
    const filterBox = page.querySelector(".pp-search-page__filters");
    const filterCount = page.querySelector(".pp-search-page__count");
    page.hidden = false;
    let serial = 0;
    let current = null;
    let shown = 0;
    let relaxed = false;

    const params = new URLSearchParams(location.search);
    const names = ["q", "loai", "nam", "dia-ban", "xa", "co-quan", "sap-xep"];
    const filters = ["loai", "nam", "dia-ban", "xa", "co-quan"];

    /** The filters set, as the form names them: "Địa bàn: Trung ương, Loại: Kế hoạch". */
    function activeFilters() {
      return filters.filter((name) => field(name).value).map((name) => {
        const el = field(name);
        const label = el.closest("label").querySelector("span").textContent;
        return `${label}: ${el.selectedOptions[0].text}`;
      });
    }

    /** Fold or unfold the filters (folding shows only on phones: planpub's search.css). */
    function fold(folded) {
      filterBox.classList.toggle("pp-folded", folded);
      foldButton.setAttribute("aria-expanded", String(!folded));
    }

    /** "Bỏ bộ lọc" while a filter is set; the fold button counts them: "Bộ lọc (2)". */
    function showFilters() {
      const n = activeFilters().length;
      clearButton.hidden = n === 0;
      filterCount.textContent = n ? ` (${n})` : "";
    }

    async function setup() {
      const m = await index.load();
      index.manifestData = m;
      index.version = m.version;
      const kind = field("loai");
      for (const [k, , count, , label] of m.kinds) {
        kind.add(new Option(`${label}`, k));
      }
      for (const y of m.years) field("nam").add(new Option(String(y), String(y)));
      for (const [id, name] of m.places) field("dia-ban").add(new Option(name, id));
      for (const name of names) {
        const value = params.get(name);
        if (value !== null && field(name)) field(name).value = value;
      }
      await loadPlace(params.get("xa"), params.get("co-quan"));
    }

    async function loadPlace(sub, agency) {
      const place = field("dia-ban").value;
      const subSelect = field("xa");
      const agencySelect = field("co-quan");
      subSelect.length = 1;
      agencySelect.length = 1;
      agencySelect.options[0].text = place ? T.anyAgency : T.pickPlace;
      subSelect.closest("label").hidden = true;
      if (!place) { agencySelect.disabled = true; return; }
      const data = await index.fetchJson(`dia-ban/${place}.json`);
      for (const [id, name] of data.places) subSelect.add(new Option(name, id));
      subSelect.closest("label").hidden = data.places.length === 0;
      for (const [id, name] of data.agencies) agencySelect.add(new Option(name, id));
      agencySelect.disabled = data.agencies.length === 0;
      if (sub) subSelect.value = sub;
      if (agency) agencySelect.value = agency;
    }

    function options() {
      return {
        kind: field("loai").value, year: field("nam").value,
        place: field("xa").value || field("dia-ban").value, agency: field("co-quan").value,
        sort: field("sap-xep").value, relaxed,
      };
    }

    function syncUrl() {
      const p = new URLSearchParams();
      for (const name of names) {
        const el = field(name);
        if (el && el.value) p.set(name, el.value);
      }
      const query = p.toString();
      history.replaceState(history.state, "", query ? `?${query}` : location.pathname);
    }

    async function showMore(res, labels) {
      const ids = [...res.ids.subarray(shown, shown + PAGE)];
      const recs = await Promise.all(ids.map((id) => index.record(id)));
      list.insertAdjacentHTML("beforeend", recs.map((r) =>
        `<li>${renderResult(r, res.terms, siteRoot, labels, false)}</li>`).join(""));
      shown += ids.length;
      moreButton.hidden = shown >= res.total;
    }

    async function run() {
      const mine = ++serial;
      syncUrl();
      const q = field("q").value.trim();
      const opts = options();
      delete page.dataset.query;
      list.innerHTML = "";
      tabs.innerHTML = "";
      moreButton.hidden = true;
      relaxButton.hidden = true;
      showFilters();
      shown = 0;
      if (!q && !opts.year && !opts.place && !opts.agency) {
        status.textContent = T.hint;
        page.dataset.query = q;
        return;
      }
      status.textContent = T.loading;
      try {
        const res = await index.search(q, opts);
        if (mine !== serial) return;
        current = res;
        const labels = labelsOf(index.manifestData);
        const active = activeFilters();
        if (res.total) status.textContent = T.count(res.total);
        else if (!active.length) status.textContent = T.none(q);
        else {
          // a filter may be the cause: name them, say what the words alone find
          let text = T.noneFiltered(q, active.join(", "));
          if (q) {
            const all = await index.search(q, { relaxed });
            if (mine !== serial) return;
            text += T.unfiltered(all.total);
          }
          status.textContent = text;
        }
        if (res.relaxable) {
          relaxButton.hidden = false;
          relaxButton.textContent = T.relax;
        }
        const kinds = index.manifestData.kinds.filter(([k]) => res.byKind[k]);
        if (kinds.length) {
          tabs.innerHTML = kinds.map(([k, , , , label]) =>
            `<button type="button" data-kind="${k}" aria-pressed="${opts.kind === k}">${escapeHtml(label)} <span>${res.byKind[k]}</span></button>`).join("");
        }
        await showMore(res, labels);
        if (mine === serial) page.dataset.query = q;  // results are in place
      } catch (err) {
        if (mine === serial) { status.textContent = T.error; page.dataset.query = q; }
      }
    }

    const rerun = debounce(run, 150);
    form.addEventListener("submit", (ev) => { ev.preventDefault(); relaxed = false; run(); });
    field("q").addEventListener("input", () => { relaxed = false; rerun(); });
    for (const name of ["loai", "nam", "xa", "co-quan", "sap-xep"]) {
      field(name).addEventListener("change", () => run());
    }
    field("dia-ban").addEventListener("change", async () => { await loadPlace(); run(); });
    tabs.addEventListener("click", (ev) => {
      const button = ev.target.closest("button[data-kind]");
      if (!button) return;
      const kind = field("loai");
      kind.value = kind.value === button.dataset.kind ? "" : button.dataset.kind;
      run();
    });
    moreButton.addEventListener("click", () => {
      if (current) showMore(current, labelsOf(index.manifestData));
    });
    relaxButton.addEventListener("click", () => { relaxed = true; run(); });
    foldButton.addEventListener("click", () => fold(!filterBox.classList.contains("pp-folded")));
    const phone = window.matchMedia("(max-width: 44.9375em)");
    fold(phone.matches);
    phone.addEventListener("change", () => fold(phone.matches));
    clearButton.addEventListener("click", async () => {
      for (const name of filters) field(name).value = "";
      await loadPlace();
      field("q").focus();  // the button hides once results show
      run();
    });
    setup().then(run).catch(() => { status.textContent = T.error; });
  }

  function mountAll() {
    if (!supported) return;
    document.querySelectorAll("[data-pp-search]").forEach(mountHeader);
    document.querySelectorAll("[data-pp-search-page]").forEach(mountPage);
  }

  window.ppSearch = { index, parseQuery, fold, excerpt };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
