// The pages: each view takes the route's parameters and resolves to the
// DOM node that replaces the page's main area.  API errors are thrown and
// shown by the router (app.js).

import { h, marked, extLink, day, dateTime, scriptLang, href, api, currentRoute } from './lib.js';
import { t, label, EVENT_TYPES } from './i18n.js';
import { mentionsChart } from './charts.js';
import { timelineChart, chartLegend, isLow } from './timechart.js';
import { lineSpan, overlaps, dateSpan, isoDay } from './timescale.js';

const DATE_PATTERN = '\\d{4}(-\\d{2}(-\\d{2})?)?';

// ---- shared pieces -----------------------------------------------------------

let statsCache = null;
async function stats() {
  if (!statsCache) statsCache = await api('stats');
  return statsCache;
}

// A report's date for a line of metadata: its day, said to come from its
// address or text when the report itself gave none; "date unknown" when
// there is no date (never the time it was fetched).
function pubDay(x) {
  if (!x.published) return t('date_unknown');
  return [day(x.published), fromNote(x.published_from)].filter(Boolean).join(' ');
}

function fromNote(from) {
  return from === 'url' ? t('from_url') : from === 'text' ? t('from_text') : '';
}

// The same on a document's page, with the time of day when it is known.
function pubWhen(d) {
  if (!d.published) return t('date_unknown');
  const when = d.published_precision === 'day' ? day(d.published) : dateTime(d.published);
  return [when, fromNote(d.published_from)].filter(Boolean).join(' ');
}

function field(labelText, input) {
  return h('label.field', null, h('span.label', null, labelText), input);
}

function dateInput(id, value) {
  return h('input#' + id, { type: 'text', name: id, value: value || '', placeholder: t('date_placeholder'),
    pattern: DATE_PATTERN, title: t('date_title'), inputmode: 'numeric', size: 10, autocomplete: 'off' });
}

function select(id, options, value, name) {
  return h('select#' + id, { name: name || id },
    options.map(([v, text]) => h('option', { value: v, selected: v === (value || '') }, text)));
}

// Sends a form's fields as the route's parameters: a new hash, or the same
// one rendered again when nothing changed (so "search" twice reloads).
function submitTo(form, path, extra) {
  form.addEventListener('submit', e => {
    e.preventDefault();
    const pairs = [];
    for (const [k, v] of new FormData(form)) if (String(v).trim() !== '') pairs.push([k, String(v).trim()]);
    if (extra) pairs.push(...extra());
    const next = href(path, pairs);
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  });
  return form;
}

// Awaits PROMISE; an error it throws carries PAGE (the form so far) so
// the router shows the form above the error and the query can be fixed.
async function within(page, promise) {
  try {
    return await promise;
  } catch (e) {
    e.page = page;
    throw e;
  }
}

// Previous/next links for a list answer {total, offset, limit}.
function pager(path, params, ans) {
  const { total, offset, limit } = ans;
  if (total <= limit && offset === 0) return document.createDocumentFragment();
  const at = off => { const p = new URLSearchParams(params); p.set('offset', off); return href(path, [...p]); };
  return h('nav.pager', null,
    offset > 0 ? h('a#prev', { href: at(Math.max(0, offset - limit)) }, t('prev')) : h('span.disabled', null, t('prev')),
    h('span.range', null, t('showing', { a: Math.min(offset + 1, total), b: Math.min(offset + limit, total), n: total })),
    offset + limit < total ? h('a#next', { href: at(offset + limit) }, t('next')) : h('span.disabled', null, t('next')));
}

function entityLinkByName(name) {
  return h('a.entity', { href: href('entities', { q: name }) }, name);
}

function docLink(d, cls) {
  return h('a' + (cls || ''), { href: '#/doc/' + d.id, lang: d.script ? scriptLang(d.script) : 'zh' }, d.title || `#${d.id}`);
}

function meta(...parts) {
  return h('div.meta', null, parts.filter(p => p != null && p !== '').map((p, i) => [i ? ' · ' : '', p]));
}

function pageTitle(text, id) {
  document.title = `${text} — Dossier`;
  return h('h1' + (id ? '#' + id : ''), { lang: 'zh' }, text);
}

// ---- search ------------------------------------------------------------------

