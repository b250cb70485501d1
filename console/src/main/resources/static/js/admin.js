// The admin area: every fault of every service, dead letters with re-drive, read-model rebuilds.
// It asks for the admin's credentials when opened and keeps them in one variable of this module:
// never in storage, never in the served code. A 401 forgets them and asks again.

import {
  deadLetterTable,
  faultRow,
  faultRowOf,
  faultTable,
  instancesText,
  problem,
  projectionTable,
} from './admin-tables.js';
import { byId, formatTime, oneAtATime } from './dom.js';
import { SERVICES, basicAuth, call, serviceName } from './http.js';
import { faultSwitchBody, redrivePath } from './model.js';

/** `Basic ...` while signed in, else null. */
let credentials = null;

const POLL_MS = 1000;

export class AdminArea {
  constructor() {
    this.section = byId('admin');
    this.openButton = byId('admin-open');
    this.signin = byId('admin-signin');
    this.panels = byId('admin-panels');
    this.status = byId('admin-status');
    this.polling = null;
    // Each load one at a time (dom.js: oneAtATime): a poll, or Refresh pressed again, while the
    // last answers are still out asks for one more load after them instead of piling calls up
    // (each service limits a client's admin calls; the browser, its connections per origin).
    this.refresh = oneAtATime(() => this.refreshAll());
    this.loadProjections = oneAtATime(() => this.showProjections());
    this.faultLoads = perService((service) => oneAtATime(() => this.showFaults(service)));
    this.deadLetterLoads = perService((service) => oneAtATime(() => this.showDeadLetters(service)));
    this.openButton.addEventListener('click', () => this.toggle());
    this.signin.addEventListener('submit', (event) => {
      event.preventDefault();
      this.signIn();
    });
    byId('admin-signout').addEventListener('click', () => {
      this.signOut('signed-out', 'Signed out.');
    });
    byId('admin-refresh').addEventListener('click', () => this.refresh());
  }

  toggle() {
    const open = this.section.hidden;
    this.section.hidden = !open;
    this.openButton.setAttribute('aria-expanded', String(open));
    if (open) {
      (credentials ? byId('admin-title') : byId('admin-user')).focus();
    }
  }

  async signIn() {
    const password = byId('admin-password');
    credentials = basicAuth(byId('admin-user').value, password.value);
    password.value = '';
    this.signin.hidden = true;
    this.panels.hidden = false;
    this.say('Signed in; loading…');
    await this.refresh();
  }

  /** Forgets the credentials; `state` is `signed-out` or `unauthorized` (after a 401). */
  signOut(state, message) {
    credentials = null;
    this.stopPolling();
    this.panels.hidden = true;
    this.signin.hidden = false;
    this.section.dataset.state = state;
    this.say(message);
    if (!this.section.hidden) {
      byId(state === 'unauthorized' ? 'admin-password' : 'admin-user').focus();
    }
  }

  say(message) {
    this.status.textContent = message;
  }

  /**
   * A call with the credentials: signed in once a service took them (a 2xx), a 401 signs out and
   * asks for them again.
   */
  async admin(service, path, options = {}) {
    if (!credentials) {
      throw new Error('Not signed in');
    }
    try {
      const answer = await call(service, path, { ...options, auth: credentials });
      if (credentials) {
        this.section.dataset.state = 'signed-in';
      }
      return answer;
    } catch (error) {
      if (error.unauthorized) {
        this.signOut('unauthorized', '401 — sign in again: the credentials were refused.');
      }
      throw error;
    }
  }

  /**
   * One call first, then the rest at once: wrong credentials are refused once, not by every
   * service at the same time (each service throttles a client its credentials were refused to).
   */
  async refreshAll() {
    await this.loadProjections();
    if (!credentials) {
      return;
    }
    await Promise.all([
      ...SERVICES.map((service) => this.loadFaults(service)),
      ...SERVICES.map((service) => this.loadDeadLetters(service)),
    ]);
    if (credentials) {
      this.say(`Loaded at ${formatTime(Date.now())}.`);
    }
  }

  // ---- Faults -----------------------------------------------------------------------------

  loadFaults(service) {
    return this.faultLoads[service]();
  }

  async showFaults(service) {
    const place = byId(`faults-${service}`);
    try {
      const { body } = await this.admin(service, '/api/admin/faults');
      const focused = place.contains(document.activeElement)
        ? document.activeElement.closest('tr[data-fault]')?.dataset.fault
        : undefined;
      place.replaceChildren(faultTable(service, body, this));
      if (focused) {
        // Redrawn under the keyboard's focus: give it back to the same fault's switch.
        const [, name] = focused.split('/');
        faultRow(service, name)?.querySelector('[data-action="toggle"]').focus();
      }
    } catch (error) {
      this.showProblem(place, service, error);
    }
  }

