/* planpub: the officers' forms at /quan-tri/ (Decap CMS).
 *
 * Before Decap starts (window.CMS_MANUAL_INIT) this registers:
 * - the canonical file formats (planpub-yaml.js, the twin of `planpub fmt`), so a form save
 *   writes the same bytes as a hand edit run through `planpub fmt`;
 * - a preview of a plan like its page on the site (title, header, task table, agency names);
 * - the site's stylesheets for that preview.
 * Settings come from the page (#planpub-cms), written by the build.
 */
(function () {
  "use strict";

  var HEADER = "__planpub_header";
  var settings = JSON.parse(document.getElementById("planpub-cms").textContent);
  var status = document.getElementById("planpub-cms-status");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  /* ---------------------------------------------------------------- formats */

  /* Fields a file leaves out hold their default, so the form shows what the file means
     (`type: ke-hoach` …); writing drops them again (planpub-yaml.js). */
  function withDefaults(value, node, models) {
    if (!node || value === null || value === undefined) { return value; }
    if (node.type === "list" && Array.isArray(value)) {
      return value.map(function (item) { return withDefaults(item, node.items, models); });
    }
    if (node.type !== "object" || !node.model || typeof value !== "object") { return value; }
    var out = Object.assign({}, value);
    models[node.model].fields.forEach(function (field) {
      if (out[field.name] === undefined && field.default !== undefined && field.default !== null &&
          !(Array.isArray(field.default) && !field.default.length)) {
        out[field.name] = JSON.parse(JSON.stringify(field.default));
      }
      out[field.name] = withDefaults(out[field.name], field.node, models);
    });
    return out;
  }

  /* Pickers find an entry by its name typed with or without diacritics: each registry entry
     carries its names folded (SEARCH), which is never written back. */
  var SEARCH = "__planpub_search";

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function searchable(item) {
    if (!item || typeof item !== "object") { return item; }
    var words = [item.name, item.title, item.number, item.id].concat(list(item.short_names));
    var out = Object.assign({}, item);
    out[SEARCH] = fold(words.filter(Boolean).join(" "));
    return out;
  }

  function plain(item) {
    if (!item || typeof item !== "object") { return item; }
    var out = Object.assign({}, item);
    delete out[SEARCH];
    return out;
  }

  function format(kind, spec) {
    var described = spec[kind];
    var wrap = described.root.type === "list";  /* a registry file: a list of entries */
    return {
      fromFile: function (text) {
        var read = window.PlanpubYaml.load(text, window.jsyaml);
        var data = withDefaults(read.data, described.root, described.models);
        data = wrap ? { items: list(data).map(searchable) } : (data || {});
        data[HEADER] = read.header;
        return data;
      },
      toFile: function (data) {
        var copy = Object.assign({}, data);
        var header = copy[HEADER];
        delete copy[HEADER];
        var body = wrap ? list(copy.items).map(plain) : copy;
        return window.PlanpubYaml.dump(body, described, header);
      }
    };
  }

  function registerFormats(spec) {
    Object.keys(settings.formats).forEach(function (name) {
      window.CMS.registerCustomFormat(name, "yaml", format(settings.formats[name], spec));
    });
  }

  /* ---------------------------------------------------------------- preview */

  var h = window.h;

  function agencyName(names, id) {
    var agency = names.agencies[id];
    return agency ? agency.name : id;
  }

  function header(names, plan) {
    var agency = names.agencies[plan.issuer];
    if (agency) { return agency.header; }
    return { parent: null, lines: plan.issuer ? [String(plan.issuer).toUpperCase()] : [] };
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function flatten(tasks, depth, out) {
    list(tasks).forEach(function (task) {
      if (!task) { return; }
      out.push({ task: task, depth: depth });
      flatten(task.subtasks, depth + 1, out);
    });
    return out;
  }

  function roles(names, task, keys) {
    var ids = [];
    keys.forEach(function (key) { ids = ids.concat(list(task[key])); });
    if (!ids.length) { return "—"; }
    return h("ul", { className: "pp-roles" }, ids.map(function (id, i) {
      return h("li", { key: i }, agencyName(names, id));
    }));
  }

  function dateLine(plan) {
    if (!plan.issued) { return "Văn bản nguồn không ghi ngày ban hành"; }
    var parts = String(plan.issued).split("-");
    var month = Number(parts[1]);
    var text = "ngày " + parts[2] + " tháng " + (month < 3 ? parts[1] : String(month)) +
      " năm " + parts[0];
    return plan.place ? plan.place + ", " + text : text.charAt(0).toUpperCase() + text.slice(1);
  }

  function PlanPreview(names) {
    return window.createClass({
      render: function () {
        var plan = this.props.entry.get("data").toJS();
        var head = header(names, plan);
        var labels = names.labels;
        var rows = flatten(plan.tasks, 0, []);
        var answer = rows.some(function (r) {
          return list(r.task.advise).length || list(r.task.consolidate).length;
        });
        var columns = [labels.number, labels.task, labels.lead]
          .concat(answer ? [labels.answer] : []).concat([labels.coordinate, labels.timeline]);
        return h("article", { className: "md-typeset pp-plan pp-cms-preview" },
          h("p", { className: "pp-cms-note", role: "note" }, labels.note),
          h("div", { className: "pp-screen pp-facts" }, h("dl", {},
            h("dt", {}, labels.issuer), h("dd", {}, plan.issuer ? agencyName(names, plan.issuer) : "—"),
            h("dt", {}, labels.year), h("dd", {}, plan.year || "—"),
            h("dt", {}, labels.numberFact), h("dd", {}, plan.number || labels.missing),
            h("dt", {}, labels.issued), h("dd", {}, plan.issued ? dateLine(plan) : labels.missing))),
          h("div", { className: "pp-document", lang: "vi" },
            h("header", { className: "pp-doc-header" },
              h("div", { className: "pp-doc-issuer" },
                head.parent ? h("p", { className: "pp-parent-body" }, head.parent) : null,
                h("p", { className: "pp-issuer-name" }, head.lines.map(function (line, i) {
                  return i ? [h("br", { key: "b" + i }), line] : line;
                })),
                h("p", { className: "pp-number" + (plan.number ? "" : " pp-missing") },
                  plan.number ? "Số: " + plan.number : "Văn bản nguồn không ghi số, ký hiệu")),
              h("div", { className: "pp-doc-motto" },
                h("p", { className: "pp-nation" }, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                h("p", { className: "pp-motto" }, "Độc lập - Tự do - Hạnh phúc"),
                h("p", { className: "pp-dateline" + (plan.issued ? "" : " pp-missing") },
                  dateLine(plan)))),
            h("h1", { className: "pp-doc-title" },
              h("span", { className: "pp-doc-type" }, (names.types[plan.type || "ke-hoach"] || "").toUpperCase()),
              " ",
              h("span", { className: "pp-doc-subject" }, plan.title || ""))),
          h("section", { className: "pp-screen pp-task-table" },
            h("h2", {}, labels.table),
            h("div", { className: "md-typeset__table" }, h("table", {},
              h("thead", {}, h("tr", {}, columns.map(function (c, i) {
                return h("th", { scope: "col", key: i }, c);
              }))),
              h("tbody", {}, rows.map(function (row, i) {
                var t = row.task;
                var cells = [
                  h("td", { key: "n", "data-label": labels.number }, t.number || ""),
                  h("td", { key: "t", "data-label": labels.task,
                            style: { paddingLeft: (row.depth * 1.2 + 0.6) + "em" } }, t.title || ""),
                  h("td", { key: "l", "data-label": labels.lead }, roles(names, t, ["lead"]))
                ];
                if (answer) {
                  cells.push(h("td", { key: "a", "data-label": labels.answer },
                    roles(names, t, ["advise", "consolidate"])));
                }
                cells.push(h("td", { key: "c", "data-label": labels.coordinate },
                  roles(names, t, ["coordinate"])));
                cells.push(h("td", { key: "d", "data-label": labels.timeline },
                  typeof t.timeline === "string" ? t.timeline : (t.timeline && t.timeline.text) || "—"));
                return h("tr", { key: i }, cells);
              }))))));
      }
    });
  }

  /* ---------------------------------------------------------------- accessibility */

  /* Decap's preview frame has no title (screen readers announce it by one), and its pickers
     (react-select) print a few fixed English words that no locale reaches. */
  var ENGLISH = { "No options": "Không tìm thấy", "Loading...": "Đang tải…",
                  "Select...": "Chọn…" };

  function patchUi() {
    function fix(root) {
      if (root.nodeType === 3) {
        var said = ENGLISH[root.nodeValue];
        if (said) { root.nodeValue = said; }
        return;
      }
      if (root.nodeType !== 1) { return; }
      if (root.tagName === "IFRAME" && !root.hasAttribute("title")) {
        root.setAttribute("title", "Xem trước kế hoạch");
      }
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (ENGLISH[node.nodeValue]) { node.nodeValue = ENGLISH[node.nodeValue]; }
      }
      root.querySelectorAll("iframe:not([title])").forEach(function (frame) {
        frame.setAttribute("title", "Xem trước kế hoạch");
      });
    }
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "characterData") { fix(record.target); }
        record.addedNodes.forEach(fix);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  /* ---------------------------------------------------------------- start */

  /* Decap's own Vietnamese leaves some phrases in English: fill them (locale-vi.json). */
  function merged(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" && base && typeof base[key] === "object"
        ? merged(base[key], value) : value;
    });
    return out;
  }

  Promise.all([getJSON(settings.spec), getJSON(settings.names), getJSON(settings.locale)])
    .then(function (loaded) {
    var spec = loaded[0];
    var names = loaded[1];
    window.CMS.registerLocale("vi", merged(window.CMS.getLocale("vi") || {}, loaded[2]));
    registerFormats(spec);
    settings.styles.forEach(function (href) { window.CMS.registerPreviewStyle(href); });
    window.CMS.registerPreviewTemplate(settings.plans, PlanPreview(names));
    if (status) { status.remove(); }
    patchUi();
    window.CMS.init();
  }).catch(function (error) {
    say("Không tải được biểu mẫu (" + error.message + "). Hãy tải lại trang; nếu vẫn lỗi, " +
        "báo người quản trị trang.");
  });
})();
