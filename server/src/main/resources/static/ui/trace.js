// The trace view: waterfall (virtualized: only the rows in view are in the DOM), flame graph
// (one canvas), service dependency graph (SVG), span details, critical path and findings.
import { app, getJson, navigate } from './app.js';
import { h } from './dom.js';
import { decodeTrace, fmtDuration, serviceColor } from './otlp.js';
import { barGeometry, countDescendants, criticalPathText, criticalSegments, labelPlacement, selfTimeText, visibleRows } from './tree.js';

const ROW = 24;
const NS = 'http://www.w3.org/2000/svg';
const svgEl = (tag, attrs, ...kids) => { const el = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v); el.append(...kids); return el; };

/**
 * Timings of the last trace shown, in ms since navigation to it: fetched (trace and analysis),
 * decoded (span tree built), firstPaint (first frame with the waterfall rows). Read by the tests.
 */
export const timings = {};

export async function renderTrace(id) {
  const t0 = performance.now();
  for (const k of Object.keys(timings)) delete timings[k];
  app.replaceChildren(h('p', { class: 'muted' }, `Loading trace ${id}…`));
  const enc = encodeURIComponent(id);
  const [traceRes, analysisRes] = await Promise.allSettled([getJson(`/api/v2/traces/${enc}`), getJson(`/api/v2/traces/${enc}/analysis`)]);
  if (traceRes.status === 'rejected') {
    app.replaceChildren(h('div', { class: 'error', id: 'trace-error' }, `Could not load trace ${id}: ${traceRes.reason.message}`),
      h('p', null, h('a', { href: '/search', 'data-nav': true }, 'Back to search')));
    return;
  }
  timings.fetched = performance.now() - t0;
  const trace = decodeTrace(traceRes.value);
  timings.decoded = performance.now() - t0;
  if (!trace.spans.length) {
    app.replaceChildren(h('div', { class: 'error', id: 'trace-error' }, `Trace ${id} not found.`),
      h('p', null, h('a', { href: '/search', 'data-nav': true }, 'Back to search')));
    return;
  }
  const analysis = analysisRes.status === 'fulfilled' ? analysisRes.value : null;
  new TraceView(id, trace, analysis, traceRes.value, analysisRes.status === 'rejected' ? analysisRes.reason.message : null).mount();
  // the frame after the one that lays out the rows has painted them
  requestAnimationFrame(() => requestAnimationFrame(() => {
    timings.firstPaint = performance.now() - t0;
    timings.spans = trace.spans.length;
    document.getElementById('waterfall')?.setAttribute('data-painted', 'true');
  }));
}

class TraceView {
  constructor(id, trace, analysis, raw, analysisError) {
    Object.assign(this, { id, trace, analysis, raw, analysisError });
    this.collapsed = new Set();
    this.highlight = new Set();
    this.selected = null;
    this.spanInfo = new Map((analysis?.spans || []).map(s => [s.spanId, s]));
    this.total = Math.max(1, trace.duration);
    this.segments = criticalSegments(analysis?.criticalPath, this.total);
  }

  mount() {
    const t = this.trace;
    const root = t.roots[0];
    const errors = t.spans.filter(s => s.status.code === 'ERROR').length;
    const services = new Set(t.spans.map(s => s.service));
    const header = h('div', { class: 'trace-head' },
      h('h1', null, root ? h('span', null, h('span', { class: 'dot', style: `background:${serviceColor(root.service)}` }), `${root.service}: ${root.name}`) : 'Empty trace'),
      h('div', { class: 'facts' },
        h('span', { class: 'mono', id: 'trace-id' }, this.id),
        h('span', null, `Duration ${fmtDuration(t.duration)}`),
        h('span', { id: 'span-count' }, `${t.spans.length} spans`),
        h('span', null, `${services.size} services`),
        h('span', { class: errors ? 'err' : '' }, `${errors} errors`)),
      this.raw.status === 'PARTIAL' ? h('p', { class: 'warn' }, `Partial trace: ${this.raw.message || ''}`) : null,
      this.analysisError ? h('p', { class: 'warn' }, `Analysis unavailable: ${this.analysisError}`) : null,
      ...(this.analysis?.warnings || []).map(w => h('p', { class: 'warn' }, w)));
    this.tabs = {};
    const tabBar = h('div', { class: 'tabs', role: 'tablist' });
    const panes = h('div', { class: 'panes' });
    for (const [key, label, build] of [['waterfall', 'Waterfall', () => this.waterfall()], ['flame', 'Flame graph', () => this.flame()], ['graph', 'Service graph', () => this.serviceGraph()]]) {
      const pane = h('div', { class: 'pane', id: `pane-${key}`, hidden: key !== 'waterfall' });
      const btn = h('button', { class: key === 'waterfall' ? 'tab active' : 'tab', id: `tab-${key}`, role: 'tab', onclick: () => this.show(key) }, label);
      this.tabs[key] = { pane, btn, build, built: false };
      tabBar.append(btn); panes.append(pane);
    }
    this.details = h('section', { class: 'details', id: 'details' }, h('p', { class: 'muted' }, 'Click a span to see its details.'));
    const side = h('aside', { class: 'side' }, this.findingsPanel(), this.details, this.servicesPanel());
    app.replaceChildren(header, h('div', { class: 'trace-body' }, h('div', { class: 'main' }, tabBar, panes), side));
    this.show('waterfall');
  }

