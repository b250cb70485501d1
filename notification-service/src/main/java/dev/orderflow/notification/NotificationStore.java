package dev.orderflow.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import dev.orderflow.events.Bounds;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.InsertIfAbsent;
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
 *   outbox: [ NotificationSent | NotificationFailed ] }
 * }</pre>
 *
 * <ul>
 *   <li><b>One per order and kind</b>: the {@code _id} is derived from both, so the first insert
 *       claims the email and every later copy of the same event finds the document instead.
 *   <li><b>Final states are final</b>: every change is conditional on {@code status: PENDING}, so
 *       SENT or FAILED is never overwritten and is announced once.
 *   <li><b>No dual write</b>: the announcing event is pushed into {@code outbox} by the same
 *       single-document update that changes the status; the relay publishes it afterwards.
 *   <li><b>Deferred in place</b>: an email turned away for now stays PENDING with {@code
 *       nextAttemptAt}; the outcome it tells of ({@code occurredAt}, {@code outcomeReason}) is
 *       stored with it from the start, so the sweep can send it again without its record; so is the
 *       record's {@code traceparent}, so that what the sweep does joins the order's trace.
 *   <li><b>Reads by primary key</b>, which every MongoDB answers from an index, except the sweep's
 *       query for deferred emails that are due, answered from {@code {status, nextAttemptAt}}.
 * </ul>
 */
@Component
class NotificationStore {

  static final String COLLECTION = "notifications";
  private static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
  private static final String TRACEPARENT = "traceparent";

  private static final Logger log = LoggerFactory.getLogger(NotificationStore.class);

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
    // The sweep's query for deferred emails that are due, and the overdue gauge's: an equality on
    // status, a range and sort on nextAttemptAt. mongo-java-server accepts the index (and scans).
    notifications.createIndex(new Document("status", 1).append(NEXT_ATTEMPT_AT, 1));
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
   * The notification of this outcome: stored as PENDING if it is new, as it is if it exists (a
   * redelivered or duplicated event, or a retry after a failed attempt).
   */
  Notification claim(OrderOutcome outcome, String recipient, Instant now) {
    var document = pendingDocument(outcome, recipient, traceparent().orElse(null), now);
    if (InsertIfAbsent.into(notifications, document)) {
      return notification(document);
    }
    return find(outcome.notificationId())
        .orElseThrow(() -> new IllegalStateException("Duplicate key but no document"));
  }

