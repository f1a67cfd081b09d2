// Unit tests of the UI's pure logic, run in headless Chromium by UiLogicIT.
import { assert, run, test } from './harness.js';
import { debounce, errorPosition, logfmtContext, logfmtTag, logfmtValue, queryWithout, rank, traceqlContext, traceqlValue } from '/ui/complete.js';
import { b64ToHex, decodeTrace, fmtDuration, fmtTime } from '/ui/otlp.js';
import { routeOf, searchRequest, searchUrl, searchWindow, windowQuery } from '/ui/search-state.js';
import { barGeometry, countDescendants, criticalPathText, criticalSegments, hiddenBy, labelPlacement, selfTimeText, visibleRows } from '/ui/tree.js';

// ------------------------------------------------------------------ the harness itself

test('harness: a failed assertion throws', () => {
  assert.throws(() => assert.equal(1, 2));
  assert.throws(() => assert.deepEqual({ a: [1] }, { a: [2] }));
  assert.throws(() => assert.ok(false));
  assert.throws(() => assert.throws(() => {}));
});

if (new URLSearchParams(location.search).has('inject-failure')) {
  test('injected failure', () => assert.equal('actual', 'expected', 'injected:'));
}

// ------------------------------------------------------------------ TraceQL autocomplete context

const at = (text, marker = '|') => ({ text: text.replace(marker, ''), pos: text.indexOf(marker) });
const ctxOf = s => { const { text, pos } = at(s); return traceqlContext(text, pos); };

test('traceql: a partial attribute name is a name context', () => {
  assert.deepEqual(ctxOf('{ resource.service.na|'), { kind: 'name', prefix: 'resource.service.na', from: 2, to: 21 });
});

test('traceql: a name context replaces the whole word under the caret', () => {
  const c = ctxOf('{ span.ht|tp.route = "x" }');
  assert.equal(c.kind, 'name');
  assert.equal(c.prefix, 'span.ht');
  assert.deepEqual([c.from, c.to], [2, 17]);
});

test('traceql: after an operator is a value context with its tag and operator', () => {
  for (const op of ['=', '!=', '=~', '!~', '>', '>=', '<', '<=']) {
    const c = ctxOf(`{ span.http.status_code ${op} 5|`);
    assert.equal(c.kind, 'value', op);
    assert.equal(c.tag, 'span.http.status_code', op);
    assert.equal(c.op, op);
    assert.equal(c.prefix, '5', op);
    assert.equal(c.quoted, false, op);
  }
});

test('traceql: an open string is a quoted value context that replaces from the quote', () => {
  const c = ctxOf('{ resource.service.name = "sh|');
  assert.deepEqual([c.kind, c.tag, c.prefix, c.quoted, c.from, c.to, c.condFrom], ['value', 'resource.service.name', 'sh', true, 26, 29, 2]);
});

test('traceql: a quoted value context ends after the closing quote', () => {
  const c = ctxOf('{ .a = "sh|op" && .b = 1 }');
  assert.equal(c.prefix, 'sh');
  assert.equal(c.to, 13, 'to');
});

test('traceql: escaped quotes inside a value are part of the prefix', () => {
  assert.equal(ctxOf('{ .msg = "say \\"hi|').prefix, 'say "hi');
});

test('traceql: intrinsics and an empty value after the operator', () => {
  const c = ctxOf('{ status = |');
  assert.deepEqual([c.kind, c.tag, c.prefix], ['value', 'status', '']);
});

test('traceql: nothing to complete after a finished string, on a number or inside a string', () => {
  assert.equal(ctxOf('{ .a = "x" |').kind, 'none');
  assert.equal(ctxOf('{ 12|').kind, 'none');
  assert.equal(ctxOf('{ .a = "x" && .b = "y" } | select(.c) && "lit|').kind, 'none');
  assert.equal(ctxOf('|').kind, 'none');
});

