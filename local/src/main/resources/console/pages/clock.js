// Developer panel: the functions' clock, moved forward to see expiry and scheduled re-verification happen.

import { local } from '../api.js';
import { field, fill, h, outlet, problemBox, run, when } from '../dom.js';

const UNITS = [
  ['60', 'minutes'],
  ['3600', 'hours'],
  ['86400', 'days'],
];

export function page() {
  const now = h('p', { class: 'clock', 'aria-live': 'polite', 'data-testid': 'clock-now' }, 'Loading…');
  const show = (data) =>
    fill(
      now,
      'The functions think it is ',
      when(data.now),
      ` (${data.offsetSeconds ? `${formatOffset(data.offsetSeconds)} ahead of this machine` : 'the real time'}).`,
    );
  local('GET', '/clock').then(({ data }) => show(data)).catch((error) => fill(now, problemBox(error)));

  const amount = h('input', { type: 'number', min: 1, value: '1', required: true });
  const unit = h('select', {}, UNITS.map(([seconds, label]) => h('option', { value: seconds, selected: label === 'days' }, label)));
  const advance = h('button', { type: 'submit' }, 'Advance the clock');
  const result = outlet();
  const move = (seconds, button) =>
    run(button, result, async () => {
      const { data } = await local('POST', '/clock', { advanceSeconds: seconds });
      show(data);
      return `Moved forward by ${formatOffset(seconds)}.`;
    });
  const form = h(
    'form',
    { class: 'card inline' },
    field('Advance by', amount),
    field('Unit', unit),
    h('div', { class: 'actions' }, advance),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    move(Math.round(Number(amount.value) * Number(unit.value)), advance);
  });
  const presets = [
    [3600, '+1 hour'],
    [86400, '+1 day'],
    [8 * 86400, '+8 days (past invitation expiry)'],
  ].map(([seconds, label]) => {
    const button = h('button', { type: 'button', class: 'secondary' }, label);
    button.addEventListener('click', () => move(seconds, button));
    return button;
  });
  return [
    h('h1', {}, 'Clock'),
    h('p', { class: 'lede' }, 'Moves every function\'s clock forward (never back). Tokens of the local identity provider keep real time.'),
    now,
    form,
    h('p', { class: 'actions' }, presets),
    result,
  ];
}

function formatOffset(seconds) {
  const parts = [];
  let rest = seconds;
  for (const [size, name] of [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']]) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.join(' ') || '0 s';
}