  /**
   * {@link #claim} for a batch's outcomes (each with the recipient and record's trace at the same
   * index), in one {@code insertMany}, plus one {@code find $in} for those that existed. The
   * outcomes must be of different notifications: a second claim of one in the same call would find
   * the first's fresh PENDING document and take it for an earlier attempt to resume.
   */
  List<Notification> claimAll(
      List<OrderOutcome> outcomes,
      List<String> recipients,
      List<Optional<String>> traceparents,
      Instant now) {
    var documents = new ArrayList<Document>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      documents.add(
          pendingDocument(
              outcomes.get(i), recipients.get(i), traceparents.get(i).orElse(null), now));
    }
    var taken = Bulk.insertAll(notifications, documents);
    var existing = new HashMap<String, Notification>();
    if (!taken.isEmpty()) {
      var ids = taken.stream().map(i -> outcomes.get(i).notificationId()).toList();
      notifications
          .find(Filters.in("_id", ids))
          .forEach(document -> existing.put(document.getString("_id"), notification(document)));
    }
    var claimed = new ArrayList<Notification>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      var id = outcomes.get(i).notificationId();
      claimed.add(
          taken.contains(i)
              ? Objects.requireNonNull(existing.get(id), () -> "Duplicate key but no " + id)
              : notification(documents.get(i)));
    }
    return claimed;
  }

  /**
   * The trace current here (a record's, within its scope), as {@link #claim} stores it and as the
   * announcements written here carry it.
   */
  Optional<String> traceparent() {
    return relay.traceparent();
  }

  private static Document pendingDocument(
      OrderOutcome outcome, String recipient, @Nullable String traceparent, Instant now) {
    return new Document("_id", outcome.notificationId())
        .append("orderId", outcome.orderId())
        .append("kind", outcome.kind().name())
        .append("recipient", recipient)
        .append("occurredAt", Date.from(outcome.occurredAt()))
        .append("outcomeReason", outcome.reason())
        .append(TRACEPARENT, traceparent)
        .append("status", NotificationStatus.PENDING.name())
        .append("attempts", 0)
        .append("createdAt", Date.from(now))
        .append("sentAt", null)
        .append("lastError", null)
        .append(NEXT_ATTEMPT_AT, null)
        .append(EmbeddedOutbox.FIELD, new ArrayList<>());
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
  boolean markSent(Notification notification, Instant sentAt) {
    var sent = sent(notification, sentAt);
    return completeIfPending(notification, sent.statusChange(), sent.events());
  }

  /**
   * The write that records {@code notification} SENT, with its {@code NotificationSent} serialised
   * now (in the trace of whoever calls), for {@link #completeAll}.
   */
  Completion sent(Notification notification, Instant sentAt) {
    return new Completion(
        notification,
        Updates.combine(
            Updates.set("status", NotificationStatus.SENT.name()),
            Updates.set("sentAt", Date.from(sentAt)),
            Updates.set(NEXT_ATTEMPT_AT, null),
            Updates.inc("attempts", 1)),
        outbox.pending(
            notification.id(),
            List.of(
                new NotificationSent(
                    notification.orderId(),
                    notification.kind(),
                    sentAt,
                    notification.recipient()))));
  }

  /** A final status and its announcement, to be written to a pending notification. */
  record Completion(Notification notification, Bson statusChange, PendingEvents events) {}

  /**
   * {@link #markSent} for many notifications, in one unordered {@code bulkWrite} of the same
   * conditional updates; answers the ids of those it completed (the others were no longer pending:
   * completed elsewhere). When fewer than all matched, one {@code find $in} tells which: a
   * notification this write completed holds this write's announcement (its event id). Each
   * completed one's announcement is handed to the relay.
   */
  Set<String> completeAll(List<Completion> completions) {
    if (completions.isEmpty()) {
      return Set.of();
    }
    var updates =
        completions.stream()
            .map(completion ->
                new UpdateOneModel<Document>(
                    pending(completion.notification().id()),
                    Updates.combine(
                        completion.statusChange(),
                        Updates.pushEach(EmbeddedOutbox.FIELD, completion.events().entries()))))
            .toList();
    var result = notifications.bulkWrite(updates, new BulkWriteOptions().ordered(false));
    var won = new HashSet<String>();
    if (result.getMatchedCount() == completions.size()) {
      completions.forEach(completion -> won.add(completion.notification().id()));
    } else {
      var ids = completions.stream().map(completion -> completion.notification().id()).toList();
      var announced = new HashSet<String>();
      notifications
          .find(Filters.in("_id", ids))
          .forEach(document ->
              document.getList(EmbeddedOutbox.FIELD, Document.class, List.of()).stream()
                  .map(entry -> entry.getString("eventId"))
                  .forEach(announced::add));
      for (var completion : completions) {
        var eventId = completion.events().messages().getFirst().eventId();
        if (announced.contains(eventId)) {
          won.add(completion.notification().id());
        }
      }
    }
    for (var completion : completions) {
      if (won.contains(completion.notification().id())) {
        outbox.stored(completion.events());
      }
    }
    return Set.copyOf(won);
  }

  /** Records that the last attempt failed too and the email is given up, with {@code reason}. */
  boolean markFailed(Notification notification, String reason, Instant failedAt) {
    return completeIfPending(
        notification,
        Updates.combine(
            Updates.set("status", NotificationStatus.FAILED.name()),
            Updates.set("lastError", reason),
            Updates.set(NEXT_ATTEMPT_AT, null),
            Updates.inc("attempts", 1)),
        new NotificationFailed(
            notification.orderId(),
            notification.kind(),
            failedAt,
            notification.recipient(),
            Bounds.shortened(reason)));
  }

  /**
   * Counts a failed attempt and leaves the next one to the sweep, at {@code nextAttemptAt}. False
   * if the notification was no longer pending.
   */
  boolean defer(Notification notification, String reason, Instant nextAttemptAt) {
    var result =
        notifications.updateOne(
            pending(notification.id()),
            Updates.combine(
                Updates.inc("attempts", 1),
                Updates.set("lastError", reason),
                Updates.set(NEXT_ATTEMPT_AT, Date.from(nextAttemptAt))));
    return result.getModifiedCount() == 1;
  }

  /**
   * The deferred emails whose next attempt is due at {@code now}, the earliest first, at most
   * {@code limit}, from the index {@code {status, nextAttemptAt}} (mongo-java-server scans).
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

  private boolean completeIfPending(
      Notification notification, Bson statusChange, NotificationEvent announcement) {
    return completeIfPending(
        notification, statusChange, outbox.pending(notification.id(), List.of(announcement)));
  }

  private boolean completeIfPending(
      Notification notification, Bson statusChange, PendingEvents events) {
    var result =
        notifications.updateOne(
            pending(notification.id()),
            Updates.combine(
                statusChange, Updates.pushEach(EmbeddedOutbox.FIELD, events.entries())));
    if (result.getModifiedCount() != 1) {
      return false;
    }
    outbox.stored(events);
    return true;
  }

  /** A plain document, not {@code Filters.and} (that is {@code $and}): keys exactly the index's. */
  private static Bson pending(String id) {
    return new Document("_id", id).append("status", NotificationStatus.PENDING.name());
  }

  /**
   * The outcome a deferred email tells of. A notification stored before the sweep existed has no
   * {@code occurredAt} (nor {@code outcomeReason}): its creation, when its event was handled, is
   * the nearest time known; the email then names no reason.
   */
  private static OrderOutcome outcome(Document document) {
    var occurredAt = document.getDate("occurredAt");
    if (occurredAt == null) {
      occurredAt = document.getDate("createdAt");
    }
    if (occurredAt == null) {
      occurredAt = document.getDate(NEXT_ATTEMPT_AT);
    }
    return new OrderOutcome(
        document.getString("orderId"),
        NotificationKind.valueOf(document.getString("kind")),
        document.getString("outcomeReason"),
        Objects.requireNonNull(occurredAt, "a due email has nextAttemptAt").toInstant());
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
