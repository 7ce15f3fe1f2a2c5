// Company settings: one heading with the company's name, tabs for Members & Permissions, Teams, Domains, Settings,
// Audit.

import { api, session } from '../api.js';
import { fill, h, problemBox } from '../dom.js';
import { signInFirst } from './companies.js';
import * as members from './members.js';
import * as teams from './teams.js';
import * as domains from './domains.js';
import * as settings from './settings.js';
import * as audit from './audit.js';

const TABS = [
  ['members', 'Members & Permissions', members],
  ['teams', 'Teams', teams],
  ['domains', 'Domains', domains],
  ['settings', 'Settings', settings],
  ['audit', 'Audit', audit],
];

export function page({ params: [companyId, tab] }) {
  if (!session()) {
    return signInFirst('Company settings');
  }
  const [, label, module] = TABS.find(([name]) => name === tab);
  const heading = h('h1', {}, label);
  const about = h('p', { class: 'lede', 'aria-live': 'polite' });
  const base = `#/companies/${encodeURIComponent(companyId)}`;
  // The company's name for the heading; the tab's own sections load in parallel.
  const company = api('GET', `/companies/${encodeURIComponent(companyId)}`).then(({ data, etag }) => ({
    ...data,
    etag,
  }));
  company
    .then((data) => {
      fill(heading, `${data.name} · ${label}`);
      document.title = `${data.name} · ${label} · autojoin local console`;
    })
    .catch((error) => fill(about, problemBox(error)));
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/companies' }, 'My companies'), ' › Company settings'),
    heading,
    about,
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Company settings' },
      TABS.map(([name, text]) =>
        h('a', { href: `${base}/${name}`, 'aria-current': name === tab ? 'page' : null }, text),
      ),
    ),
    module.tab(companyId, company),
  ];
}
