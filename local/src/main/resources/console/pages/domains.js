// Domains: claim, verification status, the DNS record to publish, enrollment with default role, permissions and
// teams.

import { api, ENROLLMENTS } from '../api.js';
import {
  checkedValues,
  choice,
  field,
  fill,
  h,
  outlet,
  permissionBoxes,
  roleSelect,
  run,
  section,
  table,
  teamBoxes,
  teamPlaces,
  uid,
  when,
  withCursor,
} from '../dom.js';

const PROOFS = {
  affiliation: "proven by an admin's own verified email at the domain",
  email: 'proven by a link emailed to an address at the domain',
  dns: 'proven by a DNS TXT record (ownership)',
};

export function tab(companyId) {
  const base = `/companies/${encodeURIComponent(companyId)}/domains`;
  const list = section(
    'Claimed domains',
    async () => {
      const items = [];
      let cursor = null;
      do {
        const { data } = await api('GET', withCursor(base, cursor));
        items.push(...(data.items || []));
        cursor = data.nextCursor || null;
      } while (cursor);
      const teams = await api('GET', `/companies/${encodeURIComponent(companyId)}/teams`);
      return { domains: items, teams: (teams.data.items || []).filter((t) => !t.archived) };
    },
    ({ domains, teams }, reload) =>
      domains.length
        ? h('div', { class: 'cards' }, domains.map((domain) => domainCard(base, domain, teams, reload)))
        : h('p', { class: 'empty' }, 'No domain yet: claim one below.'),
  );
  return h('div', { class: 'tab' }, list, claimForm(base, list));
}

/** Per active team: whether joiners land in it, and with which team permissions (least privilege: post_jobs). */
function defaultTeamBoxes(domain, teams) {
  return teamBoxes(teams, domain.defaultTeams || {}, {
    mark: 'default-team',
    legend: 'Default team',
    landing: 'Joiners land in',
    preset: ['post_jobs'],
  });
}

function domainCard(base, domain, teams, reload) {
  const path = `${base}/${encodeURIComponent(domain.domain)}`;
  const headingId = uid('domain');
  const result = outlet();

  const enrollment = h(
    'fieldset',
    { class: 'enrollment' },
    h('legend', {}, 'Enrollment'),
    ENROLLMENTS.map(([value, label, meaning]) =>
      h(
        'div',
        {},
        choice('radio', `${headingId}-enrollment`, value, label, domain.enrollment === value),
        h('span', { class: 'hint' }, ` — ${meaning}`),
      ),
    ),
  );
  const subdomains = h('input', { type: 'checkbox', checked: Boolean(domain.includeSubdomains) });
  const role = roleSelect(domain.defaultRole);
  const permissions = permissionBoxes('Default permissions', domain.defaultPermissions || []);
  const defaultTeams = domain.status === 'verified' ? defaultTeamBoxes(domain, teams) : [];
  const capture = h('input', { type: 'checkbox', checked: Boolean(domain.capture) });
  const captureField =
    domain.status === 'verified'
      ? h(
          'div',
          { class: 'field' },
          h('label', { class: 'choice' }, capture, ` Capture ${domain.domain}`),
          h(
            'span',
            { class: 'hint' },
            ' — nobody at the domain can create a company of their own (a DNS-proven domain in auto-join mode only)',
          ),
        )
      : null;
  const save = h('button', { type: 'submit', 'aria-label': `Save ${domain.domain}` }, 'Save');
  const release = h('button', { type: 'button', class: 'danger', 'aria-label': `Release ${domain.domain}` }, 'Release');

  const form = h(
    'form',
    {},
    enrollment,
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'choice' }, subdomains, ` Include subdomains (e.g. eng.${domain.domain})`),
    ),
    field('Default role', role, 'For people who join through this domain.'),
    permissions,
    defaultTeams,
    captureField,
    h('div', { class: 'actions' }, save, release),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector(`input[name="${headingId}-enrollment"]:checked`);
    run(save, result, async () => {
      const { data } = await api('PATCH', path, {
        ifMatch: domain.version,
        body: {
          enrollment: chosen ? chosen.value : domain.enrollment,
          includeSubdomains: subdomains.checked,
          defaultRole: role.value,
          defaultPermissions: checkedValues(permissions),
          ...(defaultTeams.length
            ? { defaultTeams: teamPlaces(defaultTeams) }
            : {}),
          ...(captureField ? { capture: capture.checked } : {}),
        },
      });
      domain.version = data.version;
      return `Saved ${data.domain}: enrollment ${data.enrollment}${data.capture ? ', captured' : ''}.`;
    });
  });
  release.addEventListener('click', () =>
    run(release, result, async () => {
      await api('DELETE', path);
      reload();
    }),
  );

  return h(
    'article',
    { class: 'card domain', 'aria-labelledby': headingId, 'data-domain': domain.domain },
    h('h3', { id: headingId }, domain.domain),
    h(
      'p',
      {},
      h('span', { class: `status ${domain.status}`, 'data-testid': 'domain-status' }, domain.status),
      ` · ${PROOFS[domain.method] || domain.method}`,
    ),
    domain.graceEndsAt
      ? h(
          'p',
          { class: 'note warn' },
          'The scheduled DNS re-check is failing: the domain becomes unverified and auto-join stops at ',
          when(domain.graceEndsAt),
          '.',
        )
      : null,
    pendingProof(path, domain, result, reload),
    form,
    result,
    domain.capture ? peopleOutside(path, domain) : null,
  );
}

