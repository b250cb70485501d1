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
    var buffer = new WriteBuffer();

    BsonDocumentType.INSTANCE.write(buffer, order);
    BsonDocumentType.INSTANCE.write(buffer, empty);
    BsonDocumentType.INSTANCE.write(buffer, order);
    var written = buffer.getBuffer().flip();

    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(order);
    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(empty);
    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(order);
    assertThat(written.hasRemaining()).isFalse();
  }

  @Test
  void aDocumentLargerThanTheKeptBufferIsWrittenWholeAndTheNextOneAfterIt() {
    var large = new Document("_id", "big").append("payload", new BinData(new byte[3 << 20]));
    var small = new Document("_id", "small").append("n", 1);
    var buffer = new WriteBuffer();

    BsonDocumentType.INSTANCE.write(buffer, small);
    BsonDocumentType.INSTANCE.write(buffer, large);
    BsonDocumentType.INSTANCE.write(buffer, small);
    var written = buffer.getBuffer().flip();

    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(small);
    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(large);
    assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(small);
    assertThat(written.hasRemaining()).isFalse();
  }
}
