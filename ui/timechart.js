// The timeline's chart: a mark per dated line on a time axis that opens on
// the span where the lines are (timescale.js), an overview strip below it
// with a brush, and zoom by drag, wheel, pinch, buttons and keys.  Drawn as
// plain SVG at the pixel width it is given, again whenever that width or
// the window changes, so text keeps its size and ticks are chosen for the
// room there is.

import { h, s } from './lib.js';
import { t, label, currentLang } from './i18n.js';
import { lineSpan, overlaps, defaultWindow, fullWindow, axisTicks, binUnit, isoDay, ymd,
  MIN_SPAN, LABEL_GAP } from './timescale.js';

// A line the server marks "confident": false (below this, core/event.h
// EVENT_CONFIDENT) is drawn hollow and tagged "low confidence".  The extractor starts at 0.9 and takes 0.2 off a date that is
// only the report's, 0.15 for a lone actor, 0.1 for a resolved pronoun and
// 0.05 for modality read from nearby words (docs/ARCHITECTURE.md, Events):
// below 0.75 is two such doubts, or the date itself.
export const LOW_CONFIDENCE = 0.75;

export function isLow(ln) {
  // The server says (core/event.h, EVENT_CONFIDENT); an older one did not.
  if (typeof ln.confident === 'boolean') return !ln.confident;
  return typeof ln.confidence === 'number' && ln.confidence < LOW_CONFIDENCE - 1e-9;
}

// A month's or year's date, drawn as a pale band across it.
export function isVague(ln) {
  return ln.precision === 'month' || ln.precision === 'year';
}

// ---- text widths -----------------------------------------------------------------

let canvas = null;

// MEASURE(text): its width in pixels at PX in the page's font, as the
// chart's <text> will be drawn (the same font and size through CSS).
function measurer(px) {
  if (!canvas) canvas = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  const font = `${px}px ${family}`;
  const seen = new Map();
  return text => {
    if (!seen.has(text)) {
      canvas.font = font;
      seen.set(text, canvas.measureText(text).width);
    }
    return seen.get(text);
  };
}

// Once on the page: drops any label whose box (getBBox) comes within
// LABEL_GAP of the last one kept in its row, in case the font on screen is
// wider than the one measured.
function unclash(svg) {
  if (!svg.isConnected) return;
  const rows = new Map();
  for (const el of svg.querySelectorAll('text.tick')) {
    const row = el.getAttribute('y');
    const box = el.getBBox();
    const end = rows.get(row);
    if (end !== undefined && box.x < end + LABEL_GAP / 2) el.remove();
    else rows.set(row, box.x + box.width);
  }
}

// ---- the chart -------------------------------------------------------------------

// A wheel turned while the page is still scrolling scrolls on, rather than
// catching on the chart as it passes under the pointer.
let lastScroll = 0;
addEventListener('scroll', () => { lastScroll = performance.now(); }, { passive: true });

const MAX_ROWS = 10;

