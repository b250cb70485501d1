package dev.orderflow.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.orderflow.events.Bounds;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderDetails;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import dev.orderflow.platform.outbox.EmbeddedOutbox.PendingEvents;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The notifications, in MongoDB, each with its own outbox:
 *
 * <pre>{@code
 * { _id: "<orderId>:<kind>", orderId, kind, recipient, occurredAt, outcomeReason, traceparent,
 *   status: PENDING|SENT|FAILED, attempts, createdAt, sentAt, lastError, nextAttemptAt,
 *   order: { customerId, lines: [ { sku, quantity, unitPrice } ], total },   // deferred only
 *   outbox: [ NotificationSent | NotificationFailed ] }
 * }</pre>
 *
 * <ul>
 *   <li><b>One per order and kind</b>: the {@code _id} is derived from both. Nothing is stored
 *       before the email is sent: the write that records what became of it creates the document (an
 *       upsert), and every later copy of the same event finds it.
 *   <li><b>Final states are final</b>: every change is conditional on {@code status: PENDING}, so
 *       SENT or FAILED is never overwritten and is announced once.
 *   <li><b>No dual write</b>: the announcing event is pushed into {@code outbox} by the same
 *       single-document update that changes the status; the relay publishes it afterwards.
 *   <li><b>Deferred in place</b>: an email turned away for now is stored PENDING with {@code
 *       nextAttemptAt}; the outcome it tells of ({@code occurredAt}, {@code outcomeReason}) is
 *       stored with it by its first write, so the sweep can send it again without its record; so is
 *       the record's {@code traceparent}, so that what the sweep does joins the order's trace, and
 *       (when a deferral is the first write) the order's details the event carried, {@code order}.
 *   <li><b>Reads by primary key</b>, which every MongoDB answers from an index, except the sweep's
 *       query for deferred emails that are due, answered from {@code {status, nextAttemptAt}}.
 * </ul>
 */
@Component
class NotificationStore {

  static final String COLLECTION = "notifications";
  private static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
  private static final String TRACEPARENT = "traceparent";
  private static final String ORDER = "order";

  private static final Logger log = LoggerFactory.getLogger(NotificationStore.class);
  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

  private final MongoCollection<Document> notifications;
  private final EmbeddedOutbox outbox;
  private final OutboxRelay relay;

  NotificationStore(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
    this.notifications = mongo.getCollection(COLLECTION);
    this.outbox = new EmbeddedOutbox(COLLECTION, mongo, json, relay, clock);
    this.relay = relay;
    // Status changes filter on {_id, status}. MongoDB answers that from the _id index anyway, but
    // mongo-java-server (tests, ./devstack) uses an index only when the filter's keys are exactly
    // those of a unique index, and would scan the whole collection for every change without this.
    notifications.createIndex(
        new Document("_id", 1).append("status", 1), new IndexOptions().unique(true));
    // The sweep's query for deferred emails that are due, and the overdue gauge's: PENDING, a range
    // and sort on nextAttemptAt. A partial index holds only the pending notifications, on MongoDB
    // and on the embedded server, which would otherwise scan every notification ever sent each
    // time (ADR 3).
    notifications.createIndex(
        new Document(NEXT_ATTEMPT_AT, 1),
        new IndexOptions()
            .name("pending_nextAttemptAt")
            .partialFilterExpression(new Document("status", NotificationStatus.PENDING.name())));
    backfillDeferredByRetryTopics(clock.instant());
  }

  /**
   * Emails deferred before the sweep existed (by the retry topics, ADR 11): PENDING with failed
   * attempts but no {@code nextAttemptAt}, which the sweep would never find. One {@code updateMany}
   * at start-up makes them due now; after it, none are left, and it matches nothing. ({@code
   * nextAttemptAt: null} matches a missing field; a document of this version that is PENDING with
   * attempts always has a time.)
   */
  private void backfillDeferredByRetryTopics(Instant now) {
    var result =
        notifications.updateMany(
            new Document("status", NotificationStatus.PENDING.name())
                .append(NEXT_ATTEMPT_AT, null)
                .append("attempts", new Document("$gt", 0)),
            Updates.set(NEXT_ATTEMPT_AT, Date.from(now)));
    if (result.getModifiedCount() > 0) {
      log.info(
          "{} emails deferred by the retry topics are now due for the sweep",
          result.getModifiedCount());
    }
  }

