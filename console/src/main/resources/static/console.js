// The orderflow console: one page to watch the saga happen. This file wires the parts together;
// each part is a module under js/:
//   model.js       pure functions: folding stream events into orders, stock and rates
//   http.js        calls to the services through the console's origin, problems, who answers
//   stream.js      the live stream (EventSource) and its reconnects
//   board.js       the live board and its counters
//   rate-chart.js  orders placed/decided per second (uPlot) and the latency figure
//   stock.js       stock levels
//   story.js       one order's story: timeline, emails, trace
//   place-order.js the form that places an order
//   admin.js       faults, dead letters, read-model rebuilds, behind the admin's credentials
//   admin-tables.js the admin area's tables and their buttons
//
// Test contract: the ids and data attributes below are kept stable for browser tests.
//   #stream-state            data-state = connecting | live | reconnecting
//   #status-line             the last outcome: a cancel's 202 or its problem, a service not
//                            answering (data-kind = info | error)
//   #service-health li[data-service=console|order|inventory|notification|projection]
//                            data-state = unknown | up | answering | unhealthy | not-answering
//   #count-pending, #count-confirmed, #count-rejected, #count-cancelled   the board's counters
//   #board-rows tr[data-order-id][data-status]   one row per order, newest first
//       button[data-action=open] opens its story, button[data-action=cancel] cancels it
//       td[data-cell=reason] the rejection reason
//   #rate-chart (uPlot), #rates, #latency
//   #stock-rows tr[data-sku][data-available], td[data-cell=onHand|reserved|available]
//   #place-order             the form: #customer-id, #idempotency-key, #new-idempotency-key,
//       #order-lines .line[data-line] with inputs name=sku|quantity|unitPrice, #add-line,
//       #place-order-submit; #place-result data-outcome = accepted | refused, data-order-id
//   #story-lookup, #story-order-id   open a story by id
//   #order-story             data-order-id, data-status; #story-title, #story-cancel,
//       #story-timeline tr[data-event-type][data-source], #story-emails tr[data-kind][data-status],
//       #story-trace[data-trace-id] (a link to Jaeger when configured), #story-problem
//   #admin-open              opens #admin (data-state = signed-out | signed-in | unauthorized)
//   #admin-signin            the sign-in form: #admin-user, #admin-password; #admin-status
//   #admin-panels, #admin-refresh, #admin-signout
//   #faults-<service> tr[data-fault="<service>/<name>"][data-enabled]
//       button[data-action=toggle], button[data-action=apply], input[data-parameter=<name>]
//   #dead-letters-<service> tr[data-dead-letter="<service>/<id>"][data-status],
//       button[data-action=redrive], button[data-action=redrive-all]
//   #projections-table tr[data-projection=<name>][data-status][data-progress],
//       button[data-action=rebuild], progress

import { AdminArea } from './js/admin.js';
import { Board } from './js/board.js';
import { byId, skipWhileRunning } from './js/dom.js';
import { SERVICES, call, callConsole, onServiceHealth, serviceName } from './js/http.js';
import { decisionLatency, rejectionReason, transitionsOf } from './js/model.js';
import { PlaceOrderForm } from './js/place-order.js';
import { RateChart } from './js/rate-chart.js';
import { StockTable } from './js/stock.js';
import { OrderStory } from './js/story.js';
import { LiveStream } from './js/stream.js';

/** Orders without news for this long may have missed it (the stream is best effort): reloaded. */
const QUIET_MS = 15000;
const SWEEP_MS = 5000;
const HEALTH_MS = 10000;
const REASON_LOOKUP_MS = 2000;
const RESYNC_ORDERS = 100;

let settings = { jaegerUrl: null };

function announce(message, kind = 'info') {
  const line = byId('status-line');
  line.textContent = message;
  line.dataset.kind = kind;
}

async function cancelOrder(orderId) {
  try {
    const path = `/api/orders/${encodeURIComponent(orderId)}/cancel`;
    const { status, body } = await call('order', path, { method: 'POST' });
    announce(`${status} Accepted: order ${orderId} is ${body.status}.`);
  } catch (error) {
    announce(`Order ${orderId} not cancelled: ${error.message}`, 'error');
  }
}

const board = new Board({ open: (orderId) => story.open(orderId), cancel: cancelOrder });
const chart = new RateChart();
const stock = new StockTable();
const story = new OrderStory({ settings: () => settings, cancel: cancelOrder });
new PlaceOrderForm({ open: (orderId) => story.open(orderId) });
new AdminArea();

