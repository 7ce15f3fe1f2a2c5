// Developer panel: invoke a function with a sample event from events/ (like `sam local invoke -e`).

import { ApiError, local } from '../api.js';
import { field, fill, h, outlet, problemBox, run } from '../dom.js';

export function page() {
  const event = h('select', { name: 'event' }, h('option', { value: '' }, 'Loading…'));
  const fn = h('input', { type: 'text', name: 'function', required: true, spellcheck: 'false' });
  const body = h('textarea', { name: 'body', rows: 16, spellcheck: 'false', class: 'code' });
  const invoke = h('button', { type: 'submit' }, 'Invoke');
  const result = outlet();
  const listing = outlet();

  const choose = async () => {
    const chosen = event.selectedOptions[0];
    if (!chosen || !chosen.value) {
      return;
    }
    fn.value = chosen.dataset.function || '';
    try {
      const { data } = await local('GET', `/events/${encodeURIComponent(chosen.value)}`);
      body.value = JSON.stringify(data, null, 2);
    } catch (error) {
      fill(listing, problemBox(error));
    }
  };
  event.addEventListener('change', choose);
  local('GET', '/events')
    .then(({ data }) => {
      fill(
        event,
        data.map((sample) =>
          h('option', { value: sample.name, 'data-function': sample.function || '' }, `${sample.name} → ${sample.function || '?'}`),
        ),
      );
      return choose();
    })
    .catch((error) => fill(listing, problemBox(error)));

  const form = h(
    'form',
    { class: 'card' },
    field('Sample event', event),
    listing,
    field('Function (logical id in template.yaml)', fn),
    field('Event', body, 'Edit it freely before invoking.'),
    h('div', { class: 'actions' }, invoke),
  );
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    run(invoke, result, async () => {
      const { data, headers } = await local('POST', `/invoke/${encodeURIComponent(fn.value.trim())}`, body.value);
      const failed = headers.get('x-amz-function-error');
      const output = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
      if (failed) {
        throw new ApiError(200, {
          title: `${fn.value.trim()} failed (${failed})`,
          detail: output,
          code: 'function_error',
        });
      }
      return h(
        'div',
        { role: 'status' },
        h('h2', {}, `${fn.value.trim()} returned`),
        h('pre', { class: 'code', 'data-testid': 'invoke-output' }, output || '(nothing)'),
      );
    });
  });
  return [
    h('h1', {}, 'Events'),
    h('p', { class: 'lede' }, 'The sample events of events/, each with the function it is for. POST /_local/invoke/{function} runs the real handler in process.'),
    form,
    result,
  ];
}
