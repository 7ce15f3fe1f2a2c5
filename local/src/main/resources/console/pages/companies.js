// My companies: the caller's companies with role and permissions, suggestions with "Ask to join", create a company.

import { api, session } from '../api.js';
import { field, fill, h, outlet, problemBox, run, section, table } from '../dom.js';

export function page() {
  if (!session()) {
    return signInFirst('My companies');
  }
  const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 100, autocomplete: 'organization' });
  const create = h('button', { type: 'submit' }, 'Create company');
  const created = outlet();
  const list = section('Your companies', loadMe, renderMe);
  const form = h(
    'form',
    { class: 'card inline' },
    field('Company name', name),
    h('div', { class: 'actions' }, create),
    created,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(create, created, async () => {
      const { data: company } = await api('POST', '/companies', { body: { name: name.value.trim() } });
      name.value = '';
      list.reload();
      return h(
        'p',
        { class: 'ok', role: 'status' },
        `Created ${company.name}. You are its owner. `,
        h('a', { href: `#/companies/${encodeURIComponent(company.id)}/domains` }, `Claim a domain for ${company.name}`),
      );
    });
  });
  return [
    h('h1', {}, 'My companies'),
    list,
    h('section', { 'aria-labelledby': 'create-heading' }, h('h2', { id: 'create-heading' }, 'Create a company'), form),
  ];
}

export function signInFirst(title) {
  return [
    h('h1', {}, title),
    h(
      'p',
      { class: 'note' },
      'Sign in first: ',
      h('a', { href: '#/users' }, 'switch to a user'),
      ' or ',
      h('a', { href: '#/register' }, 'register'),
      '.',
    ),
  ];
}

async function loadMe() {
  return (await api('GET', '/me')).data;
}

/** What the last answer to an offer did, shown once above the reloaded list. */
let answered = null;

function renderMe(me, reload) {
  const offers = me.suggestions.filter((s) => s.status === 'offered');
  const suggestions = me.suggestions.filter((s) => s.status !== 'offered');
  const said = answered;
  answered = null;
  return h(
    'div',
    {},
    said ? h('p', { class: 'ok', role: 'status' }, said) : null,
    offers.map((offer) => offerNotice(offer, reload)),
    table(
      'Companies you belong to',
      ['Company', 'Role', 'Permissions', 'Teams', 'Settings'],
      me.companies.map((company) => {
        const base = `#/companies/${encodeURIComponent(company.id)}`;
        return h(
          'tr',
          { 'data-company': company.name },
          h('td', {}, h('a', { href: `${base}/members` }, company.name)),
          h('td', {}, company.role),
          h('td', {}, company.permissions.length ? company.permissions.join(', ') : 'none'),
          h(
            'td',
            {},
            (company.teams || []).length
              ? company.teams.map((t) => `${t.name} (${t.permissions.join(', ') || 'no permission'})`).join('; ')
              : 'none',
          ),
          h(
            'td',
            {},
            h(
              'nav',
              { 'aria-label': `${company.name} settings`, class: 'row-links' },
              h('a', { href: `${base}/members` }, 'Members & Permissions'),
              h('a', { href: `${base}/teams` }, 'Teams'),
              h('a', { href: `${base}/domains` }, 'Domains'),
              h('a', { href: `${base}/settings` }, 'Settings'),
              h('a', { href: `${base}/audit` }, 'Audit'),
            ),
          ),
        );
      }),
      { empty: 'You are not in any company yet.' },
    ),
    h('h3', {}, 'Suggested for you'),
    table(
      'Companies your coworkers use',
      ['Company', 'Enrollment', ''],
      suggestions.map((suggestion) =>
        h(
          'tr',
          { 'data-company': suggestion.name },
          h('td', {}, suggestion.name),
          h('td', {}, suggestion.enrollment),
          h('td', {}, joinButton(suggestion)),
        ),
      ),
      { empty: 'No suggestions: no company with your email domain is in suggest mode.' },
    ),
  );
}

/**
 * A company that captured the caller's email domain while they were already in a company: never joined silently, so
 * they choose here, to join it (keeping their companies) or to keep going as they are.
 */
export function offerNotice(offer, reload) {
  const join = h('button', { type: 'button', 'aria-label': `Join ${offer.name}` }, `Join ${offer.name}`);
  const keep = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Keep going as I am' }, 'Keep going as I am');
  const result = h('div', { 'aria-live': 'polite' });
  const path = `/me/offers/${encodeURIComponent(offer.companyId)}`;
  join.addEventListener('click', () =>
    run(join, result, async () => {
      await api('POST', `${path}/join`);
      return answeredThen(reload, `You joined ${offer.name}; your other companies are as they were.`);
    }),
  );
  keep.addEventListener('click', () =>
    run(keep, result, async () => {
      await api('POST', `${path}/keep`);
      return answeredThen(reload, `Kept as you are: ${offer.name} will not be offered again.`);
    }),
  );
  return h(
    'aside',
    { class: 'note notice', role: 'note', 'data-offer': offer.name },
    h('p', {}, h('strong', {}, `${offer.name} now manages your email domain.`)),
    h(
      'p',
      {},
      `People who sign up with your domain join ${offer.name}, and nobody there can create a new company. `,
      'Nothing changed in your companies: join it too, keeping them, or keep going as you are.',
    ),
    h('div', { class: 'actions' }, join, keep),
    result,
  );
}

/** The message, in place until the list reloads, and above it once it has (the notice itself is gone then). */
function answeredThen(reload, message) {
  if (reload) {
    answered = message;
    reload();
  }
  return message;
}

/** "Ask to join" (POST /companies/{id}/join-requests), or "Requested" once asked. */
export function joinButton(suggestion) {
  if (suggestion.requested) {
    return h('span', { class: 'status pending' }, 'Requested');
  }
  const button = h('button', { type: 'button', 'aria-label': `Ask to join ${suggestion.name}` }, 'Ask to join');
  const result = h('span', { 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', `/companies/${encodeURIComponent(suggestion.companyId)}/join-requests`);
      fill(result, h('span', { class: 'status pending', role: 'status' }, 'Requested: an admin will decide'));
      button.remove();
    } catch (error) {
      button.disabled = false;
      fill(result, problemBox(error));
    }
  });
  return h('span', { class: 'join' }, button, result);
}