export async function searchView(params) {
  const q = params.get('q') || '';
  const st = await stats();
  const sources = Object.keys(st.sources || {});
  const form = submitTo(h('form#search-form.filters', { role: 'search' },
    h('div.row', null,
      h('input#q', { type: 'search', name: 'q', value: q, placeholder: t('query_placeholder'),
        'aria-label': t('query'), autofocus: !q, lang: 'zh', autocomplete: 'off' }),
      h('button#search-go', { type: 'submit' }, t('go'))),
    h('div.row', null,
      field(t('from'), dateInput('from', params.get('from'))),
      field(t('to'), dateInput('to', params.get('to'))),
      field(t('source'), select('source', [['', t('any_source')], ...sources.map(x => [x, `${x} (${st.sources[x]})`])],
        params.get('source'))),
      h('label.check', null,
        h('input#collapse', { type: 'checkbox', name: 'collapse', value: '1', checked: params.get('collapse') === '1' }),
        ' ', t('collapse')))), 'search');
  document.title = q ? `${q} — Dossier` : 'Dossier';
  const page = h('section.search', null, form);
  if (!q.trim()) {
    page.append(h('p.hint', null, t('enter_query')));
    return page;
  }
  const query = {};
  for (const k of ['q', 'from', 'to', 'source', 'collapse', 'offset', 'limit', 'literal']) {
    if (params.get(k)) query[k] = params.get(k);
  }
  const [ans, ents] = await within(page, Promise.all([
    api('search', query),
    api('entities', { q, limit: 8 }).catch(() => null),  // a query is not always a name
  ]));
  if (ents && ents.entities && ents.entities.length) {
    page.append(h('div#matching-entities.chips', null, h('span.label', null, t('entities_matching')),
      ents.entities.map(e => h('a.chip', { href: '#/entity/' + e.id, lang: 'zh' },
        e.name, h('span.type', null, t(e.type))))));
  }
  page.append(h('p#total.total', null, t(ans.collapse ? 'results_collapsed' : 'results', { n: ans.total })));
  if (!ans.hits.length) page.append(h('p.empty', null, t('no_results')));
  page.append(h('ol#hits.hits', { start: ans.offset + 1 }, ans.hits.map(hit)));
  page.append(pager('search', params, ans));
  return page;
}

function hit(x) {
  const more = x.story_size > 1
    ? h('a.more', { href: '#/story/' + x.story },
      x.story_size === 2 ? t('more_report') : t('more_reports', { n: x.story_size - 1 }))
    : null;
  const lang = scriptLang(x.script);
  return h('li.hit', { 'data-id': x.id },
    h('a.title', { href: '#/doc/' + x.id, lang }, x.title || `#${x.id}`),
    meta(x.source, pubDay(x), more),
    h('p.snippet', { lang }, marked(x.snippet)));
}

// ---- one document ------------------------------------------------------------

export async function docView(id) {
  const d = await api('doc/' + encodeURIComponent(id));
  const lang = scriptLang(d.script);
  const page = h('article.doc', { 'data-id': d.id });
  page.append(pageTitle(d.title || `#${d.id}`, 'doc-title'));
  page.lastChild.setAttribute('lang', lang);
  const dl = h('dl.facts', null);
  const fact = (k, v) => { if (v != null && v !== '' && !(Array.isArray(v) && !v.length)) dl.append(h('dt', null, k), h('dd', null, v)); };
  fact(t('source'), d.source);
  fact(t('published'), pubWhen(d));
  fact(t('author'), [d.author, d.affiliation].filter(Boolean).join(' · '));
  const urls = [...new Set([d.url, ...(d.urls || [])].filter(Boolean))];
  fact(t('urls'), urls.map(u => h('div', null, extLink(u))));
  page.append(dl);

  const body = h('div#doc-body.body', { lang });
  for (const p of d.paragraphs || []) {
    body.append(p.kind === 'heading' ? h('h3', null, p.text) : h('p', null, p.text));
  }
  if (!body.childNodes.length) body.append(h('p.empty', null, d.text || t('no_text')));
  page.append(body);

  if (d.images && d.images.length) {
    page.append(h('section#doc-images', null, h('h2', null, t('images')),
      h('ul.images', null, d.images.map(im => h('li', null,
        h('span.caption', { lang }, im.caption || t('no_caption')), ' ', extLink(im.src, t('image_link')))))));
  }
  if (d.links && d.links.length) {
    page.append(h('section#doc-links', null, h('h2', null, t('links')),
      h('ul.links', null, d.links.map(l => h('li', null, extLink(l.url, l.text || l.url))))));
  }
  if (d.events && d.events.length) page.append(docEvents(d.events));
  page.append(docStory(d));
  return page;
}

