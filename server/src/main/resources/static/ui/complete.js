// Autocomplete logic for the TraceQL box and the logfmt tag field: where the caret is (a tag name
// or the value of a tag), what to ask the tag APIs, and what to insert. Pure functions, no DOM.

const OP = '=~|!~|!=|>=|<=|=|>|<';
const IDENT = '[A-Za-z_.][\\w.:\\-/]*';
// identifier, operator, then an open string or a bare partial value, at the caret
const TRACEQL_VALUE = new RegExp(`(${IDENT})\\s*(${OP})\\s*("(?:[^"\\\\]|\\\\.)*|[\\w.\\-:/]*)$`);
const WORD = /[\w.:\-/]*$/;

/**
 * What the caret of a TraceQL query is on.
 *
 * @returns {{kind:'value', tag:string, op:string, prefix:string, quoted:boolean, from:number,
 *   to:number, condFrom:number}|{kind:'name', prefix:string, from:number, to:number}|{kind:'none'}}
 *   from/to: the range a completion replaces; condFrom: where the whole condition starts
 */
export function traceqlContext(text, pos = text.length) {
  const before = text.slice(0, pos);
  const m = before.match(TRACEQL_VALUE);
  if (m && !isKeyword(m[1])) {
    const raw = m[3];
    const quoted = raw.startsWith('"');
    const from = pos - raw.length;
    return { kind: 'value', tag: m[1], op: m[2], prefix: quoted ? unescape(raw.slice(1)) : raw, quoted,
      from, to: valueEnd(text, pos, quoted), condFrom: pos - m[0].length };
  }
  if (insideString(before)) return { kind: 'none' };
  const w = before.match(WORD)[0];
  if (!w || /^\d/.test(w)) return { kind: 'none' };
  let to = pos;
  while (to < text.length && /[\w.:\-/]/.test(text[to])) to++;
  return { kind: 'name', prefix: w, from: pos - w.length, to };
}

/**
 * What the caret of a logfmt tag field ({@code key=value key2="a b"}) is on; tags are sent to
 * the values API as unscoped TraceQL attributes ({@code .key}).
 */
export function logfmtContext(text, pos = text.length) {
  const before = text.slice(0, pos);
  const m = before.match(/(?:^|\s)([\w.:\-/]+)=("(?:[^"\\]|\\.)*|[^\s"]*)$/);
  if (m) {
    const raw = m[2];
    const quoted = raw.startsWith('"');
    return { kind: 'value', tag: m[1], op: '=', prefix: quoted ? unescape(raw.slice(1)) : raw, quoted,
      from: pos - raw.length, to: valueEnd(text, pos, quoted), condFrom: pos - m[0].trimStart().length };
  }
  if (insideString(before)) return { kind: 'none' };
  const w = before.match(/(?:^|\s)([\w.:\-/]*)$/);
  if (!w || !w[1]) return { kind: 'none' };
  let to = pos;
  while (to < text.length && /[\w.:\-/]/.test(text[to])) to++;
  return { kind: 'name', prefix: w[1], from: pos - w[1].length, to };
}

/** The values API identifier for a logfmt key: intrinsics stay, attributes get any scope. */
export function logfmtTag(key) {
  return ['name', 'status', 'kind', 'duration'].includes(key) || key.startsWith('.') ? key : `.${key}`;
}

/**
 * The query the values of a condition are filtered by: the text without the condition being
 * typed (an incomplete query would be ignored by the server), with dangling {@code &&} removed.
 */
export function queryWithout(text, from, to) {
  let q = text.slice(0, from) + text.slice(to);
  q = q.replace(/&&\s*(?=}|$)/g, '').replace(/({\s*)&&\s*/g, '$1').replace(/&&\s*&&/g, '&&');
  q = q.replace(/\s+}/g, ' }').trim();
  q += closers(q);
  return /^{\s*}$/.test(q) ? '' : q;
}

/** The brackets and parentheses still open outside strings, closed in order. */
function closers(q) {
  const open = [];
  let inside = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (inside) { if (c === '\\') i++; else if (c === '"') inside = false; continue; }
    if (c === '"') inside = true;
    else if (c === '{' || c === '(') open.push(c);
    else if ((c === '}' || c === ')') && open.length) open.pop();
  }
  return open.reverse().map(c => (c === '{' ? ' }' : ')')).join('');
}

/** The text to insert for a value of {@code type} (string values quoted and escaped). */
export function traceqlValue(value, type) {
  return type === 'string' ? JSON.stringify(String(value)) : String(value);
}

/** The text to insert for a value in logfmt (quoted only when it must be). */
export function logfmtValue(value) {
  const v = String(value);
  return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
}

/** Candidates containing {@code prefix} (case-insensitive), those starting with it first. */
export function rank(candidates, prefix, max = 12) {
  const p = prefix.toLowerCase();
  const hits = candidates.filter(c => c.toLowerCase().includes(p) && c !== prefix);
  hits.sort((a, b) => (b.toLowerCase().startsWith(p) - a.toLowerCase().startsWith(p)) || a.localeCompare(b));
  return hits.slice(0, max);
}

/** The line and column of a server error message ("... at line 1, column 14: ..."), or null. */
export function errorPosition(message) {
  const m = /line (\d+), column (\d+)/.exec(message || '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/** Runs {@code fn} once calls stop for {@code ms}; {@code cancel()} drops a pending call. */
export function debounce(fn, ms, timers = globalThis) {
  let t = null;
  const d = (...args) => {
    if (t !== null) timers.clearTimeout(t);
    t = timers.setTimeout(() => { t = null; fn(...args); }, ms);
  };
  d.cancel = () => { if (t !== null) timers.clearTimeout(t); t = null; };
  return d;
}

function isKeyword(ident) {
  return ident === '&&' || ident === '||';
}

function insideString(before) {
  let inside = false;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '\\' && inside) i++;
    else if (before[i] === '"') inside = !inside;
  }
  return inside;
}

function valueEnd(text, pos, quoted) {
  let to = pos;
  if (quoted) {
    while (to < text.length && text[to] !== '"') to += text[to] === '\\' ? 2 : 1;
    return to < text.length ? to + 1 : pos; // no closing quote: replace up to the caret only
  }
  while (to < text.length && /[\w.\-:/]/.test(text[to])) to++;
  return to;
}

function unescape(s) {
  return s.replace(/\\(.)/g, '$1');
}
