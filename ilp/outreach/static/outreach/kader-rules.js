// The package rules on the phone: evaluates the expression trees the server compiled from the package
// definitions (ilp/outreach/offline.py), with the server's semantics (ilp/packages/engine/expressions.py):
// a missing value makes every comparison false and a bare or negated missing value false.
(function (root) {
  "use strict";
  var MISSING = { missing: true };
  var CMP = {
    "<": function (a, b) { return a < b; }, "<=": function (a, b) { return a <= b; },
    ">": function (a, b) { return a > b; }, ">=": function (a, b) { return a >= b; },
    "==": eq, "!=": function (a, b) { return !eq(a, b); },
    "in": function (a, b) { return b.some(function (x) { return eq(a, x); }); },
    "not in": function (a, b) { return !b.some(function (x) { return eq(a, x); }); }
  };
  // Python's equality: True == 1 and False == 0, otherwise no coercion between types.
  function eq(a, b) {
    if (typeof a === "boolean" && typeof b === "number") return Number(a) === b;
    if (typeof b === "boolean" && typeof a === "number") return a === Number(b);
    return a === b;
  }
  var ARITH = {
    "+": function (a, b) { return a + b; }, "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; }, "/": function (a, b) { return a / b; }
  };

  function value(v) { return v === null || v === undefined || v === "" ? MISSING : v; }

  function ev(node, facts) {
    if ("c" in node) return node.c;  // None stays None: "x != None" is true for any x that is there
    if ("n" in node) return value(facts[node.n]);
    if ("t" in node) return node.t.map(function (e) { return ev(e, facts); });
    if ("and" in node) return node.and.every(function (e) { var v = ev(e, facts); return v !== MISSING && truthy(v); });
    if ("or" in node) return node.or.some(function (e) { var v = ev(e, facts); return v !== MISSING && truthy(v); });
    if ("not" in node) { var x = ev(node.not, facts); return x === MISSING ? MISSING : !truthy(x); }
    if ("neg" in node) { var y = ev(node.neg, facts); return y === MISSING ? MISSING : -y; }
    if ("op" in node) {
      var l = ev(node.l, facts), r = ev(node.r, facts);
      if (l === MISSING || r === MISSING || (node.op === "/" && r === 0)) return MISSING;
      return ARITH[node.op](l, r);
    }
    var left = ev(node.l, facts);
    for (var i = 0; i < node.cmp.length; i++) {
      var right = ev(node.r[i], facts);
      if (left === MISSING || right === MISSING || !CMP[node.cmp[i]](left, right)) return false;
      left = right;
    }
    return true;
  }
  function truthy(v) { return Array.isArray(v) ? v.length > 0 : Boolean(v); }

  // True when the condition holds; an absent condition always holds.
  function holds(tree, facts) {
    if (!tree) return true;
    var v = ev(tree, facts);
    return v !== MISSING && truthy(v);
  }

  // Who the person is on a day, as the server's context_facts (completed months, as the program counts).
  function context(person, on, pregnant) {
    var b = person.birth_date.split("-").map(Number), o = on.split("-").map(Number);
    var months = (o[0] - b[0]) * 12 + o[1] - b[1] - (o[2] < b[2] ? 1 : 0);
    var days = Math.round((Date.UTC(o[0], o[1] - 1, o[2]) - Date.UTC(b[0], b[1] - 1, b[2])) / 864e5);
    return { sex: person.sex, age_days: days, age_months: months, age_years: Math.floor(months / 12),
      pregnant: Boolean(pregnant), postpartum: false };
  }

  var api = { holds: holds, context: context };
  if (typeof module !== "undefined" && module.exports) module.exports = api; else root.KaderRules = api;
})(this);
