// Register: detect & redirect before sign-up (GET /discovery), the outcome after it (GET /me).

import { api, local, signIn, takeReturn } from '../api.js';
import { field, fill, h, outlet, problemBox, run } from '../dom.js';
import { joinButton, offerNotice } from './companies.js';

const LOOKS_LIKE_AN_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function page() {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, spellcheck: 'false' });
  const verified = h('input', { type: 'checkbox', name: 'emailVerified', checked: true });
  const discovery = h('div', { class: 'discovery', 'aria-live': 'polite', 'data-testid': 'discovery' });
  const submit = h('button', { type: 'submit' }, 'Sign up');
  const result = outlet();

  let asked = '';
  let timer = null;
  const detect = () => {
    const value = email.value.trim();
    if (value === asked) {
      return;
    }
    asked = value;
    if (!LOOKS_LIKE_AN_EMAIL.test(value)) {
      fill(discovery);
      return;
    }
    api('GET', `/discovery?email=${encodeURIComponent(value)}`)
      .then(({ data }) => {
        if (asked === value) {
          fill(discovery, discoveryMessage(data, verified.checked));
        }
      })
      .catch((error) => {
        if (asked === value) {
          fill(discovery, problemBox(error));
        }
      });
  };
  email.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(detect, 250);
  });
  email.addEventListener('change', detect);
  verified.addEventListener('change', () => {
    asked = '';
    detect();
  });

  const form = h(
    'form',
    { class: 'card', novalidate: true },
    field('Work email', email, 'Sign up with your business address to find your coworkers.'),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'choice' }, verified, ' Email verified'),
      h(
        'span',
        { class: 'hint' },
        "Stands in for clicking Cognito's confirmation email. Unverified emails never join a company automatically.",
      ),
    ),
    discovery,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(submit, result, async () => {
      const { data: user } = await local('POST', '/users', { email: email.value.trim(), emailVerified: verified.checked });
      signIn({ ...user, email: email.value.trim() });
      const { data: me } = await api('GET', '/me');
      return outcome(me);
    });
  });

  return [
    h('h1', {}, 'Register'),
    h(
      'p',
      { class: 'lede' },
      'Signs a user up through the local identity provider, which fires the Post confirmation trigger exactly as Cognito would.',
    ),
    form,
    result,
  ];
}

function discoveryMessage(found, verified) {
  const domain = found.domain;
  let text;
  if (found.companyDomain === false) {
    text = `${domain} is a personal email provider: sign up with your work email to find your company.`;
  } else if (!found.hasCompany) {
    text = `No company uses ${domain} yet: you can create one after signing up.`;
  } else if (found.enrollment === 'auto_join') {
    text = `Your coworkers at ${domain} already use this product — you will join automatically.`;
  } else if (found.enrollment === 'suggest') {
    text = `Your coworkers at ${domain} already use this product — you can ask to join.`;
  } else {
    text = `A company has verified ${domain}; its admins invite coworkers by email.`;
  }
  return h(
    'div',
    { class: found.hasCompany ? 'note found' : 'note' },
    h('p', {}, text),
    found.hasCompany && found.enrollment === 'auto_join' && !verified
      ? h('p', { class: 'hint' }, 'Only a verified email joins automatically.')
      : null,
  );
}

function outcome(me) {
  const back = takeReturn();
  return h(
    'section',
    { class: 'card outcome', 'aria-labelledby': 'outcome-heading', 'data-testid': 'outcome' },
    h('h2', { id: 'outcome-heading' }, `Signed up as ${me.user.email}`),
    me.user.emailVerified ? null : h('p', {}, 'Your email is not verified, so no company was joined automatically.'),
    me.companies.length
      ? h(
          'ul',
          {},
          me.companies.map((company) =>
            h(
              'li',
              {},
              `You joined ${company.name} as ${company.role}. `,
              h('a', { href: `#/companies/${encodeURIComponent(company.id)}/members` }, `Open ${company.name}`),
            ),
          ),
        )
      : null,
    me.suggestions.length
      ? h(
          'ul',
          { class: 'suggestions' },
          me.suggestions.map((suggestion) =>
            suggestion.status === 'offered'
              ? h('li', {}, offerNotice(suggestion))
              : h('li', {}, `Your coworkers use ${suggestion.name}. `, joinButton(suggestion)),
          ),
        )
      : null,
    !me.companies.length && !me.suggestions.length
      ? h('p', {}, 'You are not in any company yet. ', h('a', { href: '#/companies' }, 'Create one'), '.')
      : null,
    back ? h('p', {}, h('a', { href: back }, 'Continue where you were')) : null,
  );
}
