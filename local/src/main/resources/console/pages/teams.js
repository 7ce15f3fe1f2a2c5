// Teams: the company's teams, their members and each member's team permissions; create, rename, archive, restore.

import { api, TEAM_PERMISSIONS } from '../api.js';
import { checkedValues, field, h, outlet, permissionBoxes, run, section, table, when } from '../dom.js';

export function tab(companyId) {
  const base = `/companies/${encodeURIComponent(companyId)}/teams`;
  const load = async () => {
    const [teams, members] = await Promise.all([
      api('GET', base),
      api('GET', `/companies/${encodeURIComponent(companyId)}/members?limit=200`),
    ]);
    return { teams: teams.data.items || [], members: members.data.items || [] };
  };
  const list = section('Teams', load, ({ teams, members }, reload) =>
    h('div', {}, teams.map((team) => teamCard(base, team, members, reload))),
  );
  return h('div', { class: 'tab' }, list, createForm(base, () => list.reload()));
}

function createForm(base, reload) {
  const name = h('input', { type: 'text', required: true, maxlength: 100 });
  const create = h('button', { type: 'submit' }, 'Create team');
  const result = outlet();
  const form = h('form', { class: 'card' }, h('h2', {}, 'New team'), field('New team name', name), create, result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(create, result, async () => {
      const { data } = await api('POST', base, { body: { name: name.value.trim() } });
      name.value = '';
      reload();
      return `Created ${data.name}.`;
    });
  });
  return form;
}

function teamCard(base, team, members, reload) {
  const path = `${base}/${encodeURIComponent(team.id)}`;
  const result = outlet();
  const inTeam = members.filter((m) => (m.teams || []).some((t) => t.teamId === team.id));
  const rename = h('input', { type: 'text', value: team.name, required: true, maxlength: 100 });
  const renameButton = h('button', { type: 'submit', 'aria-label': `Rename ${team.name}` }, 'Rename');
  const renameForm = h('form', { class: 'inline' }, field(`Name of ${team.name}`, rename), renameButton);
  renameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    run(renameButton, result, async () => {
      await api('PATCH', path, { ifMatch: team.version, body: { name: rename.value.trim() } });
      reload();
      return 'Renamed.';
    });
  });
  const archive = h(
    'button',
    { type: 'button', 'aria-label': `${team.archived ? 'Restore' : 'Archive'} ${team.name}` },
    team.archived ? 'Restore' : 'Archive',
  );
  archive.addEventListener('click', () =>
    run(archive, result, async () => {
      await api('POST', `${path}/${team.archived ? 'restore' : 'archive'}`);
      reload();
      return team.archived ? 'Restored.' : 'Archived.';
    }),
  );
  return h(
    'section',
    { class: 'card', 'data-team': team.name },
    h('h3', {}, team.name, team.archived ? ` (archived, restorable until ${when(team.restorableUntil)})` : ''),
    team.archived ? null : renameForm,
    h('div', { class: 'actions' }, archive),
    result,
    table(
      `Members of ${team.name}`,
      ['Member', 'Team permissions', ''],
      inTeam.map((m) => {
        const flags = m.teams.find((t) => t.teamId === team.id).permissions;
        const remove = h('button', { type: 'button', 'aria-label': `Remove ${m.email} from ${team.name}` }, 'Remove');
        remove.addEventListener('click', () =>
          run(remove, result, async () => {
            await api('DELETE', `${path}/members/${encodeURIComponent(m.userId)}`);
            reload();
            return `Removed ${m.email}.`;
          }),
        );
        return h(
          'tr',
          { 'data-member': `${team.name}/${m.email}` },
          h('td', {}, m.email),
          h('td', {}, flags.length ? flags.join(', ') : 'none'),
          h('td', {}, remove),
        );
      }),
      { empty: 'Nobody is in this team yet.' },
    ),
    team.archived ? null : addForm(path, team, members, result, reload),
  );
}

function addForm(path, team, members, result, reload) {
  const who = h(
    'select',
    {},
    members.map((m) => h('option', { value: m.userId }, m.email)),
  );
  const flags = permissionBoxes(`Permissions in ${team.name}`, ['post_jobs'], { flags: TEAM_PERMISSIONS });
  const add = h('button', { type: 'submit', 'aria-label': `Add to ${team.name}` }, 'Add or change');
  const form = h('form', { class: 'inline' }, field(`Member to put in ${team.name}`, who), flags, add);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(add, result, async () => {
      await api('PUT', `${path}/members/${encodeURIComponent(who.value)}`, {
        body: { permissions: checkedValues(flags) },
      });
      reload();
      return 'Saved.';
    });
  });
  return form;
}
