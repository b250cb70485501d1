// What the page knows, folded from what it receives: pure functions and one small value class.
// No DOM, no fetch, no clock of their own (every time is passed in), so each can be read and tried
// on its own.

export const STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'];

/** The saga's answer to a placed order; a cancellation is the customer's, not the saga's. */
const DECISIONS = new Set(['CONFIRMED', 'REJECTED']);
const FINAL = new Set(['CONFIRMED', 'REJECTED', 'CANCELLED']);

export function isFinal(status) {
  return FINAL.has(status);
}

/** Whether an order in this state may still be cancelled (PENDING or CONFIRMED -> CANCELLED). */
export function isCancellable(status) {
  return status === 'PENDING' || status === 'CONFIRMED';
}

/**
 * An order as the board shows it, after one more `order` event of the live stream
 * ({orderId, customerId, status, version, cause}) received at `receivedAt` (ms).
 *
 * Changes of one order may arrive out of order across projection instances, and again after a
 * redelivery: the version in the data decides, and one at or below the version held changes
 * nothing but the list of causes (a timeline event, such as StockReservationFailed, changes no
 * version but still tells what happened). `placedSeenAt` and `decidedAt` are the times this page
 * saw the order's OrderPlaced and its decision: their difference is the latency the page shows.
 */
export function foldOrderChange(order, change, receivedAt) {
  const causes = order?.causes ?? [];
  const newer = order === undefined || change.version > order.version;
  const status = newer ? (change.status ?? order?.status ?? null) : order.status;
  return {
    orderId: change.orderId,
    customerId: (newer ? change.customerId : null) ?? order?.customerId ?? null,
    status,
    version: newer ? change.version : order.version,
    causes: change.cause && !causes.includes(change.cause) ? [...causes, change.cause] : causes,
    lastCause: change.cause ?? order?.lastCause ?? null,
    firstSeenAt: order?.firstSeenAt ?? receivedAt,
    placedSeenAt:
      order?.placedSeenAt ?? (change.cause === 'OrderPlaced' ? receivedAt : null),
    decidedAt: order?.decidedAt ?? (DECISIONS.has(status) ? receivedAt : null),
    updatedAt: receivedAt,
    timelineLoaded: order?.timelineLoaded ?? false,
  };
}

/**
 * An order after reloading its view (GET /api/orders/{id}): for an order whose news the stream
 * may have missed (the stream is best effort, and a reconnect without Last-Event-ID skips what
 * came meanwhile), or whose rejection's reason was not streamed. The reload was not seen live, so
 * it sets no decision time: it would measure the page's polling, not the saga.
 */
export function foldOrderView(order, view, receivedAt) {
  const folded = foldOrderChange(order, { ...view, cause: null }, receivedAt);
  const types = (view.timeline ?? []).map((step) => step.type);
  return {
    ...folded,
    causes: [...new Set([...folded.causes, ...types])],
    decidedAt: order?.decidedAt ?? null,
    timelineLoaded: true, // Its causes are every event of the order, not only those streamed.
  };
}

/** What one fold changed that the rate chart counts: a placement seen, a decision seen. */
export function transitionsOf(before, after) {
  return {
    placed: !before?.placedSeenAt && Boolean(after.placedSeenAt),
    decided: !before?.decidedAt && Boolean(after.decidedAt),
  };
}

/**
 * Placed -> decided as this page saw it; null unless it saw both, in that order (across instances
 * a decision can be announced before the placement).
 */
export function decisionLatency(order) {
  const { placedSeenAt, decidedAt } = order;
  return placedSeenAt && decidedAt && decidedAt >= placedSeenAt ? decidedAt - placedSeenAt : null;
}

/**
 * Why an order was rejected. No API names the reason (order-service logs it and counts it in a
 * metric), but the order's events tell: a StockReservationFailed means the stock did not cover a
 * line; the saga's only other reason is its deadline, inventory not answering in time. With
 * `complete` false (the events seen on the stream so far) a missing StockReservationFailed may
 * still come, so the reason is not known yet: null.
 */
export function rejectionReason(status, eventTypes, complete) {
  if (status !== 'REJECTED') {
    return null;
  }
  if (eventTypes.includes('StockReservationFailed')) {
    return 'insufficient stock';
  }
  return complete ? 'timeout: no answer from inventory in time' : null;
}

/** How many orders are in each state, every state present. */
export function countByStatus(orders) {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const order of orders) {
    if (order.status in counts) {
      counts[order.status] += 1;
    }
  }
  return counts;
}

/**
 * The orders to forget so that at most `keep` remain: the oldest seen, final ones first, so that
 * a pending order stays until its decision is seen.
 */