function docEvents(events) {
  return h('section#doc-events', null, h('h2', null, t('events')),
    h('table.events', null,
      h('thead', null, h('tr', null, [t('ev_type'), t('ev_date'), t('ev_actors'), t('ev_sentence')].map(x => h('th', null, x)))),
      h('tbody', null, events.map(ev => h('tr.event', null,
        h('td', null, h('span.type-badge.t-' + ev.type, null, label('t', ev.type)),
          ev.status !== 'occurred' ? h('div.status', null, label('s', ev.status)) : null),
        h('td.date', null, ev.date || t('no_date'), ev.date_end ? `–${ev.date_end}` : ''),
        h('td.actors', { lang: 'zh' }, (ev.actors || []).map((a, i) => [i ? '、' : '',
          ev.actor_ids && ev.actor_ids[i] != null ? h('a.entity', { href: '#/entity/' + ev.actor_ids[i] }, a)
                                                  : entityLinkByName(a)])),
        h('td.sentence', { lang: 'zh' }, ev.sentence))))));
}

function docStory(d) {
  const sec = h('section#doc-story', null, h('h2', null, t('story')));
  if (!d.story || !d.story_size || d.story_size < 2) {
    sec.append(h('p.hint', null, t('story_alone')));
    return sec;
  }
  sec.append(h('p.story-head', null,
    h('a.story-title', { href: '#/story/' + d.story }, d.story_title || t('story_n', { n: d.story })),
    ' ', h('span.size', null, `(${t('story_size', { n: d.story_size })})`)));
  sec.append(h('ul.siblings', null, (d.siblings || []).map(sib => h('li.sibling', null,
    docLink(sib), meta(sib.source, pubDay(sib), label('r', sib.reason),
      sib.matched ? t('matched', { n: sib.matched }) : null)))));
  return sec;
}

// ---- entities ----------------------------------------------------------------

const ENTITY_TYPES = ['person', 'org', 'place', 'forum'];

export async function entitiesView(params) {
  const form = submitTo(h('form#entities-form.filters', null,
    h('div.row', null,
      h('input#entity-q', { type: 'search', name: 'q', value: params.get('q') || '', placeholder: t('name_placeholder'),
        'aria-label': t('name'), lang: 'zh', autocomplete: 'off' }),
      select('entity-type', [['', t('any_type')], ...ENTITY_TYPES.map(x => [x, t(x)])], params.get('type'), 'type'),
      h('button#entities-go', { type: 'submit' }, t('filter')))), 'entities');
  document.title = `${t('entities')} — Dossier`;
  const query = {};
  for (const k of ['q', 'type', 'offset', 'limit']) if (params.get(k)) query[k] = params.get(k);
  const page = h('section.entities', null, form);
  const ans = await within(page, api('entities', query));
  page.append(h('p.total', null, t('entities_total', { n: ans.total })));
  if (!ans.entities.length) page.append(h('p.empty', null, t('no_entities')));
  page.append(h('ul#entity-list.entity-list', null, ans.entities.map(e => h('li.entity-item', { 'data-id': e.id, 'data-type': e.type },
    h('a.name', { href: '#/entity/' + e.id, lang: 'zh' }, e.name),
    ' ', h('span.type', null, t(e.type)),
    meta(t('mentions_n', { n: e.mentions }), t('docs_n', { n: e.docs })),
    h('div.aliases', { lang: 'zh' }, (e.aliases || []).map(a => h('span.alias', null, a)))))));
  page.append(pager('entities', params, ans));
  return page;
}

const ENTITY_DOCS_LIMIT = 200;

