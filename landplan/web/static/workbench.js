// The workbench's only script (pages allow no inline script): weights that keep their sum, the
// AHP consistency ratio as it is typed, settings not saved never lost, the map first (its panel
// folding), parks picked on the map and shown in a card, a job's progress, and tables that sort
// and filter. Every value shown is set as text, never as HTML; every word shown comes
// from the page (its data- attributes, or the server's answer), in the page's language.
"use strict";

// Saaty's random consistency index by matrix size (as landplan.inputs.weights has it).
var RANDOM_INDEX = {1: 0, 2: 0, 3: 0.58, 4: 0.9, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49};
var PICKED = "landplan-picked";

function judgement(text) {
  text = (text || "").trim();
  if (text.indexOf("/") >= 0) {
    var parts = text.split("/");
    return parseFloat(parts[0]) / parseFloat(parts[1]);
  }
  return parseFloat(text);
}

// Weights that add up to exactly 1 at two decimals: each rounded down, the hundredths left
// over given to the largest remainders (as landplan.web.forms.summing_to_one keeps them).
function summingToOne(values) {
  var total = values.reduce(function (a, v) { return a + v; }, 0);
  if (!(total > 0)) return values;
  var shares = values.map(function (v) { return Math.round(v / total * 100 * 1e6) / 1e6; });
  var units = shares.map(Math.floor);
  var left = 100 - units.reduce(function (a, u) { return a + u; }, 0);
  var largest = shares.map(function (s, i) { return i; });
  largest.sort(function (i, j) { return (shares[j] - units[j]) - (shares[i] - units[i]); });
  largest.slice(0, left).forEach(function (i) { units[i] += 1; });
  return units.map(function (u) { return u / 100; });
}

function keepSum(sliders, moved) {
  var others = sliders.filter(function (s) { return s !== moved; });
  var rest = 1 - parseFloat(moved.value);
  var total = others.reduce(function (a, s) { return a + parseFloat(s.value); }, 0);
  var values = sliders.map(function (s) {
    if (s === moved) return parseFloat(s.value);
    return total > 0 ? parseFloat(s.value) * rest / total : rest / others.length;
  });
  summingToOne(values).forEach(function (value, i) {
    sliders[i].value = value.toFixed(2);
    sliders[i].nextElementSibling.textContent = value.toFixed(2);
  });
}

function serialised(form) {
  return new URLSearchParams(new FormData(form)).toString();
}

// Settings changed and not saved are never lost: a job started meanwhile asks first (save them
// and start it, start it on the settings as saved, or stay), and so does leaving the page. A
// form shown again with its problems (data-unsaved) holds settings not saved from the start.
function guardSettings(settings, dialog) {
  var saved = serialised(settings), leaving = false, pending = null;
  function unsaved() { return settings.dataset.unsaved !== undefined || serialised(settings) !== saved; }
  settings.addEventListener("submit", function () { leaving = true; });
  window.addEventListener("beforeunload", function (e) {
    if (leaving || !unsaved()) return;
    e.preventDefault();
    e.returnValue = "";
  });
  document.querySelectorAll("form.job").forEach(function (job) {
    job.addEventListener("submit", function (e) {
      if (!unsaved()) { leaving = true; return; }
      e.preventDefault();
      pending = job;
      dialog.showModal();
    });
  });
  dialog.addEventListener("click", function (e) {
    var choice = e.target.dataset ? e.target.dataset.choice : null;
    if (!choice) return;
    dialog.close();
    if (choice === "stay") return;
    leaving = true;
    if (choice === "discard") { pending.submit(); return; }
    var carried = new FormData(pending);  // the job's own fields, and which job, go with the save
    carried.delete("csrf");
    carried.set("then", pending.dataset.kind);
    carried.forEach(function (value, name) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      settings.appendChild(input);
    });
    settings.submit();
  });
}

// The map fills the window below the header (whose height depends on the window's width); the
// panel beside it folds away, and the map in its frame then fits itself to the new size.
function mapFirst(layout) {
  var bar = document.querySelector("header.bar");
  function measure() {
    var below = bar.getBoundingClientRect().bottom + window.scrollY;
    document.documentElement.style.setProperty("--bar", Math.ceil(below + 12) + "px");
  }
  measure();
  window.addEventListener("resize", measure);
  var fold = layout.querySelector("button.fold");
  fold.addEventListener("click", function () {
    var folded = layout.classList.toggle("folded");
    fold.setAttribute("aria-expanded", String(!folded));
    fold.title = folded ? fold.dataset.unfold : fold.dataset.fold;
  });
}

// The park clicked on the map, beside it: its id and names, its tiers with their land and
// release, and what the scenario locks into it or keeps out of it (from the lists on the page).
function showPark(card, picked) {
  var zh = document.documentElement.lang.indexOf("zh") === 0;
  var names = zh ? [picked.name_zh, picked.name_en] : [picked.name_en, picked.name_zh];
  card.querySelector(".card-title").textContent = [picked.park].concat(
    names.filter(function (n) { return n; }).join(" / ")).join(" ");
  var body = card.querySelector(".card-tiers tbody");
  body.textContent = "";
  (picked.tiers || []).forEach(function (tier) {
    var row = body.insertRow();
    row.insertCell().textContent = tier.tier;
    row.insertCell().textContent = typeof tier.land === "number" ? tier.land.toFixed(2) : "—";
    row.insertCell().textContent = tier.released == null ? "—" : String(tier.released);
  });
  var places = card.querySelector(".card-places");
  places.textContent = "";
  document.querySelectorAll("ul.places li[data-park]").forEach(function (li) {
    if (li.dataset.park !== String(picked.park)) return;
    places.appendChild(document.createElement("li")).textContent =
      card.dataset[li.dataset.kind] + ": " + li.dataset.cluster;
  });
  if (!places.children.length) places.appendChild(document.createElement("li")).textContent = card.dataset.none;
  card.hidden = false;
}

