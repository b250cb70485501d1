package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * A collection whose documents H2 keeps as their BSON bytes ({@link BsonType}), decoded when a
 * command reads one. mongo-java-server's own {@code H2Collection} keeps them decoded in H2's pages:
 * a decoded document takes about eight times its BSON size on the heap, a page written after a
 * change encoded every document on it again, and the page cache's churn was most likely what the
 * {@code mongo} part's young collections copied (docs/engineering/benchmarks.md). Maps, keys and
 * the size kept in the collection's meta map are as {@code H2Collection} has them, so the file is
 * the same.
 *
 * <p>A read decodes a new document, so the updates mongo-java-server makes in place change nothing
 * stored until they are put back. The data size is counted from the bytes written and removed,
 * instead of by encoding each document once more to measure it, and every document written is
 * counted in the part's {@link DocumentWrites}.
 */
final class BsonCollection extends AbstractSynchronizedMongoCollection<Object> {

  private static final String DATA_SIZE_KEY = "dataSize";

  private final MVMap<Object, byte[]> documents;
  private final MVMap<String, Object> meta;
  private final DocumentWrites.Counts writes;

  BsonCollection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      MVMap<Object, byte[]> documents,
      MVMap<String, Object> meta,
      CursorRegistry cursors,
      DocumentWrites.Counts writes) {
    super(database, collectionName, options, cursors);
    this.documents = documents;
    this.meta = meta;
    this.writes = writes;
    meta.putIfAbsent(DATA_SIZE_KEY, 0L);
  }

  @Override
  protected boolean tracksDataSize() {
    return false; // counted here, from the bytes
  }

  @Override
  protected void updateDataSize(int sizeDelta) {
    if (sizeDelta == 0) {
      return;
    }
    synchronized (meta) {
      meta.put(DATA_SIZE_KEY, dataSize() + sizeDelta);
    }
  }

  @Override
  protected int getDataSize() {
    return (int) dataSize();
  }

  private long dataSize() {
    return meta.get(DATA_SIZE_KEY) instanceof Number size ? size.longValue() : 0;
  }

  @Override
  protected Object addDocumentInternal(Document document) {
    Object key =
        getIdField() != null
            ? Utils.getSubdocumentValue(document, getIdField())
            : UUID.randomUUID();
    byte[] bson = BsonType.encode(document);
    byte[] previous = documents.putIfAbsent(Missing.ofNullable(key), bson);
    if (previous != null) {
      throw new IllegalStateException(
          "Document with key '" + key + "' already existed in " + getFullName());
    }
    updateDataSize(bson.length);
    writes.inserted();
    return key;
  }

  @Override
  public int count() {
    return documents.size();
  }

  @Override
  public boolean isEmpty() {
    return documents.isEmpty();
  }

  @Override
  protected @Nullable Document getDocument(Object position) {
    byte[] bson = documents.get(position);
    return bson == null ? null : BsonType.decode(bson);
  }

  @Override
  protected void removeDocument(Object position) {
    byte[] removed = documents.remove(position);
    if (removed == null) {
      throw new NoSuchElementException("No document with key " + position);
    }
    updateDataSize(-removed.length);
    writes.deleted();
  }

  @Override
  protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
    return documents.entrySet().stream()
        .map(
            entry -> new DocumentWithPosition<>(BsonType.decode(entry.getValue()), entry.getKey()));
  }

  @Override
  protected QueryResult matchDocuments(
      Document query,
      Document orderBy,
      int numberToSkip,
      int limit,
      int batchSize,
      Document fieldSelector) {
    Stream<Document> scanned =
        isNaturalDescending(orderBy)
            ? streamAllDocumentsWithPosition()
                .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                .map(DocumentWithPosition::getDocument)
            : documents.values().stream().map(BsonType::decode);
    return matchDocumentsFromStream(
        scanned, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
  }

  @Override
  protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
    byte[] bson = BsonType.encode(newDocument);
    byte[] previous = documents.put(Missing.ofNullable(position), bson);
    updateDataSize(bson.length - (previous == null ? 0 : previous.length));
    writes.updated();
  }
}
