package dev.orderflow.order.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.application.SagaReply;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.RecordFailedException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * How the listener splits a poll between the bulk path and the record-by-record one: the replies
 * for distinct orders go together, the rest one at a time in record order, and a record that fails
 * there fails as itself.
 */
class InventoryEventsBatchTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  final OrderCommandHandler orders = mock(OrderCommandHandler.class);
  final InventoryEventsListener listener =
      new InventoryEventsListener(orders, new BatchConsumption());

  @Test
  void replies_for_distinct_orders_are_decided_together_and_an_order_with_two_one_at_a_time() {
    when(orders.decideAll(anyList(), any())).thenReturn(Set.of());

    listener.onAll(
        batch(
            reserved("a"),
            failed("b"),
            new StockLevelChanged("SKU-1", 3, T0, 5, 1, 4),
            reserved("b"),
            reserved("c"),
            new StockReleased("d", T0, List.of(new StockLine("SKU-1", 1)))));

    assertThat(decidedTogether())
        .containsExactly(new SagaReply.Reserved("a"), new SagaReply.Reserved("c"));
    var oneByOne = inOrder(orders);
    oneByOne.verify(orders).reject("b", RejectionReason.INSUFFICIENT_STOCK);
    oneByOne.verify(orders).confirm("b");
    verify(orders, never()).confirm("a");
    verify(orders, never()).confirm("c");
  }

  @Test
  void a_reply_left_over_by_the_bulk_path_is_applied_one_at_a_time() {
    when(orders.decideAll(anyList(), any())).thenReturn(Set.of(1));

    listener.onAll(batch(reserved("a"), reserved("b"), reserved("c")));

    verify(orders).confirm("b");
    verify(orders, never()).confirm("a");
    verify(orders, never()).confirm("c");
  }

  @Test
  void a_reply_for_an_unknown_order_fails_as_its_own_record_after_the_ones_before_it() {
    when(orders.decideAll(anyList(), any())).thenReturn(Set.of(1));
    when(orders.confirm("ghost")).thenThrow(new OrderNotFoundException("ghost"));

    assertThatThrownBy(() ->
            listener.onAll(batch(reserved("a"), failed("x"), reserved("x"), reserved("ghost"))))
        .isInstanceOfSatisfying(
            RecordFailedException.class, failed -> assertThat(failed.index()).isEqualTo(3))
        .cause()
        .isInstanceOf(UnprocessableEventException.class)
        .hasMessageContaining("unknown order");
    var oneByOne = inOrder(orders);
    oneByOne.verify(orders).reject("x", RejectionReason.INSUFFICIENT_STOCK);
    oneByOne.verify(orders).confirm("x");
    oneByOne.verify(orders).confirm("ghost");
  }

  @SuppressWarnings("unchecked")
  private List<SagaReply> decidedTogether() {
    ArgumentCaptor<List<SagaReply>> replies = ArgumentCaptor.forClass(List.class);
    verify(orders).decideAll(replies.capture(), any());
    return replies.getValue();
  }

  private static List<BatchRecord<InventoryEvent>> batch(InventoryEvent... events) {
    var records = new ArrayList<BatchRecord<InventoryEvent>>();
    for (int i = 0; i < events.length; i++) {
      var raw = new ConsumerRecord<String, Object>("inventory.events", 0, i, "k", events[i]);
      records.add(new BatchRecord<>(i, raw, events[i]));
    }
    return records;
  }

  private static StockReserved reserved(String orderId) {
    return new StockReserved(orderId, T0, List.of(new StockLine("SKU-1", 1)));
  }

  private static StockReservationFailed failed(String orderId) {
    return new StockReservationFailed(
        orderId, T0, RejectionReason.INSUFFICIENT_STOCK, List.of(new Shortage("SKU-1", 1, 0)));
  }
}