test('traceql: a second condition is completed on its own', () => {
  const c = ctxOf('{ .a = "x" && resource.clu|');
  assert.deepEqual([c.kind, c.prefix], ['name', 'resource.clu']);
  const v = ctxOf('{ .a = "x" && kind = ser|');
  assert.deepEqual([v.kind, v.tag, v.prefix], ['value', 'kind', 'ser']);
});

test('traceql: the values filter is the query without the condition being typed', () => {
  const text = '{ resource.service.name = "shop" && span.http.method = "GE }';
  const c = traceqlContext(text, text.indexOf('GE') + 2);
  assert.equal(queryWithout(text, c.condFrom, c.to), '{ resource.service.name = "shop" }');
  const only = '{ name = "GET }';
  const c2 = traceqlContext(only, only.indexOf('GET') + 3);
  assert.equal(queryWithout(only, c2.condFrom, c2.to), '');
  const first = '{ .a = 1 && .b = 2 }';
  assert.equal(queryWithout(first, 2, 9), '{ .b = 2 }');
});

test('traceql: the values filter closes what the user has not closed yet', () => {
  const text = '{ resource.service.name = "pri}cing" && name = ';
  const c = traceqlContext(text, text.length);
  assert.equal(queryWithout(text, c.condFrom, c.to), '{ resource.service.name = "pri}cing" }');
  const nested = '({ .a = 1 } && { .b = ';
  const c2 = traceqlContext(nested, nested.length);
  assert.equal(queryWithout(nested, c2.condFrom, c2.to), '({ .a = 1 } && { })');
});

test('logfmt: keys, values and quoted values', () => {
  const lf = s => { const { text, pos } = at(s); return logfmtContext(text, pos); };
  assert.deepEqual((({ kind, tag, prefix }) => [kind, tag, prefix])(lf('http.status_code=5|')), ['value', 'http.status_code', '5']);
  assert.deepEqual((({ kind, prefix, from }) => [kind, prefix, from])(lf('service.name=shop http.me|')), ['name', 'http.me', 18]);
  const q = lf('a=1 msg="b c|');
  assert.deepEqual([q.kind, q.tag, q.prefix, q.quoted, q.from], ['value', 'msg', 'b c', true, 8]);
  assert.equal(lf('|').kind, 'none');
});

test('logfmt: keys become unscoped TraceQL attributes, intrinsics stay', () => {
  assert.equal(logfmtTag('http.method'), '.http.method');
  assert.equal(logfmtTag('name'), 'name');
  assert.equal(logfmtTag('status'), 'status');
  assert.equal(logfmtTag('.already'), '.already');
});

test('inserted values: strings quoted and escaped in TraceQL, bare keywords and numbers', () => {
  assert.equal(traceqlValue('shop', 'string'), '"shop"');
  assert.equal(traceqlValue('say "hi" \\o/', 'string'), '"say \\"hi\\" \\\\o/"');
  assert.equal(traceqlValue('error', 'keyword'), 'error');
  assert.equal(traceqlValue('200', 'int'), '200');
  assert.equal(logfmtValue('shop'), 'shop');
  assert.equal(logfmtValue('GET /a b'), '"GET /a b"');
  assert.equal(logfmtValue('a=b'), '"a=b"');
});

test('rank: matches anywhere, prefix matches first, the typed text itself dropped, capped', () => {
  const names = ['span.http.route', 'resource.service.name', 'http', 'span.http.method', 'name', 'span.db.name'];
  assert.deepEqual(rank(names, 'name'), ['name', 'resource.service.name', 'span.db.name'].filter(n => n !== 'name'));
  assert.deepEqual(rank(names, 'HTTP'), ['http', 'span.http.method', 'span.http.route']);
  assert.equal(rank(Array.from({ length: 50 }, (_, i) => `k${i}`), 'k', 12).length, 12);
});

