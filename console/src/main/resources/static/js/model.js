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
 * ({orderId, customerId, status, version, reason, traceId, cause}) received at `receivedAt` (ms).
 *
 * Changes of one order may arrive out of order across projection instances, and again after a
 * redelivery: the version in the data decides, and one at or below the version held changes
 * nothing but the list of causes (a timeline event, such as StockReservationFailed, changes no
 * version but still tells what happened). `placedSeenAt` and `decidedAt` are the times this page
 * saw the order's OrderPlaced and the change that decided it (a newer version entering CONFIRMED or
 * REJECTED): their difference is the latency the page shows. `reason` is the rejection's
 * (`insufficient-stock`, `timeout`, `unknown`; null unless REJECTED), `traceId` the trace of the
 * request that placed the order (null before its OrderPlaced, or when it carried none).
 */
export function foldOrderChange(order, change, receivedAt) {
  const causes = order?.causes ?? [];
  const newer = order === undefined || change.version > order.version;
  const status = newer ? (change.status ?? order?.status ?? null) : order.status;
  const decidedNow = newer && DECISIONS.has(status) && !DECISIONS.has(order?.status);
  return {
    orderId: change.orderId,
    customerId: (newer ? change.customerId : null) ?? order?.customerId ?? null,
    status,
    version: newer ? change.version : order.version,
    reason: status === 'REJECTED' ? ((newer ? change.reason : null) ?? order?.reason ?? null) : null,
    traceId: change.traceId ?? order?.traceId ?? null,
    causes: change.cause && !causes.includes(change.cause) ? [...causes, change.cause] : causes,
    lastCause: change.cause ?? order?.lastCause ?? null,
    firstSeenAt: order?.firstSeenAt ?? receivedAt,
    placedSeenAt:
      order?.placedSeenAt ?? (change.cause === 'OrderPlaced' ? receivedAt : null),
    decidedAt: order?.decidedAt ?? (decidedNow ? receivedAt : null),
    updatedAt: receivedAt,
  };
}

/**
 * An order after reloading its view (GET /api/orders/{id}): for an order whose news the stream
 * may have missed (the stream is best effort, and a reconnect without Last-Event-ID skips what
 * came meanwhile). The reload was not seen live, so it sets no decision time: it would measure the
 * page's polling, not the saga.
 */
export function foldOrderView(order, view, receivedAt) {
  const folded = foldOrderChange(order, { ...view, cause: null }, receivedAt);
  const types = (view.timeline ?? []).map((step) => step.type);
  return {
    ...folded,
    causes: [...new Set([...folded.causes, ...types])],
    decidedAt: order?.decidedAt ?? null,
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

const REASONS = {
  'insufficient-stock': 'insufficient stock',
  timeout: 'timeout: inventory did not answer in time',
  unknown: 'unknown (a reason this projection does not name)',
};

/**
 * Why an order was rejected, for a person, from the reason projection-service keeps with the
 * order (RejectionReason's wire values); null unless REJECTED, or while the reason is not known
 * to the page yet.
 */
export function rejectionReason(status, reason) {
  if (status !== 'REJECTED' || reason == null) {
    return null;
  }
  return REASONS[reason] ?? reason;
}

/**
 * How many orders this page has seen in each state, kept up as changes come: an order moves from
 * its old state's count to its new one. Every order seen since the page opened counts, also those
 * the board no longer remembers: only each order's state is kept here, for up to `limit` orders;
 * beyond that the longest-known are dropped (their counts stay), and a later change of one of
 * those is counted as one more order.
 */
export class StatusCounts {
  constructor(limit) {
    this.limit = limit;
    this.statuses = new Map(); // orderId -> status, oldest first
    this.counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  }

  record(orderId, status) {
    if (!(status in this.counts)) {
      return;
    }
    const before = this.statuses.get(orderId);
    if (before === status) {
      return;
    }
    if (before !== undefined) {
      this.counts[before] -= 1;
    } else if (this.statuses.size >= this.limit) {
      this.statuses.delete(this.statuses.keys().next().value);
    }
    this.statuses.set(orderId, status);
    this.counts[status] += 1;
  }

  /** Every state with its count, zeros included. */
  snapshot() {
    return { ...this.counts };
  }
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
