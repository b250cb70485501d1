// Every call to a service goes through the console's own origin: `services/<service>/...` is passed
// to that service with the prefix stripped, so the page needs no CORS and no service addresses.
// URLs are relative, so the page works wherever the console is mounted.

export const SERVICES = ['order', 'inventory', 'notification', 'projection'];

/** A call that did not succeed, with the RFC 9457 problem the server answered, if any. */
export class ApiError extends Error {
  constructor({ status, problem, service, retryAfter }) {
    super(describeProblem(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
    this.service = service;
    this.retryAfter = retryAfter;
  }

  /** The console's proxy answered for a service that did not (503 service-unavailable). */
  get serviceDown() {
    return isServiceDown(this.status, this.problem);
  }

  get unauthorized() {
    return this.status === 401;
  }
}

export function isServiceDown(status, problem) {
  return (
    status === 0 ||
    status === 502 ||
    status === 504 ||
    (status === 503 && /service-unavailable$/.test(problem?.type ?? ''))
  );
}

/** One line for a person: status, title, detail, each invalid field, when to retry. */
export function describeProblem(status, problem, retryAfter) {
  const parts = [problem?.title ?? (status ? `HTTP ${status}` : 'No answer')];
  if (problem?.detail && problem.detail !== problem.title) {
    parts.push(problem.detail);
  }
  for (const error of problem?.errors ?? []) {
    parts.push(`${error.field ?? error.parameter ?? 'request'} ${error.message}`);
  }
  if (retryAfter) {
    parts.push(`retry after ${retryAfter} s`);
  }
  return `${status || 'network'} — ${parts.join('; ')}`;
}

/** How long a call may take before the page gives up on it (a paused service holds it open). */
export const CALL_TIMEOUT_MS = 15000;

export function serviceName(service) {
  return `${service}-service`;
}

// Who is answering: every call reports what it learnt, the header's indicators listen.
const healthListeners = new Set();

export function onServiceHealth(listener) {
  healthListeners.add(listener);
}

function report(service, answering) {
  healthListeners.forEach((listener) => listener(service, answering));
}

/**
 * Calls `service`'s `path` (`/api/...`) through the console. Resolves to `{status, headers,
 * body}` for a 2xx (body parsed from JSON, null when empty); rejects with an {@link ApiError}
 * otherwise, also when the console itself does not answer, or no answer came within
 * CALL_TIMEOUT_MS (status 0).
 */
export async function call(service, path, { method = 'GET', body, headers = {}, auth } = {}) {
  return request(`services/${service}${path}`, service, { method, body, headers, auth });
}

/** A call to the console itself (`api/console/...`). */
export async function callConsole(path) {
  return request(path, 'console', {});
}

async function request(url, service, { method = 'GET', body, headers = {}, auth }) {
  const sent = { Accept: 'application/json, application/problem+json', ...headers };
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  if (auth) {
    sent.Authorization = auth;
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      // No cookies are needed, and without credentials mode a 401 with `WWW-Authenticate: Basic`
      // reaches this code instead of opening the browser's own sign-in dialog.
      credentials: 'omit',
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (error) {
    if (error.name === 'TimeoutError') {
      // The console took the call: it is the service (or the console's way to it) that is slow.
      report(service, false);
      const title = `No answer within ${CALL_TIMEOUT_MS / 1000} s`;
      throw new ApiError({ status: 0, problem: { title }, service });
    }
    report('console', false);
    throw new ApiError({ status: 0, problem: { title: 'The console is not answering' }, service });
  }
  report('console', true);
  let parsed;
  try {
    parsed = await bodyOf(response);
  } catch {
    // The answer began but its body did not come in time.
    report(service, false);
    const title = `The answer did not complete within ${CALL_TIMEOUT_MS / 1000} s`;
    throw new ApiError({ status: 0, problem: { title }, service });
  }
  if (response.ok) {
    report(service, true);
    return { status: response.status, headers: response.headers, body: parsed };
  }
  const error = new ApiError({
    status: response.status,
    problem: parsed && typeof parsed === 'object' ? parsed : null,
    service,
    retryAfter: response.headers.get('Retry-After'),
  });
  report(service, !error.serviceDown);
  throw error;
}

async function bodyOf(response) {
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return { title: text.slice(0, 200) };
  }
}

/** `Basic <base64(user:password)>`, UTF-8 safe (btoa alone takes Latin-1 only). */
export function basicAuth(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