test('errorPosition: line and column of a server message', () => {
  assert.deepEqual(errorPosition("parse error at line 2, column 14: expected a value after '=', found '}'"), { line: 2, column: 14 });
  assert.equal(errorPosition('search failed: timeout'), null);
  assert.equal(errorPosition(undefined), null);
});

test('debounce: one call with the last arguments once calls stop; cancel drops it', () => {
  const pending = new Map();
  let next = 1;
  const timers = { setTimeout: (f, ms) => { pending.set(next, f); return next++; }, clearTimeout: id => pending.delete(id) };
  const calls = [];
  const d = debounce(x => calls.push(x), 150, timers);
  d('a'); d('ab'); d('abc');
  assert.equal(pending.size, 1, 'timers pending');
  const [id, fire] = [...pending][0];
  pending.delete(id);
  fire();
  assert.deepEqual(calls, ['abc']);
  d('x'); d.cancel();
  assert.equal(pending.size, 0, 'cancelled');
  assert.deepEqual(calls, ['abc']);
});

// ------------------------------------------------------------------ span tree

const b64 = hex => btoa(hex.match(/../g).map(x => String.fromCharCode(parseInt(x, 16))).join(''));
const TRACE = '0af7651916cd43dd8448eb211c80319c';
function span(id, parent, start, end, extra = {}) {
  return { traceId: b64(TRACE), spanId: b64(id.padStart(16, '0')), parentSpanId: parent ? b64(parent.padStart(16, '0')) : '',
    name: `op-${id}`, startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(start)), endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(end)), ...extra };
}
function otlp(...groups) {
  return { trace: { resourceSpans: groups.map(([svc, spans]) => ({ resource: { attributes: [{ key: 'service.name', value: { stringValue: svc } }] }, scopeSpans: [{ scope: { name: 'lib', version: '1' }, spans }] })) } };
}
const hex = id => id.padStart(16, '0');

test('span tree: children under parents across services, depths, sorted by start', () => {
  const t = decodeTrace(otlp(
    ['api', [span('1', null, 0, 1000), span('3', '1', 500, 900)]],
    ['db', [span('2', '1', 100, 400), span('4', '2', 150, 200)]]));
  assert.deepEqual(t.spans.map(s => s.id), ['1', '2', '4', '3'].map(hex));
  assert.deepEqual(t.roots.map(s => s.id), [hex('1')]);
  assert.deepEqual(t.roots[0].children.map(s => s.id), [hex('2'), hex('3')]);
  assert.deepEqual(t.spans.map(s => s.depth), [0, 1, 2, 1]);
  assert.deepEqual(t.spans.map(s => s.service), ['api', 'db', 'db', 'api']);
  assert.equal(t.duration, 1000);
  assert.deepEqual(t.spans.map(s => [s.start, s.dur]), [[0, 1000], [100, 300], [150, 50], [500, 400]]);
});

test('span tree: a span whose parent never arrived is a root of its own', () => {
  const t = decodeTrace(otlp(['api', [span('1', null, 0, 100), span('2', 'dead', 10, 20)]]));
  assert.deepEqual(t.roots.map(s => s.id), [hex('1'), hex('2')]);
  assert.equal(t.byId.get(hex('2')).parent, null);
});

test('span tree: a parent cycle does not hang and leaves every span shown once', () => {
  const t = decodeTrace(otlp(['api', [span('1', '2', 0, 100), span('2', '1', 10, 20), span('3', null, 5, 6)]]));
  assert.equal(t.spans.length, 3);
  assert.deepEqual(visibleRows(t.roots, new Set()).map(s => s.id).sort(), ['1', '2', '3'].map(hex));
});

test('span tree: a duplicate span id is kept once in the tree', () => {
  const t = decodeTrace(otlp(['api', [span('1', null, 0, 100), span('2', '1', 10, 20), span('2', '1', 10, 20)]]));
  assert.equal(t.byId.size, 2);
  assert.equal(t.byId.get(hex('1')).children.length, 1);
});