export async function entityView(id, params) {
  const e = await api('entity/' + encodeURIComponent(id),
    { limit: ENTITY_DOCS_LIMIT, offset: params.get('offset') || null });
  const page = h('section.entity', null);
  page.append(h('div.title-row', null, pageTitle(e.name, 'entity-name'), h('span.type', null, t(e.type))));
  page.append(h('div#aliases.aliases', { lang: 'zh' }, h('span.label', null, t('aliases')),
    (e.aliases || []).map(a => h('span.alias', null, a))));
  page.append(meta(h('span#mentions', null, t('mentions_n', { n: e.mentions })), t('docs_n', { n: e.docs }),
    e.events != null ? (e.events === 1 ? t('event_1') : t('events_n', { n: e.events })) : null,
    h('a#entity-timeline', { href: href('timeline', { actor_id: e.id }) }, t('entity_timeline'))));

  const months = e.months || [];
  page.append(h('section#entity-months', null, h('h2', null, t('mentions_by_month')),
    months.length ? h('div.chart-box', null, mentionsChart(months)) : h('p.empty', null, t('no_months'))));

  const eng = e.engagements || [];
  page.append(h('section#entity-engagements', null, h('h2', null, t('engagements')),
    h('p.hint', null, t('engagements_hint')),
    eng.length
      ? h('ul.engagements', null, eng.map(o => h('li.engagement', { 'data-id': o.id },
        h('a.pair', { href: href('timeline', [['actor_id', e.id], ['actor_id', o.id]]), lang: 'zh' }, o.name),
        ' ', h('span.type', null, t(o.type)), ' ',
        h('span.count', null, o.events === 1 ? t('event_1') : t('events_n', { n: o.events })),
        o.first ? h('span.span', null, ` ${o.first}${o.last && o.last !== o.first ? ' – ' + o.last : ''}`) : null,
        ' ', h('a.to-entity', { href: '#/entity/' + o.id, title: o.name }, '→'))))
      : h('p.empty', null, t('no_engagements'))));

  page.append(h('section#entity-docs', null, h('h2', null, t('documents')),
    h('ul.docs', null, (e.documents || []).map(d => h('li.doc-item', null, docLink(d),
      meta(d.source, pubDay(d), t('mentions_n', { n: d.mentions })))))));
  if (e.documents_total != null) {
    // the documents come a page at a time
    page.lastChild.append(pager('entity/' + e.id, params,
      { total: e.documents_total, offset: e.documents_offset || 0, limit: ENTITY_DOCS_LIMIT }));
  }
  return page;
}

// ---- timeline ----------------------------------------------------------------

// The timeline asks for its lines a page of the API's largest size at a
// time, up to TIMELINE_MAX, so that the chart and the list show every line
// of the query and the date window is chosen here rather than by the server.
const TIMELINE_PAGE = 1000;
const TIMELINE_MAX = 5000;

async function timelineLines(query) {
  const first = await api('timeline', [...query, ['limit', TIMELINE_PAGE]]);
  const want = Math.min(first.total, TIMELINE_MAX);
  const rest = [];
  for (let off = TIMELINE_PAGE; off < want; off += TIMELINE_PAGE) {
    rest.push(api('timeline', [...query, ['limit', TIMELINE_PAGE], ['offset', off]]));
  }
  const lines = first.lines.concat(...(await Promise.all(rest)).map(p => p.lines));
  return { total: first.total, lines: lines.slice(0, want) };
}

// The window [first day, end) the route's from and to name (either may be
// missing: null in its place); null when neither names a date.
function routeWindow(params) {
  const a = dateSpan(params.get('from') || ''), b = dateSpan(params.get('to') || '');
  if (!a && !b) return null;
  if (a && b && a[0] >= b[1]) return null;
  return [a ? a[0] : null, b ? b[1] : null];
}

