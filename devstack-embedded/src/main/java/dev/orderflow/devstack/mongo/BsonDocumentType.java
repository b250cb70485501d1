package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Documents stored as BSON, by the encoder and decoder mongo-java-server speaks the wire protocol
 * with, so a stored document reads back as the client sent it. H2's default type stores them with
 * {@code java.io} serialisation: slower, and larger on disk.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  static final BsonDocumentType INSTANCE = new BsonDocumentType();

  // H2 sizes its page cache by these estimates. Measured: an order of 297 BSON bytes takes 2.3 KB
  // on the heap once decoded (100,000 decoded copies, heap after a full collection).
  private static final int HEAP_BYTES_PER_BSON_BYTE = 8;

  // Documents are encoded into a buffer kept by each thread that writes pages, then copied into the
  // page, instead of into a new buffer per document grown by doubling from 256 bytes (several
  // arrays for every document of every page written; docs/engineering/benchmarks.md). One grown
  // past this by a large document is dropped after it.
  private static final int KEPT_BYTES = 1 << 20;

  private static final ThreadLocal<ByteBuf> ENCODING =
      ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

  // A running average of the sizes written and read, as H2's default type keeps for what it
  // serialises: H2 asks for a page's memory often, and encoding a document to learn its size would
  // cost what storing it costs. Updated without a lock; a lost update only skews an estimate.
  private volatile int averageSize = 256;

  private BsonDocumentType() {}

  @Override
  public void write(WriteBuffer buffer, Document document) {
    ByteBuf bson = ENCODING.get().clear();
    try {
      BsonEncoder.encodeDocument(document, bson);
      remember(bson.readableBytes());
      buffer.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    } finally {
      if (bson.capacity() > KEPT_BYTES) {
        ENCODING.remove();
      }
    }
  }

  @Override
  public Document read(ByteBuffer buffer) {
    int start = buffer.position();
    // A BSON document opens with its length, little-endian.
    int length = Integer.reverseBytes(buffer.getInt(start));
    buffer.position(start + length);
    remember(length);
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.slice(start, length)));
  }

  @Override
  public int getMemory(Document document) {
    return averageSize * HEAP_BYTES_PER_BSON_BYTE;
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }

  private void remember(int size) {
    averageSize = (averageSize * 15 + size) / 16;
  }
}
