// Skein's built-in UI: a dependency-free single page. Routes: / and /search?... (search),
// /trace/{id} (trace view). Every state is in the URL so that links can be shared.
import { fmtDuration, fmtTime, serviceColor } from './otlp.js';
import { renderTrace } from './trace.js';

export const app = document.getElementById('app');

export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function navigate(url) {
  history.pushState(null, '', url);
  route();
}

export async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  if (!r.ok) throw new Error((body && (body.error || body.message)) || `${r.status} ${text.slice(0, 200)}`);
  return body;
}

document.addEventListener('click', e => {
  const a = e.target.closest && e.target.closest('a[data-nav]');
  if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); navigate(a.getAttribute('href')); }
});
window.addEventListener('popstate', route);
document.getElementById('jump').addEventListener('submit', e => {
  e.preventDefault();
  const id = e.target.id.value.trim().toLowerCase();
  if (id) navigate(`/trace/${encodeURIComponent(id)}`);
});

function route() {
  const path = location.pathname;
  const m = path.match(/^\/trace\/([^/]+)\/?$/);
  if (m) { document.title = `Trace ${m[1]} · Skein`; renderTrace(decodeURIComponent(m[1])); }
  else { document.title = 'Search · Skein'; renderSearch(new URLSearchParams(location.search)); }
}

// ---------------------------------------------------------------- search

const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400 };

