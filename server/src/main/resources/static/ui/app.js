// Skein's built-in UI: a dependency-free single page. Routes: / and /search?... (search),
// /trace/{id} (trace view). Every state is in the URL so that links can be shared.
import { fmtDuration, fmtTime, serviceColor } from './otlp.js';
import { renderTrace } from './trace.js';
import { h } from './dom.js';
import { attachAutocomplete } from './autocomplete.js';
import { errorPosition, logfmtContext, logfmtTag, logfmtValue, queryWithout, traceqlContext, traceqlValue } from './complete.js';
import { routeOf, searchRequest, searchUrl, toLocalInput, windowQuery } from './search-state.js';

export { h };
export const app = document.getElementById('app');

export function navigate(url) {
  history.pushState(null, '', url);
  route();
}

/** GETs JSON; a failure throws an Error with the server's message and the HTTP status. */
export async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  if (!r.ok) {
    const e = new Error((body && (body.error || body.message)) || `${r.status} ${text.slice(0, 200)}`);
    e.status = r.status;
    throw e;
  }
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
  const r = routeOf(location.pathname);
  if (r.view === 'trace') { document.title = `Trace ${r.id} · Skein`; renderTrace(r.id); }
  else { document.title = 'Search · Skein'; renderSearch(new URLSearchParams(location.search)); }
}

// ---------------------------------------------------------------- search

let tagCache = null;
/** Tag names for completion, scoped ("resource.service.name", "span.http.route", intrinsics bare). */
function tagNames() {
  if (!tagCache) {
    tagCache = getJson(`/api/v2/search/tags?limit=500${windowQuery(new URLSearchParams(location.search))}`).then(body => {
      const out = [];
      for (const s of body.scopes || []) for (const t of s.tags || []) out.push(s.name === 'intrinsic' ? t : `${s.name}.${t}`);
      return [...new Set(out)].sort();
    }).catch(() => []);
  }
  return tagCache;
}

/** Attribute names for the logfmt field: without their scope. */
async function bareTagNames() {
  return [...new Set((await tagNames()).map(n => n.replace(/^(resource|span)\./, '')))].sort();
}

const valueCache = new Map();
/** Values of a TraceQL identifier among the spans {@code q} matches, in the search window. */
function tagValues(tag, q, p) {
  const url = `/api/v2/search/tag/${encodeURIComponent(tag)}/values?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}${windowQuery(p)}`;
  if (!valueCache.has(url)) {
    const pending = getJson(url).then(body => body.tagValues || []);
    pending.catch(() => valueCache.delete(url)); // errors are not cached
    valueCache.set(url, pending);
    if (valueCache.size > 200) valueCache.delete(valueCache.keys().next().value);
  }
  return valueCache.get(url);
}

function field(label, input) { return h('label', { class: 'field' }, h('span', null, label), input); }

