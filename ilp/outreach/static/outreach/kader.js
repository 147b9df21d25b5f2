// The kader's offline app: households, people and due lists kept in IndexedDB, weighings queued with a
// UUID made on the phone and sent when there is a signal. Plain JS; the form's limits and messages
// come from the package definition the server sends (/api/kader/packages/balita), never typed here.
(function () {
  "use strict";
  var API = document.body.dataset.api;
  var STORES = ["kv", "people", "families", "records", "outbox"];
  var db;
  var def;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("ilp-kader", 1);
      request.onupgradeneeded = function () {
        STORES.forEach(function (name) {
          request.result.createObjectStore(name, name === "kv" ? undefined : { keyPath: name === "outbox" ? "uuid" : "id" });
        });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(store, mode);
      var request = work(tx.objectStore(store));
      tx.oncomplete = function () { resolve(request ? request.result : undefined); };
      tx.onerror = function () { reject(tx.error); };
    });
  }
  function get(store, key) { return run(store, "readonly", function (s) { return s.get(key); }); }
  function all(store) { return run(store, "readonly", function (s) { return s.getAll(); }); }
  function put(store, value, key) { return run(store, "readwrite", function (s) { return key === undefined ? s.put(value) : s.put(value, key); }); }
  function clear(store) { return run(store, "readwrite", function (s) { return s.clear(); }); }
  function putMany(store, rows) { return run(store, "readwrite", function (s) { rows.forEach(function (r) { s.put(r); }); }); }

  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function api(method, path, body) {
    return fetch(API + path, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) throw new Error("Silakan masuk kembali (sesi berakhir).");
      if (!response.ok) throw new Error("Server menjawab " + response.status);
      return response.json();
    });
  }

  function uuid() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- sync: send the queue first, then pull changes page by page; the cursor is saved after each page ---
  function push() {
    return all("outbox").then(function (items) {
      var pending = items.filter(function (i) { return i.state === "pending"; });
      if (!pending.length) return null;
      return api("POST", "uploads", { records: pending.map(function (i) { return { uuid: i.uuid, kind: i.kind, payload: i.payload }; }) })
        .then(function (answer) {
          var byId = {};
          pending.forEach(function (i) { byId[i.uuid] = i; });
          return putMany("outbox", answer.results.map(function (r) {
            var item = byId[r.uuid];
            item.state = r.status; item.result = r;
            return item;
          }));
        });
    });
  }

  function pull() {
    return get("kv", "cursor").then(function loop(cursor) {
      return api("GET", "changes?limit=200&cursor=" + encodeURIComponent(cursor || "")).then(function (page) {
        return Promise.all([putMany("families", page.families), putMany("people", page.people), putMany("records", page.records)])
          .then(function () { return put("kv", page.cursor, "cursor"); })
          .then(function () { return page.more ? loop(page.cursor) : null; });
      });
    });
  }

  // Another kader signed in on this phone: her data replaces the last one's, unless that one has unsent records.
  function switchUser(me) {
    return get("kv", "me").then(function (old) {
      if (!old || old.username === me.username) return null;
      return all("outbox").then(function (items) {
        if (items.some(function (i) { return i.state === "pending"; })) {
          throw new Error("catatan " + old.name + " belum terkirim: masuk sebagai " + old.username + " dulu.");
        }
        return Promise.all(["people", "families", "records", "outbox"].map(clear)).then(function () { return put("kv", "", "cursor"); });
      });
    }).then(function () { return put("kv", me, "me"); });
  }

  var syncing = false;
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    say("Menyinkronkan…");
    return api("GET", "me").then(switchUser)
      .then(function () { return api("GET", "packages/balita?form=penimbangan"); })
      .then(function (definition) { return put("kv", definition, "def_balita"); })
      .then(push).then(pull)
      .then(function () { return put("kv", new Date().toISOString(), "synced_at"); })
      .then(function () { say("Tersinkron " + new Date().toLocaleTimeString("id-ID")); })
      .catch(function (error) { say(navigator.onLine ? "Sinkronisasi gagal: " + error.message : "Luring: data disimpan di HP dan dikirim saat ada sinyal."); })
      .then(function () { syncing = false; return render(); });
  }

  // --- dates and ages as the program counts them (completed months) ---
  function today() { var d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
  function months(birth, on) {
    var b = birth.split("-").map(Number), o = on.split("-").map(Number);
    var m = (o[0] - b[0]) * 12 + o[1] - b[1];
    return o[2] < b[2] ? m - 1 : m;
  }
  function ageText(birth) {
    var m = months(birth, today());
    return m < 24 ? m + " bulan" : Math.floor(m / 12) + " tahun";
  }

  // --- rendering (textContent only: names never become HTML) ---
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function item(title, sub, button) {
    var li = el("li"), text = el("div", title);
    if (sub) text.appendChild(el("small", sub));
    li.appendChild(text);
    if (button) li.appendChild(button);
    return li;
  }
  function fill(id, nodes, empty) {
    var list = document.getElementById(id);
    list.replaceChildren.apply(list, nodes.length ? nodes : [el("li", empty || "Tidak ada.")]);
  }
  function say(text) { document.getElementById("status").textContent = text; }

  function render() {
    return Promise.all([all("people"), all("records"), all("outbox"), all("families"), get("kv", "me"), get("kv", "def_balita")])
      .then(function (data) {
        var people = data[0].filter(function (p) { return !p.merged; }), records = data[1], outbox = data[2];
        def = data[5];
        document.getElementById("who").textContent = data[4] ? data[4].name + " · " + data[4].facility.name : "belum tersinkron";
        renderDue(people, records, outbox);
        renderFamilies(data[3], people);
        renderOutbox(outbox, people);
        renderForm(people);
      });
  }

  function weighedThisMonth(records, outbox) {
    var month = today().slice(0, 7), done = {};
    records.forEach(function (r) { if (r.package_id === "balita" && r.service_date.slice(0, 7) === month) done[r.patient_id] = true; });
    outbox.forEach(function (o) { if (o.state !== "rejected" && o.payload.service_date.slice(0, 7) === month) done[o.payload.patient_id] = true; });
    return done;
  }

  function renderDue(people, records, outbox) {
    var now = today(), done = weighedThisMonth(records, outbox);
    var balita = people.filter(function (p) { return months(p.birth_date, now) < 60 && !done[p.id]; });
    fill("due-balita", balita.map(function (p) {
      var button = el("button", "Timbang", { type: "button", "data-weigh": p.id });
      return item(p.name, ageText(p.birth_date), button);
    }));
    var pregnancies = {};
    records.filter(function (r) { return r.package_id === "anc" && r.hpl; }).forEach(function (r) {
      var seen = pregnancies[r.patient_id];
      if (!seen || r.service_date > seen.service_date) pregnancies[r.patient_id] = r;
    });
    records.filter(function (r) { return r.package_id === "persalinan"; }).forEach(function (r) {
      var p = pregnancies[r.patient_id];
      if (p && r.service_date >= p.service_date) delete pregnancies[r.patient_id];
    });
    var soon = new Date(Date.now() - 14 * 864e5).toISOString().slice(0, 10);
    var names = {};
    people.forEach(function (p) { names[p.id] = p; });
    fill("due-bumil", Object.keys(pregnancies).map(function (id) { return pregnancies[id]; })
      .filter(function (r) { return r.hpl.slice(0, 10) >= soon && names[r.patient_id]; })
      .sort(function (a, b) { return a.hpl < b.hpl ? -1 : 1; })
      .map(function (r) { return item(names[r.patient_id].name, "HPL " + r.hpl.slice(0, 10)); }));
    fill("due-lansia", people.filter(function (p) { return months(p.birth_date, now) >= 720; })
      .map(function (p) { return item(p.name, ageText(p.birth_date)); }));
  }

  function renderFamilies(families, people) {
    var members = {};
    people.forEach(function (p) { (members[p.family_id] = members[p.family_id] || []).push(p.name); });
    fill("family-list", families.map(function (f) {
      return item((f.address || "Tanpa alamat") + (f.rt ? " RT " + f.rt + "/RW " + f.rw : ""),
        "KK " + (f.kk_number || "—") + " · " + (members[f.id] || []).join(", "));
    }), "Belum ada keluarga tersinkron.");
  }

  var LABELS = { pending: "menunggu dikirim", accepted: "terkirim", conflict: "terkirim, bentrok: diperiksa bidan", rejected: "ditolak" };
  function renderOutbox(outbox, people) {
    var names = {};
    people.forEach(function (p) { names[p.id] = p.name; });
    outbox.sort(function (a, b) { return a.created_at < b.created_at ? 1 : -1; });
    document.getElementById("pending").textContent = outbox.filter(function (o) { return o.state === "pending"; }).length;
    fill("outbox-list", outbox.map(function (o) {
      var errors = o.result && o.result.errors ? Object.keys(o.result.errors).map(function (k) { return o.result.errors[k].join(" "); }).join(" ") : "";
      var li = item((names[o.payload.patient_id] || "#" + o.payload.patient_id) + " · " + o.payload.values.weight + " kg",
        o.payload.service_date + " · " + (LABELS[o.state] || o.state) + (errors ? " · " + errors : ""));
      li.className = "s-" + o.state;
      li.setAttribute("data-state", o.state);
      return li;
    }), "Belum ada catatan.");
  }

  function renderForm(people) {
    var select = document.getElementById("child"), chosen = select.value, now = today();
    var balita = people.filter(function (p) { return months(p.birth_date, now) < 60; });
    select.replaceChildren.apply(select, [el("option", "— pilih —", { value: "" })].concat(balita.map(function (p) {
      return el("option", p.name + " (" + ageText(p.birth_date) + ")", { value: p.id });
    })));
    select.value = chosen;
    var date = document.getElementById("service_date");
    if (!date.value) date.value = now;
    date.max = now;
    var box = document.getElementById("fields");
    if (!def || box.dataset.version === String(def.version)) return;
    box.dataset.version = def.version;
    box.replaceChildren.apply(box, def.fields.map(function (f) {
      var label = el("label", f.label + (f.unit ? " (" + f.unit + ")" : "")), input;
      if (f.type === "choice") {
        input = el("select");
        input.appendChild(el("option", "—", { value: "" }));
        f.choices.forEach(function (c) { input.appendChild(el("option", c.label, { value: c.code })); });
      } else {
        input = el("input", null, { type: "number", inputmode: "decimal", step: f.decimals ? String(Math.pow(10, -f.decimals)) : "1" });
      }
      input.name = f.id; input.id = "f-" + f.id;
      label.appendChild(input);
      label.appendChild(el("small", "", { class: "err", id: "e-" + f.id }));
      return label;
    }));
  }

  // --- validation with the package's own limits and messages (the server checks again) ---
  function format(template, args) { return template.replace(/%\((\w+)\)s/g, function (_, k) { return args[k]; }); }
  function validate(values) {
    var errors = {}, warnings = [];
    def.fields.forEach(function (f) {
      var v = values[f.id], when = /^(\w+) != None$/.exec(f.required_if || "");
      if (v === "" || v === undefined) {
        if (f.required || (when && values[when[1]] !== "" && values[when[1]] !== undefined)) errors[f.id] = def.messages.required;
        return;
      }
      if (f.type !== "quantity" && f.type !== "integer") return;
      var n = Number(v);
      if (isNaN(n)) { errors[f.id] = "Isi dengan angka."; return; }
      if (n < Number(f.hard[0]) || n > Number(f.hard[1])) {
        errors[f.id] = format(def.messages.hard, { value: v, unit: f.unit, low: f.hard[0], high: f.hard[1] });
      } else if (f.soft && (n < Number(f.soft[0]) || n > Number(f.soft[1]))) {
        warnings.push(format(def.messages.soft, { label: f.label, value: v, unit: f.unit, low: f.soft[0], high: f.soft[1] }));
      }
    });
    return { errors: errors, warnings: warnings };
  }

  function save(event) {
    event.preventDefault();
    var form = event.target, values = {};
    if (!def) { form.querySelector("#form-error").textContent = "Sinkronkan sekali saat online untuk memuat formulir."; return; }
    // By id, not form.elements[name]: a field called "length" would read the element count.
    def.fields.forEach(function (f) { values[f.id] = document.getElementById("f-" + f.id).value.trim(); });
    var check = validate(values), confirmed = document.getElementById("confirmed").checked;
    def.fields.forEach(function (f) { document.getElementById("e-" + f.id).textContent = check.errors[f.id] || ""; });
    fill("warnings", check.warnings.map(function (w) { return el("li", w); }), "");
    if (!check.warnings.length) document.getElementById("warnings").replaceChildren();
    document.getElementById("confirm-row").hidden = !check.warnings.length;
    var problem = !form.elements.patient_id.value ? "Pilih balita." : !form.elements.service_date.value ? "Isi tanggal." : "";
    form.querySelector("#form-error").textContent = problem;
    if (problem || Object.keys(check.errors).length || (check.warnings.length && !confirmed)) return;
    Object.keys(values).forEach(function (k) { if (values[k] === "") delete values[k]; });
    var record = { uuid: uuid(), kind: "weighing", state: "pending", created_at: new Date().toISOString(),
      payload: { patient_id: Number(form.elements.patient_id.value), service_date: form.elements.service_date.value,
        values: values, confirmed: confirmed } };
    put("outbox", record).then(function () {
      form.reset();
      document.getElementById("confirm-row").hidden = true;
      say("Tersimpan di HP" + (navigator.onLine ? "; mengirim…" : "; dikirim saat ada sinyal."));
      show("outbox");
      return navigator.onLine ? sync() : render();
    });
  }

  function show(tab) {
    document.querySelectorAll("nav button").forEach(function (b) { b.classList.toggle("on", b.dataset.tab === tab); });
    document.querySelectorAll("main section").forEach(function (s) { s.hidden = s.id !== tab; });
  }

  function network() {
    var badge = document.getElementById("net");
    badge.textContent = navigator.onLine ? "online" : "luring";
    badge.classList.toggle("off", !navigator.onLine);
  }

  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-tab]"), weigh = event.target.closest("[data-weigh]");
    if (tab) show(tab.dataset.tab);
    if (weigh) { document.getElementById("child").value = weigh.dataset.weigh; show("weigh"); }
    if (event.target.id === "sync") sync();
  });
  document.getElementById("weigh-form").addEventListener("submit", save);
  document.getElementById("fields").addEventListener("input", function (event) {
    var message = document.getElementById("e-" + event.target.name);
    if (message) message.textContent = "";
  });
  window.addEventListener("online", function () { network(); sync(); });
  window.addEventListener("offline", network);

  if ("serviceWorker" in navigator) navigator.serviceWorker.register(document.body.dataset.sw, { scope: "/kader/" });
  network();
  openDb().then(function (opened) { db = opened; return render(); }).then(function () { if (navigator.onLine) return sync(); });
})();
