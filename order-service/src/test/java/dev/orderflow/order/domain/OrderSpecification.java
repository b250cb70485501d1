package dev.orderflow.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.OrderEvent;
import java.util.List;

/**
 * Given some past events, when a command arrives, then these events happen (or the command is
 * refused): the aggregate's rules written as examples.
 */
final class OrderSpecification {

  private final List<OrderEvent> history;
  private OrderCommand command;

  private OrderSpecification(List<OrderEvent> history) {
    this.history = history;
  }

  static OrderSpecification given(OrderEvent... history) {
    return new OrderSpecification(List.of(history));
  }

  OrderSpecification when(OrderCommand command) {
    this.command = command;
    return this;
  }

  void then(OrderEvent... expected) {
    assertThat(Order.decide(command, Order.replay(history))).containsExactly(expected);
  }

  void thenNothingHappens() {
    assertThat(Order.decide(command, Order.replay(history))).isEmpty();
  }

  void thenRejects(Class<? extends OrderException> refusal) {
    assertThatThrownBy(() -> Order.decide(command, Order.replay(history))).isInstanceOf(refusal);
  }
}
