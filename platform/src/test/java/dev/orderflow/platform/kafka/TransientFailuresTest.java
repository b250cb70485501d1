package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class TransientFailuresTest {

  @Test
  void an_unreachable_database_is_transient_even_wrapped_by_the_listener_container() {
    var unreachable = new MongoSocketOpenException("refused", new ServerAddress("localhost", 1));

    assertThat(
            TransientFailures.isTransient(
                new ListenerExecutionFailedException("failed", unreachable)))
        .isTrue();
    assertThat(TransientFailures.isTransient(new DataAccessResourceFailureException("down")))
        .isTrue();
  }

  @Test
  void contention_declared_by_a_service_is_transient() {
    assertThat(TransientFailures.isTransient(new RetryLaterException("order busy"))).isTrue();
  }

  @Test
  void a_failure_about_the_record_is_not_transient() {
    assertThat(TransientFailures.isTransient(new IllegalArgumentException("no such order")))
        .isFalse();
    assertThat(TransientFailures.isTransient(new UnprocessableEventException("refused"))).isFalse();
  }
}
