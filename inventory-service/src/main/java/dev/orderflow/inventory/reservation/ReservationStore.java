package dev.orderflow.inventory.reservation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOneModel;
import dev.orderflow.events.ReservationEvent;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.inventory.domain.Reservation;
import dev.orderflow.inventory.domain.ReservationStatus;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.mongo.Bulk;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.TraceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The reservation documents, which are also the outbox of the saga's events:
 *
 * <pre>{@code
 * { _id: orderId, status, lines: [ {sku, quantity} ], version, attempt, updatedAt,
 *   finishedBy, outbox: [ ...events not yet published... ] }
 * }</pre>
 *
 * {@code finishedBy} is the attempt whose finish in a batch ({@link #finishAll}) landed, set only
 * there: it tells that the finish landed whatever happened to the reservation after it.
 *
 * <p>Every write after the first is a compare-and-set on {@code version}. Filters and updates are
 * plain documents handed to the driver: Spring Data's query mapping would turn an order id that
 * happens to look like an ObjectId into one.
 */
@Component
class ReservationStore {

  static final String COLLECTION = "reservations";
  private static final String ID = "_id";
  private static final String STATUS = "status";
  private static final String LINES = "lines";
  private static final String SKU = "sku";
  private static final String QUANTITY = "quantity";
  private static final String VERSION = "version";
  private static final String ATTEMPT = "attempt";
  private static final String UPDATED_AT = "updatedAt";
  private static final String FINISHED_BY = "finishedBy";

  private final MongoCollection<Document> documents;
  private final EmbeddedOutbox outbox;
  private final Clock clock;

  ReservationStore(MongoTemplate mongo, EventJson json, OutboxRelay relay, Clock clock) {
    this.documents = mongo.getCollection(COLLECTION);
    this.outbox = new EmbeddedOutbox(COLLECTION, mongo, json, relay, clock);
    this.clock = clock;
    // Redundant on real MongoDB; on mongo-java-server it makes every compare-and-set filter
    // {_id, version} an index lookup instead of a collection scan.
    documents.createIndex(new Document(ID, 1).append(VERSION, 1), new IndexOptions().unique(true));
  }

  Optional<Reservation> find(String orderId) {
    return Optional.ofNullable(documents.find(new Document(ID, orderId)).first())
        .map(ReservationStore::reservation);
  }

  /** The reservations of {@code orderIds} that exist, by order id, read with one command. */
  Map<String, Reservation> findAll(Collection<String> orderIds) {
    var found = new HashMap<String, Reservation>();
    if (orderIds.isEmpty()) {
      return found;
    }
    documents
        .find(new Document(ID, new Document("$in", List.copyOf(orderIds))))
        .forEach(document -> found.put(document.getString(ID), reservation(document)));
    return found;
  }

  /**
   * Stores a new reservation (or a tombstone); false if the order has one already (a redelivery, a
   * tombstone, or another handler of the same record that came first).
   */
  boolean insert(Reservation reservation) {
    return InsertIfAbsent.into(documents, document(reservation));
  }

  /**
   * {@link #insert} for a batch, with one unordered {@code insertMany}: answers the indexes (in
   * {@code started}) of the orders that have a reservation already, which were not inserted.
   */
  Set<Integer> insertAll(List<Reservation> started) {
    return Bulk.insertAll(documents, started.stream().map(this::document).toList());
  }

  /**
   * Claims a reservation as it was read, moving it to {@code status}: the caller becomes its only
   * owner, and whoever owned it before can no longer finish it. Empty if it changed since it was
   * read.
   */
  Optional<Reservation> claim(Reservation seen, ReservationStatus status) {
    var result =
        documents.updateOne(atVersion(seen), claim(seen, status, Date.from(clock.instant())));
    return result.getModifiedCount() == 1 ? Optional.of(seen.claimed(status)) : Optional.empty();
  }

  private static Document claim(Reservation seen, ReservationStatus status, Date now) {
    return new Document(
            "$set",
            new Document(STATUS, status.name())
                .append(ATTEMPT, seen.claimed(status).attempt())
                .append(UPDATED_AT, now))
        .append("$inc", new Document(VERSION, 1L));
  }

  /**
   * {@link #claim} for a batch, with one unordered {@code bulkWrite}: true if every claim landed.
   * When one did not, the others may have: MongoDB tells only how many matched, and telling them
   * apart by what they wrote is not possible (another attempt claiming from the same version writes
   * the same), so the caller owns none of them and leaves them all as a crash after the claims
   * would.
   */
  boolean claimAll(List<Reservation> seen, ReservationStatus status) {
    if (seen.isEmpty()) {
      return true;
    }
    var now = Date.from(clock.instant());
    var models = new ArrayList<UpdateOneModel<Document>>(seen.size());
    for (var reservation : seen) {
      models.add(new UpdateOneModel<>(atVersion(reservation), claim(reservation, status, now)));
    }
    return documents.bulkWrite(models, new BulkWriteOptions().ordered(false)).getMatchedCount()
        == seen.size();
  }

  /** True while nobody has claimed or finished the reservation since {@code claimed}. */
  boolean stillOwned(Reservation claimed) {
    return find(claimed.orderId())
        .map(current -> current.version() == claimed.version())
        .orElse(false);
  }

  /**
   * Moves a claimed reservation to its final {@code status} and stores the event that announces it,
   * in one write: the state and its announcement cannot disagree. False if another attempt claimed
   * it meanwhile.
   */
  boolean finish(Reservation claimed, ReservationStatus status, ReservationEvent announcement) {
    var pending = outbox.pending(claimed.orderId(), List.of(announcement));
    var result =
        documents.updateOne(
            atVersion(claimed),
            new Document(
                    "$set",
                    new Document(STATUS, status.name())
                        .append(UPDATED_AT, Date.from(clock.instant())))
                .append("$inc", new Document(VERSION, 1L))
                .append(
                    "$push",
                    new Document(EmbeddedOutbox.FIELD, new Document("$each", pending.entries()))));
    if (result.getModifiedCount() != 1) {
      return false;
    }
    outbox.stored(pending);
    return true;
  }

  /**
   * A {@link #finish} to make in a batch; its announcement joins the trace {@code traceparent}
   * names, that of the record it answers.
   */
  record Finish(
      Reservation claimed,
      ReservationStatus status,
      ReservationEvent announcement,
      @Nullable String traceparent) {}

  /**
   * {@link #finish} for a batch, at most one per order, with one unordered {@code bulkWrite};
   * answers the indexes (in {@code finishes}) of those that lost because another attempt claimed
   * the reservation meanwhile. The announcements of the others go to the relay.
   *
   * <p>MongoDB tells only how many filters matched. When fewer than all did, one {@code find $in}
   * tells the winners by the tag each finish sets, {@code finishedBy} = the finishing attempt: not
   * by status and attempt, since a winner may be claimed again (a cancel, {@code RELEASING})
   * between the write and the read, and a finish that landed must not be taken for lost (its
   * markers would never be removed: the per-record path finds it {@code RELEASING} and leaves
   * them). No other write sets the tag, and a claim does not remove it.
   */
  Set<Integer> finishAll(List<Finish> finishes) {
    if (finishes.isEmpty()) {
      return Set.of();
    }
    var now = Date.from(clock.instant());
    var pending = new ArrayList<EmbeddedOutbox.PendingEvents>(finishes.size());
    var models = new ArrayList<UpdateOneModel<Document>>(finishes.size());
    for (var finish : finishes) {
      var events =
          TraceContext.within(
              finish.traceparent(),
              () -> outbox.pending(finish.claimed().orderId(), List.of(finish.announcement())));
      pending.add(events);
      models.add(
          new UpdateOneModel<>(
              atVersion(finish.claimed()),
              new Document(
                      "$set",
                      new Document(STATUS, finish.status().name())
                          .append(UPDATED_AT, now)
                          .append(FINISHED_BY, finish.claimed().attempt()))
                  .append("$inc", new Document(VERSION, 1L))
                  .append(
                      "$push",
                      new Document(
                          EmbeddedOutbox.FIELD, new Document("$each", events.entries())))));
    }
    var result = documents.bulkWrite(models, new BulkWriteOptions().ordered(false));
    var lost = result.getMatchedCount() == finishes.size() ? Set.<Integer>of() : losers(finishes);
    for (int i = 0; i < finishes.size(); i++) {
      if (!lost.contains(i)) {
        outbox.stored(pending.get(i));
      }
    }
    return lost;
  }

  /** The finishes that did not land: read again, a reservation not tagged by the finisher. */
  Set<Integer> losers(List<Finish> finishes) {
    var ids = finishes.stream().map(finish -> finish.claimed().orderId()).toList();
    var finishedBy = new HashMap<String, Long>();
    documents
        .find(new Document(ID, new Document("$in", ids)))
        .forEach(document -> {
          var by = document.get(FINISHED_BY, Number.class);
          if (by != null) {
            finishedBy.put(document.getString(ID), by.longValue());
          }
        });
    var lost = new HashSet<Integer>();
    for (int i = 0; i < finishes.size(); i++) {
      var finish = finishes.get(i);
      var by = finishedBy.get(finish.claimed().orderId());
      if (by == null || by != finish.claimed().attempt()) {
        lost.add(i);
      }
    }
    return Set.copyOf(lost);
  }

  private static Document atVersion(Reservation reservation) {
    return new Document(ID, reservation.orderId()).append(VERSION, reservation.version());
  }

  private Document document(Reservation reservation) {
    var lines =
        reservation.lines().stream()
            .map(line -> new Document(SKU, line.sku()).append(QUANTITY, line.quantity()))
            .toList();
    return new Document(ID, reservation.orderId())
        .append(STATUS, reservation.status().name())
        .append(LINES, lines)
        .append(VERSION, reservation.version())
        .append(ATTEMPT, reservation.attempt())
        .append(UPDATED_AT, Date.from(clock.instant()))
        .append(EmbeddedOutbox.FIELD, List.of());
  }

  private static Reservation reservation(Document document) {
    var lines =
        document.getList(LINES, Document.class).stream()
            .map(line -> new StockLine(line.getString(SKU), line.getInteger(QUANTITY)))
            .toList();
    return new Reservation(
        document.getString(ID),
        ReservationStatus.valueOf(document.getString(STATUS)),
        lines,
        number(document, VERSION),
        number(document, ATTEMPT));
  }

  /** A counter, stored as an int or a long depending on who wrote it last. */
  private static long number(Document document, String field) {
    return Objects.requireNonNull(document.get(field, Number.class), field).longValue();
  }
}
