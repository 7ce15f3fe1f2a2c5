// Developer panel: publish TXT records in the local DNS server (what the domain's DNS provider would do).

import { local } from '../api.js';
import { field, h, outlet, run } from '../dom.js';

export function page({ query }) {
  const name = h('input', {
    type: 'text',
    name: 'name',
    required: true,
    spellcheck: 'false',
    value: query.get('name') || '',
    placeholder: '_autojoin-challenge.acme.com',
  });
  const values = h('textarea', { name: 'values', rows: 3, spellcheck: 'false' }, query.get('value') || '');
  const publish = h('button', { type: 'submit' }, 'Publish TXT record');
  const result = outlet();
  const form = h(
    'form',
    { class: 'card' },
    field('Name', name),
    field('Values', values, 'One TXT string per line; none removes the records at the name.'),
    h('div', { class: 'actions' }, publish),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(publish, result, async () => {
      const texts = values.value.split('\n').map((line) => line.trim()).filter(Boolean);
      const { data } = await local('POST', '/dns/txt', { name: name.value.trim(), values: texts });
      return h(
        'p',
        { class: 'ok', role: 'status' },
        `Published ${texts.length} TXT value(s) at ${data && data.name ? data.name : name.value.trim()}. `,
        'Now use "Check now" on the company\'s Domains page.',
      );
    });
  });
  return [
    h('h1', {}, 'DNS records'),
    h('p', { class: 'lede' }, 'The local DNS server the domain checks query. Publish the record a Domains page shows, then check it there.'),
    form,
  ];
}
