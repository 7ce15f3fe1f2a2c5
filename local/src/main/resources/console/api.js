// How a web app talks to the product: the public HTTP API with the ID token, and (local only) the /_local routes.

const SESSION_KEY = 'autojoin.session';
const RETURN_KEY = 'autojoin.returnTo';

/** An answer that was not 2xx, as an RFC 9457 problem: {status, title, detail, code, field}. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title);
    this.status = status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.field = problem.field;
  }
}

/** {sub, email, token} of the user the console acts as, kept for this tab only. */
export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function signIn(user) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ sub: user.sub, email: user.email, token: user.token }));
  window.dispatchEvent(new Event('autojoin:session'));
}

export function signOut() {
  sessionStorage.removeItem(SESSION_KEY);
  window.dispatchEvent(new Event('autojoin:session'));
}

/** Where to go once signed in (the accept-invite page sends people to sign in first). */
export function rememberReturn(hash) {
  sessionStorage.setItem(RETURN_KEY, hash);
}

/** The remembered place, only if it is one of the console's own pages: never a way off the site. */
export function takeReturn() {
  const hash = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return isConsoleRoute(hash) ? hash : null;
}

/** "#/" and a route: no "//", no backslash, no scheme, no whitespace or control character. */
function isConsoleRoute(hash) {
  return (
    typeof hash === 'string' &&
    hash.length <= 2048 &&
    hash.startsWith('#/') &&
    !hash.includes('//') &&
    !/[\\:\s\u0000-\u001f\u007f]/.test(hash)
  );
}

/** Calls the product's HTTP API; resolves to {status, data, etag}, rejects with an ApiError. */
export function api(method, path, { body, ifMatch } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const current = session();
  if (current) {
    headers.Authorization = `Bearer ${current.token}`;
  }
  if (ifMatch !== undefined && ifMatch !== null) {
    headers['If-Match'] = `"${ifMatch}"`;
  }
  return call(method, path, headers, body);
}

/** Calls the local stack's own /_local routes (no token: they stand in for AWS, not for the product). */
export function local(method, path, body, contentType = 'application/json') {
  return call(method, `/_local${path}`, { 'Content-Type': contentType, Accept: 'application/json' }, body);
}

async function call(method, path, headers, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, {
      title: 'The local stack did not answer',
      detail: `${method} ${path} failed (${e.message}). Is ./run still running?`,
      code: 'network_error',
    });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, asProblem(response, data, method, path));
  }
  return { status: response.status, data, etag: response.headers.get('etag'), headers: response.headers };
}

/** API Gateway's own answers are {"message": ...}, not problems: give them the same shape. */
function asProblem(response, data, method, path) {
  if (data && typeof data === 'object' && (data.title || data.detail)) {
    return data;
  }
  const message = data && typeof data === 'object' && data.message ? data.message : response.statusText;
  const details = {
    401: 'The API Gateway JWT authorizer refused the token: it is missing or expired. Switch user to get a fresh one.',
    404: `The API has no route ${method} ${path}.`,
  };
  return {
    title: message || `HTTP ${response.status}`,
    detail: details[response.status] || (typeof data === 'string' ? data.slice(0, 300) : `${method} ${path}`),
    code: `http_${response.status}`,
  };
}

/** Company-wide flags; jobs, hiring and spending are granted per team only (TEAM_PERMISSIONS). */
export const PERMISSIONS = ['manage_settings', 'manage_members', 'invite', 'pay'];
export const TEAM_PERMISSIONS = ['team_admin', 'post_jobs', 'hire', 'view_spending'];
export const ROLES = ['member', 'admin', 'owner'];
export const ENROLLMENTS = [
  ['off', 'Off', 'invites only'],
  ['suggest', 'Suggest', 'coworkers see the company and ask to join'],
  ['auto_join', 'Auto-join', 'coworkers join at registration'],
];