/** While the domain is captured: the people at it who are in other companies (shadow companies), not in this one. */
function peopleOutside(path, domain) {
  return section(
    `People at ${domain.domain} outside this company`,
    async () => {
      const items = [];
      let cursor = null;
      do {
        const { data } = await api('GET', withCursor(`${path}/people-outside`, cursor));
        items.push(...(data.items || []));
        cursor = data.nextCursor || null;
      } while (cursor);
      return items;
    },
    (items) =>
      table(
        `People at ${domain.domain} in other companies`,
        ['Email', 'Their company', 'Role there'],
        items.map((p) =>
          h('tr', { 'data-outside': p.email }, h('td', {}, p.email), h('td', {}, p.company.name), h('td', {}, p.role)),
        ),
        { empty: `Everyone at ${domain.domain} we know of is in this company.` },
      ),
    { level: 'h4' },
  );
}

function pendingProof(path, domain, result, reload) {
  // A DNS record shows while a DNS proof is pending: a new claim, an upgrade of a verified one, a failing re-check.
  if (domain.status === 'verified' && !domain.dnsRecord) {
    return null;
  }
  const check = h('button', { type: 'button', 'aria-label': `Check ${domain.domain} now` }, 'Check now');
  check.addEventListener('click', () =>
    run(check, result, async () => {
      const { data } = await api('POST', `${path}/check`);
      await reload();
      flash(data.domain, `Checked ${data.domain}: ${data.checkResult ? `${data.checkResult}, ` : ''}${data.status}.`);
    }),
  );
  if (domain.dnsRecord) {
    const record = domain.dnsRecord;
    const publish = `#/dev/dns?name=${encodeURIComponent(record.name)}&value=${encodeURIComponent(record.value)}`;
    return h(
      'div',
      { class: 'note' },
      h('p', {}, 'Publish this record at your DNS provider, then check it:'),
      h(
        'dl',
        { class: 'dns-record' },
        h('dt', {}, 'Name'),
        h('dd', {}, h('code', {}, record.name)),
        h('dt', {}, 'Type'),
        h('dd', {}, h('code', {}, record.type)),
        h('dt', {}, 'Value'),
        h('dd', {}, h('code', { 'data-testid': 'dns-value' }, record.value)),
      ),
      h('p', { class: 'actions' }, check, h('a', { href: publish }, 'Publish it in the local DNS')),
    );
  }
  if (domain.method === 'email') {
    return h(
      'div',
      { class: 'note' },
      h('p', {}, 'A verification link went to an address at the domain. ', h('a', { href: '#/dev/outbox' }, 'Open the outbox'), ' to follow it.'),
    );
  }
  return h('p', { class: 'actions' }, check);
}

/** A message in a domain's card after the list was re-read (the card it was asked from is gone). */
function flash(name, message) {
  const card = document.querySelector(`article[data-domain="${CSS.escape(name)}"] > .outlet`);
  if (card) {
    fill(card, h('p', { class: 'ok', role: 'status' }, message));
  }
}

function claimForm(base, list) {
  const domain = h('input', { type: 'text', name: 'domain', required: true, spellcheck: 'false', placeholder: 'acme.com' });
  const name = uid('proof');
  const proof = h(
    'fieldset',
    {},
    h('legend', {}, 'Proof'),
    h(
      'div',
      {},
      choice('radio', name, 'email', 'Email', true),
      h('span', { class: 'hint' }, ' — at once when your verified email is at the domain; else a link to the address below'),
    ),
    h('div', {}, choice('radio', name, 'dns', 'DNS TXT record'), h('span', { class: 'hint' }, ' — proves ownership; wins conflicts')),
  );
  const verificationEmail = h('input', { type: 'email', name: 'verificationEmail', spellcheck: 'false' });
  const claim = h('button', { type: 'submit' }, 'Claim domain');
  const result = outlet();
  const form = h(
    'form',
    { class: 'card' },
    field('Domain', domain),
    proof,
    field('Verification email (optional)', verificationEmail, 'An address at the domain that receives the link.'),
    h('div', { class: 'actions' }, claim),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const method = form.querySelector(`input[name="${name}"]:checked`).value;
    const body = { domain: domain.value.trim(), method };
    if (method === 'email' && verificationEmail.value.trim()) {
      body.verificationEmail = verificationEmail.value.trim();
    }
    run(claim, result, async () => {
      const { data } = await api('POST', base, { body });
      list.reload();
      domain.value = '';
      return `Claimed ${data.domain}: ${data.status}.`;
    });
  });
  return h('section', { 'aria-labelledby': 'claim-heading' }, h('h2', { id: 'claim-heading' }, 'Claim a domain'), form);
}