export async function timelineView(params) {
  const actors = params.getAll('actor');
  const actorIds = params.getAll('actor_id');
  const fromInput = dateInput('from', params.get('from'));
  const toInput = dateInput('to', params.get('to'));
  const form = h('form#timeline-form.filters', null,
    h('div.row', null,
      field(t('actor'), h('input#actor1', { type: 'text', name: 'actor', value: actors[0] || '',
        placeholder: t('actor_placeholder'), lang: 'zh', autocomplete: 'off', size: 12 })),
      field(t('actor2'), h('input#actor2', { type: 'text', name: 'actor', value: actors[1] || '',
        placeholder: t('actor_placeholder'), lang: 'zh', autocomplete: 'off', size: 12 })),
      field(t('ev_type'), select('type', [['', t('any_event')], ...EVENT_TYPES.map(x => [x, label('t', x)])],
        params.get('type'))),
      field(t('from'), fromInput),
      field(t('to'), toInput),
      h('button#timeline-go', { type: 'submit' }, t('filter'))));
  // entity ids from a link stay in the route until removed
  submitTo(form, 'timeline', () => actorIds.map(x => ['actor_id', x]));
  document.title = `${t('timeline')} — Dossier`;

  // the dates are the chart's window, applied here: the server is asked for every date
  const query = [];
  for (const k of ['actor', 'actor_id']) for (const v of params.getAll(k)) query.push([k, v]);
  if (params.get('type')) query.push(['type', params.get('type')]);
  const page = h('section.timeline', null, form);
  const ans = await within(page, timelineLines(query));
  const named = await Promise.all(actorIds.map(x => actorName(ans.lines, x)));
  if (named.length) {
    page.append(h('div#timeline-actors.chips', null, h('span.label', null, t('filtered_by')),
      named.map(e => {
        const rest = [...params].filter(([k, v]) => !(k === 'actor_id' && v === String(e.id)) && k !== 'offset');
        return h('span.chip', { lang: 'zh' }, h('a', { href: '#/entity/' + e.id }, e.name),
          ' ', h('a.remove', { href: href('timeline', rest), title: t('remove'), 'aria-label': t('remove') }, '×'));
      })));
  }
  const undated = ans.lines.filter(l => !l.date).length;
  page.append(h('p#total.total', null, t('lines_total', { n: ans.total }),
    ans.lines.length < ans.total ? ` · ${t('lines_capped', { n: ans.lines.length })}` : '',
    undated ? ` · ${t('undated', { n: undated })}` : '',
    ans.lines.some(l => l.date_from_doc) ? [' · ', h('span.from-doc', null, '*'), ' ', t('date_from_doc')] : ''));
  if (!ans.lines.length) {
    page.append(h('p.empty', null, t('no_lines')));
    return page;
  }
  const list = h('ol#tl-lines.tl-lines', null, ans.lines.map((ln, i) => tlLine(ln, i)));
  const openLine = i => {
    const li = list.children[i];
    expand(li, true);
    li.scrollIntoView({ block: 'center' });
    li.querySelector('.tl-head').focus({ preventScroll: true });
  };
  const spans = ans.lines.map(lineSpan);
  const nDated = spans.filter(Boolean).length;
  const note = h('p#tl-view-note.total');
  const noneInView = h('p#tl-none.empty', { hidden: true }, t('none_in_view'));

  // The window moved (or was first set): the list shows the lines in it,
  // the note says how many are left out, and the address and the date
  // fields say the window (empty fields and no dates in the address: the
  // default one).
  const onWindow = (win, isDefault, moved) => {
    let inView = 0;
    spans.forEach((sp, i) => {
      const shown = !sp || overlaps(sp, win);
      list.children[i].hidden = !shown;
      if (sp && shown) inView++;
    });
    noneInView.hidden = inView > 0 || nDated === 0;
    viewNote(note, win, inView, nDated, chart);
    fromInput.placeholder = isoDay(chart.defaultWindow[0]);
    toInput.placeholder = isoDay(chart.defaultWindow[1] - 1);
    if (!moved) return;
    fromInput.value = isDefault ? '' : isoDay(win[0]);
    toInput.value = isDefault ? '' : isoDay(win[1] - 1);
    const p = [...currentRoute().params].filter(([k]) => !['from', 'to', 'offset', 'limit'].includes(k));
    if (!isDefault) p.push(['from', isoDay(win[0])], ['to', isoDay(win[1] - 1)]);
    history.replaceState(history.state, '', href('timeline', p));
  };
  const chart = timelineChart(ans.lines, routeWindow(params), (win, isDefault) => onWindow(win, isDefault, true),
    openLine);
  if (nDated) {
    page.append(chart.node, chartLegend(ans.lines, EVENT_TYPES), note);
  }
  onWindow(chart.window(), false, false);
  page.append(noneInView, list);
  return page;
}

// "Showing 2023-01-15 – 2024-12-20: 57 of 59 dated lines; 2 outside the
// view: 2 earlier (1976–2016)", and a button to show them all.
function viewNote(note, win, inView, nDated, chart) {
  const out = chart.outside();
  const sides = ['earlier', 'later'].filter(k => out[k].n).map(k =>
    t('note_' + k, { n: out[k].n, years: out[k].y0 === out[k].y1 ? out[k].y0 : `${out[k].y0}–${out[k].y1}` }));
  note.replaceChildren(t('note_view', { a: isoDay(win[0]), b: isoDay(win[1] - 1), k: inView, n: nDated }));
  if (sides.length) {
    note.append(' · ', h('span#tl-outside.outside', null,
      t('note_outside', { n: out.earlier.n + out.later.n, sides: sides.join(t('list_sep')) })), ' ',
    h('button#tl-show-all.linkish', { type: 'button', onclick: () => chart.showAll() }, t('zoom_all_title')));
  }
}