function consistency(matrixTable) {
  var inputs = Array.prototype.slice.call(matrixTable.querySelectorAll("input.judgement"));
  var n = matrixTable.querySelectorAll("tr").length - 1;
  var a = [];
  for (var i = 0; i < n; i++) { a.push([]); for (var j = 0; j < n; j++) a[i].push(1); }
  var ok = true;
  inputs.forEach(function (input) {
    var i = +input.dataset.i, j = +input.dataset.j, v = judgement(input.value);
    if (!(v > 0 && v <= 9)) { ok = false; return; }
    a[i][j] = v; a[j][i] = 1 / v;
    var cell = matrixTable.querySelector('.reciprocal[data-i="' + j + '"][data-j="' + i + '"]');
    if (cell) cell.textContent = (1 / v).toFixed(3);
  });
  var out = document.getElementById("cr");
  if (!ok) { out.textContent = out.dataset.bad; return; }
  var w = a.map(function () { return 1 / n; }), lambda = n;
  for (var k = 0; k < 100; k++) {  // power iteration: the principal eigenvector
    var next = a.map(function (row) { return row.reduce(function (s, v, j) { return s + v * w[j]; }, 0); });
    var sum = next.reduce(function (s, v) { return s + v; }, 0);
    lambda = sum;
    w = next.map(function (v) { return v / sum; });
  }
  var ci = n > 1 ? (lambda - n) / (n - 1) : 0;
  var ri = RANDOM_INDEX[n] || 1.49;
  var cr = ri > 0 ? ci / ri : 0;
  out.textContent = cr.toFixed(3) + " — " + (cr > 0.1 ? out.dataset.too : out.dataset.fine);
  out.className = cr > 0.1 ? "error" : "";
}

function showMode() {
  var chosen = document.querySelector('input[name="suitability.mode"]:checked');
  document.querySelectorAll("[data-mode]").forEach(function (div) {
    div.hidden = !chosen || div.dataset.mode !== chosen.value;
  });
}

function pollJob(box) {
  var url = box.dataset.statusUrl;
  function look() {
    fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); }).then(function (job) {
      document.getElementById("job-status").textContent = job.status_words;
      document.getElementById("job-step").textContent = job.step;
      document.getElementById("job-message").textContent = job.message;
      var bar = document.getElementById("job-progress");
      var count = document.getElementById("job-count");
      if (job.total) { bar.max = job.total; bar.value = job.done; count.textContent = job.done + " / " + job.total; }
      else if (job.done) { count.textContent = count.dataset.done.replace("{n}", job.done); }
      var points = document.getElementById("job-points");  // a trade-off's points as they come
      if (points && job.points && job.points.length > points.children.length) {
        job.points.slice(points.children.length).forEach(function (line) {
          var li = document.createElement("li"); li.textContent = line; points.appendChild(li);
        });
      }
      if (job.status === "done" && job.result) { window.location.assign(job.result); return; }
      if (job.status === "failed" || job.status === "cancelled") {
        bar.removeAttribute("value"); bar.hidden = true;
        var cancel = document.getElementById("job-cancel"); if (cancel) cancel.hidden = true;
        return;
      }
      setTimeout(look, 100);  // a look is a row read: often enough that the plan shows as it is done
    }).catch(function () { setTimeout(look, 1000); });
  }
  look();
}

function sortable(table) {
  table.querySelectorAll("thead th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.cells[column].textContent.trim(), b = y.cells[column].textContent.trim();
        var na = parseFloat(a), nb = parseFloat(b);
        var order = (!isNaN(na) && !isNaN(nb)) ? na - nb : a.localeCompare(b);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  // Frames of maps load once the page is laid out: a map drawn in a frame of no size yet
  // cannot fit its parks into view.
  var layout = document.getElementById("mapfirst");
  if (layout) mapFirst(layout);
  document.querySelectorAll("iframe[data-src]").forEach(function (frame) { frame.src = frame.dataset.src; });

  var sliders = Array.prototype.slice.call(document.querySelectorAll("input.weight"));
  sliders.forEach(function (s) { s.addEventListener("input", function () { keepSum(sliders, s); }); });

  var settings = document.getElementById("settings"), dialog = document.getElementById("unsaved");
  if (settings && dialog) guardSettings(settings, dialog);
  // a problem said beside its field is in view, even in a part folded away
  document.querySelectorAll(".error[id]").forEach(function (said) {
    var folded = said.closest("details");
    if (folded) folded.open = true;
  });

  document.querySelectorAll('input[name="suitability.mode"]').forEach(function (r) { r.addEventListener("change", showMode); });
  showMode();

  var matrix = document.querySelector("table.matrix");
  if (matrix) {
    matrix.addEventListener("input", function () { consistency(matrix); });
    consistency(matrix);
  }

  var picker = document.getElementById("parks-map");
  if (picker) {
    window.addEventListener("message", function (e) {
      if (e.source !== picker.contentWindow || !e.data || e.data.kind !== PICKED) return;
      showPark(document.getElementById("park-card"), e.data);
      var park = document.getElementById("place-park");
      if (!park) return; // a viewer's page: nothing to place
      park.value = String(e.data.park);
      park.dataset.picked = park.value;
      park.dispatchEvent(new Event("change"));
    });
  }

  var job = document.getElementById("job");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running")) pollJob(job);

  document.querySelectorAll("table.sortable").forEach(sortable);
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.dataset.table);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = words && row.textContent.toLowerCase().indexOf(words) < 0;
      });
    });
  });
});