  /**
   * The notification of this outcome as stored, or, if there is none yet, a new PENDING one that is
   * not stored: nothing is written before the email is sent. The write that records what became of
   * it (sent, deferred, given up) creates the document if it is still missing ({@link
   * #completeAll}).
   */
  Notification lookUp(OrderOutcome outcome, String recipient) {
    return find(outcome.notificationId()).orElseGet(() -> unsent(outcome, recipient));
  }

  /**
   * {@link #lookUp} for a batch's outcomes (each with the recipient at the same index), in one
   * {@code find $in}.
   */
  List<Notification> lookUpAll(List<OrderOutcome> outcomes, List<String> recipients) {
    var stored = new HashMap<String, Notification>();
    notifications
        .find(Filters.in("_id", outcomes.stream().map(OrderOutcome::notificationId).toList()))
        .forEach(document -> stored.put(document.getString("_id"), notification(document)));
    var found = new ArrayList<Notification>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      var outcome = outcomes.get(i);
      var notification = stored.get(outcome.notificationId());
      found.add(notification != null ? notification : unsent(outcome, recipients.get(i)));
    }
    return found;
  }

  private static Notification unsent(OrderOutcome outcome, String recipient) {
    return new Notification(
        outcome.notificationId(),
        outcome.orderId(),
        outcome.kind(),
        recipient,
        NotificationStatus.PENDING,
        0,
        null,
        null,
        null);
  }

  /**
   * The trace current here (a record's, within its scope), as the first write of a notification
   * stores it and as the announcements written here carry it.
   */
  Optional<String> traceparent() {
    return relay.traceparent();
  }

  Optional<Notification> find(String id) {
    return Optional.ofNullable(notifications.find(Filters.eq("_id", id)).first())
        .map(NotificationStore::notification);
  }

  /** Every notification of an order, in the order of {@link NotificationKind}. */
  List<Notification> ofOrder(String orderId) {
    var ids =
        Arrays.stream(NotificationKind.values())
            .map(kind -> OrderOutcome.notificationId(orderId, kind))
            .toList();
    return notifications.find(Filters.in("_id", ids)).into(new ArrayList<>()).stream()
        .map(NotificationStore::notification)
        .sorted(Comparator.comparing(Notification::kind))
        .toList();
  }

  /**
   * Records that the SMTP server accepted the email, and {@code NotificationSent} with it. False if
   * the notification was no longer pending (another consumer got there first).
   */
  boolean markSent(Notification notification, OrderOutcome outcome, Instant sentAt) {
    var sent = sent(notification, outcome, sentAt);
    return completeIfPending(sent.write(), sent.events());
  }

  /**
   * The write that records {@code notification} SENT, with its {@code NotificationSent} serialised
   * now (in the trace of whoever calls), for {@link #completeAll}.
   */
  Completion sent(Notification notification, OrderOutcome outcome, Instant sentAt) {
    var events =
        outbox.pending(
            notification.id(),
            List.of(
                new NotificationSent(
                    notification.orderId(),
                    notification.kind(),
                    sentAt,
                    notification.recipient())));
    return new Completion(
        notification,
        write(
            notification,
            outcome,
            sentAt,
            new Document("status", NotificationStatus.SENT.name())
                .append("sentAt", Date.from(sentAt))
                .append(NEXT_ATTEMPT_AT, null),
            events),
        events);
  }

  /**
   * A final status and its announcement, to be written to a pending notification (or as a new one,
   * if it is not stored yet).
   */
  record Completion(Notification notification, Write write, PendingEvents events) {}

  /**
   * One conditional upsert of a notification: its filter, {@code {_id, status: PENDING}}, matches
   * it while it is pending; if there is no document, the upsert creates it (with the filter's
   * fields, the update's and the insert-only ones: the outcome, the recipient, the current trace);
   * if there is one no longer pending, the insert finds its {@code _id} taken and nothing is
   * written.
   */
  record Write(String id, Bson update) {

    Bson filter() {
      return pending(id);
    }
  }

  /**
   * {@link #markSent} for many notifications, in one unordered {@code bulkWrite} of the same
   * conditional upserts; answers the ids of those it completed. An upsert either updates the
   * pending notification, or creates a missing one, or finds the {@code _id} taken by one no longer
   * pending (completed elsewhere; see {@link #upsertAll} for the one other cause of a duplicate
   * key, and why a second try settles it). Each completed one's announcement is handed to the
   * relay.
   */
  Set<String> completeAll(List<Completion> completions) {
    if (completions.isEmpty()) {
      return Set.of();
    }
    var lost = upsertAll(completions.stream().map(Completion::write).toList());
    var won = new HashSet<String>();
    for (int i = 0; i < completions.size(); i++) {
      if (!lost.contains(i)) {
        won.add(completions.get(i).notification().id());
        outbox.stored(completions.get(i).events());
      }
    }
    return Set.copyOf(won);
  }

  /** Records that the last attempt failed too and the email is given up, with {@code reason}. */
  boolean markFailed(
      Notification notification, OrderOutcome outcome, String reason, Instant failedAt) {
    var events =
        outbox.pending(
            notification.id(),
            List.of(
                new NotificationFailed(
                    notification.orderId(),
                    notification.kind(),
                    failedAt,
                    notification.recipient(),
                    Bounds.shortened(reason))));
    return completeIfPending(
        write(
            notification,
            outcome,
            failedAt,
            new Document("status", NotificationStatus.FAILED.name())
                .append("lastError", reason)
                .append(NEXT_ATTEMPT_AT, null),
            events),
        events);
  }

  /**
   * Counts a failed attempt and leaves the next one to the sweep, at {@code nextAttemptAt}. False
   * if the notification was no longer pending.
   */
  boolean defer(
      Notification notification,
      OrderOutcome outcome,
      String reason,
      Instant failedAt,
      Instant nextAttemptAt) {
    var write =
        write(
            notification,
            outcome,
            failedAt,
            new Document("lastError", reason).append(NEXT_ATTEMPT_AT, Date.from(nextAttemptAt)),
            null,
            // Only an email sent again needs them: the sweep has no record to read them from.
            outcome.details());
    return upsertAll(List.of(write)).isEmpty();
  }

  /**
   * The deferred emails whose next attempt is due at {@code now}, the earliest first, at most
   * {@code limit}, from the partial index of the PENDING notifications.
   */
  List<DeferredEmail> due(Instant now, int limit) {
    return notifications
        .find(
            new Document("status", NotificationStatus.PENDING.name())
                .append(NEXT_ATTEMPT_AT, new Document("$lte", Date.from(now))))
        .sort(new Document(NEXT_ATTEMPT_AT, 1))
        .limit(limit)
        .into(new ArrayList<>())
        .stream()
        .map(document ->
            new DeferredEmail(
                notification(document), outcome(document), document.getString(TRACEPARENT)))
        .toList();
  }

  /**
   * The deferred emails that were due before {@code dueBefore} and are still pending; fails once
   * the count has taken {@code atMost}.
   */
  long overdue(Instant dueBefore, Duration atMost) {
    return notifications
        .withTimeout(atMost.toMillis(), TimeUnit.MILLISECONDS)
        .countDocuments(
            new Document("status", NotificationStatus.PENDING.name())
                .append(NEXT_ATTEMPT_AT, new Document("$lt", Date.from(dueBefore))));
  }

  private boolean completeIfPending(Write write, PendingEvents events) {
    if (!upsertAll(List.of(write)).isEmpty()) {
      return false;
    }
    outbox.stored(events);
    return true;
  }

  /**
   * The update of {@link Write}: {@code set}, one attempt more, {@code events} pushed into the
   * outbox, and what a new document needs besides ({@code $setOnInsert}, without the fields the
   * update sets; with {@code order}, the order's details, when {@code keep} names them).
   */
  private Write write(
      Notification notification,
      OrderOutcome outcome,
      Instant now,
      Document set,
      @Nullable PendingEvents events) {
    return write(notification, outcome, now, set, events, null);
  }

  private Write write(
      Notification notification,
      OrderOutcome outcome,
      Instant now,
      Document set,
      @Nullable PendingEvents events,
      @Nullable OrderDetails keep) {
    var onInsert =
        new Document("orderId", outcome.orderId())
            .append("kind", outcome.kind().name())
            .append("recipient", notification.recipient())
            .append("occurredAt", Date.from(outcome.occurredAt()))
            .append("outcomeReason", outcome.reason())
            .append(TRACEPARENT, traceparent().orElse(null))
            .append("createdAt", Date.from(now))
            .append("sentAt", null)
            .append("lastError", null)
            .append(NEXT_ATTEMPT_AT, null);
    if (keep != null) {
      onInsert.append(ORDER, PlacedOrders.fields(keep));
    }
    set.keySet().forEach(onInsert::remove);
    var update =
        new Document("$set", set)
            .append("$inc", new Document("attempts", 1))
            .append("$setOnInsert", onInsert);
    if (events == null) {
      onInsert.append(EmbeddedOutbox.FIELD, new ArrayList<>());
    } else {
      update.append(
          "$push", new Document(EmbeddedOutbox.FIELD, new Document("$each", events.entries())));
    }
    return new Write(notification.id(), update);
  }

  /**
   * Applies {@code writes} (one per notification) with one unordered {@code bulkWrite}; answers the
   * indexes of those that lost to a notification no longer pending, and wrote nothing. A duplicate
   * key can also mean that the notification was created PENDING (deferred by a consumer handling a
   * copy of the same event) between an upsert's match and its insert: so the losers are tried once
   * more, and then either update that pending notification or find a final one for certain
   * (notifications are never deleted).
   */
  private Set<Integer> upsertAll(List<Write> writes) {
    var lost = lost(writes);
    if (lost.isEmpty()) {
      return lost;
    }
    var again = lost.stream().sorted().toList();
    var lostAgain = lost(again.stream().map(writes::get).toList());
    return lostAgain.stream().map(again::get).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The indexes of {@code writes} whose upsert found its {@code _id} taken, and wrote nothing
   * ({@link Bulk#writeAll}); every other one updated or created its notification.
   */
  private Set<Integer> lost(List<Write> writes) {
    return Bulk.writeAll(
        notifications,
        writes.stream()
            .map(write -> new UpdateOneModel<Document>(write.filter(), write.update(), UPSERT))
            .toList());
  }

  /** A plain document, not {@code Filters.and} (that is {@code $and}): keys exactly the index's. */
  private static Bson pending(String id) {
    return new Document("_id", id).append("status", NotificationStatus.PENDING.name());
  }

  /**
   * The outcome a deferred email tells of, with the order's details if its first write kept them (a
   * notification deferred before terminal events carried them has none: the email is written from
   * the kept copy of the placement). A notification stored before the sweep existed has no {@code
   * occurredAt} (nor {@code outcomeReason}): its creation, when its event was handled, is the
   * nearest time known; the email then names no reason.
   */
  private static OrderOutcome outcome(Document document) {
    var occurredAt = document.getDate("occurredAt");
    if (occurredAt == null) {
      occurredAt = document.getDate("createdAt");
    }
    if (occurredAt == null) {
      occurredAt = document.getDate(NEXT_ATTEMPT_AT);
    }
    var orderId = document.getString("orderId");
    var details = document.get(ORDER, Document.class);
    return new OrderOutcome(
        orderId,
        NotificationKind.valueOf(document.getString("kind")),
        document.getString("outcomeReason"),
        Objects.requireNonNull(occurredAt, "a due email has nextAttemptAt").toInstant(),
        details == null ? null : PlacedOrders.details(orderId, details));
  }

  private static Notification notification(Document document) {
    var sentAt = document.getDate("sentAt");
    var nextAttemptAt = document.getDate(NEXT_ATTEMPT_AT);
    return new Notification(
        document.getString("_id"),
        document.getString("orderId"),
        NotificationKind.valueOf(document.getString("kind")),
        document.getString("recipient"),
        NotificationStatus.valueOf(document.getString("status")),
        document.getInteger("attempts", 0),
        sentAt == null ? null : sentAt.toInstant(),
        document.getString("lastError"),
        nextAttemptAt == null ? null : nextAttemptAt.toInstant());
  }
}
