package dev.orderflow.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.platform.mongo.InsertIfAbsent;
import dev.orderflow.platform.mongo.LastWritten;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.jspecify.annotations.Nullable;

/**
 * Read, decide, write back only if nobody wrote in between: the optimistic single-document update
 * every derived read model uses. A document carries a {@code revision} that each write increments;
 * a replace names the revision it read, and a miss means "read again and decide again". No
 * multi-document transaction, so the same code runs on MongoDB and on mongo-java-server. What it
 * wrote last is remembered ({@link LastWritten}), as encoded BSON, so a document's next update
 * decides on that without reading it first, and on exactly what a read would return.
 */
public final class MongoRevisions {

  /** How often a decision is retried on a document that keeps changing before giving up. */
  public static final int ATTEMPTS = 10;

  private final MongoCollection<Document> collection;
  private final Codec<Document> codec;
  private final LastWritten<String, RawBsonDocument> written = new LastWritten<>();

  public MongoRevisions(MongoCollection<Document> collection) {
    this.collection = collection;
    this.codec = collection.getCodecRegistry().get(Document.class);
    // Redundant for MongoDB, which finds {_id, revision} through _id alone; mongo-java-server
    // scans the whole collection for that filter unless a unique index has exactly these keys.
    collection.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
  }

  public MongoCollection<Document> collection() {
    return collection;
  }

  public Optional<Document> find(String id) {
    return Optional.ofNullable(collection.find(new Document("_id", id)).first());
  }

  /**
   * What to do with a document: store {@code next} (its {@code _id} and {@code revision} are filled
   * in), or nothing when it is null; {@code result} is handed back either way.
   */
  public record Decision<R>(@Nullable Document next, R result) {

    public static <R> Decision<R> write(Document next, R result) {
      return new Decision<>(next, result);
    }

    public static <R> Decision<R> keep(R result) {
      return new Decision<>(null, result);
    }
  }

  /**
   * Reads document {@code id}, lets {@code decide} say what it becomes, and writes that back if the
   * document did not change since it was read; otherwise starts over, at most {@link #ATTEMPTS}
   * times, then throws {@link ViewBusyException} (the record is retried later).
   */
  public <R> R update(String id, Function<Optional<Document>, Decision<R>> decide) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var remembered = written.take(id).map(raw -> raw.decode(codec));
      var current = remembered.isPresent() ? remembered : find(id);
      var decision = decide.apply(current);
      if (decision.next() == null) {
        if (remembered.isEmpty()) {
          return decision.result();
        }
        // Nothing to write, so nothing checked the remembered document: decide on the stored one.
        continue;
      }
      if (write(id, current, decision.next())) {
        return decision.result();
      }
    }
    throw new ViewBusyException(collection.getNamespace().getCollectionName() + "/" + id, ATTEMPTS);
  }

  private boolean write(String id, Optional<Document> current, Document next) {
    long revision = current.map(document -> document.getLong("revision")).orElse(0L);
    var stored = withKey(next, id, revision + 1);
    // The replace's filter is a plain document, not Filters.and(...), which renders as $and:
    // mongo-java-server matches the unique index only when the filter's keys are exactly its keys.
    boolean done =
        current.isEmpty()
            ? InsertIfAbsent.into(collection, stored)
            : collection
                    .replaceOne(new Document("_id", id).append("revision", revision), stored)
                    .getMatchedCount()
                == 1;
    if (done) {
      written.put(id, new RawBsonDocument(stored, codec));
    }
    return done;
  }

  private static Document withKey(Document content, String id, long revision) {
    var document = new Document("_id", id).append("revision", revision);
    content.forEach((key, value) -> {
      if (!key.equals("_id") && !key.equals("revision")) {
        document.append(key, value);
      }
    });
    return document;
  }
}