  /** Switches a fault on (with the parameters in its row) or off; the row shows the answer. */
  async switchFault(service, fault, on) {
    const row = faultRow(service, fault.name);
    let request;
    if (on) {
      const texts = Object.fromEntries(
        [...row.querySelectorAll('input[data-parameter]')].map((input) => [
          input.dataset.parameter,
          input.value,
        ]),
      );
      const { body, errors } = faultSwitchBody(fault.limits, texts);
      if (errors.length) {
        this.say(`${fault.name}: ${errors.join('; ')}`);
        return;
      }
      request = { method: 'PUT', body };
    } else {
      request = { method: 'DELETE' };
    }
    try {
      const path = `/api/admin/faults/${encodeURIComponent(fault.name)}`;
      const { body } = await this.admin(service, path, request);
      const fresh = faultRowOf(service, body, this);
      row.replaceWith(fresh);
      fresh.querySelector('[data-action="toggle"]').focus();
      const state = body.enabled ? 'on' : 'off';
      this.say(`${serviceName(service)}: ${body.name} ${state}; ${instancesText(body.instances)}.`);
      if (body.instances?.pending?.length) {
        setTimeout(() => this.loadFaults(service), 1500); // They follow within a poll or two.
      }
    } catch (error) {
      this.say(`${serviceName(service)}: ${fault.name} not switched: ${error.message}`);
    }
  }

  // ---- Dead letters -------------------------------------------------------------------------

  loadDeadLetters(service) {
    return this.deadLetterLoads[service]();
  }

  async showDeadLetters(service) {
    const place = byId(`dead-letters-${service}`);
    try {
      const { body } = await this.admin(service, '/api/admin/dead-letters');
      place.replaceChildren(deadLetterTable(service, body, this));
    } catch (error) {
      this.showProblem(place, service, error);
    }
  }

  async redrive(service, letter) {
    try {
      await this.admin(service, redrivePath(letter.id), { method: 'POST' });
      this.say(`${serviceName(service)}: ${letter.id} sent back to ${letter.topic}.`);
    } catch (error) {
      this.say(`${serviceName(service)}: ${letter.id} not re-driven: ${error.message}`);
    }
    await this.loadDeadLetters(service);
  }

  async redriveAll(service) {
    try {
      const { body } = await this.admin(service, '/api/admin/dead-letters/redrive', {
        method: 'POST',
      });
      this.say(`${serviceName(service)}: ${body.length} dead letters sent back.`);
    } catch (error) {
      this.say(`${serviceName(service)}: not re-driven: ${error.message}`);
    }
    await this.loadDeadLetters(service);
  }

  // ---- Read models --------------------------------------------------------------------------

  async showProjections() {
    const place = byId('projections-table');
    try {
      const { body } = await this.admin('projection', '/api/admin/projections');
      place.replaceChildren(projectionTable(body, this));
      if (body.some((projection) => projection.status === 'REBUILDING')) {
        this.startPolling();
      } else {
        this.stopPolling();
      }
    } catch (error) {
      this.showProblem(place, 'projection', error);
      // A rebuild goes on while projection-service does not answer: keep asking, unless signed out.
      if (!credentials) {
        this.stopPolling();
      }
    }
  }

  async rebuild(name) {
    try {
      const path = `/api/admin/projections/${encodeURIComponent(name)}/rebuild`;
      await this.admin('projection', path, { method: 'POST' });
      this.say(`Rebuilding the ${name} read model…`);
    } catch (error) {
      this.say(`The ${name} read model is not rebuilt: ${error.message}`);
    }
    await this.loadProjections();
  }

  /**
   * A call that failed, in the place of its table; but a 429 (too many calls: wait and retry)
   * keeps the table of the last answer and says so in the status line.
   */
  showProblem(place, service, error) {
    if (error.status === 429 && place.querySelector('table')) {
      this.say(`${serviceName(service)}: ${error.message}; showing its last answer.`);
      return;
    }
    place.replaceChildren(problem(service, error));
  }

  /** Every second while a read model rebuilds, until all are LIVE (or the admin signs out). */
  startPolling() {
    if (this.polling === null) {
      this.polling = setInterval(() => this.loadProjections(), POLL_MS);
    }
  }

  stopPolling() {
    if (this.polling !== null) {
      clearInterval(this.polling);
      this.polling = null;
      if (credentials) {
        this.say(`Every read model is LIVE (${formatTime(Date.now())}).`);
      }
    }
  }
}

function perService(make) {
  return Object.fromEntries(SERVICES.map((service) => [service, make(service)]));
}