/** Shows a server error next to the TraceQL box, pointing at its line and column when given. */
function showQueryError(box, errorEl, message) {
  box.classList.toggle('invalid', !!message);
  if (!message) { errorEl.hidden = true; errorEl.replaceChildren(); return; }
  const pos = errorPosition(message);
  const kids = [h('span', { class: 'qe-msg' }, message)];
  if (pos) {
    const line = box.value.split('\n')[pos.line - 1] ?? '';
    kids.push(h('pre', { class: 'qe-where' }, `${line}\n${' '.repeat(Math.max(0, pos.column - 1))}^`));
  }
  errorEl.replaceChildren(...kids);
  errorEl.hidden = false;
  errorEl.onclick = () => {
    if (!pos) return;
    const lines = box.value.split('\n');
    let offset = pos.column - 1;
    for (let i = 0; i < pos.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    box.focus();
    box.setSelectionRange(offset, offset);
  };
}

function serviceFilter(service) {
  return service.value ? `{ resource.service.name = ${JSON.stringify(service.value)} }` : '';
}

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
  const q = h('input', { name: 'q', id: 'traceql', placeholder: '{ resource.service.name = "shop" && status = error }', value: p.get('q') || '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'traceql-error' });
  const suggest = h('ul', { class: 'suggest', hidden: true, id: 'suggest' });
  const qError = h('div', { class: 'query-error', id: 'traceql-error', hidden: true, role: 'alert', title: 'click to go to the error' });
  const name = h('input', { name: 'name', id: 'span-name', value: p.get('name') || '', placeholder: 'GET /checkout', autocomplete: 'off' });
  const nameSuggest = h('ul', { class: 'suggest', hidden: true, id: 'name-suggest' });
  const tags = h('input', { name: 'tags', id: 'tags', value: p.get('tags') || '', placeholder: 'http.status_code=500', autocomplete: 'off', spellcheck: 'false' });
  const tagSuggest = h('ul', { class: 'suggest', hidden: true, id: 'tags-suggest' });
  const tagsError = h('div', { class: 'query-error', id: 'tags-error', hidden: true });
  form.append(
    h('div', { class: 'row' },
      field('Time range', h('span', null, rangeSel, custom)),
      field('Service', service),
      field('Span name', h('div', { class: 'ac' }, name, nameSuggest)),
      field('Tags (logfmt)', h('div', { class: 'ac' }, tags, tagSuggest, tagsError)),
      field('Min duration', h('input', { name: 'minDuration', size: 6, value: p.get('minDuration') || '', placeholder: '100ms' })),
      field('Max duration', h('input', { name: 'maxDuration', size: 6, value: p.get('maxDuration') || '', placeholder: '5s' })),
      field('Limit', h('input', { name: 'limit', type: 'number', min: 1, style: 'width:5em', value: p.get('limit') || '50' }))),
    h('div', { class: 'row' }, h('label', { class: 'field grow' }, h('span', null, 'TraceQL (overrides service, name and tags)'), h('div', { class: 'ac' }, q, suggest, qError)),
      h('button', { type: 'submit', id: 'search-button' }, 'Search')));
  attachAutocomplete(q, suggest, {
    context: traceqlContext,
    names: tagNames,
    values: ctx => tagValues(ctx.tag, queryWithout(q.value, ctx.condFrom, ctx.to), p),
    insertValue: (v, type, ctx) => traceqlValue(v, ctx.quoted ? 'string' : type),
    onError: m => showQueryError(q, qError, m),
  });
  attachAutocomplete(tags, tagSuggest, {
    context: logfmtContext,
    names: bareTagNames,
    values: ctx => tagValues(logfmtTag(ctx.tag), serviceFilter(service), p),
    insertValue: v => logfmtValue(v),
    onError: m => showQueryError(tags, tagsError, m),
  });
  attachAutocomplete(name, nameSuggest, {
    context: (text, pos) => ({ kind: 'value', tag: 'name', prefix: text, quoted: false, from: 0, to: text.length, condFrom: 0 }),
    names: async () => [],
    values: () => tagValues('name', serviceFilter(service), p),
    insertValue: v => v,
    onError: () => {},
  });
  q.addEventListener('input', () => { if (q.classList.contains('invalid')) showQueryError(q, qError, null); });
  getJson(`/api/v2/search/tag/resource.service.name/values?limit=1000${windowQuery(p)}`).then(body => {
    const have = new Set([...service.options].map(o => o.value));
    for (const v of (body.tagValues || []).map(t => t.value).sort()) if (!have.has(v)) service.append(h('option', { value: v }, v));
  }).catch(() => {});
  form.addEventListener('submit', e => {
    e.preventDefault();
    navigate(searchUrl(Object.fromEntries(new FormData(form))));
  });
  const results = h('section', { id: 'results' });
  app.replaceChildren(form, results);
  if (p.get('run') || location.pathname === '/search') runSearch(p, results, err => showQueryError(q, qError, err));
  else results.append(h('p', { class: 'muted' }, 'Pick a time range and press Search.'));
}

async function runSearch(p, results, queryError) {
  results.replaceChildren(h('p', { class: 'muted' }, 'Searching…'));
  let body;
  try { body = await getJson(searchRequest(p)); }
  catch (e) {
    if (e.status === 400 && (p.get('q') || '').trim()) queryError(e.message);
    results.replaceChildren(h('p', { class: 'error', id: 'search-error' }, `Search failed: ${e.message}`));
    return;
  }
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
