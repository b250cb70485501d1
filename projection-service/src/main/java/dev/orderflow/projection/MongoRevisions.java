package dev.orderflow.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.concurrency.ContentionException;
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
 * every derived read model uses, one {@link CompareAndSet} round per attempt. A document carries a
 * {@code revision} that each write increments; a replace names the revision it read, and a miss
 * means "read again and decide again". No multi-document transaction, so the same code runs on
 * MongoDB and on mongo-java-server. What it wrote last is remembered ({@link LastWritten}), as
 * encoded BSON, so a document's next update decides on that without reading it first, and on
 * exactly what a read would return.
 */
public final class MongoRevisions {

  private final String kind;
  private final MongoCollection<Document> collection;
  private final Codec<Document> codec;
  private final LastWritten<String, RawBsonDocument> written = new LastWritten<>();

  /**
   * @param kind what the documents are, for {@link ContentionException}: {@code sales}, say
   */
  public MongoRevisions(String kind, MongoCollection<Document> collection) {
    this.kind = kind;
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
   * document did not change since it was read; otherwise starts over, in place.
   *
   * @throws ContentionException when the document kept changing for {@link CompareAndSet#ATTEMPTS}
   *     rounds (a listener retries the record later)
   */
  public <R> R update(String id, Function<Optional<Document>, Decision<R>> decide) {
    return CompareAndSet.until(
        Contended.of(kind, id),
        CompareAndSet.ATTEMPTS,
        () -> {
          var remembered = written.take(id).map(raw -> raw.decode(codec));
          var current = remembered.isPresent() ? remembered : find(id);
          var decision = decide.apply(current);
          var next = decision.next();
          if (next == null) {
            // Nothing to write, so nothing checked a remembered document: decide on the stored one.
            return remembered.isEmpty() ? Round.done(decision.result()) : Round.lost();
          }
          return write(id, current, next) ? Round.done(decision.result()) : Round.lost();
        });
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
