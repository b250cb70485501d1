package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A collection's documents as H2 keeps them, in memory and in the file: their BSON bytes, encoded
 * and decoded by the encoder and decoder mongo-java-server speaks the wire protocol with, so a
 * stored document reads back as the client sent it. A page is written by copying its documents'
 * bytes and read by copying them back; a document is decoded only when a command reads it ({@link
 * BsonCollection}). H2's default type stores documents with {@code java.io} serialisation: slower,
 * and larger on disk.
 *
 * <p>The file holds each document's BSON as it is, one after another (a BSON document opens with
 * its length); {@code TypedH2Backend.STORE_VERSION} 1 has always meant that.
 */
final class BsonType extends BasicDataType<byte[]> {

  static final BsonType INSTANCE = new BsonType();

  // What an array costs on the heap beyond its bytes: header, length, reference from the page.
  private static final int ARRAY_OVERHEAD = 24;

  // Documents are encoded into a buffer kept by each thread, then copied out at their size, instead
  // of into a new buffer grown by doubling from 256 bytes. One grown past this by a large document
  // is dropped after it.
  private static final int KEPT_BYTES = 1 << 20;

  private static final ThreadLocal<ByteBuf> ENCODING =
      ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

  private BsonType() {}

  /** {@code document} as BSON. */
  static byte[] encode(Document document) {
    ByteBuf bson = ENCODING.get().clear();
    try {
      BsonEncoder.encodeDocument(document, bson);
      return Arrays.copyOfRange(
          bson.array(),
          bson.arrayOffset() + bson.readerIndex(),
          bson.arrayOffset() + bson.writerIndex());
    } finally {
      if (bson.capacity() > KEPT_BYTES) {
        ENCODING.remove();
      }
    }
  }

  /** A new document decoded from {@code bson}; nothing else holds it. */
  static Document decode(byte[] bson) {
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
  }

  @Override
  public void write(WriteBuffer buffer, byte[] bson) {
    buffer.put(bson);
  }

  @Override
  public byte[] read(ByteBuffer buffer) {
    // A BSON document opens with its length, little-endian.
    byte[] bson = new byte[Integer.reverseBytes(buffer.getInt(buffer.position()))];
    buffer.get(bson);
    return bson;
  }

  @Override
  public int getMemory(byte[] bson) {
    return bson.length + ARRAY_OVERHEAD;
  }

  @Override
  public byte[][] createStorage(int size) {
    return new byte[size][];
  }
}
