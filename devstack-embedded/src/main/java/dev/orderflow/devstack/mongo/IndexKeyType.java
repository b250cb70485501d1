package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The keys of mongo-java-server's unique indexes, compared, written and read value by value. H2's
 * default type does not know {@link KeyValue}, so it compared two keys by serialising both with
 * {@code java.io}, at every step of every lookup; each value alone is a string, a number or another
 * type the default type handles itself, and it still handles them here.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

  static final IndexKeyType INSTANCE = new IndexKeyType();

  private final ObjectDataType values = new ObjectDataType();

  private IndexKeyType() {}

  @Override
  public int compare(KeyValue left, KeyValue right) {
    int common = Math.min(left.size(), right.size());
    for (int i = 0; i < common; i++) {
      int order = values.compare(left.get(i), right.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  @Override
  public int getMemory(KeyValue key) {
    int memory = 24;
    for (Object value : key) {
      memory += values.getMemory(value);
    }
    return memory;
  }

  @Override
  public void write(WriteBuffer buffer, KeyValue key) {
    buffer.putVarInt(key.size());
    for (Object value : key) {
      values.write(buffer, value);
    }
  }

  @Override
  public KeyValue read(ByteBuffer buffer) {
    int size = DataUtils.readVarInt(buffer);
    List<Object> read = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      read.add(values.read(buffer));
    }
    return new KeyValue(read);
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
