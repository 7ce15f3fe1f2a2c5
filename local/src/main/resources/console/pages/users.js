// Switch user: act as any user of the local identity provider with a fresh ID token from /_local/token.

import { local, session, signIn, takeReturn } from '../api.js';
import { h, outlet, run, section, table } from '../dom.js';

export function page() {
  const result = outlet();
  const current = session();
  return [
    h('h1', {}, 'Switch user'),
    h(
      'p',
      { class: 'lede' },
      'Every user the local identity provider has signed up. Acting as one gets a fresh ID token, as signing in would. ',
      h('a', { href: '#/register' }, 'Register someone new'),
      '.',
    ),
    result,
    section(
      'Local users',
      async () => (await local('GET', '/users')).data,
      (users) =>
        table(
          'Users of the local identity provider, in sign-up order',
          ['Email', 'Verified', 'Sub', ''],
          users.map((user) => {
            const button = h(
              'button',
              { type: 'button', 'aria-label': `Act as ${user.email}` },
              current && current.sub === user.sub ? 'Act as (again)' : 'Act as',
            );
            button.addEventListener('click', () =>
              run(button, result, async () => {
                const { data } = await local('POST', '/token', { sub: user.sub });
                signIn({ ...data, email: user.email });
                location.hash = takeReturn() || '#/companies';
              }),
            );
            return h(
              'tr',
              { 'data-email': user.email },
              h('td', {}, user.email),
              h('td', {}, user.emailVerified ? 'yes' : 'no'),
              h('td', {}, h('code', {}, user.sub)),
              h('td', {}, button),
            );
          }),
          { empty: 'Nobody has signed up yet.' },
        ),
    ),
  ];
}
