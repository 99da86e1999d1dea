#include "engine/status/page.h"

namespace dnsfailover::status {
namespace {

constexpr std::string_view kHtml = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dnsfailover</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<header>
  <h1>Failover (Dynamic DNS)</h1>
  <div id="conn" class="conn">connecting…</div>
  <form id="tokenForm" class="token" autocomplete="off">
    <label for="token">Control token</label>
    <input id="token" type="password" placeholder="bearer token">
    <button type="submit" id="tokenSave">Keep for this tab</button>
    <button type="button" id="tokenForget">Forget</button>
    <span id="tokenState"></span>
  </form>
</header>
<main id="schemes"></main>
<section id="sites-section" hidden>
  <h2>Sites</h2>
  <p id="sitesLeader"></p>
  <table id="sites"><thead><tr><th>Site</th><th>Votes</th><th>Last report</th><th>Raw views</th></tr></thead><tbody></tbody></table>
  <table id="quorums"><thead><tr><th>Indicator</th><th>Rule</th><th>Quorum</th><th>OK votes</th><th>ERR votes</th></tr></thead><tbody></tbody></table>
</section>
<section id="indicators-section">
  <h2>Indicators</h2>
  <table id="indicators"><thead><tr><th>Name</th><th>Status</th><th>Since</th><th>Reason</th><th>Policy</th><th>Check</th><th>Last check</th><th>HTTP</th></tr></thead><tbody></tbody></table>
</section>
<section id="history-section">
  <h2>History</h2>
  <input id="historyFilter" type="search" placeholder="filter: scheme, indicator, type, address…">
  <span id="historyState"></span>
  <table id="history"><thead><tr><th>#</th><th>Time (UTC)</th><th>Type</th><th>Details</th></tr></thead><tbody></tbody></table>
</section>
<div id="toast" role="status"></div>
<script src="/assets/app.js"></script>
</body>
</html>
)html";

constexpr std::string_view kCss = R"css(
body { font-family: system-ui, sans-serif; margin: 0 1.2em 2em; color: #222; background: #fafafa; }
h1 { font-weight: 500; margin: .5em 0 .2em; }
h2 { font-weight: 500; margin: 1em 0 .4em; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1em; }
.conn { font-size: .9em; color: #666; }
.conn.bad { color: #b00; }
.conn.dry { color: #a60; font-weight: 600; }
.token { margin-left: auto; font-size: .9em; }
.scheme { display: flex; flex-wrap: wrap; gap: 2em; border-top: 1px solid #ccc; padding-top: .6em; margin-top: .8em; }
.scheme .left { flex: 1 1 40em; }
.scheme .right { flex: 0 1 28em; }
.facts td:first-child { color: #555; padding-right: 1em; }
table { border-collapse: collapse; }
th { text-align: left; font-weight: 600; padding: .3em .6em; }
td { padding: .35em .6em; vertical-align: top; }
.members tr.active { font-weight: 700; }
.members tbody tr:nth-child(odd), #indicators tbody tr:nth-child(odd), #history tbody tr:nth-child(odd) { background: #e8e8e8; }
.ok { color: #080; }
.err { color: #b00; }
.unknown { color: #777; }
.maint { color: #a60; }
.servers { width: 100%; }
.servers th.group { background: #ddd; border-bottom: 2px solid #aaa; }
.match { color: #080; }
.nomatch { color: #b00; }
.age { color: #666; font-size: .85em; }
.reply { width: 100%; min-height: 5em; font-family: monospace; white-space: pre-wrap; border: 1px solid #aaa;
         background: #fff; padding: .4em; box-sizing: border-box; }
button { padding: .3em .8em; }
#history td:nth-child(4) { font-family: monospace; font-size: .85em; }
#historyFilter { width: 30em; max-width: 100%; }
#toast { position: fixed; bottom: 1em; right: 1em; background: #333; color: #fff; padding: .5em 1em; border-radius: 4px;
         display: none; }
)css";

constexpr std::string_view kJs = R"js(
'use strict';
(function () {
  const TOKEN_KEY = 'dnsfailover.token';
  const $ = (id) => document.getElementById(id);
  let lastStatus = null;
  let historyRows = [];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function age(seconds) {
    let s = Math.max(0, Math.floor(seconds));
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60, sec = s % 60;
    if (d > 0) return d + 'd ' + h + 'h';
    if (h > 0) return h + 'h ' + m + 'm';
    if (m > 0) return m + 'm ' + sec + 's';
    return sec + 's';
  }
  function since(now, iso) { return iso ? age((Date.parse(now) - Date.parse(iso)) / 1000) : ''; }
  function statusClass(s) { return s === 'OK' ? 'ok' : s === 'ERR' ? 'err' : 'unknown'; }
  function toast(text) {
    const t = $('toast'); t.textContent = text; t.style.display = 'block';
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.style.display = 'none'; }, 4000);
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
  function showTokenState() { $('tokenState').textContent = token() ? 'token kept for this tab' : 'no token: view only'; }

  async function control(path, body) {
    if (!token()) { toast('Enter the control token first'); return; }
    try {
      const r = await fetch(path, { method: 'POST', headers: { 'Authorization': 'Bearer ' + token(),
        'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
      const j = await r.json().catch(() => ({}));
      toast(r.ok ? 'done: ' + path : 'refused (' + r.status + '): ' + (j.error || r.statusText));
    } catch (e) { toast('request failed: ' + e); }
    refresh();
  }

  function memberRow(scheme, m, now) {
    const maint = el('button', { class: 'maint-toggle', 'data-indicator': m.indicator,
      onclick: () => control('/api/v1/indicators/' + encodeURIComponent(m.indicator) + '/maintenance', { on: !m.maintenance }) },
      m.maintenance ? 'End maintenance' : 'Maintenance');
    return el('tr', { class: m.active ? 'active' : '', 'data-indicator': m.indicator },
      el('td', {}, el('span', { class: statusClass(m.status) }, m.status === 'OK' ? '● ' : '○ '), m.indicator,
        m.maintenance ? el('span', { class: 'maint' }, ' [maintenance]') : null),
      el('td', { class: statusClass(m.status) }, m.status),
      el('td', { class: 'age' }, since(now, m.since)),
      el('td', {}, m.priority),
      el('td', {}, m.policy),
      el('td', {}, m.address, m.active ? el('strong', { class: 'active-mark' }, ' [active]') : null),
      el('td', { class: 'age' }, m.reason || ''),
      el('td', {}, maint));
  }

  function serversTable(s, now) {
    const t = el('table', { class: 'servers' });
    const groups = [['auth', s.zone + ' DNS servers'], ['resolver', 'Public DNS servers']];
    for (const [kind, title] of groups) {
      const rows = s.propagation.servers.filter((v) => v.kind === kind);
      t.appendChild(el('tr', {}, el('th', { class: 'group', colspan: '4' }, title)));
      if (rows.length === 0) t.appendChild(el('tr', {}, el('td', { colspan: '4', class: 'age' }, s.propagation.watching ? 'none found yet' : 'not watched')));
      for (const v of rows) {
        t.appendChild(el('tr', { class: 'server', 'data-server': v.name, 'data-kind': kind },
          el('td', {}, v.name),
          el('td', {}, v.observed ? v.answer : '…'),
          el('td', { class: v.matches ? 'match' : 'nomatch' }, v.observed ? (v.matches ? '✔' : '✘') : ''),
          el('td', { class: 'age' }, v.observed ? since(now, v.match_since) : '')));
      }
    }
    return t;
  }

  function convergenceText(c) {
    const f = (x) => x === null ? 'not yet' : x.toFixed(1) + ' s';
    return c.address + ' pushed ' + c.pushed_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + ': nameservers ' + f(c.auth_s) + ', resolvers ' + f(c.resolvers_s);
  }

  function schemeBlock(s, now) {
    const sync = s.sync;
    const left = el('div', { class: 'left' },
      el('h2', {}, 'Host ' + s.fqdn),
      el('table', { class: 'facts' },
        el('tr', {}, el('td', {}, 'Dynamic DNS service'), el('td', {}, s.provider)),
        el('tr', {}, el('td', {}, 'zone'), el('td', {}, s.zone)),
        el('tr', {}, el('td', {}, 'TTL'), el('td', {}, s.ttl + ' s')),
        el('tr', {}, el('td', {}, 'failovers'), el('td', {}, s.failovers)),
        el('tr', {}, el('td', {}, 'pushes'), el('td', {}, sync.pushes_sent + ' sent, ' + sync.push_failures + ' failed'))),
      el('p', {}, el('button', { class: 'force-push', 'data-scheme': s.name,
        onclick: () => control('/api/v1/schemes/' + encodeURIComponent(s.name) + '/force-push', {}) }, 'Force set DNS')),
      el('table', { class: 'members', 'data-scheme': s.name },
        el('thead', {}, el('tr', {}, ...['Name', 'Status', 'Since', 'Priority', 'Policy', 'Value', 'Reason', 'Commands'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...s.members.map((m) => memberRow(s, m, now)))));
    const conv = s.propagation.convergences.slice().reverse();
    const right = el('div', { class: 'right' },
      el('table', { class: 'servers' },
        el('tr', {}, el('td', {}, 'Current IP'), el('td', { class: 'current' }, sync.provider_holds || '?'),
          el('td', { class: 'sync ' + (sync.status === 'synced' ? 'ok' : 'err') }, sync.text)),
        el('tr', {}, el('td', {}, 'Selected'), el('td', { class: 'selected' }, s.selected.address || 'none'),
          el('td', {}, s.selected.indicator || ''))),
      serversTable(s, now),
      el('h3', {}, 'Time to converge'),
      conv.length ? el('ul', { class: 'convergences' }, ...conv.map((c) => el('li', {}, convergenceText(c)))) : el('p', { class: 'age' }, 'no push watched yet'),
      el('h3', {}, 'Provider'),
      el('div', { class: 'reply', 'data-scheme': s.name },
        (sync.last_reply ? 'last reply: ' + sync.last_reply : 'no reply yet') + (sync.last_error ? '\nlast error: ' + sync.last_error : '') +
        (sync.in_flight ? '\npush in flight' : '') + (sync.next_attempt ? '\nnext attempt ' + sync.next_attempt : '')));
    return el('section', { class: 'scheme', 'data-scheme': s.name }, left, right);
  }

  function render(st) {
    const box = $('schemes');
    box.replaceChildren(...st.schemes.map((s) => schemeBlock(s, st.now)));
    $('indicators').tBodies[0].replaceChildren(...st.indicators.map((i) => el('tr', {},
      el('td', {}, i.name), el('td', { class: statusClass(i.status) }, i.status + (i.maintenance ? ' (maintenance)' : '')),
      el('td', { class: 'age' }, since(st.now, i.since)), el('td', {}, i.reason), el('td', {}, i.policy), el('td', {}, i.check),
      el('td', {}, i.last_check ? i.last_check.duration_s.toFixed(3) + ' s, ' + since(st.now, i.last_check.at) + ' ago' : ''),
      el('td', {}, i.last_check && i.last_check.http_status !== null ? i.last_check.http_status : ''))));
  }

  function renderSites(st) {
    const v = st.sites;
    $('sites-section').hidden = !v;
    if (!v) return;
    $('sitesLeader').textContent = 'this is site ' + v.self + '; ' +
      (v.leads ? 'it leads and pushes (fence ' + v.fence + ')' : 'leader: ' + (v.leader || 'none known')) + '; coordination ' +
      (v.coordination.up ? 'up' : 'DOWN: ' + v.coordination.error + ' (nothing is pushed)');
    $('sitesLeader').className = v.coordination.up ? '' : 'err';
    $('sites').tBodies[0].replaceChildren(...v.sites.map((site) => el('tr', { 'data-site': site.name },
      el('td', {}, site.name + (site.self ? ' (this site)' : '')),
      el('td', { class: site.voting ? 'ok' : 'err' }, site.voting ? 'voting' : site.not_voting),
      el('td', { class: 'age' }, site.last_report ? since(st.now, site.last_report) + ' ago' : 'never'),
      el('td', {}, Object.entries(site.votes).map(([k, s]) => k + ' ' + s).join(', ')))));
    $('quorums').tBodies[0].replaceChildren(...v.quorums.map((q) => el('tr', {},
      el('td', {}, q.indicator), el('td', {}, q.rule), el('td', { class: statusClass(q.result) }, q.result),
      el('td', {}, q.ok_votes), el('td', {}, q.err_votes))));
  }

  function renderHistory() {
    const q = $('historyFilter').value.trim().toLowerCase();
    const rows = historyRows.filter((r) => !q || JSON.stringify(r.event).toLowerCase().includes(q)).slice().reverse();
    $('history').tBodies[0].replaceChildren(...rows.map((r) => {
      const { t, type, ...rest } = r.event;
      return el('tr', {}, el('td', {}, r.seq), el('td', {}, t), el('td', {}, type),
        el('td', {}, Object.entries(rest).map(([k, v]) => k + '=' + (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')));
    }));
  }

  async function refresh() {
    try {
      const r = await fetch('/api/v1/status', { cache: 'no-store' });
      if (!r.ok) throw new Error('HTTP ' + r.status);
      lastStatus = await r.json();
      render(lastStatus);
      renderSites(lastStatus);
      $('conn').textContent = (lastStatus.dry_run ? 'DRY RUN: pushes are not sent; ' : '') +
          'updated ' + lastStatus.now.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
      $('conn').className = lastStatus.dry_run ? 'conn dry' : 'conn';
    } catch (e) {
      $('conn').textContent = 'cannot reach the daemon: ' + e.message;
      $('conn').className = 'conn bad';
    }
  }

  async function refreshHistory() {
    try {
      const r = await fetch('/api/v1/history?limit=500', { cache: 'no-store' });
      const j = await r.json();
      if (!r.ok) { $('historyState').textContent = j.error || ('HTTP ' + r.status); return; }
      historyRows = j.events; $('historyState').textContent = historyRows.length + ' events';
      renderHistory();
    } catch (e) { $('historyState').textContent = 'history unavailable: ' + e.message; }
  }

  $('tokenForm').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = $('token').value.trim();
    if (v) sessionStorage.setItem(TOKEN_KEY, v);
    $('token').value = '';
    showTokenState();
  });
  $('tokenForget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showTokenState(); });
  $('historyFilter').addEventListener('input', renderHistory);
  showTokenState();
  refresh(); refreshHistory();
  setInterval(refresh, 2000);
  setInterval(refreshHistory, 5000);
})();
)js";

}  // namespace

std::string_view pageHtml() { return kHtml; }

std::optional<Asset> findAsset(std::string_view name) {
  if (name == "app.js") return Asset{"text/javascript; charset=utf-8", kJs};
  if (name == "app.css") return Asset{"text/css; charset=utf-8", kCss};
  return std::nullopt;
}

}  // namespace dnsfailover::status
