package dev.orderflow.order.adapter.kafka;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.events.Topics;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.application.SagaReply;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.RecordFailedException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * order-service's side of the saga: a reservation confirms the order, a failed reservation rejects
 * it. Both are idempotent (the aggregate decides nothing for an order already decided), so a
 * redelivered or duplicated record changes nothing. An order that keeps changing under the command
 * ends in the platform's {@code ContentionException}, which the container retries later.
 *
 * <p>It takes each poll as one batch (issue 19) through {@link BatchConsumption}: the replies of
 * the poll are decided together ({@link OrderCommandHandler#decideAll}: one read of their streams,
 * one insert of their commits, one delete of their reminders). What that cannot decide alone goes
 * through {@link #on(InventoryEvent)}, the record-by-record handler, in record order: every record
 * of an order with several in the poll (each depends on the one before), a reply whose append lost
 * to another writer, and a reply for an unknown order, which fails as itself and is dead-lettered
 * with its cause. When the bulk path fails without naming a record, {@link BatchConsumption}
 * applies the poll again one record at a time.
 */
@Component
class InventoryEventsListener {

  private final OrderCommandHandler orders;
  private final BatchConsumption batches;

  InventoryEventsListener(OrderCommandHandler orders, BatchConsumption batches) {
    this.orders = orders;
    this.batches = batches;
  }

  @KafkaListener(topics = Topics.Names.INVENTORY_EVENTS, batch = "true")
  void on(List<ConsumerRecord<String, Object>> records) {
    batches.consume(records, InventoryEvent.class, this::onAll, record -> on(record.event()));
  }

  /** The bulk path of a poll; see the class comment. */
  void onAll(List<BatchRecord<InventoryEvent>> records) {
    var perOrder = new HashMap<String, Integer>();
    for (var record : records) {
      var reply = replyOf(record.event());
      if (reply != null) {
        perOrder.merge(reply.orderId(), 1, Integer::sum);
      }
    }
    var together = new ArrayList<BatchRecord<InventoryEvent>>();
    var replies = new ArrayList<SagaReply>();
    for (var record : records) {
      var reply = replyOf(record.event());
      if (reply != null && perOrder.getOrDefault(reply.orderId(), 0) == 1) {
        together.add(record);
        replies.add(reply);
      }
    }
    var leftOver =
        orders.decideAll(
            replies,
            (i, work) ->
                batches.inScopeOf(
                    together.get(i),
                    () -> {
                      work.run();
                      return true;
                    }));
    var oneByOne = new HashSet<Integer>();
    leftOver.forEach(i -> oneByOne.add(together.get(i).index()));
    for (var record : records) {
      var reply = replyOf(record.event());
      if (reply != null
          && (perOrder.getOrDefault(reply.orderId(), 0) > 1 || oneByOne.contains(record.index()))) {
        try {
          batches.inScopeOf(
              record,
              () -> {
                on(record.event());
                return true;
              });
        } catch (RuntimeException e) {
          // Every record before it is applied: the bulk ones above, the others in this loop.
          throw new RecordFailedException(record.index(), e);
        }
      }
    }
  }

  /** One record, as a record listener would apply it. */
  void on(InventoryEvent event) {
    try {
      switch (event) {
        case StockReserved reserved -> orders.confirm(reserved.orderId());
        case StockReservationFailed failed -> orders.reject(failed.orderId(), failed.reason());
        // Releases follow from the order's own cancel; stock levels are the read side's concern.
        case StockReleased released -> {}
        case StockLevelChanged changed -> {}
      }
    } catch (OrderNotFoundException e) {
      throw new UnprocessableEventException(
          event.type() + " for an unknown order: " + e.getMessage());
    }
  }

  private static @Nullable SagaReply replyOf(InventoryEvent event) {
    return switch (event) {
      case StockReserved reserved -> new SagaReply.Reserved(reserved.orderId());
      case StockReservationFailed failed ->
          new SagaReply.ReservationFailed(failed.orderId(), failed.reason());
      case StockReleased released -> null;
      case StockLevelChanged changed -> null;
    };
  }
}
