// Audit: every change to memberships, settings, domains and invitations, newest first.

import { api } from '../api.js';
import { h, pagedTable, section, when, withCursor } from '../dom.js';

export function tab(companyId) {
  const path = `/companies/${encodeURIComponent(companyId)}/audit`;
  // Entries name people by userId; the members list (when the caller may read it) knows their emails.
  const people = new Map();
  return h(
    'div',
    { class: 'tab' },
    section(
      'Audit log',
      async () => {
        const [audit, members] = await Promise.all([
          api('GET', path),
          api('GET', `/companies/${encodeURIComponent(companyId)}/members?limit=200`).catch(() => null),
        ]);
        for (const member of members ? members.data.items || [] : []) {
          people.set(member.userId, member.email);
        }
        return audit.data;
      },
      (page) =>
        pagedTable(
          'Audit entries, newest first',
          ['When', 'Who', 'Action', 'Target', 'Change'],
          page,
          async (cursor) => (await api('GET', withCursor(path, cursor))).data,
          (entry) => [
            when(entry.at),
            actor(entry.actor, people),
            h('code', {}, entry.action),
            entry.target,
            change(entry),
          ],
          { empty: 'Nothing has changed yet.' },
        ),
    ),
  );
}

function actor(who, people) {
  if (!who) {
    return '—';
  }
  if (who.type !== 'user') {
    return who.type === 'policy' ? 'the domain policy' : who.type;
  }
  return people.get(who.userId) || h('code', {}, who.userId);
}

function change(entry) {
  const has = (value) => value !== undefined && value !== null;
  if (!has(entry.before) && !has(entry.after)) {
    return '—';
  }
  return h(
    'details',
    {},
    h('summary', {}, has(entry.before) ? (has(entry.after) ? 'before → after' : 'before') : 'after'),
    has(entry.before) ? h('pre', {}, JSON.stringify(entry.before, null, 2)) : null,
    has(entry.after) ? h('pre', {}, JSON.stringify(entry.after, null, 2)) : null,
  );
}
