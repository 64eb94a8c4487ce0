// The two charts, drawn as plain SVG: mentions per month (bars) and the
// timeline's axis (one mark per event).  Sizes are in viewBox units; the
// SVG scales to its container's width through CSS.

import { s } from './lib.js';
import { t, label } from './i18n.js';

// 'YYYY-MM' -> months since year 0, and back.
function monthIndex(ym) { return Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1; }
function monthName(i) { return `${Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, '0')}`; }

// A bar per month from the first month with mentions to the last, months
// without any drawn empty so the gaps show; each bar's <title> gives the
// month, mentions and documents.  MONTHS: [{month, docs, mentions}].
export function mentionsChart(months) {
  const W = 640, H = 160, left = 34, bottom = 22, top = 8;
  const svg = s('svg', { id: 'mentions-chart', class: 'chart', viewBox: `0 0 ${W} ${H}`,
    role: 'img', 'aria-label': t('mentions_by_month') });
  if (!months.length) return svg;
  const byMonth = new Map(months.map(m => [monthIndex(m.month), m]));
  const first = monthIndex(months[0].month);
  const last = monthIndex(months[months.length - 1].month);
  const n = last - first + 1;
  const max = Math.max(...months.map(m => m.mentions), 1);
  const plotW = W - left - 4, plotH = H - top - bottom;
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.75);
  // y axis: 0 and the maximum, with a faint line at the maximum
  svg.append(s('line', { class: 'axis', x1: left, y1: top + plotH, x2: W - 4, y2: top + plotH }));
  svg.append(s('line', { class: 'grid', x1: left, y1: top, x2: W - 4, y2: top }));
  svg.append(s('text', { class: 'tick', x: left - 4, y: top + 4, 'text-anchor': 'end' }, String(max)));
  svg.append(s('text', { class: 'tick', x: left - 4, y: top + plotH, 'text-anchor': 'end' }, '0'));
  // x labels: every January (or the first month), thinned when crowded
  const every = n > 36 ? 12 : n > 12 ? 3 : 1;
  for (let i = 0; i < n; i++) {
    const mi = first + i;
    const x = left + i * slot + slot / 2;
    const m = byMonth.get(mi);
    if (m) {
      const bh = Math.max(1, m.mentions / max * plotH);
      svg.append(s('rect', { class: 'bar', x: x - barW / 2, y: top + plotH - bh, width: barW, height: bh,
        'data-month': m.month },
        s('title', null, `${m.month}: ${t('mentions_n', { n: m.mentions })}, ${t('docs_n', { n: m.docs })}`)));
    }
    if (i === 0 || (mi % 12) % every === 0) {
      const text = (mi % 12 === 0 || i === 0) ? monthName(mi) : monthName(mi).slice(5);
      svg.append(s('text', { class: 'tick', x, y: H - 6, 'text-anchor': 'middle' }, text));
    }
  }
  return svg;
}

// A date as a fractional month index: '2024' is mid-year, '2024-05' mid-month.
function dateValue(d) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || '');
  if (!m) return null;
  const y = Number(m[1]);
  if (!m[2]) return y * 12 + 6;
  const mo = Number(m[2]) - 1;
  if (!m[3]) return y * 12 + mo + 0.5;
  return y * 12 + mo + (Number(m[3]) - 1) / 31;
}

// The timeline's axis: year ticks (and month ticks when the span is short),
// a mark per dated line coloured by its type (class t-TYPE), a bar for a
// range (date_end); marks stack in rows when they would overlap.
// ONCLICK(index) is called with the line's index when a mark is clicked.
export function timelineAxis(lines, onclick) {
  const W = 960, left = 16, right = 16, rowH = 14, axisY = 24;
  const dated = [];
  lines.forEach((ln, i) => {
    const a = dateValue(ln.date);
    if (a === null) return;
    const b = ln.date_end ? (dateValue(ln.date_end) ?? a) : a;
    dated.push({ i, a, b: Math.max(a, b), ln });
  });
  let lo = Math.min(...dated.map(d => d.a)), hi = Math.max(...dated.map(d => d.b));
  if (!dated.length) { lo = 0; hi = 1; }
  lo = Math.floor(lo) - 0.5; hi = Math.ceil(hi) + 0.5;
  if (hi - lo < 3) { lo -= 1; hi += 1; }
  const x = v => left + (v - lo) / (hi - lo) * (W - left - right);
  // rows: a mark goes in the first row whose last mark ends before it
  const rowsEnd = [];
  const minGap = 10;
  for (const d of dated.sort((p, q) => p.a - q.a)) {
    const x0 = x(d.a), x1 = Math.max(x(d.b), x0);
    let r = rowsEnd.findIndex(end => end + minGap <= x0);
    if (r < 0) { r = rowsEnd.length; rowsEnd.push(0); }
    rowsEnd[r] = x1;
    d.row = r; d.x0 = x0; d.x1 = x1;
  }
  const H = axisY + 12 + Math.max(1, rowsEnd.length) * rowH + 4;
  const svg = s('svg', { id: 'timeline-axis', class: 'chart', viewBox: `0 0 ${W} ${H}`,
    role: 'img', 'aria-label': t('axis_title') });
  svg.append(s('line', { class: 'axis', x1: left, y1: axisY, x2: W - right, y2: axisY }));
  const span = hi - lo;
  const monthTicks = span <= 30;
  let yearShown = false;
  for (let m = Math.ceil(lo); m <= hi; m++) {
    const isYear = m % 12 === 0;
    if (!isYear && !monthTicks) continue;
    const xx = x(m);
    svg.append(s('line', { class: isYear ? 'tick-year' : 'tick-month', x1: xx, y1: axisY - (isYear ? 8 : 4), x2: xx, y2: H }));
    if (isYear || !yearShown) {
      // every January, and the first tick when the span starts mid-year
      svg.append(s('text', { class: 'tick', x: xx + 3, y: axisY - 10 }, isYear ? String(m / 12) : monthName(m)));
      yearShown = true;
    } else if (span <= 14) {
      svg.append(s('text', { class: 'tick small', x: xx + 2, y: axisY - 3 }, String(m % 12 + 1)));
    }
  }
  for (const d of dated) {
    const cy = axisY + 12 + d.row * rowH;
    const title = `${d.ln.date}${d.ln.date_end ? '–' + d.ln.date_end : ''} ${label('t', d.ln.type)}: ${d.ln.summary || ''}`;
    const g = s('g', { class: `mark t-${d.ln.type}`, 'data-line': d.i, tabindex: 0, role: 'button' },
      s('title', null, title));
    // a range wider than a dot is a bar with round ends, as tall as a dot
    if (d.x1 - d.x0 > 4) g.append(s('rect', { x: d.x0 - 5, y: cy - 5, width: d.x1 - d.x0 + 10, height: 10, rx: 5 }));
    else g.append(s('circle', { cx: d.x0, cy, r: 5 }));
    g.addEventListener('click', () => onclick(d.i));
    g.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onclick(d.i); } });
    svg.append(g);
  }
  return svg;
}
