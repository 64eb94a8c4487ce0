// Mentions per month (bars), drawn as plain SVG.  Sizes are in viewBox
// units; the SVG scales to its container's width through CSS.  The
// timeline's chart is timechart.js.

import { s } from './lib.js';
import { t } from './i18n.js';

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