  show(key) {
    for (const [k, tab] of Object.entries(this.tabs)) {
      tab.pane.hidden = k !== key;
      tab.btn.classList.toggle('active', k === key);
      if (k === key && !tab.built) { tab.built = true; tab.pane.append(tab.build()); }
    }
    if (key === 'waterfall') this.renderRows();
    if (key === 'flame' && this.drawFlame) this.drawFlame();
  }

  // ------------------------------------------------------------ waterfall
  visibleRows() {
    return visibleRows(this.trace.roots, this.collapsed);
  }

  waterfall() {
    const ruler = h('div', { class: 'wf-ruler' }, h('div', { class: 'wf-name' }, h('button', { class: 'link', id: 'expand-all', onclick: () => { this.collapsed.clear(); this.refresh(); } }, 'expand all'), ' · ',
      h('button', { class: 'link', id: 'collapse-all', onclick: () => { for (const s of this.trace.spans) if (s.children.length && s.depth >= 1) this.collapsed.add(s.id); this.refresh(); } }, 'collapse below root')),
      h('div', { class: 'wf-time' }, ...[0, 0.25, 0.5, 0.75, 1].map(f => h('span', { style: `left:${f * 100}%` }, fmtDuration(Math.round(this.total * f))))));
    this.inner = h('div', { class: 'wf-inner' });
    this.scroller = h('div', { class: 'wf-scroll', id: 'waterfall' }, this.inner);
    this.scroller.addEventListener('scroll', () => { if (!this.raf) this.raf = requestAnimationFrame(() => { this.raf = 0; this.renderRows(); }); });
    this.inner.addEventListener('click', e => {
      const row = e.target.closest('.wf-row');
      if (!row) return;
      const span = this.trace.byId.get(row.dataset.spanId);
      if (e.target.closest('.toggle')) { this.toggle(span); return; }
      this.select(span);
    });
    window.addEventListener('resize', () => this.renderRows());
    this.rows = this.visibleRows();
    return h('div', { class: 'wf' }, ruler, this.scroller);
  }

  toggle(span) {
    if (this.collapsed.has(span.id)) this.collapsed.delete(span.id); else this.collapsed.add(span.id);
    this.refresh();
  }

  refresh() { this.rows = this.visibleRows(); this.renderRows(); }

