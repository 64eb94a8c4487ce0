// Time on the timeline chart, without the DOM: dates as day numbers, the
// span a chart opens on, and axis ticks whose labels never overlap.
//
// A day number is days since 1970-01-01 (UTC), fractional inside a day;
// a line's date is the half-open span of days it may fall on: '2024' is the
// whole year, '2024-05' the month, '2024-05-31' one day, and a date_end
// carries the span to the end of that date.

const DAY_MS = 864e5;

// ---- days ------------------------------------------------------------------

// The day number of Y-M-D (M from 1); years below 100 are taken as they are
// (Date.UTC would read 76 as 1976).
export function dayOf(y, m, d) {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  return Math.round(dt.getTime() / DAY_MS);
}

// [year, month (1-12), day, weekday (0 Sunday)] of day number D (its floor).
export function ymd(d) {
  const dt = new Date(Math.floor(d) * DAY_MS);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), dt.getUTCDay()];
}

const pad = (n, w) => String(n).padStart(w, '0');

// Day number D as 'YYYY-MM-DD'.
export function isoDay(d) {
  const [y, m, dd] = ymd(d);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(dd, 2)}`;
}

// The days a date names, [first, end) — 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
// (anything after the day is ignored); null when DATE is not one.
export function dateSpan(date) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date || '');
  if (!m) return null;
  const y = Number(m[1]);
  if (!m[2]) return [dayOf(y, 1, 1), dayOf(y + 1, 1, 1)];
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (!m[3]) return [dayOf(y, mo, 1), dayOf(y, mo + 1, 1)];
  const dd = Number(m[3]);
  if (dd < 1 || dd > 31) return null;
  const first = dayOf(y, mo, dd);
  return [first, first + 1];
}

// A timeline line's days {a, b} (b exclusive), from its date to the end of
// its date_end; null for an undated line.
export function lineSpan(ln) {
  const s = dateSpan(ln.date);
  if (!s) return null;
  const e = ln.date_end ? dateSpan(ln.date_end) : null;
  return { a: s[0], b: Math.max(s[1], e ? e[1] : s[1]) };
}

// Does span {a, b} share a day with window [A, B)?
export function overlaps(sp, win) {
  return sp.a < win[1] && sp.b > win[0];
}

// ---- the span a chart opens on -----------------------------------------------

// A window is never narrower than this many days (a day's ticks stay readable).
export const MIN_SPAN = 4;

// A line is left out of the opening view when it lies further than this
// many interquartile ranges beyond the quartiles of the lines' dates
// (Tukey's "far out"): one report's 1976 among 2023-2024 is, a steady run
// of events over ten years is not.
const FENCE_IQR = 3;
// An interquartile range is taken as at least this many days, so a burst
// of lines on a few days does not push the previous month out of view.
const MIN_IQR = 30;

// The window [first, end) over SPANS ({a, b}) that a chart opens on: the
// lines within the fences, widened by 4% of their span on each side (at
// least two days), at least a month wide.  Null when SPANS is empty.
export function defaultWindow(spans) {
  if (!spans.length) return null;
  const mids = spans.map(sp => (sp.a + sp.b) / 2).sort((x, y) => x - y);
  const n = mids.length;
  const at = p => mids[Math.round(p * (n - 1))];
  const q1 = at(0.25), q3 = at(0.75);
  const iqr = Math.max(q3 - q1, MIN_IQR);
  const loFence = q1 - FENCE_IQR * iqr, hiFence = q3 + FENCE_IQR * iqr;
  let a = Infinity, b = -Infinity;
  for (const sp of spans) {
    const mid = (sp.a + sp.b) / 2;
    if (mid < loFence || mid > hiFence) continue;
    a = Math.min(a, sp.a);
    b = Math.max(b, sp.b);
  }
  return padWindow([a, b], 30);
}

// The window [first, end) holding every span of SPANS, padded as the opening one.
export function fullWindow(spans) {
  if (!spans.length) return null;
  return padWindow([Math.min(...spans.map(sp => sp.a)), Math.max(...spans.map(sp => sp.b))], 30);
}

function padWindow([a, b], minSpan) {
  const p = Math.max((b - a) * 0.04, 2);
  a -= p;
  b += p;
  if (b - a < minSpan) {
    const c = (a + b) / 2;
    a = c - minSpan / 2;
    b = c + minSpan / 2;
  }
  return [Math.floor(a), Math.ceil(b)];
}

// ---- ticks -----------------------------------------------------------------

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthStart(d) { const [y, m] = ymd(d); return dayOf(y, m, 1); }
function addMonths(d, k) { const [y, m] = ymd(d); return dayOf(y, m + k, 1); }
function yearsStart(d, k) { const y = ymd(d)[0]; return dayOf(Math.floor(y / k) * k, 1, 1); }
function addYears(d, k) { return dayOf(ymd(d)[0] + k, 1, 1); }

function monthLabel(m, lang) { return lang === 'zh' ? `${m}月` : MONTHS_EN[m - 1]; }

// The units an axis can be marked in, finest first: where a period starts
// (START(d): the start of the period holding d), the next one, the fewest
// days a period has (its narrowest spacing on screen), its label, and the
// coarser unit a second row names (a month above days, a year above months).
function yearsUnit(k) {
  return { name: k === 1 ? 'year' : `${k} years`, days: 365 * k,
    start: d => yearsStart(d, k), next: d => addYears(d, k),
    label: d => String(ymd(d)[0]), samples: ['2024', '1976'] };
}

export const UNITS = [
  { name: 'day', days: 1, start: d => Math.floor(d), next: d => d + 1,
    label: d => String(ymd(d)[2]), samples: ['28', '30'], context: 'month' },
  // weeks start on Monday (day 4 was Monday 1970-01-05) and are named by that day
  { name: 'week', days: 7, start: d => { const f = Math.floor(d); return f - (((f - 4) % 7) + 7) % 7; },
    next: d => d + 7, label: d => String(ymd(d)[2]), samples: ['28', '30'], context: 'month' },
  { name: 'month', days: 28, start: monthStart, next: d => addMonths(d, 1),
    label: (d, lang) => monthLabel(ymd(d)[1], lang), samples: lang => MONTHS_EN.map((_, i) => monthLabel(i + 1, lang)),
    context: 'year' },
  { name: 'quarter', days: 90, start: d => { const [y, m] = ymd(d); return dayOf(y, m - (m - 1) % 3, 1); },
    next: d => addMonths(d, 3), label: d => 'Q' + ((ymd(d)[1] + 2) / 3 | 0), samples: ['Q4'], context: 'year' },
  yearsUnit(1), yearsUnit(2), yearsUnit(5), yearsUnit(10), yearsUnit(20), yearsUnit(50), yearsUnit(100),
];

const CONTEXT = {
  month: { start: monthStart, next: d => addMonths(d, 1),
    label: (d, lang) => { const [y, m] = ymd(d); return lang === 'zh' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`; } },
  year: { start: d => yearsStart(d, 1), next: d => addYears(d, 1), label: d => String(ymd(d)[0]) },
};