async function reloadOrder(orderId) {
  try {
    const { body } = await call('projection', `/api/orders/${encodeURIComponent(orderId)}`);
    board.applyView(body, Date.now());
  } catch {
    // Not projected yet, or projection-service away: the next sweep tries again.
  }
}

/**
 * The stream's change carries a rejection's reason; when the page has not got it (the rejection
 * seen only through a timeline event, or its announcement lost), the order's view is looked up a
 * moment later.
 */
function lookUpReason(order) {
  if (!rejectionReason(order.status, order.reason)) {
    setTimeout(() => reloadOrder(order.orderId), REASON_LOOKUP_MS);
  }
}

/**
 * After a reset, or a reconnect that could not resume: reload what the stream may have missed (the
 * newest open orders; older ones are left to the sweep of quiet orders).
 */
async function resync() {
  await stock.load();
  for (const order of board.openOrders().slice(-RESYNC_ORDERS)) {
    await reloadOrder(order.orderId);
  }
  story.reload();
}

const stream = new LiveStream({
  onOrder(change) {
    const now = Date.now();
    const { before, after } = board.applyChange(change, now);
    const transitions = transitionsOf(before, after);
    chart.record(transitions, transitions.decided ? decisionLatency(after) : null, now);
    story.changed(change.orderId);
    if (after.status === 'REJECTED' && before?.status !== 'REJECTED') {
      lookUpReason(after);
    }
  },
  onStock: (change) => stock.apply(change),
  onReset(why) {
    announce(`Live stream: ${why}; reloading the views.`);
    resync();
  },
  onState(state) {
    const element = byId('stream-state');
    if (state === 'reconnecting' && element.dataset.state !== 'reconnecting') {
      healthChecks.projection(); // Tells "projection-service not answering" from a dropped line.
    }
    element.dataset.state = state;
    element.textContent = {
      connecting: 'Live stream: connecting…',
      live: 'Live stream: live',
      reconnecting: 'Live stream reconnecting…',
    }[state];
  },
});

// ---- Who answers ------------------------------------------------------------------------------

const HEALTH_TEXT = {
  unknown: 'checking…',
  up: 'up',
  answering: 'answering',
  unhealthy: 'answering, health DOWN',
  'not-answering': 'not answering',
};

function showHealth(service, state) {
  const item = document.querySelector(`#service-health [data-service="${service}"]`);
  if (!item || item.dataset.state === state) {
    return;
  }
  const wasDown = item.dataset.state === 'not-answering';
  item.dataset.state = state;
  item.querySelector('[data-cell="state"]').textContent = HEALTH_TEXT[state];
  const name = service === 'console' ? 'The console' : serviceName(service);
  if (state === 'not-answering') {
    announce(`${name} not answering.`, 'error');
  } else if (wasDown) {
    announce(`${name} answering again.`);
  }
}

// Every call says whether its service answered; the health checks say more, now and then.
onServiceHealth((service, answering) => {
  const item = document.querySelector(`#service-health [data-service="${service}"]`);
  if (!answering) {
    showHealth(service, 'not-answering');
  } else if (item && ['not-answering', 'unknown'].includes(item.dataset.state)) {
    showHealth(service, 'answering');
  }
});

async function checkHealth(service) {
  try {
    const { body } = await call(service, '/actuator/health');
    showHealth(service, body?.status === 'UP' ? 'up' : 'unhealthy');
  } catch (error) {
    if (!error.serviceDown) {
      showHealth(service, 'unhealthy'); // It answered: 503 with {"status":"DOWN"}.
    }
  }
}

// One check per service at a time: a service that holds its calls is not asked again meanwhile.
const healthChecks = Object.fromEntries(
  SERVICES.map((service) => [service, skipWhileRunning(() => checkHealth(service))]),
);

function checkAllHealth() {
  SERVICES.forEach((service) => healthChecks[service]());
}

// ---- Start ------------------------------------------------------------------------------------

async function start() {
  try {
    settings = (await callConsole('api/console/settings')).body ?? settings;
  } catch {
    // No settings: no Jaeger links.
  }
  chart.start();
  stream.start();
  stock.load();
  checkAllHealth();
  setInterval(checkAllHealth, HEALTH_MS);
  setInterval(
    skipWhileRunning(() =>
      Promise.all(
        board
          .quietOpenOrders(Date.now(), QUIET_MS)
          .slice(0, 5)
          .map((order) => reloadOrder(order.orderId)),
      ),
    ),
    SWEEP_MS,
  );
}

start();
