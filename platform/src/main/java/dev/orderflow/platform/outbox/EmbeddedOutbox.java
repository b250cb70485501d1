package dev.orderflow.platform.outbox;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOneModel;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;

/**
 * An outbox kept inside the documents of one collection: a document stores the events its latest
 * change produced in an {@value #FIELD} array, in the same single-document write as the change
 * itself, so the state and its announcement can never disagree. Publishing removes them from the
 * array.
 *
 * <pre>{@code
 * var events = outbox.pending(orderId, List.of(reserved));
 * var result = mongo.updateFirst(query, events.addTo(update), COLLECTION);
 * if (result.getModifiedCount() == 1) outbox.stored(events);
 * }</pre>
 */
public final class EmbeddedOutbox implements OutboxSource {

  public static final String FIELD = "outbox";

  /** The documents with events to publish: the filter of the partial index the queries use. */
  private static final Document WAITING = new Document(FIELD + ".0", new Document("$exists", true));

  private final String collection;
  private final MongoOperations mongo;
  private final EventJson json;
  private final OutboxRelay relay;
  private final Clock clock;

  public EmbeddedOutbox(
      String collection, MongoOperations mongo, EventJson json, OutboxRelay relay, Clock clock) {
    this.collection = collection;
    this.mongo = mongo;
    this.json = json;
    this.relay = relay;
    this.clock = clock;
    // The sweep's and the backlog gauge's queries ask for a non-empty outbox: a partial index
    // holds only those documents, on MongoDB and on the embedded server, which would otherwise scan
    // the whole collection every few seconds (ADR 3).
    mongo
        .getCollection(collection)
        .createIndex(
            new Document(FIELD + ".storedAt", 1),
            new IndexOptions().name("outbox_pending").partialFilterExpression(WAITING));
    relay.register(this);
  }

  /**
   * Events about to be stored in document {@code documentId}, serialised once for store and relay.
   */
  public PendingEvents pending(String documentId, List<? extends DomainEvent> events) {
    var storedAt = clock.instant();
    var traceparent = relay.traceparent().orElse(null);
    var entries = new ArrayList<Document>(events.size());
    var messages = new ArrayList<OutboxMessage>(events.size());
    for (var event : events) {
      var payload = json.write(event);
      var message = OutboxMessage.of(collection, documentId, 0, event, payload, traceparent);
      messages.add(message);
      entries.add(
          new Document("eventId", message.eventId())
              .append("type", message.type())
              .append("topic", message.topic())
              .append("key", message.key())
              .append("occurredAt", Date.from(message.occurredAt()))
              .append("storedAt", Date.from(storedAt))
              .append("payload", payload)
              .append("traceparent", traceparent));
    }
    return new PendingEvents(List.copyOf(entries), List.copyOf(messages));
  }

  /** Hands events over to the relay once the write that stored them has succeeded. */
  public void stored(PendingEvents events) {
    relay.handOff(events.messages());
  }

  @Override
  public String name() {
    return collection;
  }

  @Override
  public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
    var messages = new ArrayList<OutboxMessageOrder>();
    var documents =
        mongo.getCollection(collection).find(WAITING).projection(new Document(FIELD, 1));
    for (var document : documents) {
      for (var entry : document.getList(FIELD, Document.class)) {
        if (entry.getDate("storedAt").toInstant().isBefore(storedBefore)) {
          messages.add(message(document.getString("_id"), entry));
        }
      }
    }
    return messages.stream()
        .sorted(Comparator.comparing(OutboxMessageOrder::storedAt))
        .limit(limit)
        .map(OutboxMessageOrder::message)
        .toList();
  }

  /** Reads only the times the events were stored, of the documents that have any old enough. */
  @Override
  public long countUnpublished(Instant storedBefore, int limit) {
    long count = 0;
    var documents =
        mongo
            .getCollection(collection)
            .find(
                Filters.and(
                    WAITING,
                    Filters.elemMatch(FIELD, Filters.lt("storedAt", Date.from(storedBefore)))))
            .projection(new Document(FIELD + ".storedAt", 1).append("_id", 0));
    for (var document : documents) {
      count +=
          document.getList(FIELD, Document.class).stream()
              .filter(entry -> entry.getDate("storedAt").toInstant().isBefore(storedBefore))
              .count();
      if (count >= limit) {
        return limit;
      }
    }
    return count;
  }

  @Override
  public void markPublished(List<OutboxMessage> messages) {
    var byDocument =
        messages.stream()
            .collect(
                Collectors.groupingBy(
                    OutboxMessage::documentId,
                    LinkedHashMap::new,
                    Collectors.mapping(OutboxMessage::eventId, Collectors.toList())));
    if (byDocument.isEmpty()) {
      return;
    }
    // One command for the relay's whole batch, not one per document: each command costs the
    // embedded database a commit (ADR 12). Unordered: the pulls are independent.
    var pulls =
        byDocument.entrySet().stream()
            .map(entry ->
                new UpdateOneModel<Document>(
                    Filters.eq("_id", entry.getKey()),
                    new Document(
                        "$pull",
                        new Document(
                            FIELD,
                            new Document("eventId", new Document("$in", entry.getValue()))))))
            .toList();
    mongo.getCollection(collection).bulkWrite(pulls, new BulkWriteOptions().ordered(false));
  }

  private OutboxMessageOrder message(String documentId, Document entry) {
    return new OutboxMessageOrder(
        entry.getDate("storedAt").toInstant(),
        new OutboxMessage(
            collection,
            documentId,
            0,
            entry.getString("topic"),
            entry.getString("key"),
            entry.getString("eventId"),
            entry.getString("type"),
            entry.getDate("occurredAt").toInstant(),
            entry.getString("payload"),
            entry.getString("traceparent")));
  }

  private record OutboxMessageOrder(Instant storedAt, OutboxMessage message) {}

  /** Events serialised for one document: what to write, and what to hand to the relay after. */
  public record PendingEvents(List<Document> entries, List<OutboxMessage> messages) {

    /** Adds the events to {@code update}, to be stored in the same write as the state change. */
    public Update addTo(Update update) {
      return update.push(FIELD).each(entries.toArray());
    }
  }
}
