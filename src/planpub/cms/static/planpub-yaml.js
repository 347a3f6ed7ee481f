/* planpub-yaml.js: the canonical YAML writer of planpub, for the CMS.
 *
 * The JavaScript twin of src/planpub/yamlemit.py: the same rules (read them in that
 * module's docstring), the same description of each file kind (planpub.canonical.spec(),
 * served as /quan-tri/canonical.json), the same bytes. Change both together:
 * tests/test_fmt.py runs this file in node and compares.
 *
 *   PlanpubYaml.dump(data, spec.plan, header)  -> text of a plan file
 *   PlanpubYaml.load(text, jsyaml)             -> {data, header}
 *
 * Plain ES2017, no dependencies; window.PlanpubYaml in a browser, require() in node.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.PlanpubYaml = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FIRST = "-?:,[]{}#&*!|>'\"%@`.~=< ";
  var NUMBERISH = /^[0-9+][0-9A-Za-z_.:+\- ]*$/;
  var KEYWORDS = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
  var ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var NAMED = {"\\": "\\\\", "\"": "\\\"", "\t": "\\t", "\n": "\\n", "\r": "\\r"};
  var ANY = {type: "any"};

  function printable(ch) {
    var code = ch.codePointAt(0);
    return (code >= 0x20 && code < 0x7F) || (code >= 0xA0 && code !== 0x2028 &&
      code !== 0x2029 && code !== 0xFEFF && !(code >= 0xD800 && code <= 0xDFFF) &&
      code !== 0xFFFE && code !== 0xFFFF);
  }

  function chars(text) {
    return Array.from(text);
  }

  function plainOk(text) {
    if (!text || FIRST.indexOf(text[0]) >= 0 || " :".indexOf(text[text.length - 1]) >= 0) {
      return false;
    }
    if (text.indexOf(": ") >= 0 || text.indexOf(" #") >= 0) {
      return false;
    }
    if (!chars(text).every(printable)) {
      return false;
    }
    return !NUMBERISH.test(text) && KEYWORDS.indexOf(text.toLowerCase()) < 0;
  }

  function hex(code, width) {
    var out = code.toString(16).toUpperCase();
    while (out.length < width) {
      out = "0" + out;
    }
    return out;
  }

  function quoted(text) {
    var out = chars(text).map(function (ch) {
      if (Object.prototype.hasOwnProperty.call(NAMED, ch)) {
        return NAMED[ch];
      }
      if (printable(ch)) {
        return ch;
      }
      var code = ch.codePointAt(0);
      return code < 0x100 ? "\\x" + hex(code, 2) : "\\u" + hex(code, 4);
    });
    return "\"" + out.join("") + "\"";
  }

  function literalOk(text) {
    if (text.indexOf("\n") < 0 || text[0] === " " || text[0] === "\n" ||
        text.slice(-2) === "\n\n") {
      return false;
    }
    if (!chars(text).every(function (ch) { return printable(ch) || ch === "\n"; })) {
      return false;
    }
    return text.split("\n").every(function (line) { return line.slice(-1) !== " "; });
  }

  function isDate(value) {
    return Object.prototype.toString.call(value) === "[object Date]";
  }

  function isoDate(value) {
    return value.toISOString().slice(0, 10);
  }

  function isMap(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      !isDate(value);
  }

  function scalar(value, node) {
    if (value === null || value === undefined) {
      return "null";
    }
    if (typeof value === "boolean") {
      return value ? "true" : "false";
    }
    if (typeof value === "number") {
      if (Number.isNaN(value)) {
        return ".nan";
      }
      if (!Number.isFinite(value)) {
        return value > 0 ? ".inf" : "-.inf";
      }
      return String(value);
    }
    if (isDate(value)) {
      return isoDate(value);
    }
    var text = String(value);
    if (node.type === "date" && ISO_DATE.test(text)) {
      return text;
    }
    return plainOk(text) ? text : quoted(text);
  }

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") {
      return true;
    }
    if (Array.isArray(value)) {
      return value.length === 0;
    }
    return isMap(value) && Object.keys(value).length === 0;
  }

  function same(a, b) {
    if (isDate(a) || isDate(b)) {
      var sa = isDate(a) ? isoDate(a) : a;
      var sb = isDate(b) ? isoDate(b) : b;
      return typeof sa === "string" && sa === sb;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
        a.every(function (x, i) { return same(x, b[i]); });
    }
    if (isMap(a) || isMap(b)) {
      if (!isMap(a) || !isMap(b)) {
        return false;
      }
      var ka = Object.keys(a);
      var kb = Object.keys(b);
      return ka.length === kb.length && ka.every(function (k) {
        return Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]);
      });
    }
    return a === b;
  }


  function present(value) {
    return Object.keys(value).filter(function (k) { return value[k] !== undefined; });
  }

  function Writer(models) {
    this.models = models;
    this.lines = [];
  }

  Writer.prototype.entries = function (value, node) {
    var keys = present(value);
    if (node.type === "map") {
      return keys.map(function (k) { return [k, value[k], node.values || ANY]; });
    }
    if (node.type !== "object") {
      return keys.map(function (k) { return [k, value[k], ANY]; });
    }
    var self = this;
    var fields = this.models[node.model].fields;
    var out = [];
    var known = {};
    fields.forEach(function (field) {
      var name = field.name;
      known[name] = true;
      if (keys.indexOf(name) < 0) {
        return;
      }
      var item = value[name];
      var child = field.node;
      if (!field.required && (isEmpty(item) ||
          (Object.prototype.hasOwnProperty.call(field, "default") && same(item, field.default)) ||
          (isMap(item) && child.type === "object" && self.entries(item, child).length === 0))) {
        return;
      }
      out.push([name, item, child]);
    });
    keys.forEach(function (k) {
      if (!known[k]) {
        out.push([k, value[k], ANY]);
      }
    });
    return out;
  };

  Writer.prototype.blocky = function (value, node) {
    if (isMap(value)) {
      return this.entries(value, node).length > 0;
    }
    return Array.isArray(value) && value.length > 0;
  };

  Writer.prototype.block = function (value, node, indent, top) {
    if (Array.isArray(value)) {
      this.sequence(value, node, indent, top);
    } else {
      this.mapping(value, node, indent, top);
    }
  };

  Writer.prototype.mapping = function (value, node, indent, top) {
    var pad = " ".repeat(indent);
    var previous = false;
    var self = this;
    this.entries(value, node).forEach(function (entry, i) {
      var name = scalar(entry[0], ANY);
      var item = entry[1];
      var child = entry[2];
      var block = self.blocky(item, child);
      if (top && i && (block || previous)) {
        self.lines.push("");
      }
      previous = block;
      if (block) {
        self.lines.push(pad + name + ":");
        self.block(item, child, indent + 2, top && Array.isArray(item));
      } else {
        self.inline(pad + name + ": ", item, child, indent + 2);
      }
    });
  };

  Writer.prototype.sequence = function (value, node, indent, top) {
    var pad = " ".repeat(indent);
    var child = node.type === "list" ? (node.items || ANY) : ANY;
    var self = this;
    var spaced = top && value.some(function (item) {
      return isMap(item) && self.blocky(item, child);
    });
    value.forEach(function (item, i) {
      if (spaced && i) {
        self.lines.push("");
      }
      if (self.blocky(item, child)) {
        var start = self.lines.length;
        self.block(item, child, indent + 2, false);
        self.lines[start] = pad + "- " + self.lines[start].slice(indent + 2);
      } else {
        self.inline(pad + "- ", item, child, indent + 2);
      }
    });
  };

  Writer.prototype.inline = function (lead, value, node, indent) {
    if (Array.isArray(value)) {
      this.lines.push(lead + "[]");
    } else if (isMap(value)) {
      this.lines.push(lead + "{}");
    } else if (typeof value === "string" && literalOk(value)) {
      var ends = value.slice(-1) === "\n";
      var body = ends ? value.slice(0, -1) : value;
      var pad = " ".repeat(indent);
      this.lines.push(lead + (ends ? "|" : "|-"));
      var self = this;
      body.split("\n").forEach(function (line) {
        self.lines.push(line ? pad + line : "");
      });
    } else {
      this.lines.push(lead + scalar(value, node));
    }
  };

  function stripEnd(line) {
    return line.replace(/[ \t\r]+$/, "");
  }

  function normalHeader(text) {
    var lines = String(text).split("\n").map(stripEnd);
    if (lines.length && !lines[lines.length - 1]) {
      lines.pop();
    }
    while (lines.length && !lines[0]) {
      lines.shift();
    }
    var blank = lines.length > 0 && !lines[lines.length - 1];
    while (lines.length && !lines[lines.length - 1]) {
      lines.pop();
    }
    return lines.map(function (line) { return line + "\n"; }).join("") +
      (blank && lines.length ? "\n" : "");
  }

  function splitHeader(text) {
    var lines = text.split("\n");
    for (var i = 0; i < lines.length; i++) {
      var stripped = lines[i].replace(/^[ \t\r]+|[ \t\r]+$/g, "");
      if (stripped && stripped[0] !== "#") {
        return [lines.slice(0, i).map(function (ln) { return ln + "\n"; }).join(""),
          lines.slice(i).join("\n")];
      }
    }
    return [text, ""];
  }

  function dump(data, spec, header) {
    var writer = new Writer(spec.models);
    var head = normalHeader(header === null || header === undefined ? (spec.header || "")
      : header);
    if (writer.blocky(data, spec.root)) {
      writer.block(data, spec.root, 0, true);
    } else if (Array.isArray(data)) {
      writer.lines.push("[]");
    } else if (isMap(data)) {
      writer.lines.push("{}");
    } else {
      writer.lines.push(scalar(data, spec.root));
    }
    return head + writer.lines.join("\n") + "\n";
  }

  function load(text, jsyaml) {
    var clean = text.charAt(0) === "\ufeff" ? text.slice(1) : text;
    return {
      data: jsyaml.load(clean, {schema: jsyaml.CORE_SCHEMA}),
      header: splitHeader(clean)[0]
    };
  }

  return {
    dump: dump, load: load, plainOk: plainOk, quoted: quoted,
    normalHeader: normalHeader, splitHeader: splitHeader
  };
}));