test('span tree: a chain of 20,000 spans is built without recursion', () => {
  const spans = [span('1', null, 0, 100000)];
  for (let i = 2; i <= 20000; i++) spans.push(span(i.toString(16), (i - 1).toString(16), i, 100000 - i));
  const t = decodeTrace(otlp(['deep', spans]));
  assert.equal(t.byId.get(hex((20000).toString(16))).depth, 19999);
  assert.equal(countDescendants(t.roots[0]), 19999);
});

test('waterfall rows: collapsed spans hide their subtree; hiddenBy names the collapsed ancestors', () => {
  const t = decodeTrace(otlp(['api', [span('1', null, 0, 1000), span('2', '1', 10, 500), span('3', '2', 20, 30), span('4', '1', 600, 700)]]));
  assert.deepEqual(visibleRows(t.roots, new Set()).map(s => s.id), ['1', '2', '3', '4'].map(hex));
  assert.deepEqual(visibleRows(t.roots, new Set([hex('2')])).map(s => s.id), ['1', '2', '4'].map(hex));
  assert.deepEqual(visibleRows(t.roots, new Set([hex('1')])).map(s => s.id), [hex('1')]);
  assert.deepEqual(hiddenBy(t.byId.get(hex('3')), new Set([hex('1'), hex('2')])), [hex('2'), hex('1')]);
  assert.deepEqual(hiddenBy(t.byId.get(hex('4')), new Set([hex('2')])), []);
  assert.equal(countDescendants(t.roots[0]), 3);
});

// ------------------------------------------------------------------ bars, critical path, self time

test('bars: position and width in percent, never thinner than the minimum', () => {
  assert.deepEqual(barGeometry(250, 500, 1000), { left: 25, width: 50 });
  assert.deepEqual(barGeometry(0, 0, 1000), { left: 0, width: 0.15 });
  assert.deepEqual(barGeometry(0, 5, 0), { left: 0, width: 500 });
});

test('bars: the duration label goes after the bar, or before it near the right edge', () => {
  assert.deepEqual(labelPlacement(10, 20), { side: 'left', pct: 30.5 });
  assert.deepEqual(labelPlacement(70, 20), { side: 'right', pct: 30.5 });
});

test('critical path: segments grouped by span in percent of the trace', () => {
  const m = criticalSegments([
    { spanId: 'a', startOffsetNanos: 0, durationNanos: 100 },
    { spanId: 'b', startOffsetNanos: 100, durationNanos: 300 },
    { spanId: 'a', startOffsetNanos: 400, durationNanos: 600 }], 1000);
  assert.deepEqual(m, new Map([['a', [{ left: 0, width: 10 }, { left: 40, width: 60 }]], ['b', [{ left: 10, width: 30 }]]]));
  assert.equal(criticalSegments(undefined, 1000).size, 0);
});

test('span details: self time with its share, critical path, missing analysis', () => {
  assert.equal(selfTimeText({ selfNanos: 2_500_000, durationNanos: 10_000_000 }), '2.50ms (25%)');
  assert.equal(selfTimeText({ selfNanos: 0, durationNanos: 0 }), '0ns');
  assert.equal(selfTimeText(undefined), 'n/a');
  assert.equal(criticalPathText({ onCriticalPath: true, criticalPathNanos: 40_000_000 }), 'yes (40.0ms itself)');
  assert.equal(criticalPathText({ onCriticalPath: false }), 'no');
  assert.equal(criticalPathText(null), 'n/a');
});

// ------------------------------------------------------------------ formatting and ids

test('durations: unit and precision by magnitude', () => {
  assert.deepEqual([0, 999, 1500, 12_345, 1_234_567, 12_345_678, 999_999_999, 2_500_000_000].map(fmtDuration),
    ['0ns', '999ns', '1.50µs', '12.3µs', '1.23ms', '12.3ms', '1000.0ms', '2.50s']);
  assert.equal(fmtDuration(undefined), '');
  assert.equal(fmtDuration(NaN), '');
});