  renderRows() {
    if (!this.scroller || !this.rows) return;
    this.inner.style.height = `${this.rows.length * ROW}px`;
    const viewH = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW) - 10);
    const last = Math.min(this.rows.length, first + Math.ceil(viewH / ROW) + 20);
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.append(this.row(this.rows[i], i));
    this.inner.replaceChildren(frag);
  }

  row(s, i) {
    const info = this.spanInfo.get(s.id);
    const cls = ['wf-row'];
    if (s === this.selected) cls.push('selected');
    if (info?.onCriticalPath) cls.push('crit');
    if (this.highlight.has(s.id)) cls.push('hl');
    if (s.status.code === 'ERROR') cls.push('err');
    const { left, width } = barGeometry(s.start, s.dur, this.total);
    const color = serviceColor(s.service);
    const bar = h('div', { class: 'bar', style: `left:${left}%;width:${width}%;background:${color}` });
    const cell = h('div', { class: 'wf-bar' }, bar);
    for (const seg of this.segments.get(s.id) || []) {
      cell.append(h('div', { class: 'cp', title: 'critical path', style: `left:${seg.left}%;width:${seg.width}%` }));
    }
    const label = labelPlacement(left, width);
    cell.append(h('span', { class: 'dur', style: `${label.side}:${label.pct}%` }, fmtDuration(s.dur)));
    const indent = Math.min(s.depth, 40) * 12;
    const toggle = s.children.length
      ? h('button', { class: 'toggle', 'aria-label': this.collapsed.has(s.id) ? 'expand' : 'collapse', title: `${s.children.length} children` }, this.collapsed.has(s.id) ? '▸' : '▾')
      : h('span', { class: 'toggle-pad' });
    return h('div', { class: cls.join(' '), style: `top:${i * ROW}px`, 'data-span-id': s.id, 'data-depth': s.depth },
      h('div', { class: 'wf-name', style: `padding-left:${indent + 4}px` }, toggle,
        h('span', { class: 'svc', style: `border-color:${color}` }, s.service), ' ',
        h('span', { class: 'nm' }, s.name), this.collapsed.has(s.id) ? h('span', { class: 'muted' }, ` (+${countDescendants(s)})`) : null),
      cell);
  }

  reveal(span) {
    for (let p = span.parent; p; p = p.parent) this.collapsed.delete(p.id);
    this.rows = this.visibleRows();
    const i = this.rows.indexOf(span);
    if (i >= 0 && this.scroller) {
      const top = i * ROW, vh = this.scroller.clientHeight || 600;
      if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + vh - ROW) this.scroller.scrollTop = Math.max(0, top - vh / 3);
    }
    this.renderRows();
  }

  select(span) {
    this.selected = span;
    this.renderRows();
    if (this.drawFlame && !this.tabs.flame.pane.hidden) this.drawFlame();
    this.details.replaceChildren(...this.detailsOf(span));
  }

  detailsOf(s) {
    const info = this.spanInfo.get(s.id);
    const kv = (rows, id) => rows.length ? h('table', { class: 'kv', id }, ...rows.map(a => h('tr', null, h('th', null, a.key), h('td', null, typeof a.value === 'object' ? JSON.stringify(a.value) : String(a.value))))) : h('p', { class: 'muted' }, 'none');
    return [
      h('h2', null, s.name),
      h('table', { class: 'kv', id: 'span-facts' },
        ...[['Service', s.service], ['Kind', s.kind], ['Span ID', s.id], ['Parent', s.parentId || '(root)'],
          ['Start', `+${fmtDuration(s.start)}`], ['Duration', fmtDuration(s.dur)],
          ['Self time', selfTimeText(info)],
          ['Critical path', criticalPathText(info)],
          ['Status', s.status.code + (s.status.message ? `: ${s.status.message}` : '')],
          ['Scope', `${s.scope.name} ${s.scope.version}`.trim()]].map(([k, v]) => h('tr', null, h('th', null, k), h('td', { class: k === 'Status' && s.status.code === 'ERROR' ? 'err' : '' }, v)))),
      h('h3', null, 'Attributes'), kv(s.attrs, 'span-attributes'),
      h('h3', null, `Events (${s.events.length})`),
      s.events.length ? h('ul', { class: 'events' }, ...s.events.map(e => h('li', null, h('b', null, e.name), ` at +${fmtDuration(e.time)}`, e.attrs.length ? kv(e.attrs) : null))) : h('p', { class: 'muted' }, 'none'),
      h('h3', null, `Links (${s.links.length})`),
      s.links.length ? h('ul', { class: 'links' }, ...s.links.map(l => h('li', null, h('a', { href: `/trace/${l.traceId}`, 'data-nav': true, class: 'mono' }, `${l.traceId.slice(0, 16)}…/${l.spanId}`), l.attrs.length ? kv(l.attrs) : null))) : h('p', { class: 'muted' }, 'none'),
      h('h3', null, 'Resource'), kv(s.resource, 'span-resource'),
    ];
  }

  // ------------------------------------------------------------ findings and services
  findingsPanel() {
    const findings = this.analysis?.findings || [];
    const list = h('ol', { class: 'findings', id: 'findings' }, ...findings.map((f, i) => h('li', { class: `finding sev-${f.severity}`, 'data-type': f.type, tabindex: 0,
      onclick: () => this.focusFinding(f, i), onkeydown: e => { if (e.key === 'Enter') this.focusFinding(f, i); } },
      h('div', { class: 'f-title' }, h('span', { class: 'sev' }, f.severity), ' ', f.title, f.impactNanos ? h('span', { class: 'muted' }, ` · ${fmtDuration(f.impactNanos)}`) : null),
      h('p', { class: 'f-expl' }, f.explanation),
      h('p', { class: 'f-fix' }, h('b', null, 'Fix: '), f.fix),
      h('p', { class: 'muted' }, `${f.spanIds.length} span${f.spanIds.length === 1 ? '' : 's'}`))));
    return h('section', { class: 'findings-panel' }, h('h2', null, `Findings (${findings.length})`),
      findings.length ? list : h('p', { class: 'muted', id: 'no-findings' }, this.analysis ? 'No known bad shapes in this trace.' : 'Analysis unavailable.'));
  }

  focusFinding(f, i) {
    this.highlight = new Set(f.spanIds);
    document.querySelectorAll('.finding').forEach((el, j) => el.classList.toggle('active', i === j));
    this.show('waterfall');
    const spans = f.spanIds.map(id => this.trace.byId.get(id)).filter(Boolean);
    for (const s of spans) for (let p = s.parent; p; p = p.parent) this.collapsed.delete(p.id);
    if (spans.length) { this.reveal(spans[0]); this.select(spans[0]); } else this.renderRows();
  }

  servicesPanel() {
    const svcs = this.analysis?.services || [];
    if (!svcs.length) return h('span');
    return h('section', { class: 'services-panel' }, h('h2', null, 'Time by service'),
      h('table', { class: 'kv' }, h('tr', null, h('th', null, 'Service'), h('th', null, 'Self'), h('th', null, 'Total'), h('th', null, 'Spans')),
        ...svcs.map(s => h('tr', null, h('td', null, h('span', { class: 'dot', style: `background:${serviceColor(s.service)}` }), s.service),
          h('td', { class: 'num' }, fmtDuration(s.selfNanos)), h('td', { class: 'num' }, fmtDuration(s.totalNanos)), h('td', { class: 'num' }, `${s.spanCount}${s.errorCount ? ` (${s.errorCount} err)` : ''}`)))));
  }

  // ------------------------------------------------------------ flame graph
  flame() {
    const RH = 18, MAXROWS = 800;
    const canvas = h('canvas', { class: 'flame', id: 'flame' });
    const wrap = h('div', { class: 'flame-wrap' }, canvas);
    const byDepth = [];
    for (const s of this.trace.spans) { if (s.depth < MAXROWS) (byDepth[s.depth] ||= []).push(s); }
    this.drawFlame = () => {
      const W = Math.max(300, wrap.clientWidth || 900);
      const dpr = window.devicePixelRatio || 1;
      canvas.width = W * dpr; canvas.height = byDepth.length * RH * dpr;
      canvas.style.width = `${W}px`; canvas.style.height = `${byDepth.length * RH}px`;
      const ctx = canvas.getContext('2d');
      ctx.scale(dpr, dpr);
      ctx.font = '11px system-ui, sans-serif'; ctx.textBaseline = 'middle';
      byDepth.forEach((row, d) => {
        let lastX = -1;
        for (const s of row || []) {
          const x = (s.start / this.total) * W, w = Math.max(1, (s.dur / this.total) * W);
          if (w < 2 && Math.floor(x) === lastX) continue; // many tiny spans in one pixel: draw once
          lastX = Math.floor(x);
          const info = this.spanInfo.get(s.id);
          ctx.fillStyle = serviceColor(s.service);
          ctx.globalAlpha = this.highlight.size && !this.highlight.has(s.id) ? 0.35 : 1;
          ctx.fillRect(x, d * RH, w - 0.5, RH - 1);
          if (info?.onCriticalPath) { ctx.strokeStyle = '#111'; ctx.lineWidth = 1; ctx.strokeRect(x + 0.5, d * RH + 0.5, w - 1.5, RH - 2); }
          if (s === this.selected) { ctx.strokeStyle = '#d00'; ctx.lineWidth = 2; ctx.strokeRect(x + 1, d * RH + 1, w - 2, RH - 3); }
          if (w > 40) { ctx.globalAlpha = 1; ctx.fillStyle = '#fff'; ctx.fillText(fitText(ctx, `${s.name} ${fmtDuration(s.dur)}`, w - 6), x + 3, d * RH + RH / 2); }
        }
      });
      ctx.globalAlpha = 1;
    };
    canvas.addEventListener('click', e => {
      const r = canvas.getBoundingClientRect();
      const d = Math.floor((e.clientY - r.top) / RH);
      const t = ((e.clientX - r.left) / r.width) * this.total;
      const hit = (byDepth[d] || []).filter(s => s.start <= t && t <= s.start + Math.max(s.dur, this.total / r.width)).pop();
      if (hit) { this.select(hit); this.drawFlame(); }
    });
    requestAnimationFrame(() => this.drawFlame());
    return h('div', null, h('p', { class: 'muted' }, 'Each row is one depth of the span tree; width is duration; outlined spans are on the critical path. Click a span for details.'), wrap);
  }

  // ------------------------------------------------------------ service dependency graph
  serviceGraph() {
    const layer = new Map(), edges = new Map(), counts = new Map();
    const stack = this.trace.roots.map(r => [r, 0]);
    const seen = new Set();
    while (stack.length) {
      const [s, l] = stack.pop();
      if (seen.has(s)) continue;
      seen.add(s);
      counts.set(s.service, (counts.get(s.service) || 0) + 1);
      if (!layer.has(s.service) || layer.get(s.service) > l) layer.set(s.service, l);
      for (const c of s.children) {
        const cross = c.service !== s.service;
        if (cross) { const k = `${s.service}\u0000${c.service}`; edges.set(k, (edges.get(k) || 0) + 1); }
        stack.push([c, l + (cross ? 1 : 0)]);
      }
    }
    const layers = [];
    for (const [svc, l] of [...layer].sort((a, b) => a[0].localeCompare(b[0]))) (layers[l] ||= []).push(svc);
    const pos = new Map();
    const NW = 170, NH = 44, GX = 90, GY = 26;
    let maxRows = 0, col = 0;
    for (const lay of layers) { if (!lay) continue; lay.forEach((svc, i) => pos.set(svc, { x: 20 + col * (NW + GX), y: 20 + i * (NH + GY) })); maxRows = Math.max(maxRows, lay.length); col++; }
    const W = 40 + col * (NW + GX), H = 40 + maxRows * (NH + GY);
    const svg = svgEl('svg', { class: 'svc-graph', id: 'service-graph', viewBox: `0 0 ${W} ${H}`, width: W, height: H },
      svgEl('defs', {}, svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' }, svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#666' }))));
    for (const [k, n] of edges) {
      const [a, b] = k.split('\u0000');
      const p = pos.get(a), q = pos.get(b);
      const x1 = p.x + NW, y1 = p.y + NH / 2;
      let x2 = q.x, y2 = q.y + NH / 2;
      const back = q.x <= p.x;
      const d = back ? `M ${p.x + NW / 2} ${p.y + NH} C ${p.x + NW / 2} ${p.y + NH + 60}, ${q.x + NW / 2} ${q.y + NH + 60}, ${q.x + NW / 2} ${q.y + NH}`
        : `M ${x1} ${y1} C ${x1 + GX / 2} ${y1}, ${x2 - GX / 2} ${y2}, ${x2} ${y2}`;
      svg.append(svgEl('path', { d, class: 'edge', 'marker-end': 'url(#arrow)', 'data-from': a, 'data-to': b }, svgEl('title', {}, `${a} → ${b}: ${n} call${n === 1 ? '' : 's'}`)),
        svgEl('text', { x: back ? (p.x + q.x + NW) / 2 : (x1 + x2) / 2, y: back ? Math.max(p.y, q.y) + NH + 40 : (y1 + y2) / 2 - 4, class: 'edge-label', 'text-anchor': 'middle' }, `${n}×`));
    }
    const svcInfo = new Map((this.analysis?.services || []).map(s => [s.service, s]));
    for (const [svc, p] of pos) {
      const info = svcInfo.get(svc);
      svg.append(svgEl('g', { class: 'node', 'data-service': svc },
        svgEl('rect', { x: p.x, y: p.y, width: NW, height: NH, rx: 6, fill: serviceColor(svc) }),
        svgEl('text', { x: p.x + 8, y: p.y + 17, class: 'node-name' }, svc.length > 22 ? `${svc.slice(0, 21)}…` : svc),
        svgEl('text', { x: p.x + 8, y: p.y + 34, class: 'node-sub' }, `${counts.get(svc)} spans${info ? ` · self ${fmtDuration(info.selfNanos)}` : ''}`)));
    }
    return h('div', { class: 'graph-wrap' }, h('p', { class: 'muted' }, 'Services of this trace; an arrow is a call from a span of one service to a child span in another, labelled with the number of calls.'), svg);
  }
}

function fitText(ctx, text, w) {
  if (ctx.measureText(text).width <= w) return text;
  let lo = 0, hi = text.length;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ctx.measureText(text.slice(0, mid) + '…').width <= w) lo = mid; else hi = mid - 1; }
  return lo ? text.slice(0, lo) + '…' : '';
}

export { navigate };
