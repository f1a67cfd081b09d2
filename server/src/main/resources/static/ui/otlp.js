// Decoding of OTLP JSON as served by GET /api/v2/traces/{id}: base64 ids become hex, int64
// strings become BigInt for absolute times and Number nanoseconds relative to the trace start.

export function b64ToHex(s) {
  if (!s) return '';
  if (/^[0-9a-f]+$/i.test(s) && (s.length === 16 || s.length === 32)) return s.toLowerCase();
  const bin = atob(s);
  let hex = '';
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

export function big(v) {
  if (v === undefined || v === null || v === '') return 0n;
  try { return BigInt(v); } catch { return 0n; }
}

export function anyValue(v) {
  if (!v || typeof v !== 'object') return v ?? null;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) { const b = big(v.intValue); return Number.isSafeInteger(Number(b)) ? Number(b) : b.toString(); }
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return (v.arrayValue.values || []).map(anyValue);
  if ('kvlistValue' in v) return Object.fromEntries(attrs(v.kvlistValue.values).map(a => [a.key, a.value]));
  if ('bytesValue' in v) return b64ToHex(v.bytesValue);
  return null;
}

export function attrs(list) {
  return (list || []).map(kv => ({ key: kv.key, value: anyValue(kv.value) }));
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const CODES = ['UNSET', 'OK', 'ERROR'];

function enumName(v, names, prefix) {
  if (typeof v === 'number') return names[v] || String(v);
  if (!v) return names[0];
  return String(v).replace(prefix, '');
}

/** Flattens a TraceByIDResponse (or a bare trace / v1 batches) into spans sorted by start. */
export function decodeTrace(json) {
  const t = json.trace || json;
  const rss = t.resourceSpans || t.batches || [];
  const spans = [];
  for (const rs of rss) {
    const resource = attrs(rs.resource && rs.resource.attributes);
    const svc = resource.find(a => a.key === 'service.name');
    const service = svc ? String(svc.value) : 'unknown_service';
    for (const ss of rs.scopeSpans || rs.instrumentationLibrarySpans || []) {
      const scope = ss.scope || ss.instrumentationLibrary || {};
      for (const s of ss.spans || []) {
        const startNs = big(s.startTimeUnixNano);
        let endNs = big(s.endTimeUnixNano);
        if (endNs < startNs) endNs = startNs;
        spans.push({
          id: b64ToHex(s.spanId), parentId: b64ToHex(s.parentSpanId), traceId: b64ToHex(s.traceId),
          name: s.name || '', kind: enumName(s.kind, KINDS, 'SPAN_KIND_'), service, resource,
          scope: { name: scope.name || '', version: scope.version || '' },
          startNs, endNs, start: 0, dur: Number(endNs - startNs),
          attrs: attrs(s.attributes),
          events: (s.events || []).map(e => ({ name: e.name || '', timeNs: big(e.timeUnixNano), time: 0, attrs: attrs(e.attributes) })),
          links: (s.links || []).map(l => ({ traceId: b64ToHex(l.traceId), spanId: b64ToHex(l.spanId), attrs: attrs(l.attributes) })),
          status: { code: enumName(s.status && s.status.code, CODES, 'STATUS_CODE_'), message: (s.status && s.status.message) || '' },
          children: [], depth: 0, parent: null,
        });
      }
    }
  }
  if (!spans.length) return { spans, roots: [], byId: new Map(), startNs: 0n, duration: 0 };
  let min = spans[0].startNs, max = spans[0].endNs;
  for (const s of spans) { if (s.startNs < min) min = s.startNs; if (s.endNs > max) max = s.endNs; }
  for (const s of spans) {
    s.start = Number(s.startNs - min);
    for (const e of s.events) e.time = Number(e.timeNs - min);
  }
  spans.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
  const byId = new Map();
  for (const s of spans) if (!byId.has(s.id)) byId.set(s.id, s);
  const roots = [];
  for (const s of spans) {
    const p = s.parentId && s.parentId !== s.id ? byId.get(s.parentId) : null;
    if (p && byId.get(s.id) === s) { s.parent = p; p.children.push(s); } else roots.push(s);
  }
  // depths, iteratively (a chain of 10,000 spans must not overflow the stack); guards cycles
  const seen = new Set();
  const stack = roots.map(r => [r, 0]);
  while (stack.length) {
    const [s, d] = stack.pop();
    if (seen.has(s)) continue;
    seen.add(s); s.depth = d;
    for (let i = s.children.length - 1; i >= 0; i--) stack.push([s.children[i], d + 1]);
  }
  for (const s of spans) if (!seen.has(s)) { roots.push(s); s.parent = null; }
  return { spans, roots, byId, startNs: min, duration: Number(max - min) };
}

export function fmtDuration(ns) {
  if (ns === undefined || ns === null || isNaN(ns)) return '';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)}ms`;
  return `${(ns / 1e9).toFixed(2)}s`;
}

export function fmtTime(nsBig) {
  const ms = Number(BigInt(nsBig) / 1000000n);
  const d = new Date(ms);
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];
export function serviceColor(name) {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(h) % (PALETTE.length - 1)];
}
