package dev.orderflow.inventory.stock;

import dev.orderflow.inventory.domain.StockState;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Objects;
import org.bson.Document;

/**
 * The shape of a document of the {@value #COLLECTION} collection, one per sku:
 *
 * <pre>{@code
 * { _id: sku, onHand, reserved, available, version,
 *   pendingOps: { "reserve:<orderId>": attempt, ... },
 *   dirty: true, changedAt }
 * }</pre>
 *
 * {@code dirty} says that the levels at {@code version} have not been announced yet.
 */
final class StockDocument {

  static final String COLLECTION = "stock";
  static final String ID = "_id";
  static final String ON_HAND = "onHand";
  static final String RESERVED = "reserved";
  static final String AVAILABLE = "available";
  static final String VERSION = "version";
  static final String MARKERS = "pendingOps";
  static final String DIRTY = "dirty";
  static final String CHANGED_AT = "changedAt";

  private StockDocument() {}

  static Document created(String sku, int onHand, Instant now) {
    return new Document(ID, sku)
        .append(ON_HAND, onHand)
        .append(RESERVED, 0)
        .append(AVAILABLE, onHand)
        .append(VERSION, 1L)
        .append(MARKERS, new Document())
        .append(DIRTY, true)
        .append(CHANGED_AT, Date.from(now));
  }

  /** The filter of a compare-and-set: the document as it was read, at exactly that version. */
  static Document atVersion(String sku, long version) {
    return new Document(ID, sku).append(VERSION, version);
  }

  static Document byId(String sku) {
    return new Document(ID, sku);
  }

  static StockLevels levels(Document document) {
    return new StockLevels(
        document.getString(ID),
        document.getInteger(ON_HAND),
        document.getInteger(RESERVED),
        document.getInteger(AVAILABLE),
        version(document));
  }

  static StockState state(Document document) {
    var markers = new HashMap<String, Long>();
    var stored = document.get(MARKERS, Document.class);
    if (stored != null) {
      stored.forEach((marker, attempt) -> markers.put(marker, ((Number) attempt).longValue()));
    }
    return new StockState(
        document.getInteger(ON_HAND),
        document.getInteger(RESERVED),
        document.getInteger(AVAILABLE),
        version(document),
        markers);
  }

  static long version(Document document) {
    return Objects.requireNonNull(document.get(VERSION, Number.class), VERSION).longValue();
  }

  static Instant changedAt(Document document) {
    return document.getDate(CHANGED_AT).toInstant();
  }
}
