package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

class BsonDocumentTypeTest {

  @Test
  void documentsReadBackAsWrittenOneAfterAnother() {
    var order =
        new Document("_id", "o-1")
            .append("status", "CONFIRMED")
            .append("revision", 3)
            .append("offset", 12_345_678_901L)
            .append("total", 19.5)
            .append("cancelled", false)
            .append("reason", null)
            .append("placedAt", Instant.parse("2026-11-24T10:15:30.123Z"))
            .append("lines", List.of(new Document("sku", "sku-1").append("quantity", 2)))
            .append("eventId", UUID.fromString("3f0c1e9a-8b7d-4c2e-9f1a-2b3c4d5e6f70"))
            .append("owner", new ObjectId())
            .append("payload", new BinData(new byte[] {1, 2, 3}));
    var empty = new Document();

    assertReadBackAsWritten(order, empty, order);
  }

  @Test
  void aDocumentLargerThanTheKeptBufferIsWrittenWholeAndTheNextOneAfterIt() {
    var large = new Document("_id", "big").append("payload", new BinData(new byte[3 << 20]));
    var small = new Document("_id", "small").append("n", 1);

    assertReadBackAsWritten(small, large, small);
  }

  /** Writes the documents one after another into one buffer and reads each back, in order. */
  private static void assertReadBackAsWritten(Document... documents) {
    var buffer = new WriteBuffer();
    for (var document : documents) {
      BsonDocumentType.INSTANCE.write(buffer, document);
    }
    var written = buffer.getBuffer().flip();

    for (var document : documents) {
      assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(document);
    }
    assertThat(written.hasRemaining()).isFalse();
  }
}