export function ordersToForget(orders, keep) {
  const all = [...orders];
  if (all.length <= keep) {
    return [];
  }
  const byAge = (a, b) => a.firstSeenAt - b.firstSeenAt;
  const final = all.filter((order) => isFinal(order.status)).sort(byAge);
  const open = all.filter((order) => !isFinal(order.status)).sort(byAge);
  return [...final, ...open].slice(0, all.length - keep).map((order) => order.orderId);
}

/**
 * A sku's levels after a `stock` event ({sku, onHand, reserved, available, version}): the newest
 * version wins. Rows loaded with GET /api/stock carry no version (null): any streamed change after
 * them is taken.
 */
export function foldStock(current, change) {
  if (current?.version != null && change.version <= current.version) {
    return current;
  }
  return { ...change };
}

/** Which service writes each event type (DESIGN.md, the flow): the timeline's "source" column. */
const SOURCES = {
  OrderPlaced: 'order-service',
  OrderConfirmed: 'order-service',
  OrderRejected: 'order-service',
  OrderCancelled: 'order-service',
  StockReserved: 'inventory-service',
  StockReservationFailed: 'inventory-service',
  StockReleased: 'inventory-service',
  NotificationSent: 'notification-service',
  NotificationFailed: 'notification-service',
};

export function sourceOf(eventType) {
  return SOURCES[eventType] ?? 'unknown';
}

/**
 * One order's story from projection-service's view ({timeline: [{type, at}], placedAt, ...}):
 * each step with its source and its time since the first step.
 */
export function storySteps(view) {
  const timeline = view.timeline ?? [];
  const start = timeline.length ? Date.parse(timeline[0].at) : null;
  return timeline.map((step) => ({
    type: step.type,
    at: step.at,
    source: sourceOf(step.type),
    sinceStartMs: Date.parse(step.at) - start,
  }));
}

/**
 * Orders placed and decided per second over a sliding window, for the rate chart. Counts by whole
 * seconds of the page's clock (when the change arrived, not when it happened: the stream carries
 * no times).
 */
export class RateWindow {
  constructor(seconds) {
    this.seconds = seconds;
    this.buckets = new Map(); // second -> {placed, decided}
  }

  count(kind, atMs) {
    const second = Math.floor(atMs / 1000);
    const bucket = this.buckets.get(second) ?? { placed: 0, decided: 0 };
    bucket[kind] += 1;
    this.buckets.set(second, bucket);
  }

  /** [seconds, placed per second, decided per second] up to `nowMs`, in uPlot's column layout. */
  series(nowMs) {
    const now = Math.floor(nowMs / 1000);
    const from = now - this.seconds + 1;
    for (const second of this.buckets.keys()) {
      if (second < from) {
        this.buckets.delete(second);
      }
    }
    const seconds = [];
    const placed = [];
    const decided = [];
    for (let second = from; second <= now; second += 1) {
      const bucket = this.buckets.get(second);
      seconds.push(second);
      placed.push(bucket?.placed ?? 0);
      decided.push(bucket?.decided ?? 0);
    }
    return [seconds, placed, decided];
  }
}

/** Average per second over the last `seconds` whole seconds before the current one. */
export function recentRate(counts, seconds) {
  const window = counts.slice(-seconds - 1, -1);
  return window.length ? window.reduce((sum, n) => sum + n, 0) / window.length : 0;
}

/** Median, 95th percentile and count of latencies (ms), nearest-rank; nulls when there are none. */
export function latencySummary(latencies) {
  if (!latencies.length) {
    return { count: 0, p50: null, p95: null };
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95) };
}

/**
 * The body of a PUT that switches a fault on, from the parameter inputs' texts: whole numbers
 * within the fault's `limits` ({name: {min, max}}); an empty input is left out, so the fault keeps
 * its default. `errors` names each input that breaks its rule (then do not send).
 */
export function faultSwitchBody(limits, texts) {
  const body = { enabled: true };
  const errors = [];
  for (const [name, { min, max }] of Object.entries(limits ?? {})) {
    const text = String(texts[name] ?? '').trim();
    if (text === '') {
      continue;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name} must be a whole number from ${min} to ${max}`);
    } else {
      body[name] = value;
    }
  }
  return { body, errors };
}

/**
 * The re-drive path of a dead letter from its id, `<dead-letter topic>:<partition>:<offset>`
 * (platform's DeadLetter.id); topic names hold no colon, but the split is from the right anyway.
 */
export function redrivePath(deadLetterId) {
  const parts = deadLetterId.split(':');
  if (parts.length < 3) {
    throw new Error(`Not a dead letter id: ${deadLetterId}`);
  }
  const offset = parts.pop();
  const partition = parts.pop();
  const topic = parts.join(':');
  return `/api/admin/dead-letters/${encodeURIComponent(topic)}/${partition}/${offset}/redrive`;
}
