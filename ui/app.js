// Boot and routing: the hash names the view (#/search?q=…, #/doc/12, …);
// each change renders that view into <main>.  body[data-ready] is "0"
// while a view loads and "1" once it is on screen (or its error is), for
// people and tests alike.

import { h, currentRoute, setToken, hasToken, ApiError } from './lib.js';
import { t, currentLang, setLang } from './i18n.js';
import * as views from './views.js';

const main = document.getElementById('view');
const errorBox = document.getElementById('error');
const tokenForm = document.getElementById('token-form');

function route(path, params) {
  const [name, id] = path;
  switch (name || 'search') {
    case 'search': return views.searchView(params);
    case 'doc': return views.docView(id);
    case 'entities': return views.entitiesView(params);
    case 'entity': return views.entityView(id, params);
    case 'timeline': return views.timelineView(params);
    case 'stories': return views.storiesView(params);
    case 'story': return views.storyView(id);
    default: throw new ApiError(404, 'not_found', t('not_found_view'));
  }
}

// Each render has a number; an answer that arrives after the user moved on
// is dropped.
let generation = 0;

async function render() {
  const mine = ++generation;
  const { path, params } = currentRoute();
  document.body.dataset.ready = '0';
  document.body.dataset.view = path[0] || 'search';
  markNav(path[0] || 'search');
  hideError();
  main.setAttribute('aria-busy', 'true');
  const loading = setTimeout(() => { if (mine === generation) main.classList.add('loading'); }, 150);
  try {
    const node = await route(path, params);
    if (mine !== generation) return;
    main.replaceChildren(node);
    window.scrollTo(0, 0);
  } catch (e) {
    if (mine !== generation) return;
    showError(e);
  } finally {
    clearTimeout(loading);
    if (mine === generation) {
      main.classList.remove('loading');
      main.removeAttribute('aria-busy');
      document.body.dataset.ready = '1';
    }
  }
}

function markNav(name) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === name || (name === 'doc' && a.dataset.route === 'search') ||
        (name === 'entity' && a.dataset.route === 'entities') || (name === 'story' && a.dataset.route === 'stories')) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
}

function hideError() {
  errorBox.hidden = true;
  errorBox.replaceChildren();
  tokenForm.hidden = true;
}

// A 401 asks for the token (saying so when a kept one was refused); any
// other error shows the server's own message, with its status.
function showError(e) {
  // with the view's form on screen the message goes right under it
  main.replaceChildren(...(e.page ? [e.page] : []));
  const form = e.page && e.page.querySelector('form');
  if (form) form.after(errorBox);
  else main.before(errorBox);
  if (e instanceof ApiError && e.status === 401) {
    document.getElementById('token-message').textContent = hasToken() ? t('token_wrong') : t('token_needed');
    tokenForm.hidden = false;
    document.getElementById('token').focus();
    return;
  }
  const status = e instanceof ApiError && e.status ? ` (${e.status}${e.code ? ' ' + e.code : ''})` : '';
  errorBox.replaceChildren(h('strong', null, t('error') + status + ': '), h('span.message', null, e.message));
  errorBox.hidden = false;
  if (!(e instanceof ApiError)) console.error(e);
}

function applyLang() {
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = t('lang_toggle');
  toggle.title = t('lang_toggle_title');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.getElementById('token-label').textContent = t('token_label');
  document.getElementById('token-submit').textContent = t('token_submit');
}

document.getElementById('lang-toggle').addEventListener('click', () => {
  setLang(currentLang() === 'zh' ? 'en' : 'zh');
  applyLang();
  render();
});

tokenForm.addEventListener('submit', e => {
  e.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value.trim());
  input.value = '';
  render();
});

window.addEventListener('hashchange', render);
setLang(currentLang());
applyLang();
render();