function toLocalInput(sec) {
  const d = new Date(sec * 1000);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The API request for the search the URL describes. */
export function searchRequest(p) {
  const api = new URLSearchParams();
  const range = p.get('range') || '1h';
  let start, end;
  if (range === 'custom') { start = Number(p.get('start')); end = Number(p.get('end')); }
  else { end = Math.ceil(Date.now() / 1000) + 60; start = end - (RANGES[range] || 3600) - 60; }
  if (start > 0 && end > start) { api.set('start', String(Math.floor(start))); api.set('end', String(Math.ceil(end))); }
  const q = (p.get('q') || '').trim();
  if (q) api.set('q', q);
  else {
    const parts = [];
    const quote = v => /^[\w.\-/:]+$/.test(v) ? v : JSON.stringify(v);
    if (p.get('service')) parts.push(`service.name=${quote(p.get('service'))}`);
    if (p.get('name')) parts.push(`name=${quote(p.get('name'))}`);
    if ((p.get('tags') || '').trim()) parts.push(p.get('tags').trim());
    if (parts.length) api.set('tags', parts.join(' '));
  }
  for (const k of ['minDuration', 'maxDuration']) if ((p.get(k) || '').trim()) api.set(k, p.get(k).trim());
  api.set('limit', p.get('limit') || '50');
  return `/api/search?${api}`;
}

/** The search window as start/end query parameters (tag APIs read only recent data without). */
function windowOf(p) {
  const api = new URLSearchParams(searchRequest(p).split('?')[1]);
  return api.get('start') ? `&start=${api.get('start')}&end=${api.get('end')}` : '';
}

let tagCache = null;
async function tagNames() {
  if (!tagCache) {
    tagCache = getJson(`/api/v2/search/tags?limit=500${windowOf(new URLSearchParams(location.search))}`).then(body => {
      const out = [];
      for (const s of body.scopes || []) for (const t of s.tags || []) out.push(s.name === 'intrinsic' ? t : `${s.name}.${t}`);
      return [...new Set(out)].sort();
    }).catch(() => []);
  }
  return tagCache;
}

function field(label, input) { return h('label', { class: 'field' }, h('span', null, label), input); }

function renderSearch(p) {
  const range = p.get('range') || '1h';
  const now = Math.floor(Date.now() / 1000);
  const form = h('form', { class: 'search', id: 'search-form' });
  const rangeSel = h('select', { name: 'range' }, ...['15m', '1h', '6h', '24h', 'custom'].map(r => h('option', { value: r, selected: r === range }, r === 'custom' ? 'custom' : `last ${r}`)));
  const start = h('input', { type: 'datetime-local', name: 'startLocal', value: toLocalInput(Number(p.get('start')) || now - 3600) });
  const end = h('input', { type: 'datetime-local', name: 'endLocal', value: toLocalInput(Number(p.get('end')) || now) });
  const custom = h('span', { class: 'custom', hidden: range !== 'custom' }, start, ' – ', end);
  rangeSel.addEventListener('change', () => { custom.hidden = rangeSel.value !== 'custom'; });
  const service = h('select', { name: 'service', id: 'service' }, h('option', { value: '' }, 'all services'));
  if (p.get('service')) service.append(h('option', { value: p.get('service'), selected: true }, p.get('service')));
  const q = h('input', { name: 'q', id: 'traceql', placeholder: '{ resource.service.name = "shop" && status = error }', value: p.get('q') || '', autocomplete: 'off', spellcheck: 'false' });
  const suggest = h('ul', { class: 'suggest', hidden: true, id: 'suggest' });
  form.append(
    h('div', { class: 'row' },
      field('Time range', h('span', null, rangeSel, custom)),
      field('Service', service),
      field('Span name', h('input', { name: 'name', value: p.get('name') || '', placeholder: 'GET /checkout' })),
      field('Tags (logfmt)', h('input', { name: 'tags', value: p.get('tags') || '', placeholder: 'http.status_code=500' })),
      field('Min duration', h('input', { name: 'minDuration', size: 6, value: p.get('minDuration') || '', placeholder: '100ms' })),
      field('Max duration', h('input', { name: 'maxDuration', size: 6, value: p.get('maxDuration') || '', placeholder: '5s' })),
      field('Limit', h('input', { name: 'limit', type: 'number', min: 1, style: 'width:5em', value: p.get('limit') || '50' }))),
    h('div', { class: 'row' }, h('label', { class: 'field grow' }, h('span', null, 'TraceQL (overrides service, name and tags)'), h('div', { class: 'ac' }, q, suggest)),
      h('button', { type: 'submit', id: 'search-button' }, 'Search')));
  attachAutocomplete(q, suggest);
  getJson(`/api/v2/search/tag/resource.service.name/values?limit=1000${windowOf(p)}`).then(body => {
    const have = new Set([...service.options].map(o => o.value));
    for (const v of (body.tagValues || []).map(t => t.value).sort()) if (!have.has(v)) service.append(h('option', { value: v }, v));
  }).catch(() => {});
  form.addEventListener('submit', e => {
    e.preventDefault();
    const fd = new FormData(form);
    const out = new URLSearchParams();
    out.set('range', fd.get('range'));
    if (fd.get('range') === 'custom') {
      out.set('start', String(Math.floor(new Date(fd.get('startLocal')).getTime() / 1000)));
      out.set('end', String(Math.floor(new Date(fd.get('endLocal')).getTime() / 1000)));
    }
    for (const k of ['service', 'name', 'tags', 'minDuration', 'maxDuration', 'q']) if (String(fd.get(k) || '').trim()) out.set(k, String(fd.get(k)).trim());
    if (fd.get('limit') && fd.get('limit') !== '50') out.set('limit', fd.get('limit'));
    out.set('run', '1');
    navigate(`/search?${out}`);
  });
  const results = h('section', { id: 'results' });
  app.replaceChildren(form, results);
  if (p.get('run') || location.pathname === '/search') runSearch(p, results);
  else results.append(h('p', { class: 'muted' }, 'Pick a time range and press Search.'));
}

function attachAutocomplete(input, list) {
  let items = [], active = -1;
  const close = () => { list.hidden = true; active = -1; };
  const word = () => {
    const pos = input.selectionStart ?? input.value.length;
    const m = input.value.slice(0, pos).match(/[\w.:]*$/);
    return { from: pos - m[0].length, to: pos, text: m[0] };
  };
  const apply = t => {
    const w = word();
    input.value = input.value.slice(0, w.from) + t + input.value.slice(w.to);
    const c = w.from + t.length;
    input.setSelectionRange(c, c); close(); input.focus();
  };
  const show = async () => {
    const w = word();
    if (!w.text) return close();
    const names = await tagNames();
    const lower = w.text.toLowerCase();
    items = names.filter(n => n.toLowerCase().includes(lower) && n !== w.text).slice(0, 12);
    if (!items.length) return close();
    list.replaceChildren(...items.map((t, i) => h('li', { class: i === active ? 'active' : '', onmousedown: e => { e.preventDefault(); apply(t); } }, t)));
    list.hidden = false;
  };
  input.addEventListener('input', show);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', e => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      [...list.children].forEach((li, i) => li.classList.toggle('active', i === active));
    } else if ((e.key === 'Enter' || e.key === 'Tab') && active >= 0) { e.preventDefault(); apply(items[active]); }
    else if (e.key === 'Escape') close();
  });
}

