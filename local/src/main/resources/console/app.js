// The console's shell: hash routes (so no path of the console can collide with an API route), the signed-in user.

import { session, signOut } from './api.js';
import { fill, h } from './dom.js';
import * as register from './pages/register.js';
import * as users from './pages/users.js';
import * as companies from './pages/companies.js';
import * as company from './pages/company.js';
import * as acceptInvite from './pages/accept-invite.js';
import * as outbox from './pages/outbox.js';
import * as dns from './pages/dns.js';
import * as clock from './pages/clock.js';
import * as events from './pages/events.js';

const ROUTES = [
  [/^\/register$/, register.page],
  [/^\/users$/, users.page],
  [/^\/companies$/, companies.page],
  [/^\/companies\/([^/]+)\/(members|teams|domains|settings|audit)$/, company.page],
  [/^\/accept-invite$/, acceptInvite.page],
  [/^\/dev\/outbox$/, outbox.page],
  [/^\/dev\/dns$/, dns.page],
  [/^\/dev\/clock$/, clock.page],
  [/^\/dev\/events$/, events.page],
];

function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  return {
    path: at < 0 ? raw : raw.slice(0, at),
    query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)),
  };
}

function render({ focus }) {
  const { path, query } = current();
  if (path === '/') {
    location.replace(session() ? '#/companies' : '#/register');
    return;
  }
  const main = document.getElementById('main');
  main.setAttribute('aria-busy', 'true');
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  let content;
  if (route) {
    const params = path.match(route[0]).slice(1).map(decodeURIComponent);
    content = route[1]({ params, query });
  } else {
    content = [
      h('h1', {}, 'No such page'),
      h('p', {}, 'The console has no page ', h('code', {}, `#${path}`), '. ', h('a', { href: '#/' }, 'Start over'), '.'),
    ];
  }
  fill(main, content);
  const title = main.querySelector('h1');
  document.title = `${title ? title.textContent : 'autojoin'} · autojoin local console`;
  for (const link of document.querySelectorAll('header nav a')) {
    const target = link.getAttribute('href').slice(1);
    if (path === target || (target === '/companies' && path.startsWith('/companies/'))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  main.setAttribute('aria-busy', 'false');
  if (focus && title) {
    title.setAttribute('tabindex', '-1');
    title.focus();
  }
}

function showWho() {
  const who = document.getElementById('who');
  const user = session();
  if (!user) {
    fill(who, 'Not signed in · ', h('a', { href: '#/users' }, 'Switch user'));
    return;
  }
  fill(
    who,
    'Signed in as ',
    h('strong', { 'data-testid': 'signed-in-as' }, user.email),
    ' ',
    h('button', { type: 'button', class: 'link', onclick: () => { signOut(); location.hash = '#/users'; } }, 'Sign out'),
  );
}

// The skip link moves focus without touching the hash, which holds the route.
document.querySelector('a.skip').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});
window.addEventListener('hashchange', () => render({ focus: true }));
window.addEventListener('autojoin:session', showWho);
showWho();
render({ focus: false });
