// The autocomplete list under an input: tag names and tag values, keyboard-navigable (arrows,
// Enter or Tab to insert, Escape to close), fetched after typing pauses (debounced).
import { h } from './dom.js';
import { debounce, rank } from './complete.js';

export const DEBOUNCE_MS = 150;

/**
 * @param input the text input
 * @param list an empty <ul> placed under it
 * @param source {context(text, pos), names(): Promise<string[]>,
 *   values(ctx): Promise<{value, type}[]>, insertValue(value, type, ctx): string,
 *   onError(message|null)}
 */
export function attachAutocomplete(input, list, source) {
  let items = [], active = -1, seq = 0;
  list.setAttribute('role', 'listbox');
  const close = () => { list.hidden = true; active = -1; items = []; };
  const mark = () => [...list.children].forEach((li, i) => {
    li.classList.toggle('active', i === active);
    li.setAttribute('aria-selected', String(i === active));
    if (i === active) li.scrollIntoView({ block: 'nearest' });
  });
  const apply = item => {
    const text = input.value;
    input.value = text.slice(0, item.from) + item.insert + text.slice(item.to);
    const c = item.from + item.insert.length;
    input.setSelectionRange(c, c);
    close();
    input.focus();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const show = async () => {
    const mine = ++seq;
    const pos = input.selectionStart ?? input.value.length;
    const ctx = source.context(input.value, pos);
    let found = [];
    try {
      if (ctx.kind === 'name') {
        found = rank(await source.names(), ctx.prefix).map(n => ({ label: n, type: '', insert: n, from: ctx.from, to: ctx.to }));
      } else if (ctx.kind === 'value') {
        const values = await source.values(ctx);
        const byLabel = new Map(values.map(v => [v.value, v]));
        found = rank([...byLabel.keys()], ctx.prefix).map(v => {
          const t = byLabel.get(v).type;
          return { label: v, type: t, insert: source.insertValue(v, t, ctx), from: ctx.from, to: ctx.to };
        });
      }
      if (mine === seq) source.onError(null);
    } catch (e) {
      if (mine === seq) source.onError(e.message);
    }
    if (mine !== seq) return; // a newer keystroke owns the list
    if (!found.length || document.activeElement !== input) return close();
    items = found;
    active = -1;
    list.replaceChildren(...items.map(it => h('li', { role: 'option', 'data-value': it.label,
      onmousedown: e => { e.preventDefault(); apply(it); } }, it.label, it.type ? h('span', { class: 'ac-type' }, it.type) : null)));
    list.hidden = false;
  };
  const later = debounce(show, DEBOUNCE_MS);
  input.addEventListener('input', later);
  input.addEventListener('blur', () => { later.cancel(); seq++; close(); });
  input.addEventListener('keydown', e => {
    if (e.key === 'Escape') { later.cancel(); seq++; close(); return; }
    if (list.hidden || !items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1 + (active < 0 ? 1 : 0))) % items.length;
      mark();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && active >= 0) {
      e.preventDefault();
      apply(items[active]);
    }
  });
  return { close, refresh: show };
}
