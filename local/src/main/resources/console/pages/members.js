// Members & Permissions: members (role, permissions, provenance), the invite form, invitations, join requests.

import { api, session } from '../api.js';
import {
  checkedValues,
  field,
  h,
  outlet,
  pagedTable,
  permissionBoxes,
  roleSelect,
  run,
  section,
  table,
  teamBoxes,
  teamPlaces,
  when,
  withCursor,
} from '../dom.js';

export function tab(companyId) {
  const base = `/companies/${encodeURIComponent(companyId)}`;
  // Who is who: provenance and invitations name people by userId; the members list knows their emails.
  const people = new Map();
  // The company's active teams: invitations name theirs by id, and an approval may choose some.
  const teamsLoaded = api('GET', `${base}/teams`)
    .then(({ data }) => (data.items || []).filter((t) => !t.archived))
    .catch(() => []);
  let membersLoaded = Promise.resolve();
  const members = section(
    'Members',
    () => {
      membersLoaded = api('GET', `${base}/members`).then(({ data }) => {
        for (const member of data.items || []) {
          people.set(member.userId, member.email);
        }
        return data;
      });
      return membersLoaded;
    },
    (page, reload) => renderMembers(base, page, reload, people),
  );
  const invitations = section(
    'Invitations',
    async () => {
      await membersLoaded.catch(() => null);
      const teams = await teamsLoaded;
      return { ...(await api('GET', `${base}/invites`)).data, teams };
    },
    (page, reload) => renderInvitations(base, page, reload, people, page.teams),
  );
  const requests = section(
    'Join requests',
    async () => {
      const teams = await teamsLoaded;
      return { ...(await api('GET', `${base}/join-requests`)).data, teams };
    },
    (page, reload) => renderJoinRequests(base, page, reload, members, page.teams),
  );
  return h('div', { class: 'tab' }, members, inviteForm(base, invitations), invitations, requests);
}

function renderMembers(base, page, reload, people) {
  const me = session();
  return pagedTable(
    'Members with their role, permissions and how they joined',
    ['Member', 'Role', 'Permissions', 'Joined', ''],
    page,
    async (cursor) => {
      const { data } = await api('GET', withCursor(`${base}/members`, cursor));
      for (const member of data.items || []) {
        people.set(member.userId, member.email);
      }
      return data;
    },
    (member) => {
      const role = roleSelect(member.role);
      role.setAttribute('aria-label', `Role of ${member.email}`);
      const permissions = permissionBoxes(`Permissions of ${member.email}`, member.permissions || []);
      const save = h('button', { type: 'button' }, 'Save');
      save.setAttribute('aria-label', `Save ${member.email}`);
      const itsMe = me && me.sub === member.userId;
      const remove = h('button', { type: 'button', class: 'danger' }, itsMe ? 'Leave' : 'Remove');
      remove.setAttribute('aria-label', `${itsMe ? 'Leave the company as' : 'Remove'} ${member.email}`);
      const result = outlet();
      save.addEventListener('click', () =>
        run(save, result, async () => {
          const { data } = await api('PATCH', `${base}/members/${encodeURIComponent(member.userId)}`, {
            body: { role: role.value, permissions: checkedValues(permissions) },
          });
          return `Saved: ${data.role}, ${(data.permissions || []).join(', ') || 'no permissions'}.`;
        }),
      );
      remove.addEventListener('click', () =>
        run(remove, result, async () => {
          await api('DELETE', `${base}/members/${encodeURIComponent(member.userId)}`);
          if (itsMe) {
            location.hash = '#/companies';
          }
          reload();
        }),
      );
      return h(
        'tr',
        { 'data-email': member.email, 'data-user-id': member.userId },
        h(
          'th',
          { scope: 'row' },
          member.email,
          member.mailBounced
            ? [' ', h('span', { class: 'status bounced', title: `since ${member.mailBouncedAt}` }, 'mail bounced')]
            : null,
        ),
        h('td', {}, role),
        h('td', {}, permissions),
        h('td', { class: 'provenance' }, provenanceText(member.provenance, people)),
        h('td', {}, h('div', { class: 'actions' }, save, remove), result),
      );
    },
    { empty: 'No members to show.' },
  );
}

/** "joined automatically via acme.com", "invited by alice@acme.com", ... with the date. */
export function provenanceText(provenance, people) {
  if (!provenance) {
    return '—';
  }
  const actor = provenance.actor || {};
  const by = actor.type === 'user' ? people.get(actor.userId) || 'a former member' : 'the domain policy';
  const via = provenance.domain ? ` via ${provenance.domain}` : '';
  const texts = {
    created: 'created the company',
    invite: `invited by ${by}`,
    auto_join: `joined automatically${via}`,
    request_approved: `asked to join${via}, approved by ${by}`,
  };
  return [texts[provenance.type] || provenance.type, provenance.at ? [' · ', when(provenance.at)] : null];
}

