// DOM building, the API client and hash-route helpers.  Every piece of
// data from the archive reaches the page through textContent or an
// attribute set by setAttribute; nothing here parses HTML, so a title or
// sentence holding markup shows as text.

import { t } from './i18n.js';

// h('a.title', {href: '#/doc/1'}, 'text', child...) builds an element:
// 'tag#id.class.class', attributes (on* handlers as functions), children
// as nodes or strings (strings become text nodes; null/false are skipped).
export function h(spec, attrs, ...children) {
  const m = /^([a-z0-9]+)(#[\w-]+)?((?:\.[\w-]+)*)$/.exec(spec);
  const el = document.createElement(m[1]);
  if (m[2]) el.id = m[2].slice(1);
  if (m[3]) el.className = m[3].slice(1).replaceAll('.', ' ');
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// An SVG element with attributes and children, as h() for SVG.
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// A snippet's text with each «match» as a <mark>: the guillemets are the
// server's markers; the text between them is put in as text, never HTML.
export function marked(snippet) {
  const out = [];
  const re = /«([^«»]*)»/g;
  let last = 0;
  let m;
  while ((m = re.exec(snippet || '')) !== null) {
    if (m.index > last) out.push(snippet.slice(last, m.index));
    out.push(h('mark', null, m[1]));
    last = re.lastIndex;
  }
  out.push((snippet || '').slice(last));
  return out;
}

// A link that leaves Dossier: a new tab, no referrer, no opener.  Only
// http(s) addresses become links; anything else (javascript:, data:) is
// shown as plain text.
export function extLink(url, text) {
  if (!/^https?:\/\//i.test(url || '')) return h('span.url', null, text || url || '');
  return h('a.ext', { href: url, target: '_blank', rel: 'noreferrer noopener' }, text || url);
}

// "2024-05-31T12:30:00Z" as "2024-05-31" (day) or "2024-05-31 12:30 UTC".
export function day(iso) { return iso ? String(iso).slice(0, 10) : ''; }
export function dateTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : String(iso);
}

// The lang attribute for a document's script, so the browser picks
// Traditional or Simplified glyph forms.
export function scriptLang(script) {
  return script === 'hant' ? 'zh-Hant' : script === 'hans' ? 'zh-Hans' : 'zh';
}

// ---- routes --------------------------------------------------------------

// The current hash as {path: ['doc', '12'], params: URLSearchParams}.
export function currentRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, params };
}

// '#/timeline?actor_id=1&actor_id=2' from 'timeline' and a list of pairs
// (or an object); empty values are left out.
export function href(path, params) {
  const sp = new URLSearchParams();
  const pairs = Array.isArray(params) ? params : Object.entries(params || {});
  for (const [k, v] of pairs) if (v != null && v !== '' && v !== false) sp.append(k, String(v));
  const qs = sp.toString();
  return '#/' + path + (qs ? '?' + qs : '');
}

// ---- the API ---------------------------------------------------------------

const TOKEN_KEY = 'dossier.token';

export function setToken(tok) {
  if (tok) sessionStorage.setItem(TOKEN_KEY, tok);
  else sessionStorage.removeItem(TOKEN_KEY);
}
export function hasToken() { return !!sessionStorage.getItem(TOKEN_KEY); }

// An API answer that was not 2xx: status, code and the server's message.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// GET /api/PATH?params and its JSON; throws ApiError for an error answer
// (401 included: the caller shows the token form) or a network failure.
export async function api(path, params) {
  const url = '/api/' + path + (params ? href('', params).slice(2) : '');
  const headers = { Accept: 'application/json' };
  const tok = sessionStorage.getItem(TOKEN_KEY);
  if (tok) headers.Authorization = 'Bearer ' + tok;
  let res;
  try {
    res = await fetch(url, { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', t('network_error', { m: e.message }));
  }
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(res.status, err ? err.code : 'http',
      err && err.message ? err.message : `HTTP ${res.status} ${res.statusText}`);
  }
  if (body === null) throw new ApiError(res.status, 'bad_json', `${url}: not JSON`);
  return body;
}
