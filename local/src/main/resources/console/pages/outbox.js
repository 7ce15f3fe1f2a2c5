// Developer panel: every email sent through the SES emulator, rendered, its links clickable as in a mail client.

import { local } from '../api.js';
import { field, h, linkified, section, when } from '../dom.js';

/**
 * The email's HTML in a sandboxed frame: no scripts, no same-origin access, no forms; a click on a link may only
 * navigate this tab (what `<base target="_top">` asks), and only as the result of that click.
 */
const SANDBOX = 'allow-top-navigation-by-user-activation';

export function page({ query }) {
  const to = h('input', { type: 'search', name: 'to', value: query.get('to') || '', spellcheck: 'false' });
  const refresh = h('button', { type: 'button', class: 'secondary' }, 'Refresh');
  const list = section(
    'Sent emails',
    async () => (await local('GET', '/outbox')).data,
    (emails) => render(emails, to.value.trim().toLowerCase()),
    { intro: h('p', { class: 'hint' }, 'Newest first. Clicking a link in an email follows it in this tab, as a coworker would.') },
  );
  refresh.addEventListener('click', () => list.reload());
  to.addEventListener('input', () => list.reload());
  return [
    h('h1', {}, 'Outbox'),
    h('form', { class: 'inline', role: 'search', onsubmit: (event) => event.preventDefault() }, field('Show emails to', to), refresh),
    list,
  ];
}

function render(emails, filter) {
  const shown = emails
    .filter((email) => !filter || (email.to || []).some((address) => address.toLowerCase().includes(filter)))
    .reverse();
  if (!shown.length) {
    return h('p', { class: 'empty' }, emails.length ? 'No email to that address.' : 'No email has been sent yet.');
  }
  return h('div', { class: 'emails' }, shown.map(emailCard));
}

function emailCard(email, index) {
  const headingId = `email-${index}`;
  const recipients = (email.to || []).join(', ');
  return h(
    'article',
    { class: 'card email', 'aria-labelledby': headingId, 'data-to': recipients },
    h('h2', { id: headingId }, email.subject || '(no subject)'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'To'),
      h('dd', {}, recipients),
      h('dt', {}, 'From'),
      h('dd', {}, email.from || '—'),
      h('dt', {}, 'Sent'),
      h('dd', {}, when(email.sentAt)),
    ),
    email.html
      ? h('iframe', {
          class: 'email-body',
          title: `Email to ${recipients}: ${email.subject || ''}`,
          sandbox: SANDBOX,
          referrerpolicy: 'no-referrer',
          srcdoc: `<base target="_top">${email.html}`,
        })
      : null,
    email.text
      ? h(
          'details',
          { open: !email.html },
          h('summary', {}, 'Plain-text part'),
          h('pre', { class: 'email-text' }, linkified(email.text)),
        )
      : null,
  );
}
