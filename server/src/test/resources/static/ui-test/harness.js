// A tiny test harness for the UI's ES modules, run in the browser by UiLogicIT: test() registers,
// run() executes every test and publishes window.__uiTests = { done, results: [{ name, ok, error }] }.

const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

class AssertionError extends Error {}

function show(v) {
  return JSON.stringify(canon(v));
}

function canon(v) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Map) return { Map: [...v].map(([k, x]) => [canon(k), canon(x)]) };
  if (v instanceof Set) return { Set: [...v].map(canon) };
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map(k => [k, canon(v[k])]));
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return v === undefined ? '(undefined)' : v;
}

export const assert = {
  equal(actual, expected, what = '') {
    if (!Object.is(actual, expected)) throw new AssertionError(`${what} expected ${show(expected)} but was ${show(actual)}`.trim());
  },
  deepEqual(actual, expected, what = '') {
    if (show(actual) !== show(expected)) throw new AssertionError(`${what} expected ${show(expected)} but was ${show(actual)}`.trim());
  },
  ok(value, what = 'expected truthy') {
    if (!value) throw new AssertionError(`${what} (was ${show(value)})`);
  },
  throws(fn, what = 'expected an exception') {
    try { fn(); } catch { return; }
    throw new AssertionError(what);
  },
};

export async function run() {
  const results = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, error: '' });
    } catch (e) {
      results.push({ name: t.name, ok: false, error: String(e && e.stack ? `${e.message}\n${e.stack}` : e) });
    }
  }
  const failed = results.filter(r => !r.ok).length;
  document.getElementById('summary').textContent = `${results.length} tests, ${failed} failed`;
  document.getElementById('results').replaceChildren(...results.map(r => {
    const li = document.createElement('li');
    li.className = r.ok ? 'pass' : 'fail';
    li.textContent = r.ok ? r.name : `${r.name}: ${r.error}`;
    return li;
  }));
  window.__uiTests = { done: true, results };
}