// {id, name} of entity ID for the filter chips: from the lines' actors
// when it is among them, else asked of the server.
async function actorName(lines, id) {
  for (const ln of lines) {
    const k = (ln.actor_ids || []).findIndex(x => String(x) === String(id));
    if (k >= 0) return { id, name: ln.actors[k] };
  }
  return api('entity/' + encodeURIComponent(id), { limit: 1 }).catch(() => ({ id, name: '#' + id }));
}

function expand(li, open) {
  const on = open ?? !li.classList.contains('open');
  li.classList.toggle('open', on);
  li.querySelector('.tl-head').setAttribute('aria-expanded', on ? 'true' : 'false');
}

function lineDate(ln) {
  if (!ln.date) return h('span.date.none', null, t('no_date'));
  return h('span.date', { title: ln.date_from_doc ? t('date_from_doc') : null },
    ln.date, ln.date_end ? `–${ln.date_end}` : '', ln.date_from_doc ? h('abbr.from-doc', { title: t('date_from_doc') }, '*') : '');
}

function tlLine(ln, i) {
  const ids = ln.actor_ids || [];
  const actors = (ln.actors || []).map((a, k) => [k ? '、' : '',
    ids[k] != null ? h('a.actor', { href: '#/entity/' + ids[k] }, a) : entityLinkByName(a)]);
  const head = h('button.tl-head', { type: 'button', 'aria-expanded': 'false' },
    lineDate(ln),
    h('span.type-badge.t-' + ln.type, null, label('t', ln.type)),
    ln.status !== 'occurred' ? h('span.status', null, label('s', ln.status)) : null,
    isLow(ln) ? h('span.conf', { title: t('low_confidence_title') }, t('low_confidence')) : null,
    h('span.summary', { lang: 'zh' }, ln.summary || ''),
    h('span.nsrc', null, (ln.sources || []).length === 1 ? t('source_1') : t('sources_n', { n: (ln.sources || []).length })));
  const li = h('li.tl-line' + (isLow(ln) ? '.low' : ''), { id: 'line-' + i, 'data-type': ln.type },
    head,
    h('div.tl-detail', null,
      h('div.actors', { lang: 'zh' }, h('span.label', null, t('ev_actors')), actors,
        ln.place ? [' · ', h('span.label', null, t('place_lbl')), ln.place] : null),
      h('ul.tl-sources', null, (ln.sources || []).map(src => h('li.tl-source', null,
        h('blockquote.sentence', { lang: 'zh' }, src.sentence),
        meta(src.source, pubDay(src), src.title ? h('span.src-title', { lang: 'zh' }, src.title) : null,
          h('a.open-doc', { href: '#/doc/' + src.doc }, t('open_report'))))))));
  head.addEventListener('click', () => expand(li));
  return li;
}

// ---- stories -----------------------------------------------------------------

export async function storiesView(params) {
  const form = submitTo(h('form#stories-form.filters', null,
    h('div.row', null,
      field(t('min_size'), h('input#min_size', { type: 'number', name: 'min_size', min: 1, value: params.get('min_size') || '2', size: 4 })),
      h('span', null, t('min_size_unit')),
      h('button', { type: 'submit' }, t('filter')))), 'stories');
  document.title = `${t('stories')} — Dossier`;
  const query = {};
  for (const k of ['min_size', 'offset', 'limit']) if (params.get(k)) query[k] = params.get(k);
  const page = h('section.stories', null, form);
  const ans = await within(page, api('stories', query));
  page.append(h('p.total', null, t('stories_total', { n: ans.total })));
  if (!ans.stories.length) page.append(h('p.empty', null, t('no_stories')));
  page.append(h('ol.story-list', null, ans.stories.map(st => h('li.story', { 'data-id': st.story }, storyBlock(st, 'h3')))));
  page.append(pager('stories', params, ans));
  return page;
}

function storyBlock(st, tag) {
  return [
    tag === 'h1' ? pageTitle(st.title || t('story_n', { n: st.story }), 'story-title')
      : h(tag, { lang: 'zh' }, h('a', { href: '#/story/' + st.story }, st.title || t('story_n', { n: st.story }))),
    meta(t('story_size', { n: st.size }), t('first_last', { a: day(st.first), b: day(st.last) })),
    h('ul.members', null, (st.members || []).map(m => h('li.member', null, docLink(m),
      meta(m.source, pubDay(m), label('r', m.reason), m.matched ? t('matched', { n: m.matched }) : null)))),
  ];
}

export async function storyView(id) {
  const st = await api('story/' + encodeURIComponent(id));
  return h('section.story-page', null, storyBlock(st, 'h1'));
}