// LINES: the timeline's lines.  WIN: the window [first day, end) to open
// on (an end null: the default window's), or null for the default one.
// ONCHANGE(win, isDefault) after each move (win in whole days); ONOPEN(index)
// when a mark is chosen.  Returns {node, window(), defaultWindow,
// fullWindow, setWindow(win), reset(), showAll(), outside()}.
export function timelineChart(lines, win, onchange, onopen) {
  const spans = lines.map(lineSpan);
  const dated = [];
  spans.forEach((sp, i) => { if (sp) dated.push(i); });
  const def = defaultWindow(dated.map(i => spans[i])) || [0, 30];
  const all = fullWindow(dated.map(i => spans[i])) || def;
  // zoomed out at most to half as much again as every date, and to a year at least
  const maxSpan = Math.max((all[1] - all[0]) * 1.5, 365);
  let cur = [...def];
  if (win) {
    let [a, b] = [win[0] ?? def[0], win[1] ?? def[1]];
    if (a >= b) [a, b] = win[0] == null ? [b - (def[1] - def[0]), b] : [a, a + (def[1] - def[0])];
    cur = clamp([a, b]);
  }
  let frozen = null;         // the overview's extent while its brush is dragged
  let drawn = 0;             // the width last drawn at
  let checked = false;       // the labels drawn were measured on the page
  let pending = 0;           // a frame asked for

  const range = h('span#tl-range.tl-range');
  const button = (id, text, title, fn) => h('button#' + id + '.zoom', { type: 'button', title, 'aria-label': title,
    onclick: fn }, text);
  const zoomOut = button('zoom-out', '−', t('zoom_out'), () => zoomBy(2));
  const zoomIn = button('zoom-in', '+', t('zoom_in'), () => zoomBy(0.5));
  const reset = button('zoom-reset', t('zoom_reset'), t('zoom_reset_title'), () => api.reset());
  const showAll = button('zoom-all', t('zoom_all'), t('zoom_all_title'), () => api.showAll());
  const plot = h('div#tl-plot.tl-plot', { tabindex: 0, role: 'group', 'aria-label': t('chart_keys') });
  const over = h('div#tl-overview.tl-overview', { role: 'group', 'aria-label': t('overview_title') });
  const node = h('div#tl-chart.tl-chart', null,
    h('div.tl-toolbar', null, range, h('span.tl-zoom', { role: 'group', 'aria-label': t('zoom') },
      zoomOut, zoomIn, reset, showAll)),
    plot, over, h('p.hint.tl-hint', null, t('chart_hint')));

  // the same whole days (what the address and the date fields say)
  const sameDays = (p, q) => Math.floor(p[0] + 1e-6) === Math.floor(q[0] + 1e-6) &&
    Math.ceil(p[1] - 1e-6) === Math.ceil(q[1] - 1e-6);

  // Keeps a window no narrower than MIN_SPAN, no wider than maxSpan, and
  // touching the lines' full span.
  function clamp([a, b]) {
    let span = Math.min(Math.max(b - a, MIN_SPAN), maxSpan);
    const c = (a + b) / 2;
    a = c - span / 2;
    if (a + span < all[0]) a = all[0] - span / 2;
    if (a > all[1]) a = all[1] - span / 2;
    return [a, a + span];
  }

  // Moves the window to W (clamped); DEFER: at the next frame, once for
  // all the moves of a wheel or a drag until then.
  function setWindow(w, defer) {
    const next = clamp(w);
    const eps = (cur[1] - cur[0]) * 1e-6;
    if (Math.abs(next[0] - cur[0]) <= eps && Math.abs(next[1] - cur[1]) <= eps) return;
    cur = next;
    if (pending) cancelAnimationFrame(pending);
    pending = 0;
    if (defer) pending = requestAnimationFrame(() => { pending = 0; moved(); });
    else moved();
  }
  function moved() {
    draw();
    onchange(window_(), sameDays(cur, def));
  }
  const window_ = () => [Math.floor(cur[0] + 1e-6), Math.ceil(cur[1] - 1e-6)];

  // F times the days, about the middle
  function zoomBy(f) {
    const c = (cur[0] + cur[1]) / 2;
    setWindow([c - (c - cur[0]) * f, c + (cur[1] - c) * f]);
  }

  function width() {
    if (plot.isConnected && plot.clientWidth > 0) return plot.clientWidth;
    const main = document.getElementById('view');
    if (main && main.clientWidth > 0) {
      const st = getComputedStyle(main);
      return main.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
    }
    return 960;
  }

  function draw() {
    const W = Math.max(200, Math.floor(width()));
    drawn = W;
    plot.replaceChildren(mainSvg(W));
    over.replaceChildren(overviewSvg(W));
    unclash(plot.firstChild);
    unclash(over.firstChild);
    checked = plot.isConnected;
    const w = window_();
    range.textContent = `${isoDay(w[0])} – ${isoDay(w[1] - 1)}`;
    plot.dataset.from = isoDay(w[0]);
    plot.dataset.to = isoDay(w[1] - 1);
    reset.disabled = sameDays(cur, def);
    showAll.disabled = cur[0] <= all[0] && cur[1] >= all[1];
  }

  // ---- the main chart ----

  const L = 8;
  // baselines far enough apart for a CJK font's taller boxes (1.45 em) not to touch
  const Y = { edge: 14, context: 33, label: 50, axis: 55, row0: 67, rowH: 14 };

  function mainSvg(W) {
    const R = W - 8;
    const [a, b] = cur;
    const x = d => L + (d - a) / (b - a) * (R - L);
    const lang = currentLang();
    const ticks = axisTicks(a, b, L, R, measurer(11), lang);

    // marks: a one-day line is a dot at its day, a longer one a bar over its days
    const items = [];
    for (const i of dated) {
      const sp = spans[i];
      if (!overlaps(sp, cur)) continue;
      const x0 = x(Math.max(sp.a, a)), x1 = x(Math.min(sp.b, b));
      const bar = sp.b - sp.a > 1 && x1 - x0 > 10;
      const cx = x((Math.max(sp.a, a) + Math.min(sp.b, b)) / 2);
      items.push({ i, bar, x0: bar ? x0 : cx - 5, x1: bar ? x1 : cx + 5, cx });
    }
    items.sort((p, q) => p.x0 - q.x0);
    const rowsEnd = [];
    for (const it of items) {
      let r = rowsEnd.findIndex(end => end + 2 <= it.x0);
      if (r < 0 && rowsEnd.length < MAX_ROWS) { r = rowsEnd.length; rowsEnd.push(0); }
      if (r < 0) r = rowsEnd.indexOf(Math.min(...rowsEnd));  // crowded: on the row that ends first
      rowsEnd[r] = Math.max(rowsEnd[r], it.x1);
      it.row = r;
    }
    const H = Y.row0 + Math.max(1, rowsEnd.length) * Y.rowH;
    const w = window_();
    const svg = s('svg', { id: 'timeline-axis', class: 'chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`,
      role: 'group', 'aria-label': t('axis_title'), 'data-from': isoDay(w[0]), 'data-to': isoDay(w[1] - 1),
      'data-unit': ticks.unit });
    svg.append(s('rect', { class: 'plot-bg', x: 0, y: 0, width: W, height: H }));
    for (const gx of ticks.grid) svg.append(s('line', { class: 'tick-year', x1: gx, y1: Y.context - 11, x2: gx, y2: H }));
    for (const mx of ticks.minor) svg.append(s('line', { class: 'tick-minor', x1: mx, y1: Y.axis - 3, x2: mx, y2: Y.axis }));
    for (const mx of ticks.major) svg.append(s('line', { class: 'tick-month', x1: mx, y1: Y.label - 11, x2: mx, y2: H }));
    svg.append(s('line', { class: 'axis', x1: L, y1: Y.axis, x2: R, y2: Y.axis }));
    for (const lb of ticks.context) svg.append(s('text', { class: 'tick context', x: lb.x, y: Y.context }, lb.text));
    for (const lb of ticks.labels) svg.append(s('text', { class: 'tick', x: lb.x, y: Y.label }, lb.text));
    edges(svg, L, R);
    for (const it of items) svg.append(mark(it, Y.row0 + it.row * Y.rowH));
    return svg;
  }

  function mark(it, cy) {
    const ln = lines[it.i];
    const when = `${ln.date}${ln.date_end ? '–' + ln.date_end : ''}${ln.date_from_doc ? ' *' : ''}`;
    const title = [when, label('t', ln.type), ln.status !== 'occurred' ? label('s', ln.status) : null,
      ln.summary || '', isLow(ln) ? t('low_confidence') : null, ln.date_from_doc ? t('date_from_doc') : null]
      .filter(Boolean).join(' · ');
    const cls = ['mark', 't-' + ln.type, isLow(ln) ? 'low' : '', it.bar && isVague(ln) ? 'vague' : '']
      .filter(Boolean).join(' ');
    // its <title> is its name for a screen reader too; clicks and keys are the plot's (below)
    const g = s('g', { class: cls, 'data-line': it.i, tabindex: 0, role: 'button' }, s('title', null, title));
    if (it.bar) g.append(s('rect', { x: it.x0, y: cy - 5, width: it.x1 - it.x0, height: 10, rx: 5 }));
    else g.append(s('circle', { cx: it.cx, cy, r: isLow(ln) ? 4 : 5 }));
    return g;
  }

  // The lines before and after the window, as a mark at each edge that
  // names how many and when, and widens the window to them when chosen.
  function edges(svg, left, right) {
    const out = outside();
    const m = measurer(12);
    const texts = ['earlier', 'later'].map(side => {
      const o = out[side];
      if (!o.n) return null;
      const years = o.y0 === o.y1 ? String(o.y0) : `${o.y0}–${o.y1}`;
      const long = t(o.n === 1 ? side + '_1' : side + '_n', { n: o.n, years });
      return { side, long, short: t(side + '_short', { n: o.n, years }) };
    });
    const room = right - left;
    const need = texts.reduce((sum, x) => sum + (x ? m(x.long) + 2 * LABEL_GAP : 0), 0);
    for (const x of texts) {
      if (!x) continue;
      const text = need <= room ? x.long : x.short;
      const g = s('g', { id: 'edge-' + x.side, class: 'edge', tabindex: 0, role: 'button',
        'aria-label': x.long + ' — ' + t('edge_title') },
        s('title', null, x.long + ' — ' + t('edge_title')),
        s('text', { x: x.side === 'earlier' ? left : right, y: Y.edge,
          'text-anchor': x.side === 'earlier' ? 'start' : 'end' }, text));
      const go = () => widen(x.side);
      g.addEventListener('click', go);
      g.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
      svg.append(g);
    }
  }

  // {earlier: {n, y0, y1, first, last}, later: {…}}: the dated lines wholly
  // before and after the window, their first and last years and days.
  function outside() {
    const side0 = () => ({ n: 0, y0: Infinity, y1: -Infinity, first: Infinity, last: -Infinity });
    const o = { earlier: side0(), later: side0() };
    for (const i of dated) {
      const sp = spans[i];
      const side = sp.b <= cur[0] ? o.earlier : sp.a >= cur[1] ? o.later : null;
      if (!side) continue;
      side.n++;
      side.y0 = Math.min(side.y0, ymd(sp.a)[0]);
      side.y1 = Math.max(side.y1, ymd(sp.b - 1)[0]);
      side.first = Math.min(side.first, sp.a);
      side.last = Math.max(side.last, sp.b);
    }
    return o;
  }

  function widen(side) {
    const o = outside();
    const [a, b] = cur;
    const to = side === 'earlier' ? [o.earlier.first, b] : [a, o.later.last];
    const p = Math.max((to[1] - to[0]) * 0.02, 2);
    setWindow([side === 'earlier' ? to[0] - p : a, side === 'later' ? to[1] + p : b]);
  }

  // ---- the overview strip ----

  const O = { top: 2, bars: 26, label: 38, H: 42 };
  let overExtent = null;

  function overviewSvg(W) {
    const R = W - 8;
    const ext = frozen || [Math.min(def[0], cur[0]), Math.max(def[1], cur[1])];
    overExtent = ext;
    const x = d => L + (d - ext[0]) / (ext[1] - ext[0]) * (R - L);
    const svg = s('svg', { id: 'timeline-overview', class: 'chart overview', width: W, height: O.H,
      viewBox: `0 0 ${W} ${O.H}`, role: 'img', 'aria-label': t('overview_title') });
    svg.append(s('rect', { class: 'plot-bg', x: 0, y: 0, width: W, height: O.H }));
    // a histogram of the lines by their middle day
    const unit = binUnit(ext[0], ext[1], R - L, 3);
    const counts = new Map();
    for (const i of dated) {
      const mid = (spans[i].a + spans[i].b) / 2;
      if (mid < ext[0] || mid >= ext[1]) continue;
      const k = unit.start(mid);
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const max = Math.max(1, ...counts.values());
    for (const [k, n] of counts) {
      const x0 = Math.max(L, x(k)), x1 = Math.min(R, x(unit.next(k)));
      const bh = Math.max(2, n / max * (O.bars - O.top - 2));
      svg.append(s('rect', { class: 'bin', x: x0, y: O.bars - bh, width: Math.max(1, x1 - x0 - 1), height: bh }));
    }
    svg.append(s('line', { class: 'axis', x1: L, y1: O.bars, x2: R, y2: O.bars }));
    const ticks = axisTicks(ext[0], ext[1], L, R, measurer(10), currentLang());
    const lb = ticks.context.length >= 2 ? ticks.context : ticks.labels.length ? ticks.labels : ticks.context;
    for (const l of lb) {
      svg.append(s('line', { class: 'tick-month', x1: l.x - 3, y1: O.bars, x2: l.x - 3, y2: O.bars + 3 }));
      svg.append(s('text', { class: 'tick', x: l.x, y: O.label }, l.text));
    }
    // the window: shaded outside, a band with a handle at each end
    const bx0 = Math.max(L, x(cur[0])), bx1 = Math.min(R, x(cur[1]));
    svg.append(s('rect', { class: 'shade', x: L, y: O.top, width: Math.max(0, bx0 - L), height: O.bars - O.top }));
    svg.append(s('rect', { class: 'shade', x: bx1, y: O.top, width: Math.max(0, R - bx1), height: O.bars - O.top }));
    svg.append(s('rect', { id: 'brush', class: 'brush', x: bx0, y: O.top, width: Math.max(2, bx1 - bx0),
      height: O.bars - O.top }));
    svg.append(s('rect', { class: 'brush-handle', 'data-edge': 'a', x: bx0 - 4, y: O.top, width: 8, height: O.bars - O.top }));
    svg.append(s('rect', { class: 'brush-handle', 'data-edge': 'b', x: bx1 - 4, y: O.top, width: 8, height: O.bars - O.top }));
    return svg;
  }

  // ---- pointer, wheel and keys ----

  // the day under client X in the main chart (or the overview's extent)
  function dayAt(clientX, el, ext) {
    const svg = el.firstChild;
    const r = svg.getBoundingClientRect();
    const W = Number(svg.getAttribute('width'));
    const px = (clientX - r.left) * (W / r.width);
    const [a, b] = ext;
    return a + (px - L) / (W - 16) * (b - a);
  }

  // drag across the chart to zoom to that range; two fingers pinch
  const touches = new Map();
  let sel = null;
  let pinch = null;
  plot.addEventListener('pointerdown', e => {
    if (e.button !== 0) return;
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, e.clientX);
      if (touches.size === 2) {
        sel = null;
        dropSelection();
        const [p, q] = [...touches.values()];
        pinch = { dist: Math.abs(p - q) || 1, win: [...cur], at: dayAt((p + q) / 2, plot, cur) };
        plot.setPointerCapture(e.pointerId);
        return;
      }
    }
    if (e.target.closest('.mark, .edge')) return;
    sel = { from: e.clientX, day: dayAt(e.clientX, plot, cur), id: e.pointerId };
    plot.setPointerCapture(e.pointerId);
  });
  plot.addEventListener('pointermove', e => {
    if (touches.has(e.pointerId)) touches.set(e.pointerId, e.clientX);
    if (pinch && touches.size === 2) {
      const [p, q] = [...touches.values()];
      const f = pinch.dist / (Math.abs(p - q) || 1);
      const c = pinch.at;
      setWindow([c - (c - pinch.win[0]) * f, c + (pinch.win[1] - c) * f], true);
      return;
    }
    if (!sel || e.pointerId !== sel.id) return;
    if (Math.abs(e.clientX - sel.from) < 4) return;
    const svg = plot.firstChild;
    const d = dayAt(e.clientX, plot, cur);
    const [a, b] = cur;
    const W = Number(svg.getAttribute('width'));
    const x = v => L + (v - a) / (b - a) * (W - 16);
    const x0 = Math.max(L, Math.min(x(sel.day), x(d))), x1 = Math.min(W - 8, Math.max(x(sel.day), x(d)));
    let r = svg.querySelector('.selection');
    if (!r) r = svg.appendChild(s('rect', { class: 'selection', y: Y.axis - 16 }));
    r.setAttribute('x', x0);
    r.setAttribute('width', Math.max(1, x1 - x0));
    r.setAttribute('height', Number(svg.getAttribute('height')) - Y.axis + 16);
  });
  const endPointer = e => {
    touches.delete(e.pointerId);
    if (pinch) {
      if (touches.size < 2) pinch = null;
      return;
    }
    if (!sel || e.pointerId !== sel.id) return;
    const moved = Math.abs(e.clientX - sel.from) >= 4;
    const d = dayAt(e.clientX, plot, cur);
    const from = sel.day;
    sel = null;
    dropSelection();
    if (moved && e.type === 'pointerup') setWindow([Math.min(from, d), Math.max(from, d)]);
  };
  plot.addEventListener('pointerup', endPointer);
  plot.addEventListener('pointercancel', endPointer);
  function dropSelection() {
    const r = plot.querySelector('.selection');
    if (r) r.remove();
  }

  plot.addEventListener('wheel', e => {
    if (performance.now() - lastScroll < 400) return;
    e.preventDefault();
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const dx = e.deltaX * scale, dy = e.deltaY * scale;
    const [a, b] = cur;
    if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      const shift = (e.shiftKey && !dx ? dy : dx) / Math.max(1, drawn - 16) * (b - a);
      setWindow([a + shift, b + shift], true);
    } else {
      const f = Math.exp(dy * 0.0015);
      const c = dayAt(e.clientX, plot, cur);
      setWindow([c - (c - a) * f, c + (b - c) * f], true);
    }
  }, { passive: false });

  // a mark opens its line when clicked, or on Enter or Space
  const markOf = e => e.target.closest && e.target.closest('.mark');
  plot.addEventListener('click', e => { const m = markOf(e); if (m) onopen(Number(m.dataset.line)); });
  plot.addEventListener('keydown', e => {
    const m = markOf(e);
    if (m && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onopen(Number(m.dataset.line));
    }
  });

  plot.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const [a, b] = cur;
    const step = (b - a) / 5;
    switch (e.key) {
      case '+': case '=': zoomBy(0.5); break;
      case '-': case '_': zoomBy(2); break;
      case 'ArrowLeft': setWindow([a - step, b - step]); break;
      case 'ArrowRight': setWindow([a + step, b + step]); break;
      case '0': case 'Home': api.reset(); break;
      case 'End': api.showAll(); break;
      case 'Escape': sel = null; dropSelection(); return;
      default: return;
    }
    e.preventDefault();
  });

  // the overview: drag the band to move the window, its ends to resize it,
  // anywhere else to draw a new one; a click centres the window there
  let drag = null;
  over.addEventListener('pointerdown', e => {
    if (e.button !== 0) return;
    const ext = overExtent;
    const d = dayAt(e.clientX, over, ext);
    const edge = e.target.closest('.brush-handle');
    const kind = edge ? edge.dataset.edge : e.target.closest('.brush') ? 'move' : 'new';
    drag = { kind, from: e.clientX, day: d, win: [...cur], id: e.pointerId, moved: false };
    frozen = ext;
    over.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  over.addEventListener('pointermove', e => {
    if (!drag || e.pointerId !== drag.id) return;
    if (!drag.moved && Math.abs(e.clientX - drag.from) < 3) return;
    drag.moved = true;
    const d = dayAt(e.clientX, over, frozen);
    const [a, b] = drag.win;
    if (drag.kind === 'move') setWindow([a + d - drag.day, b + d - drag.day], true);
    else if (drag.kind === 'a') setWindow([Math.min(d, b - MIN_SPAN), b], true);
    else if (drag.kind === 'b') setWindow([a, Math.max(d, a + MIN_SPAN)], true);
    else setWindow([Math.min(drag.day, d), Math.max(drag.day, d)], true);
  });
  const endDrag = e => {
    if (!drag || e.pointerId !== drag.id) return;
    const d = drag;
    drag = null;
    frozen = null;
    if (!d.moved && e.type === 'pointerup' && d.kind === 'new') {
      const half = (cur[1] - cur[0]) / 2;
      setWindow([d.day - half, d.day + half]);
    } else {
      draw();
    }
  };
  over.addEventListener('pointerup', endDrag);
  over.addEventListener('pointercancel', endDrag);

  // drawn again at the width the page gives it
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      if (!plot.isConnected || plot.clientWidth <= 0) return;
      if (Math.floor(plot.clientWidth) !== drawn) {
        draw();
      } else if (!checked) {
        unclash(plot.firstChild);
        unclash(over.firstChild);
        checked = true;
      }
    }).observe(plot);
  }

  const api = {
    node,
    defaultWindow: def,
    fullWindow: all,
    window: window_,
    setWindow: w => setWindow(w),
    reset: () => setWindow(def),
    showAll: () => setWindow(all),
    // lines before and after the window: {earlier: {n, y0, y1}, later: {…}}
    outside,
  };
  draw();
  return api;
}

