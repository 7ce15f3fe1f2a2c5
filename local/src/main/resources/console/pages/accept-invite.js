// #/accept-invite?token=...: where an invitation's "sign in to accept" leads. Joining is a POST by the signed-in
// invitee (GET /invites/{token} changes nothing: mail scanners follow links).

import { api, rememberReturn, session } from '../api.js';
import { h, outlet, run, section, when } from '../dom.js';

export function page({ query }) {
  const token = query.get('token') || '';
  if (!token) {
    return [
      h('h1', {}, 'Accept an invitation'),
      h('p', { class: 'note' }, 'This page needs the token from an invitation link: open the invitation email in the ', h('a', { href: '#/dev/outbox' }, 'outbox'), '.'),
    ];
  }
  const here = `#/accept-invite?token=${encodeURIComponent(token)}`;
  const tokenPath = `/invites/${encodeURIComponent(token)}`;
  const user = session();
  const result = outlet();
  let signedIn;
  if (user) {
    const accept = h('button', { type: 'button' }, 'Accept invitation');
    accept.addEventListener('click', () =>
      run(accept, result, async () => {
        const { data: company } = await api('POST', `${tokenPath}/accept`);
        accept.remove();
        return h(
          'p',
          { class: 'ok', role: 'status', 'data-testid': 'accepted' },
          `You joined ${company.name} as ${company.role}. `,
          h('a', { href: '#/companies' }, 'See my companies'),
        );
      }),
    );
    signedIn = h(
      'div',
      { class: 'card' },
      h('p', {}, 'You are signed in as ', h('strong', {}, user.email), '. The invitation must be addressed to this email.'),
      h('div', { class: 'actions' }, accept, h('a', { href: '#/users', onclick: () => rememberReturn(here) }, 'Not you? Switch user')),
    );
  } else {
    signedIn = h(
      'div',
      { class: 'card note' },
      h('p', {}, 'Sign in as the invited person to accept: '),
      h(
        'p',
        { class: 'actions' },
        h('a', { href: '#/users', onclick: () => rememberReturn(here) }, 'Switch user'),
        h('a', { href: '#/register', onclick: () => rememberReturn(here) }, 'Register'),
      ),
    );
  }
  return [
    h('h1', {}, 'Accept an invitation'),
    section('The invitation', async () => (await api('GET', tokenPath)).data, (invite) => preview(invite, tokenPath)),
    signedIn,
    result,
  ];
}

function preview(invite, tokenPath) {
  if (!invite || typeof invite !== 'object') {
    return h('p', {}, h('a', { href: tokenPath }, 'Open the invitation page'), ' to see who invited you.');
  }
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Company'),
    h('dd', { 'data-testid': 'invite-company' }, invite.companyName),
    invite.invitedBy ? [h('dt', {}, 'Invited by'), h('dd', {}, invite.invitedBy)] : null,
    invite.email ? [h('dt', {}, 'Addressed to'), h('dd', {}, invite.email)] : null,
    invite.role ? [h('dt', {}, 'Role'), h('dd', {}, invite.role)] : null,
    h('dt', {}, 'Status'),
    h('dd', {}, h('span', { class: `status ${invite.status}` }, invite.status)),
    h('dt', {}, 'Expires'),
    h('dd', {}, when(invite.expiresAt)),
  );
}
