package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.Topics;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.UnreservableOrderException;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.RecordFailedException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * inventory-service's side of the saga: a placed order is reserved, a cancelled or rejected one is
 * released ({@link OrderEventHandler}). Every handler is idempotent, so a redelivered or duplicated
 * record changes nothing; an order no retry can reserve goes to the dead-letter topic at once.
 *
 * <p>It takes each poll as one batch (issue 19). Of the orders with only one record in the poll,
 * those placed are reserved at once ({@link OrderEventHandler#reserveAll}), then those cancelled or
 * rejected are released at once ({@link OrderEventHandler#releaseAll}); every other record (a
 * confirmation, an order with two records in the poll, and whatever the batches left: a redelivery,
 * a release with nothing to release yet, a sku another writer changed meanwhile) is handled on its
 * own afterwards, in poll order. No order has records on both paths unless a batch left its only
 * record, so the records of one order are applied in record order; records of different orders
 * never had an order to keep (they may share a partition: the batch may reserve an order before an
 * earlier record of the poll, as two orders arriving the other way round would be). Each order the
 * batch finished is logged and counted in its own record's logging context ({@link
 * OrderEventHandler#count}). {@link BatchConsumption} keeps a record listener's error semantics: a
 * failure on its own is the record's; any other failure of the batch applies the whole poll again
 * one record at a time, which is safe because every handler is idempotent. The {@code
 * slow-consumer} fault ({@link SlowConsumer}) slows each poll down around all that.
 */
@Component
class OrderEventsListener {

  private final OrderEventHandler handler;
  private final BatchConsumption batches;
  private final SlowConsumer slowConsumer;

  OrderEventsListener(
      OrderEventHandler handler, BatchConsumption batches, SlowConsumer slowConsumer) {
    this.handler = handler;
    this.batches = batches;
    this.slowConsumer = slowConsumer;
  }

  @KafkaListener(topics = Topics.Names.ORDER_EVENTS, batch = "true")
  void on(List<ConsumerRecord<String, Object>> records) {
    slowConsumer.consume(
        records,
        () ->
            batches.consume(
                records, OrderEvent.class, this::applyAll, record -> handle(record.event())));
  }

  private void applyAll(List<BatchRecord<OrderEvent>> run) {
    var perOrder = new HashMap<String, Integer>();
    run.forEach(record -> perOrder.merge(record.event().orderId(), 1, Integer::sum));
    var placed = new ArrayList<OrderEventHandler.Placed>();
    var releasing = new ArrayList<OrderEventHandler.Releasing>();
    for (var record : run) {
      if (perOrder.getOrDefault(record.event().orderId(), 0) != 1) {
        continue;
      }
      switch (record.event()) {
        case OrderPlaced event ->
            placed.add(new OrderEventHandler.Placed(event, record.traceparent()));
        case OrderCancelled event ->
            releasing.add(new OrderEventHandler.Releasing(event, record.traceparent()));
        case OrderRejected event ->
            releasing.add(new OrderEventHandler.Releasing(event, record.traceparent()));
        case OrderConfirmed event -> {}
      }
    }
    var done = new HashMap<String, ReservationOutcome>();
    if (!placed.isEmpty()) {
      count(run, done, handler.reserveAll(placed));
    }
    if (!releasing.isEmpty()) {
      count(run, done, handler.releaseAll(releasing));
    }
    for (var record : run) {
      if (done.containsKey(record.event().orderId())) {
        continue;
      }
      try {
        batches.inScopeOf(
            record,
            () -> {
              handle(record.event());
              return true;
            });
      } catch (RuntimeException e) {
        // Everything before it in the poll is stored: this record fails as itself.
        throw new RecordFailedException(record.index(), e);
      }
    }
  }

  /**
   * Logs and counts what a batch did, each order in its own record's logging context and trace (an
   * order in the result had only that record in the poll), as soon as it is stored: before the next
   * batch, whose failure would apply the poll again one record at a time and find these unchanged.
   */
  private void count(
      List<BatchRecord<OrderEvent>> run,
      Map<String, ReservationOutcome> done,
      Map<String, ReservationOutcome> batch) {
    done.putAll(batch);
    for (var record : run) {
      if (batch.get(record.event().orderId()) instanceof ReservationOutcome outcome) {
        batches.inScopeOf(
            record,
            () -> {
              handler.count(record.event(), outcome);
              return true;
            });
      }
    }
  }

  private void handle(OrderEvent event) {
    try {
      handler.handle(event);
    } catch (UnreservableOrderException e) {
      throw new UnprocessableEventException(
          "Order " + event.orderId() + " cannot be reserved: " + e.getMessage());
    }
  }
}