function inviteForm(base, invitations) {
  const emails = h('textarea', { name: 'emails', rows: 3, required: true, spellcheck: 'false' });
  const role = roleSelect('', { includeDefault: true });
  const permissions = permissionBoxes('Permissions (none ticked: the company default)', []);
  // Team places are named per invitation, none ticked: the invitee lands in no team (least privilege).
  let teams = [];
  const teamPicker = h('div', { class: 'invite-teams' });
  api('GET', `${base}/teams`)
    .then(({ data }) => {
      teams = teamBoxes(
        (data.items || []).filter((t) => !t.archived),
        {},
        { mark: 'invite-team', legend: 'Team', landing: 'Invitees land in' },
      );
      teamPicker.append(...teams);
    })
    .catch(() => null);
  const send = h('button', { type: 'submit' }, 'Send invitations');
  const result = outlet();
  const form = h(
    'form',
    { class: 'card' },
    field('Email addresses', emails, 'One per line, or separated by commas.'),
    field('Role', role),
    permissions,
    teamPicker,
    h('div', { class: 'actions' }, send),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(send, result, async () => {
      const chosen = checkedValues(permissions);
      const places = teamPlaces(teams);
      const invites = emails.value
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((email) => ({
          email,
          ...(role.value ? { role: role.value } : {}),
          ...(chosen.length ? { permissions: chosen } : {}),
          ...(Object.keys(places).length ? { teams: places } : {}),
        }));
      const { data } = await api('POST', `${base}/invites`, { body: { invites } });
      invitations.reload();
      emails.value = '';
      return table(
        'What happened to each address',
        ['Email', 'Result', 'Why'],
        (data.results || []).map((one) => [one.email, one.status, one.code || '']),
      );
    });
  });
  return h('section', { 'aria-labelledby': 'invite-heading' }, h('h2', { id: 'invite-heading' }, 'Invite coworkers'), form);
}

/** An invitation's or a member's team places, by name where the team is known: "Design (post_jobs)". */
function placesText(places, teams) {
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const text = Object.entries(places || {})
    .map(([id, flags]) => `${names.get(id) || 'an archived team'} (${flags.join(', ') || 'no permission'})`)
    .join('; ');
  return text || 'none';
}

function renderInvitations(base, page, reload, people, teams) {
  return pagedTable(
    'Invitations, pending, accepted, expired and revoked',
    ['Email', 'Role', 'Permissions', 'Teams', 'Status', 'Email delivery', 'Expires', 'Invited by', ''],
    page,
    async (cursor) => (await api('GET', withCursor(`${base}/invites`, cursor))).data,
    (invitation) => {
      const result = outlet();
      const actions = [];
      // A bounced invitation is closed: its address is no longer mailed, so neither resend nor revoke applies.
      if (invitation.status === 'pending' || invitation.status === 'send_failed') {
        const resend = h('button', { type: 'button', 'aria-label': `Resend to ${invitation.email}` }, 'Resend');
        const revoke = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${invitation.email}` }, 'Revoke');
        resend.addEventListener('click', () =>
          run(resend, result, async () => {
            await api('POST', `${base}/invites/${encodeURIComponent(invitation.id)}/resend`);
            reload();
          }),
        );
        revoke.addEventListener('click', () =>
          run(revoke, result, async () => {
            await api('DELETE', `${base}/invites/${encodeURIComponent(invitation.id)}`);
            reload();
          }),
        );
        actions.push(resend, revoke);
      }
      return h(
        'tr',
        { 'data-email': invitation.email },
        h('th', { scope: 'row' }, invitation.email),
        h('td', {}, invitation.role),
        h('td', {}, (invitation.permissions || []).join(', ') || 'none'),
        h('td', { 'data-testid': 'invitation-teams' }, placesText(invitation.teams, teams)),
        h(
          'td',
          {},
          h(
            'span',
            { class: `status ${invitation.status}`, title: invitation.bounceReason || invitation.sendFailure || '' },
            invitation.status === 'bounced' && invitation.bounceReason
              ? `bounced (${invitation.bounceReason})`
              : invitation.status,
          ),
        ),
        // Where the email stands: queued until the sender function mails it (at the configured rate), then sent.
        h(
          'td',
          {},
          h(
            'span',
            { class: `delivery ${invitation.delivery}`, 'data-testid': 'invitation-delivery', title: invitation.sendFailure || '' },
            invitation.delivery || '—',
          ),
        ),
        h('td', {}, when(invitation.expiresAt)),
        h('td', {}, people.get(invitation.invitedBy) || invitation.invitedBy || '—'),
        h('td', {}, h('div', { class: 'actions' }, actions), result),
      );
    },
    { empty: 'No invitations yet.' },
  );
}

function renderJoinRequests(base, page, reload, members, teams) {
  return pagedTable(
    'People who asked to join',
    ['Email', 'Status', 'Asked', ''],
    page,
    async (cursor) => (await api('GET', withCursor(`${base}/join-requests`, cursor))).data,
    (request) => {
      const result = outlet();
      // Approving lands the person in the domain's default teams, unless teams are chosen here (each flag must be
      // the approver's in that team).
      const places = teamBoxes(teams || [], {}, {
        mark: 'approve-team',
        legend: `Team for ${request.email}`,
        landing: 'Approve into',
      });
      const decide = (verb, label, style, body) => {
        const button = h('button', { type: 'button', class: style, 'aria-label': `${label} ${request.email}` }, label);
        button.addEventListener('click', () =>
          run(button, result, async () => {
            await api('POST', `${base}/join-requests/${encodeURIComponent(request.userId)}/${verb}`, body ? { body: body() } : {});
            reload();
            members.reload();
          }),
        );
        return button;
      };
      const chooser = places.length
        ? h(
            'details',
            { class: 'approve-teams' },
            h('summary', {}, 'Approve into chosen teams'),
            places,
            decide('approve', 'Approve into chosen teams', '', () => ({ teams: teamPlaces(places) })),
          )
        : null;
      return h(
        'tr',
        { 'data-email': request.email },
        h('th', { scope: 'row' }, request.email),
        h('td', {}, h('span', { class: `status ${request.status}` }, request.status)),
        h('td', {}, when(request.requestedAt)),
        h(
          'td',
          {},
          request.status === 'pending'
            ? [h('div', { class: 'actions' }, decide('approve', 'Approve'), decide('decline', 'Decline', 'danger')), chooser]
            : null,
          result,
        ),
      );
    },
    { empty: 'Nobody is waiting: join requests come from coworkers when a domain is in suggest mode.' },
  );
}
