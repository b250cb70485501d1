package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

class BsonTypeTest {

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

  @Test
  void theFileHoldsEachDocumentsBsonAsItIs() {
    var order = new Document("_id", "o-1").append("status", "CONFIRMED");
    var buffer = new WriteBuffer();

    BsonType.INSTANCE.write(buffer, BsonType.encode(order));

    var expected = Unpooled.buffer();
    BsonEncoder.encodeDocument(order, expected);
    assertThat(buffer.getBuffer().flip()).isEqualTo(expected.nioBuffer());
  }

  /**
   * Encodes the documents and writes them one after another into one buffer, as a page is written;
   * reads each back and decodes it, in order.
   */
  private static void assertReadBackAsWritten(Document... documents) {
    var buffer = new WriteBuffer();
    for (var document : documents) {
      BsonType.INSTANCE.write(buffer, BsonType.encode(document));
    }
    var written = buffer.getBuffer().flip();

    for (var document : documents) {
      assertThat(BsonType.decode(BsonType.INSTANCE.read(written))).isEqualTo(document);
    }
    assertThat(written.hasRemaining()).isFalse();
  }
}
