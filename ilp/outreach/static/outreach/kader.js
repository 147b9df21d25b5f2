// The kader's offline app: households, people and due lists kept in IndexedDB; weighings, home-visit
// checklists, the PIS-PK family form and new households/people queued with a UUID made on the phone and
// sent when there is a signal. Plain JS. Every form, limit, message and condition comes from the server's
// definitions (/api/kader/forms; conditions evaluated by kader-rules.js), never typed here.
(function () {
  "use strict";
  var API = document.body.dataset.api;
  var STORES = ["kv", "people", "families", "records", "outbox"];
  var Rules = window.KaderRules;
  var db, forms, def, entry;

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
  function removeMany(store, keys) { return run(store, "readwrite", function (s) { keys.forEach(function (k) { s.delete(k); }); }); }

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

  // --- sync: send the queue (in the order it was made), then pull changes page by page, saving the cursor ---
  var SENDABLE = { pending: true, retry: true };
  function push() {
    return all("outbox").then(function (items) {
      var pending = items.filter(function (i) { return SENDABLE[i.state]; }).sort(byCreated).slice(0, 200);
      if (!pending.length) return null;
      var body = { sent_at: new Date().toISOString(), records: pending.map(function (i) { return { uuid: i.uuid, kind: i.kind, payload: i.payload }; }) };
      return api("POST", "uploads", body).then(function (answer) {
        var byId = {};
        pending.forEach(function (i) { byId[i.uuid] = i; });
        var known = [];
        var done = answer.results.map(function (r) {
          var item = byId[r.uuid];
          item.state = r.status; item.result = r;
          if (r.patient_id && item.kind === "person") known.push(["people", "u-" + item.uuid, r.patient_id]);
          if (r.family_id && item.kind === "family") known.push(["families", "u-" + item.uuid, r.family_id]);
          return item;
        });
        // A registration the server accepted: the phone's copy now knows its server id (replaced on the next pull).
        return putMany("outbox", done).then(function () {
          return Promise.all(known.map(function (k) {
            return get(k[0], k[1]).then(function (row) { if (row) { row.server_id = k[2]; return put(k[0], row); } });
          }));
        }).then(function () { return pending.length === 200 ? push() : null; });
      });
    });
  }
  function byCreated(a, b) { return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0; }

  function pull() {
    return get("kv", "cursor").then(function loop(cursor) {
      return api("GET", "changes?limit=200&cursor=" + encodeURIComponent(cursor || "")).then(function (page) {
        return Promise.all([putMany("families", page.families), putMany("people", page.people), putMany("records", page.records)])
          .then(function () { return dropReplaced(page); })
          .then(function () { return put("kv", page.cursor, "cursor"); })
          .then(function () { return page.more ? loop(page.cursor) : null; });
      });
    });
  }

  // The phone's own copy of a registration goes once the server's row has arrived.
  function dropReplaced(page) {
    var ids = { people: {}, families: {} };
    page.people.forEach(function (p) { ids.people[p.id] = true; });
    page.families.forEach(function (f) { ids.families[f.id] = true; });
    return Promise.all(["people", "families"].map(function (store) {
      return all(store).then(function (rows) {
        return removeMany(store, rows.filter(function (r) { return r.local && ids[store][r.server_id]; }).map(function (r) { return r.id; }));
      });
    }));
  }

  // Another kader signed in on this phone: her data replaces the last one's, unless that one has unsent records.
  function switchUser(me) {
    return get("kv", "me").then(function (old) {
      if (!old || old.username === me.username) return null;
      return all("outbox").then(function (items) {
        if (items.some(function (i) { return SENDABLE[i.state]; })) {
          throw new Error("catatan " + old.name + " belum terkirim: masuk sebagai " + old.username + " dulu.");
        }
        return Promise.all(["people", "families", "records", "outbox"].map(clear)).then(function () { return put("kv", "", "cursor"); });
      });
    }).then(function () {
      // The phone's clock may be wrong: dates are taken from the server's time, corrected by the offset.
      return Promise.all([put("kv", me, "me"), put("kv", Date.parse(me.now) - Date.now(), "offset")]);
    });
  }

  var syncing = false;
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    say("Menyinkronkan…");
    return api("GET", "me").then(switchUser)
      .then(function () { return api("GET", "forms"); })
      .then(function (loaded) { return put("kv", loaded, "forms"); })
      .then(push).then(pull)
      .then(function () { return put("kv", new Date().toISOString(), "synced_at"); })
      .then(function () { say("Tersinkron " + new Date().toLocaleTimeString("id-ID")); })
      .catch(function (error) { say(navigator.onLine ? "Sinkronisasi gagal: " + error.message : "Luring: data disimpan di HP dan dikirim saat ada sinyal."); })
      .then(function () { syncing = false; return render(); });
  }

  // --- dates and ages as the program counts them (completed months), on the server's calendar ---
  var offset = 0;
  function now() { return new Date(Date.now() + offset); }
  function today() { var d = now(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
  function months(birth, on) { return Rules.context({ birth_date: birth }, on).age_months; }
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
  function button(text, attrs) { return el("button", text, Object.assign({ type: "button" }, attrs)); }
  function item(title, sub, buttons) {
    var li = el("li"), text = el("div", title);
    if (sub) text.appendChild(el("small", sub));
    li.appendChild(text);
    [].concat(buttons || []).forEach(function (b) { li.appendChild(b); });
    return li;
  }
  function fill(id, nodes, empty) {
    var list = typeof id === "string" ? document.getElementById(id) : id;
    list.replaceChildren.apply(list, nodes.length ? nodes : [el("li", empty || "Tidak ada.")]);
  }
  function say(text) { document.getElementById("status").textContent = text; }

  var state = {};
  function render() {
    return Promise.all([all("people"), all("records"), all("outbox"), all("families"), get("kv", "me"), get("kv", "forms"), get("kv", "offset")])
      .then(function (data) {
        var server = {};
        data[0].forEach(function (p) { if (!p.local) server[p.id] = true; });
        state.people = data[0].filter(function (p) { return !p.merged && !(p.local && server[p.server_id]); });
        state.records = data[1]; state.outbox = data[2]; state.families = data[3];
        forms = data[5]; def = forms && forms.packages.balita;
        offset = data[6] || 0;
        document.getElementById("who").textContent = data[4] ? data[4].name + " · " + data[4].facility.name : "belum tersinkron";
        renderClock();
        renderDue(state.people, state.records, state.outbox);
        renderFamilies(state.families, state.people);
        renderOutbox(state.outbox, state.people);
        renderWeighForm(state.people);
      });
  }

  function renderClock() {
    var box = document.getElementById("clock"), wrong = Math.abs(offset) > 26 * 3600e3;
    box.hidden = !wrong;
    if (wrong) {
      var phone = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
      box.textContent = "Tanggal di HP salah (HP: " + phone + ", sebenarnya: " + today() + "). Catatan memakai tanggal sebenarnya; betulkan pengaturan tanggal HP.";
    }
  }

  function weighedThisMonth(records, outbox) {
    var month = today().slice(0, 7), done = {};
    records.forEach(function (r) { if (r.package_id === "balita" && r.service_date.slice(0, 7) === month) done[r.patient_id] = true; });
    outbox.forEach(function (o) {
      var p = o.payload;
      if (o.state !== "rejected" && o.state !== "replaced" && (o.kind === "weighing") && p.service_date.slice(0, 7) === month) {
        done[p.patient_id || "u-" + p.patient_uuid] = true;
      }
    });
    return done;
  }

  function renderDue(people, records, outbox) {
    var on = today(), done = weighedThisMonth(records, outbox);
    var balita = people.filter(function (p) { return months(p.birth_date, on) < 60 && !done[p.id]; });
    fill("due-balita", balita.map(function (p) {
      return item(p.name, ageText(p.birth_date), button("Timbang", { "data-weigh": p.id }));
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
    var soon = new Date(now().getTime() - 14 * 864e5).toISOString().slice(0, 10);
    var names = {};
    people.forEach(function (p) { names[p.id] = p; });
    fill("due-bumil", Object.keys(pregnancies).map(function (id) { return pregnancies[id]; })
      .filter(function (r) { return r.hpl.slice(0, 10) >= soon && names[r.patient_id]; })
      .sort(function (a, b) { return a.hpl < b.hpl ? -1 : 1; })
      .map(function (r) { return item(names[r.patient_id].name, "HPL " + r.hpl.slice(0, 10)); }));
    fill("due-lansia", people.filter(function (p) { return months(p.birth_date, on) >= 720; })
      .map(function (p) { return item(p.name, ageText(p.birth_date)); }));
  }

  function membersOf(familyId, people) {
    return people.filter(function (p) { return String(p.family_id) === String(familyId); });
  }

  function renderFamilies(families, people) {
    fill("family-list", families.filter(function (f) { return !(f.local && families.some(function (g) { return g.id === f.server_id; })); })
      .map(function (f) {
        return item(familyTitle(f), "KK " + (f.kk_number || "—") + " · " + membersOf(f.id, people).map(function (p) { return p.name; }).join(", "),
          button("Buka", { "data-family": f.id }));
      }), "Belum ada keluarga tersinkron.");
  }
  function familyTitle(f) { return (f.address || "Tanpa alamat") + (f.rt ? " RT " + f.rt + "/RW " + f.rw : ""); }

  // One household: its members with the checklists that apply to each (the package's applies_if), the PIS-PK form.
  function openFamily(id) {
    var family = state.families.find(function (f) { return String(f.id) === String(id); });
    if (!family) return;
    document.getElementById("family-title").textContent = familyTitle(family);
    var on = today();
    fill("member-list", membersOf(family.id, state.people).map(function (p) {
      var buttons = checklists(p, on).map(function (pkg) {
        return button(pkg.name.replace(/^Kunjungan rumah · /, ""), { "data-checklist": pkg.id, "data-person": p.id });
      });
      if (months(p.birth_date, on) < 60) buttons.push(button("Timbang", { "data-weigh": p.id }));
      return item(p.name, ageText(p.birth_date) + lastVisit(p), buttons);
    }), "Belum ada anggota.");
    document.getElementById("family-actions").dataset.family = family.id;
    show("family");
  }
  function checklists(person, on) {
    if (!forms) return [];
    var facts = Rules.context(person, on, true);
    return Object.keys(forms.packages).map(function (k) { return forms.packages[k]; })
      .filter(function (p) { return p.id !== "balita" && Rules.holds(p.applies_if, facts); });
  }
  function lastVisit(person) {
    var dates = state.records.filter(function (r) { return r.patient_id === person.id && r.package_id.indexOf("kunjungan_rumah_") === 0; })
      .map(function (r) { return r.service_date; }).sort();
    return dates.length ? " · kunjungan terakhir " + dates[dates.length - 1] : "";
  }

  var LABELS = { pending: "menunggu dikirim", retry: "menunggu dikirim", accepted: "terkirim", conflict: "terkirim, bentrok: diperiksa bidan",
    rejected: "ditolak", replaced: "diganti dengan perbaikan" };
  function renderOutbox(outbox, people) {
    var names = {};
    people.forEach(function (p) { names[p.id] = p.name; });
    outbox.forEach(function (o) { if (o.kind === "person") names["u-" + o.uuid] = o.payload.name; });
    outbox.sort(function (a, b) { return byCreated(b, a); });
    document.getElementById("pending").textContent = outbox.filter(function (o) { return SENDABLE[o.state]; }).length;
    fill("outbox-list", outbox.map(function (o) {
      var errors = o.result && o.result.errors ? Object.keys(o.result.errors).map(function (k) { return o.result.errors[k].join(" "); }).join(" ") : "";
      var who = o.payload.patient_id ? names[o.payload.patient_id] || "#" + o.payload.patient_id : o.payload.patient_uuid ? names["u-" + o.payload.patient_uuid] : "";
      var day = o.payload.service_date || o.payload.visit_date;
      var li = item((who ? who + " · " : "") + o.title, (day ? day + " · " : "") + (LABELS[o.state] || o.state) + (errors ? " · " + errors : ""), o.state === "rejected" ? button("Perbaiki", { "data-fix": o.uuid }) : []);
      li.className = "s-" + o.state;
      li.setAttribute("data-state", o.state);
      li.setAttribute("data-kind", o.kind);
      return li;
    }), "Belum ada catatan.");
  }

  // --- forms: fields drawn from a definition; checked with its limits, messages and conditions ---
  function fieldInput(f) {
    var input;
    if (f.type === "choice" || f.type === "boolean") {
      input = el("select");
      input.appendChild(el("option", "—", { value: "" }));
      var choices = f.type === "boolean" ? [{ code: "true", label: "Ya" }, { code: "false", label: "Tidak" }] : f.choices;
      choices.forEach(function (c) { input.appendChild(el("option", c.label, { value: c.code })); });
    } else if (f.type === "quantity" || f.type === "integer") {
      input = el("input", null, { type: "number", inputmode: "decimal", step: f.decimals ? String(Math.pow(10, -f.decimals)) : "1" });
    } else {
      input = el("input", null, { type: f.type === "date" ? "date" : "text" });
      if (f.type === "date") input.max = today();
    }
    return input;
  }
  function drawFields(box, fields, facts) {
    box.replaceChildren.apply(box, fields.map(function (f) {
      var label = el("label", f.label + (f.unit ? " (" + f.unit + ")" : "")), input = fieldInput(f);
      if (f.help) label.appendChild(el("small", f.help, { class: "help" }));
      input.name = f.id; input.id = "f-" + f.id;
      label.appendChild(input);
      label.appendChild(el("small", "", { class: "err", id: "e-" + f.id }));
      label.hidden = !Rules.holds(f.show_if, facts || {});
      return label;
    }));
  }
  function readFields(fields) {
    var values = {};
    fields.forEach(function (f) {
      var node = document.getElementById("f-" + f.id);
      if (!node || node.closest("label").hidden) return;
      var v = node.value.trim();
      values[f.id] = f.type === "boolean" ? (v === "" ? "" : v === "true") : v;
    });
    return values;
  }
  function format(template, args) { return template.replace(/%\((\w+)\)s/g, function (_, k) { return args[k]; }); }
  function validate(fields, values, facts) {
    var errors = {}, warnings = [], msg = forms.messages, all = Object.assign({}, facts);
    fields.forEach(function (f) {  // numbers typed as text are compared as numbers, as the server does
      var v = values[f.id];
      all[f.id] = (f.type === "quantity" || f.type === "integer") && v !== "" && v !== undefined ? Number(v) : v;
    });
    fields.forEach(function (f) {
      if (!Rules.holds(f.show_if, facts)) return;
      var v = values[f.id];
      if (v === "" || v === undefined) {
        if (f.required || (f.required_if && Rules.holds(f.required_if, all))) errors[f.id] = msg.required;
        return;
      }
      if (f.type !== "quantity" && f.type !== "integer") return;
      var n = Number(v);
      if (isNaN(n)) { errors[f.id] = "Isi dengan angka."; return; }
      if (n < Number(f.hard[0]) || n > Number(f.hard[1])) {
        errors[f.id] = format(msg.hard, { value: v, unit: f.unit, low: f.hard[0], high: f.hard[1] });
      } else if (f.soft && (n < Number(f.soft[0]) || n > Number(f.soft[1]))) {
        warnings.push(format(msg.soft, { label: f.label, value: v, unit: f.unit, low: f.soft[0], high: f.soft[1] }));
      }
    });
    return { errors: errors, warnings: warnings };
  }
  function showErrors(fields, check) {
    fields.forEach(function (f) { var e = document.getElementById("e-" + f.id); if (e) e.textContent = check.errors[f.id] || ""; });
  }
  function clean(values) {
    Object.keys(values).forEach(function (k) { if (values[k] === "") delete values[k]; });
    return values;
  }
  function person(id) { return state.people.find(function (p) { return String(p.id) === String(id); }); }
  function who(id) {
    var p = person(id);
    return p && p.local ? { patient_uuid: p.uuid } : { patient_id: Number(id) };
  }

  function queue(kind, title, payload, replaces) {
    var record = { uuid: uuid(), kind: kind, title: title, state: "pending", created_at: new Date().toISOString(),
      payload: Object.assign({ recorded_at: new Date().toISOString() }, payload) };
    var work = [put("outbox", record)];
    if (kind === "family" || kind === "person") work.push(put(kind === "family" ? "families" : "people", localRow(kind, record)));
    if (replaces) work.push(replace(replaces, record));
    return Promise.all(work).then(function () {
      say("Tersimpan di HP" + (navigator.onLine ? "; mengirim…" : "; dikirim saat ada sinyal."));
      show("outbox");
      return navigator.onLine ? sync() : render();
    });
  }
  // A registration made on the phone is usable at once (weigh the newborn, open the household), by its UUID.
  function localRow(kind, record) {
    var p = record.payload, row = { id: "u-" + record.uuid, uuid: record.uuid, local: true };
    if (kind === "family") return Object.assign(row, { kk_number: p.kk_number, address: p.address, rt: p.rt, rw: p.rw });
    return Object.assign(row, { name: p.name, sex: p.sex, birth_date: p.birth_date, relation: p.relation,
      family_id: p.family_id || (p.family_uuid ? "u-" + p.family_uuid : null) });
  }
  // A corrected record replaces the rejected one; records that waited on a rejected registration follow the new one.
  function replace(oldUuid, record) {
    return all("outbox").then(function (items) {
      var changed = [];
      items.forEach(function (o) {
        if (o.uuid === oldUuid) { o.state = "replaced"; changed.push(o); return; }
        var key = o.payload.patient_uuid === oldUuid ? "patient_uuid" : o.payload.family_uuid === oldUuid ? "family_uuid" : "";
        if (!key || !(SENDABLE[o.state] || o.state === "rejected")) return;
        o.payload[key] = record.uuid;
        if (o.state === "rejected") { changed.push(Object.assign({}, o, { state: "replaced" })); o.uuid = uuid(); o.state = "pending"; }
        // Sent after the corrected registration it names.
        o.created_at = new Date(Date.parse(record.created_at) + 1 + changed.length).toISOString();
        changed.push(o);
      });
      var store = record.kind === "family" ? "families" : record.kind === "person" ? "people" : "";
      return putMany("outbox", changed).then(function () { return store ? removeMany(store, ["u-" + oldUuid]) : null; })
        .then(function () { return store === "families" ? movePeople(oldUuid, record.uuid) : null; });
    });
  }
  function movePeople(oldUuid, newUuid) {
    return all("people").then(function (rows) {
      return putMany("people", rows.filter(function (p) { return p.family_id === "u-" + oldUuid; })
        .map(function (p) { p.family_id = "u-" + newUuid; return p; }));
    });
  }

  // The Posyandu weighing (meja 2).
  function renderWeighForm(people) {
    var select = document.getElementById("child"), chosen = select.value, on = today();
    var balita = people.filter(function (p) { return months(p.birth_date, on) < 60; });
    select.replaceChildren.apply(select, [el("option", "— pilih —", { value: "" })].concat(balita.map(function (p) {
      return el("option", p.name + " (" + ageText(p.birth_date) + ")", { value: p.id });
    })));
    select.value = chosen;
    var date = document.getElementById("service_date");
    if (!date.value) date.value = on;
    date.max = on;
    var box = document.getElementById("fields");
    if (!def || box.dataset.version === String(def.version)) return;
    box.dataset.version = def.version;
    drawFields(box, def.fields);
  }

  function saveWeighing(event) {
    event.preventDefault();
    var form = event.target;
    if (!def) { form.querySelector("#form-error").textContent = "Sinkronkan sekali saat online untuk memuat formulir."; return; }
    var child = person(form.elements.patient_id.value), facts = child ? Rules.context(child, today()) : {};
    var values = readFields(def.fields), check = validate(def.fields, values, facts), confirmed = document.getElementById("confirmed").checked;
    showErrors(def.fields, check);
    fill("warnings", check.warnings.map(function (w) { return el("li", w); }), "");
    if (!check.warnings.length) document.getElementById("warnings").replaceChildren();
    document.getElementById("confirm-row").hidden = !check.warnings.length;
    var problem = !child ? "Pilih balita." : !form.elements.service_date.value ? "Isi tanggal." : "";
    form.querySelector("#form-error").textContent = problem;
    if (problem || Object.keys(check.errors).length || (check.warnings.length && !confirmed)) return;
    var payload = Object.assign(who(child.id), { service_date: form.elements.service_date.value, values: clean(values),
      confirmed: confirmed, form_version: def.version });
    var fixing = form.dataset.fixing;
    delete form.dataset.fixing;
    form.reset();
    document.getElementById("confirm-row").hidden = true;
    queue("weighing", values.weight + " kg", payload, fixing);
  }

  // Every other form (checklist, PIS-PK, registration) in one section, drawn the same way.
  function openEntry(spec) {
    entry = spec;
    document.getElementById("entry-title").textContent = spec.title;
    var date = document.getElementById("entry_date");
    date.closest("label").hidden = !spec.dated;
    date.value = spec.date || today();
    date.max = today();
    drawFields(document.getElementById("entry-fields"), spec.fields, spec.facts);
    Object.keys(spec.values || {}).forEach(function (k) {
      var node = document.getElementById("f-" + k);
      if (node) node.value = String(spec.values[k]);
    });
    document.getElementById("entry-confirm-row").hidden = true;
    document.getElementById("entry-error").textContent = "";
    document.getElementById("entry-warnings").replaceChildren();
    show("entry");
  }

  function saveEntry(event) {
    event.preventDefault();
    var values = readFields(entry.fields), check = validate(entry.fields, values, entry.facts || {});
    var extra = entry.check ? entry.check(values) : {};
    Object.keys(extra).forEach(function (k) { check.errors[k] = extra[k]; });
    var confirmed = document.getElementById("entry-confirmed").checked, date = document.getElementById("entry_date").value;
    showErrors(entry.fields, check);
    fill("entry-warnings", check.warnings.map(function (w) { return el("li", w); }), "");
    if (!check.warnings.length) document.getElementById("entry-warnings").replaceChildren();
    document.getElementById("entry-confirm-row").hidden = !check.warnings.length;
    var problem = entry.dated && !date ? "Isi tanggal." : entry.dated && date > today() ? "Tanggal tidak boleh di masa depan." : "";
    document.getElementById("entry-error").textContent = problem || (Object.keys(check.errors).length ? "Periksa isian yang ditandai." : "");
    if (problem || Object.keys(check.errors).length || (check.warnings.length && !confirmed)) return;
    var done = entry;
    entry = null;
    document.getElementById("entry-form").reset();
    queue(done.kind, done.label ? done.label(values) : done.title, done.payload(clean(values), date, confirmed), done.fixing);
  }

  function checklistEntry(packageId, personId, previous) {
    var pkg = forms.packages[packageId], p = person(personId);
    return { title: pkg.name + " · " + p.name, kind: "package", fields: pkg.fields, dated: true, facts: Rules.context(p, today(), true),
      values: previous && previous.values, date: previous && previous.service_date,
      payload: function (values, date, confirmed) {
        return Object.assign(who(p.id), { package_id: pkg.id, form_version: pkg.version, service_date: date, values: values, confirmed: confirmed });
      } };
  }

  function pispkEntry(familyId, previous) {
    var answers = [{ code: "ya", label: "Ya" }, { code: "tidak", label: "Tidak" }, { code: "na", label: "Tidak berlaku" }];
    var fields = forms.pispk.map(function (i) {
      return { id: i.code, label: i.label, type: "choice", required: true, help: i.applies_when,
        choices: i.always ? answers.slice(0, 2) : answers };
    });
    return { title: "Formulir keluarga (PIS-PK)", kind: "pispk", fields: fields, dated: true, values: previous && previous.answers,
      date: previous && previous.visit_date,
      payload: function (values, date) { return Object.assign(familyRef(familyId), { visit_date: date, answers: values }); } };
  }
  function familyRef(id) { return String(id).indexOf("u-") === 0 ? { family_uuid: String(id).slice(2) } : { family_id: Number(id) }; }

  function digits(n, message) {
    return function (value) { return value && !new RegExp("^\\d{" + n + "}$").test(value) ? message : ""; };
  }
  function familyEntry(previous) {
    var fields = [{ id: "kk_number", label: "Nomor KK (16 angka, jika ada)", type: "text" }, { id: "address", label: "Alamat", type: "text", required: true },
      { id: "rt", label: "RT", type: "text" }, { id: "rw", label: "RW", type: "text" }];
    return { title: "Keluarga baru", kind: "family", fields: fields, values: previous,
      label: function (v) { return "Keluarga baru: " + v.address; },
      check: function (v) { var e = digits(16, forms.messages.kk)(v.kk_number); return e ? { kk_number: e } : {}; },
      payload: function (values) { return values; } };
  }
  function personEntry(familyId, previous) {
    var fields = [{ id: "name", label: "Nama lengkap", type: "text", required: true },
      { id: "sex", label: "Jenis kelamin", type: "choice", required: true, choices: forms.sex },
      { id: "birth_date", label: "Tanggal lahir", type: "date", required: true },
      { id: "nik", label: "NIK (16 angka, jika ada)", type: "text" },
      { id: "relation", label: "Hubungan dengan kepala keluarga", type: "choice", required: true, choices: forms.relations }];
    return { title: "Anggota keluarga baru", kind: "person", fields: fields, values: previous,
      label: function (v) { return "Pendaftaran " + v.name; },
      check: function (v) {
        var errors = {}, nik = digits(16, forms.messages.nik)(v.nik);
        if (nik) errors.nik = nik;
        if (v.birth_date > today()) errors.birth_date = forms.messages.birth_future;
        return errors;
      },
      payload: function (values) { return Object.assign(familyRef(familyId), values); } };
  }

  // A rejected record opens again with what was typed; saving sends a corrected copy, the old one stays as history.
  function fix(uuidToFix) {
    var o = state.outbox.find(function (i) { return i.uuid === uuidToFix; }), p = o.payload, spec;
    if (o.kind === "weighing") {
      document.getElementById("child").value = p.patient_id || "u-" + p.patient_uuid;
      document.getElementById("service_date").value = p.service_date;
      Object.keys(p.values).forEach(function (k) { var n = document.getElementById("f-" + k); if (n) n.value = p.values[k]; });
      document.getElementById("weigh-form").dataset.fixing = o.uuid;
      show("weigh");
      return;
    }
    if (o.kind === "package") spec = checklistEntry(p.package_id, p.patient_id || "u-" + p.patient_uuid, p);
    if (o.kind === "pispk") spec = pispkEntry(p.family_id || "u-" + p.family_uuid, p);
    if (o.kind === "family") spec = familyEntry(p);
    if (o.kind === "person") spec = personEntry(p.family_id || "u-" + p.family_uuid, p);
    spec.fixing = o.uuid;
    openEntry(spec);
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

  function needForms() {
    if (!forms) say("Sinkronkan sekali saat online untuk memuat formulir.");
    return Boolean(forms);
  }

  document.addEventListener("click", function (event) {
    var t = event.target.closest("button");
    if (!t) return;
    var d = t.dataset, familyId = document.getElementById("family-actions").dataset.family;
    if (d.tab) show(d.tab);
    if (d.weigh) { document.getElementById("child").value = d.weigh; show("weigh"); }
    if (d.family) openFamily(d.family);
    if (d.checklist && needForms()) openEntry(checklistEntry(d.checklist, d.person));
    if (d.fix) fix(d.fix);
    if (t.id === "sync") sync();
    if (t.id === "new-family" && needForms()) openEntry(familyEntry());
    if (t.id === "new-member" && needForms()) openEntry(personEntry(familyId));
    if (t.id === "pispk" && needForms()) openEntry(pispkEntry(familyId));
  });
  document.getElementById("weigh-form").addEventListener("submit", saveWeighing);
  document.getElementById("entry-form").addEventListener("submit", saveEntry);
  document.querySelector("main").addEventListener("input", function (event) {
    var message = document.getElementById("e-" + event.target.name);
    if (message) message.textContent = "";
    document.getElementById("entry-error").textContent = "";
  });
  window.addEventListener("online", function () { network(); sync(); });
  window.addEventListener("offline", network);

  if ("serviceWorker" in navigator) navigator.serviceWorker.register(document.body.dataset.sw, { scope: "/kader/" });
  network();
  openDb().then(function (opened) { db = opened; return render(); }).then(function () { if (navigator.onLine) return sync(); });
})();