async function runSearch(p, results) {
  results.replaceChildren(h('p', { class: 'muted' }, 'Searching…'));
  let body;
  try { body = await getJson(searchRequest(p)); }
  catch (e) { results.replaceChildren(h('p', { class: 'error', id: 'search-error' }, `Search failed: ${e.message}`)); return; }
  const traces = (body.traces || []).slice().sort((a, b) => (BigInt(b.startTimeUnixNano || 0) > BigInt(a.startTimeUnixNano || 0) ? 1 : -1));
  if (!traces.length) { results.replaceChildren(h('p', { class: 'muted', id: 'no-results' }, 'No traces found.')); return; }
  const stats = t => {
    let spans = 0, errors = 0;
    for (const s of Object.values(t.serviceStats || {})) { spans += s.spanCount || 0; errors += s.errorCount || 0; }
    return { spans, errors };
  };
  const table = h('table', { class: 'results', id: 'results-table' },
    h('thead', null, h('tr', null, ...['Start time', 'Root service', 'Root span', 'Duration', 'Spans', 'Errors', 'Trace ID'].map(c => h('th', null, c)))),
    h('tbody', null, ...traces.map(t => {
      const s = stats(t);
      const svc = t.rootServiceName || '<root span not yet received>';
      return h('tr', { 'data-trace': t.traceID },
        h('td', null, t.startTimeUnixNano ? fmtTime(t.startTimeUnixNano) : ''),
        h('td', null, h('span', { class: 'dot', style: `background:${serviceColor(svc)}` }), svc),
        h('td', null, h('a', { href: `/trace/${t.traceID}`, 'data-nav': true, class: 'trace-link' }, t.rootTraceName || '—')),
        h('td', { class: 'num' }, t.durationMs === undefined ? '<1ms' : `${t.durationMs}ms`),
        h('td', { class: 'num' }, s.spans),
        h('td', { class: s.errors ? 'num err' : 'num' }, s.errors),
        h('td', { class: 'mono' }, h('a', { href: `/trace/${t.traceID}`, 'data-nav': true }, t.traceID.slice(0, 16))));
    })));
  results.replaceChildren(h('p', { class: 'muted' }, `${traces.length} trace${traces.length === 1 ? '' : 's'}, newest first`), scatter(traces), table);
}

function scatter(traces) {
  const W = 900, H = 180, L = 50, B = 22, T = 8;
  const NS = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, ...kids) => { const el = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); el.append(...kids); return el; };
  const xs = traces.map(t => Number(BigInt(t.startTimeUnixNano || 0) / 1000000n));
  const ys = traces.map(t => t.durationMs || 0);
  const x0 = Math.min(...xs), x1 = Math.max(...xs) || x0 + 1, y1 = Math.max(1, ...ys);
  const xp = x => L + (x1 === x0 ? (W - L) / 2 : ((x - x0) / (x1 - x0)) * (W - L - 10));
  const yp = y => T + (H - T - B) * (1 - y / y1);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'scatter', id: 'scatter', role: 'img', 'aria-label': 'duration over time' });
  svg.append(s('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' }), s('line', { x1: L, y1: T, x2: L, y2: H - B, class: 'axis' }),
    s('text', { x: L - 4, y: T + 8, 'text-anchor': 'end' }, `${y1}ms`), s('text', { x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'),
    s('text', { x: L, y: H - 6 }, new Date(x0).toLocaleTimeString()), s('text', { x: W, y: H - 6, 'text-anchor': 'end' }, new Date(x1).toLocaleTimeString()));
  traces.forEach((t, i) => {
    const hasErr = Object.values(t.serviceStats || {}).some(v => v.errorCount);
    const c = s('circle', { cx: xp(xs[i]), cy: yp(ys[i]), r: 5, class: hasErr ? 'pt err' : 'pt', 'data-trace': t.traceID },
      s('title', {}, `${t.rootServiceName || '?'} ${t.rootTraceName || ''} — ${t.durationMs ?? 0}ms`));
    c.addEventListener('click', () => navigate(`/trace/${t.traceID}`));
    svg.append(c);
  });
  return h('div', { class: 'scatter-wrap' }, svg);
}

export { fmtDuration };
route();