test('times: nanosecond epoch as UTC date and time to the millisecond', () => {
  assert.equal(fmtTime('1700000000123456789'), '2023-11-14 22:13:20.123');
  assert.equal(fmtTime(0n), '1970-01-01 00:00:00.000');
});

test('ids: base64 and hex ids both become lowercase hex', () => {
  assert.equal(b64ToHex('CvdlGRbNQ92ESOshHIAxnA=='), '0af7651916cd43dd8448eb211c80319c');
  assert.equal(b64ToHex('B7AD6B7169203331'), 'b7ad6b7169203331');
  assert.equal(b64ToHex(''), '');
});

// ------------------------------------------------------------------ URL state

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const P = s => new URLSearchParams(s);

test('url state: relative ranges end a minute after now, start one range plus a minute before', () => {
  const nowSec = Math.ceil(NOW / 1000);
  assert.deepEqual(searchWindow(P('range=15m'), NOW), { start: nowSec + 60 - 900 - 60, end: nowSec + 60 });
  assert.deepEqual(searchWindow(P(''), NOW), { start: nowSec + 60 - 3600 - 60, end: nowSec + 60 });
  assert.deepEqual(searchWindow(P('range=custom&start=100&end=200'), NOW), { start: 100, end: 200 });
  assert.equal(searchWindow(P('range=custom&start=200&end=100'), NOW), null);
  assert.equal(windowQuery(P('range=custom&start=100&end=200'), NOW), '&start=100&end=200');
});

test('url state: service, span name and tags become one logfmt condition', () => {
  const api = P(searchRequest(P('range=custom&start=100&end=200&service=shop&name=GET /a b&tags=http.status_code=500&minDuration=50ms&limit=20'), NOW).split('?')[1]);
  assert.equal(api.get('tags'), 'service.name=shop name="GET /a b" http.status_code=500');
  assert.deepEqual([api.get('start'), api.get('end'), api.get('minDuration'), api.get('limit'), api.get('q')], ['100', '200', '50ms', '20', null]);
});

test('url state: TraceQL overrides service, name and tags; limit defaults to 50', () => {
  const api = P(searchRequest(P('service=shop&q= { status = error } '), NOW).split('?')[1]);
  assert.equal(api.get('q'), '{ status = error }');
  assert.equal(api.get('tags'), null);
  assert.equal(api.get('limit'), '50');
});

test('url state: a submitted form round-trips through the URL', () => {
  const url = searchUrl({ range: '6h', service: 'shop', name: ' GET /a ', tags: '', q: '', minDuration: '10ms', maxDuration: '', limit: '50' });
  assert.equal(url, '/search?range=6h&service=shop&name=GET+%2Fa&minDuration=10ms&run=1');
  const back = P(url.split('?')[1]);
  assert.deepEqual([back.get('range'), back.get('service'), back.get('name'), back.get('limit')], ['6h', 'shop', 'GET /a', null]);
  assert.ok(searchUrl({ range: '1h', limit: '20' }).includes('limit=20'));
  const custom = P(searchUrl({ range: 'custom', startLocal: '2026-01-02T03:04', endLocal: '2026-01-02T04:04' }).split('?')[1]);
  assert.equal(Number(custom.get('end')) - Number(custom.get('start')), 3600);
});

test('routes: /trace/{id} with its decoded id, everything else is the search', () => {
  assert.deepEqual(routeOf('/trace/0af7651916cd43dd8448eb211c80319c'), { view: 'trace', id: '0af7651916cd43dd8448eb211c80319c' });
  assert.deepEqual(routeOf('/trace/a%20b/'), { view: 'trace', id: 'a b' });
  assert.deepEqual(routeOf('/search'), { view: 'search' });
  assert.deepEqual(routeOf('/trace/'), { view: 'search' });
});

run();