// The legend: the types on the chart, then how a low-confidence line and a
// date known only to the month or year look.
export function chartLegend(lines, types) {
  const used = types.filter(x => lines.some(l => l.type === x));
  const dot = (cls, extra) => s('svg', { width: 14, height: 12, viewBox: '0 0 14 12', class: 'chart-key ' + cls,
    'aria-hidden': 'true' }, extra || s('circle', { cx: 7, cy: 6, r: 5 }));
  const items = used.map(x => h('span.legend-item', null, dot('t-' + x + ' mark'), ' ', label('t', x)));
  if (lines.some(isLow)) {
    items.push(h('span#legend-low.legend-item', { title: t('low_confidence_title') },
      s('svg', { width: 14, height: 12, viewBox: '0 0 14 12', class: 'chart-key mark low', 'aria-hidden': 'true' },
        s('circle', { cx: 7, cy: 6, r: 4 })), ' ', t('low_confidence')));
  }
  if (lines.some(l => l.date && isVague(l))) {
    items.push(h('span#legend-vague.legend-item', null,
      s('svg', { width: 26, height: 12, viewBox: '0 0 26 12', class: 'chart-key mark vague', 'aria-hidden': 'true' },
        s('rect', { x: 1, y: 1, width: 24, height: 10, rx: 5 })), ' ', t('legend_span')));
  }
  return h('div#tl-legend.legend', null, items);
}
