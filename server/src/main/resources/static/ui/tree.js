// Pure helpers of the trace view: which rows of the span tree are shown, where bars and
// critical-path segments go, and how self time and critical-path share read. No DOM.
import { fmtDuration } from './otlp.js';

/** The spans shown in the waterfall, depth first, skipping the children of collapsed spans. */
export function visibleRows(roots, collapsed) {
  const out = [];
  const stack = roots.slice().reverse();
  const seen = new Set();
  while (stack.length) {
    const s = stack.pop();
    if (seen.has(s)) continue;
    seen.add(s); out.push(s);
    if (!collapsed.has(s.id)) for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]);
  }
  return out;
}

/** The number of spans below {@code s}. */
export function countDescendants(s) {
  let n = 0;
  const stack = [...s.children];
  while (stack.length) { const c = stack.pop(); n++; stack.push(...c.children); }
  return n;
}

/** The ids of the collapsed spans that hide {@code span} (to expand them and reveal it). */
export function hiddenBy(span, collapsed) {
  const out = [];
  for (let p = span.parent; p; p = p.parent) if (collapsed.has(p.id)) out.push(p.id);
  return out;
}

/** A bar's left and width in percent of the trace; a bar is never thinner than minWidth. */
export function barGeometry(start, dur, total, minWidth = 0.15) {
  const t = Math.max(1, total);
  return { left: (start / t) * 100, width: Math.max((dur / t) * 100, minWidth) };
}

/** Where the duration label goes: after the bar, or before it when the bar ends near the right. */
export function labelPlacement(left, width) {
  return left + width > 80 ? { side: 'right', pct: 100 - left + 0.5 } : { side: 'left', pct: left + width + 0.5 };
}

/** The analysis API's critical path as spanId → its segments in percent of the trace. */
export function criticalSegments(criticalPath, total) {
  const out = new Map();
  for (const seg of criticalPath || []) {
    if (!out.has(seg.spanId)) out.set(seg.spanId, []);
    out.get(seg.spanId).push(barGeometry(seg.startOffsetNanos, seg.durationNanos, total, 0.1));
  }
  return out;
}

/** "Self time" of the span details, from the analysis API's span info. */
export function selfTimeText(info) {
  if (!info) return 'n/a';
  const pct = info.durationNanos > 0 ? ` (${Math.round((info.selfNanos / info.durationNanos) * 100)}%)` : '';
  return fmtDuration(info.selfNanos) + pct;
}

/** "Critical path" of the span details. */
export function criticalPathText(info) {
  if (!info) return 'n/a';
  return info.onCriticalPath ? `yes (${fmtDuration(info.criticalPathNanos)} itself)` : 'no';
}
