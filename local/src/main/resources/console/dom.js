// Building the page from data: text always goes in as text (never as HTML), every error shows as its problem.

import { ApiError, PERMISSIONS, ROLES, TEAM_PERMISSIONS } from './api.js';

let ids = 0;

/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** h('button', {type: 'button', onclick: f}, 'Save'): attributes, event handlers, then children as text or nodes. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'checked' || name === 'value' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** An error as the user should see it: the problem's title and detail, never a blank screen. */
export function problemBox(error) {
  if (!(error instanceof ApiError)) {
    console.error(error);
    error = new ApiError(0, { title: 'The console failed', detail: String(error && error.message ? error.message : error) });
  }
  const heading = error.title;
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-status': error.status },
    h('p', { class: 'problem-title' }, heading),
    error.detail ? h('p', { class: 'problem-detail' }, error.detail) : null,
    h(
      'p',
      { class: 'problem-meta' },
      error.status ? `HTTP ${error.status}` : 'no answer',
      error.code ? ` · ${error.code}` : '',
      error.field ? ` · field: ${error.field}` : '',
    ),
  );
}

/**
 * A titled section that loads its own data: "Loading…", then render(data) or the problem. One failing section
 * (say, a route another release builds) never blanks the rest of the page.
 */
export function section(title, load, render, { level = 'h2', intro } = {}) {
  const headingId = uid('section');
  const body = h('div', { class: 'section-body', 'aria-live': 'polite' });
  const element = h('section', { 'aria-labelledby': headingId }, h(level, { id: headingId }, title), intro, body);
  const reload = async () => {
    body.setAttribute('aria-busy', 'true');
    fill(body, h('p', { class: 'loading' }, 'Loading…'));
    try {
      const data = await load();
      fill(body, render(data, reload));
    } catch (error) {
      fill(body, problemBox(error));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  };
  element.reload = reload;
  reload();
  return element;
}

/**
 * Runs a user action: the button is disabled meanwhile, the outcome (a message, or the problem) lands in
 * `outlet`, which is announced to screen readers.
 */
export async function run(button, outlet, action) {
  if (button) {
    button.disabled = true;
  }
  outlet.setAttribute('aria-busy', 'true');
  fill(outlet);
  try {
    const message = await action();
    if (message) {
      fill(outlet, message instanceof Node ? message : h('p', { class: 'ok', role: 'status' }, message));
    }
  } catch (error) {
    fill(outlet, problemBox(error));
  } finally {
    if (button) {
      button.disabled = false;
    }
    outlet.setAttribute('aria-busy', 'false');
  }
}

/** Where an action's outcome is shown. */
export function outlet() {
  return h('div', { class: 'outlet', 'aria-live': 'polite' });
}

/** A labelled form field: label, control, optional hint (wired with aria-describedby). */
export function field(label, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  let hintElement = null;
  if (hint) {
    hintElement = h('span', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintElement.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintElement);
}

/** A labelled checkbox or radio, the control inside its label. */
export function choice(type, name, value, label, checked, extra = {}) {
  return h(
    'label',
    { class: 'choice' },
    h('input', { type, name, value, checked: Boolean(checked), ...extra }),
    ` ${label}`,
  );
}

/** Checkboxes for every permission inside a fieldset; read them back with checkedValues(fieldset). */
export function permissionBoxes(legend, selected = [], { disabled = false, flags = PERMISSIONS } = {}) {
  const name = uid('permissions');
  return h(
    'fieldset',
    { class: 'permissions' },
    h('legend', {}, legend),
    flags.map((permission) =>
      choice('checkbox', name, permission, permission, selected.includes(permission), { disabled }),
    ),
  );
}

/**
 * Team places, one fieldset per active team: whether the person lands in it, and with which team permissions. Each
 * box's value() is [teamId, flags] when ticked, else null; `mark` names the data attribute the fieldset carries.
 */
export function teamBoxes(teams, chosen, { mark, legend, landing, preset = [] }) {
  return teams.map((team) => {
    const on = h('input', { type: 'checkbox', checked: team.id in chosen });
    const flags = permissionBoxes(`Permissions in ${team.name}`, chosen[team.id] || preset, {
      flags: TEAM_PERMISSIONS,
    });
    const box = h(
      'fieldset',
      { class: mark, [`data-${mark}`]: team.name },
      h('legend', {}, `${legend}: ${team.name}`),
      h('label', { class: 'choice' }, on, ` ${landing} ${team.name}`),
      flags,
    );
    box.value = () => (on.checked ? [team.id, checkedValues(flags)] : null);
    return box;
  });
}

/** The team places ticked in `boxes` (from teamBoxes), as the API takes them: team id to team permissions. */
export function teamPlaces(boxes) {
  return Object.fromEntries(boxes.map((box) => box.value()).filter(Boolean));
}

export function checkedValues(container) {
  return [...container.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
}

export function roleSelect(selected, { includeDefault = false } = {}) {
  return h(
    'select',
    {},
    includeDefault ? h('option', { value: '' }, "company's default") : null,
    ROLES.map((role) => h('option', { value: role, selected: role === selected }, role)),
  );
}

/** "27 Nov 2025, 19:42" in the reader's locale, UTC time in the title. */
export function when(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return h('time', { datetime: iso, title: iso }, date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

/** A table with a caption; rows are arrays of cells (text or nodes). */
export function table(caption, headings, rows, { empty = 'Nothing yet.' } = {}) {
  if (!rows.length) {
    return h('p', { class: 'empty' }, empty);
  }
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((row) => (row instanceof Node ? row : h('tr', {}, row.map((cell) => h('td', {}, cell)))))),
  );
}

/** Text with its http(s) links made clickable (for the plain-text part of an email). */
export function linkified(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    parts.push(text.slice(last, match.index));
    parts.push(h('a', { href: match[0] }, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** `path` with `cursor` added, for the next page of a `{items, nextCursor}` list. */
export function withCursor(path, cursor) {
  return cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path;
}

/**
 * A table of a paged list: the first page's rows, then "Load more" while `nextCursor` says there is more.
 * `loadPage(cursor)` resolves to the next `{items, nextCursor}`; `rowFor(item)` builds a row (an array of cells or a tr).
 */
export function pagedTable(caption, headings, firstPage, loadPage, rowFor, { empty } = {}) {
  const items = firstPage.items || [];
  const element = table(caption, headings, items.map(rowFor), { empty });
  let cursor = firstPage.nextCursor || null;
  if (!cursor || !items.length) {
    return element;
  }
  const tbody = element.querySelector('tbody');
  const button = h('button', { type: 'button', class: 'secondary' }, 'Load more');
  const result = outlet();
  button.addEventListener('click', () =>
    run(button, result, async () => {
      const next = await loadPage(cursor);
      for (const item of next.items || []) {
        const row = rowFor(item);
        tbody.append(row instanceof Node ? row : h('tr', {}, row.map((cell) => h('td', {}, cell))));
      }
      cursor = next.nextCursor || null;
      if (!cursor) {
        button.remove();
      }
    }),
  );
  return h('div', {}, element, h('div', { class: 'more' }, button, result));
}