// The units whose periods nest in each other, for the short unlabelled ticks.
const NESTED = ['day', 'month', 'quarter', 'year', '2 years', '10 years', '20 years', '100 years'];

// Every period start of UNIT (an object of UNITS or CONTEXT) in [a, b].
export function periodStarts(unit, a, b) {
  const out = [];
  for (let d = unit.start(a); d <= b && out.length < 5000; d = unit.next(d)) if (d >= a) out.push(d);
  return out;
}

// Space kept between two labels, in pixels.
export const LABEL_GAP = 8;

// The axis of window [a, b) drawn over pixels [x0, x1]: the labelled unit
// is the finest whose narrowest period holds its widest label (MEASURE(text)
// gives a label's width in pixels); labels are then thinned so that none
// comes within LABEL_GAP of the one before it or leaves [x0, x1].  Returns
// {unit, labels: [{d, x, text, w}], context: [...] (the second row: the
// period holding the window's start at x0 when its own start is off screen,
// then each period start), minor: [x], major: [x], grid: [x]}.
export function axisTicks(a, b, x0, x1, measure, lang) {
  const pxPerDay = (x1 - x0) / (b - a);
  const x = d => x0 + (d - a) * pxPerDay;
  const widest = u => Math.max(...(typeof u.samples === 'function' ? u.samples(lang) : u.samples).map(measure));
  const unit = UNITS.find(u => u.days * pxPerDay >= widest(u) + LABEL_GAP) || UNITS[UNITS.length - 1];

  const labels = thin(periodStarts(unit, a, b).map(d => ({ d, x: x(d) + 3, text: unit.label(d, lang) })),
    x0, x1, measure);
  let context = [];
  const ctx = CONTEXT[unit.context];
  if (ctx) {
    const starts = periodStarts(ctx, a, b).map(d => ({ d, x: x(d) + 3, text: ctx.label(d, lang) }));
    context = thin(starts, x0, x1, measure);
    // the period the window opens in, named at the left edge if it fits before the next name
    const first = ctx.start(a);
    if (first < a) {
      const sticky = { d: first, x: x0 + 3, text: ctx.label(first, lang) };
      sticky.w = measure(sticky.text);
      const next = context[0];
      if (!next || sticky.x + sticky.w + LABEL_GAP <= next.x) context.unshift(sticky);
    }
  }
  const major = periodStarts(unit, a, b).map(x);
  const grid = ctx ? periodStarts(ctx, a, b).map(x) : [];
  const i = NESTED.indexOf(unit.name === 'week' ? 'month' : unit.name);
  const finer = UNITS.filter(u => NESTED.indexOf(u.name) >= 0 && NESTED.indexOf(u.name) < (i < 0 ? NESTED.length : i))
    .reverse().find(u => u.days * pxPerDay >= 6 && u.days < unit.days);
  const minor = finer ? periodStarts(finer, a, b).map(x) : [];
  return { unit: unit.name, labels, context, major, minor, grid };
}

// Keeps the labels (in order of x) that start LABEL_GAP after the end of
// the last one kept and end within [x0, x1]; each kept one gets its width w.
function thin(cands, x0, x1, measure) {
  const out = [];
  let end = -Infinity;
  for (const c of cands) {
    if (c.x < x0) continue;
    c.w = measure(c.text);
    if (c.x < end + LABEL_GAP || c.x + c.w > x1) continue;
    out.push(c);
    end = c.x + c.w;
  }
  return out;
}

// The unit for bins of a histogram over [a, b) in WIDTH pixels: the finest
// of days, weeks, months, quarters and years whose bins are at least
// MIN_PX wide.
export function binUnit(a, b, width, minPx) {
  const pxPerDay = width / (b - a);
  return UNITS.find(u => u.days * pxPerDay >= minPx) || UNITS[UNITS.length - 1];
}
