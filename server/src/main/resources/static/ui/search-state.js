// The search's URL state: /search?range=&service=&name=&tags=&minDuration=&maxDuration=&limit=&q=
// &run=1, the API request it stands for, and the URL a submitted form leads to. Pure functions.

export const RANGES = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400 };
const FIELDS = ['service', 'name', 'tags', 'minDuration', 'maxDuration', 'q'];

/** The start and end (unix seconds) of the search the URL describes, or null for none. */
export function searchWindow(p, nowMs = Date.now()) {
  const range = p.get('range') || '1h';
  let start, end;
  if (range === 'custom') { start = Number(p.get('start')); end = Number(p.get('end')); }
  else { end = Math.ceil(nowMs / 1000) + 60; start = end - (RANGES[range] || 3600) - 60; }
  return start > 0 && end > start ? { start: Math.floor(start), end: Math.ceil(end) } : null;
}

/** The TraceQL-or-logfmt condition of a search without TraceQL. */
function tagsOf(p) {
  const parts = [];
  const quote = v => /^[\w.\-/:]+$/.test(v) ? v : JSON.stringify(v);
  if (p.get('service')) parts.push(`service.name=${quote(p.get('service'))}`);
  if (p.get('name')) parts.push(`name=${quote(p.get('name'))}`);
  if ((p.get('tags') || '').trim()) parts.push(p.get('tags').trim());
  return parts.join(' ');
}

/** The API request for the search the URL describes (TraceQL wins over service, name and tags). */
export function searchRequest(p, nowMs = Date.now()) {
  const api = new URLSearchParams();
  const w = searchWindow(p, nowMs);
  if (w) { api.set('start', String(w.start)); api.set('end', String(w.end)); }
  const q = (p.get('q') || '').trim();
  if (q) api.set('q', q);
  else if (tagsOf(p)) api.set('tags', tagsOf(p));
  for (const k of ['minDuration', 'maxDuration']) if ((p.get(k) || '').trim()) api.set(k, p.get(k).trim());
  api.set('limit', p.get('limit') || '50');
  return `/api/search?${api}`;
}

/** The search window as {@code &start=&end=} for the tag APIs (which read only recent data without). */
export function windowQuery(p, nowMs = Date.now()) {
  const w = searchWindow(p, nowMs);
  return w ? `&start=${w.start}&end=${w.end}` : '';
}

/**
 * The URL a submitted search form leads to. {@code f} maps field names to strings; a custom range
 * has startLocal/endLocal as datetime-local values.
 */
export function searchUrl(f) {
  const out = new URLSearchParams();
  const range = f.range || '1h';
  out.set('range', range);
  if (range === 'custom') {
    out.set('start', String(Math.floor(new Date(f.startLocal).getTime() / 1000)));
    out.set('end', String(Math.floor(new Date(f.endLocal).getTime() / 1000)));
  }
  for (const k of FIELDS) if (String(f[k] || '').trim()) out.set(k, String(f[k]).trim());
  if (f.limit && String(f.limit) !== '50') out.set('limit', String(f.limit));
  out.set('run', '1');
  return `/search?${out}`;
}

/** A datetime-local input value for unix seconds, in the browser's time zone. */
export function toLocalInput(sec) {
  const d = new Date(sec * 1000);
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The route of a path: the trace view with its id, or the search. */
export function routeOf(pathname) {
  const m = pathname.match(/^\/trace\/([^/]+)\/?$/);
  return m ? { view: 'trace', id: decodeURIComponent(m[1]) } : { view: 'search' };
}
