package dev.orderflow.platform.kafka;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;

/** The wrapper that makes a static member leave its group, call by call. */
class LeaveGroupOnCloseTest {

  @SuppressWarnings("unchecked")
  private final Consumer<String, String> consumer = mock(Consumer.class);

  private final Consumer<String, String> wrapped =
      new LeaveGroupOnClose<String, String>().apply(consumer);

  @Test
  void an_unsubscribe_before_close_is_dropped_and_the_close_leaves_the_group() {
    wrapped.unsubscribe();
    wrapped.close(Duration.ofSeconds(5));

    verify(consumer, never()).unsubscribe();
    verify(consumer).close(any(CloseOptions.class));
  }

  @Test
  void calls_made_through_the_wrapper_while_it_closes_do_not_unsubscribe() {
    doAnswer(
            invocation -> {
              // The rebalance listener commits through the container's consumer as the close
              // revokes.
              wrapped.commitSync();
              return null;
            })
        .when(consumer)
        .close(any(CloseOptions.class));

    wrapped.unsubscribe();
    wrapped.close();

    verify(consumer).commitSync();
    verify(consumer, never()).unsubscribe();
  }

  @Test
  void a_wakeup_from_another_thread_passes_straight_through_and_leaves_the_unsubscribe_held()
      throws Exception {
    wrapped.unsubscribe();
    var other = Executors.newSingleThreadExecutor();
    try {
      other.submit(wrapped::wakeup).get(5, TimeUnit.SECONDS);
    } finally {
      other.shutdownNow();
    }

    verify(consumer).wakeup();
    verify(consumer, never()).unsubscribe();

    wrapped.close();
    verify(consumer, never()).unsubscribe();
  }

  @Test
  void any_other_call_after_an_unsubscribe_unsubscribes_first_and_only_once() {
    wrapped.unsubscribe();
    wrapped.assignment();
    wrapped.assignment();

    var order = inOrder(consumer);
    order.verify(consumer).unsubscribe();
    order.verify(consumer, org.mockito.Mockito.times(2)).assignment();
  }
}
