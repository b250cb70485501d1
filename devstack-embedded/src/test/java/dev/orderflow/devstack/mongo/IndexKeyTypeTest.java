package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

class IndexKeyTypeTest {

  private static final IndexKeyType TYPE = IndexKeyType.INSTANCE;

  private static final List<KeyValue> KEYS =
      List.of(
          key("order-1"),
          key("order-2"),
          key("order-1", "sku-1"),
          key("order-1", "sku-2"),
          key("order-1", 1),
          key("order-1", 1L),
          key("order-1", 1.0),
          key(7),
          key(7L),
          key(-2.5),
          key((Object) null),
          key(null, "sku-1"),
          key(true));

  @Test
  void keysAreEqualExactlyWhenTheirValuesAre() {
    for (KeyValue left : KEYS) {
      for (KeyValue right : KEYS) {
        assertThat(TYPE.compare(left, right) == 0)
            .as("%s against %s", left, right)
            .isEqualTo(left.equals(right));
        assertThat(Integer.signum(TYPE.compare(left, right)))
            .as("%s against %s", left, right)
            .isEqualTo(-Integer.signum(TYPE.compare(right, left)));
      }
    }
    assertThat(TYPE.compare(key("order-1", "sku-1"), key("order-1", "sku-1"))).isZero();
  }

  @Test
  void keysOrderByTheirFirstDifferentValueThenByLength() {
    var sorted = new ArrayList<>(List.of(key("b"), key("a", "z"), key("a"), key("a", "b")));

    sorted.sort(TYPE::compare);

    assertThat(sorted).containsExactly(key("a"), key("a", "b"), key("a", "z"), key("b"));
  }

  @Test
  void keysReadBackAsWrittenOneAfterAnother() {
    var buffer = new WriteBuffer();
    KEYS.forEach(key -> TYPE.write(buffer, key));
    var written = buffer.getBuffer().flip();

    var read = new ArrayList<KeyValue>();
    while (written.hasRemaining()) {
      read.add(TYPE.read(written));
    }

    assertThat(read).isEqualTo(KEYS);
  }

  private static KeyValue key(Object... values) {
    return new KeyValue(Arrays.asList(values));
  }
}
