package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import dev.orderflow.platform.kafka.RetryPolicy.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

class RetryPolicyTest {

  private static final KafkaPlatformProperties.Retry RETRY =
      new KafkaPlatformProperties.Retry(
          4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), Duration.ofMinutes(2));

  private final RetryPolicy policy =
      new RetryPolicy(RETRY, new SimpleMeterRegistry(), "this-service");

  @Test
  void a_database_or_broker_away_is_unavailable_even_wrapped_by_the_listener_container() {
    var unreachable = new MongoSocketOpenException("refused", new ServerAddress("localhost", 1));

    assertThat(RetryPolicy.classify(new ListenerExecutionFailedException("failed", unreachable)))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(RetryPolicy.classify(new DataAccessResourceFailureException("down")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(RetryPolicy.classify(new TimeoutException("no broker"))).isEqualTo(Kind.UNAVAILABLE);
    assertThat(RetryPolicy.classify(new DependencyUnavailableException("smtp down")))
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void a_server_that_cannot_be_selected_is_unavailable() {
    assertThat(RetryPolicy.classify(new MongoTimeoutException("no server selected in 30 s")))
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void a_query_that_ran_out_of_time_is_a_timeout_even_wrapped_as_a_resource_failure() {
    var ranOutOfTime = new MongoExecutionTimeoutException(50, "operation exceeded time limit");

    assertThat(RetryPolicy.classify(ranOutOfTime)).isEqualTo(Kind.TIMEOUT);
    assertThat(
            RetryPolicy.classify(
                new ListenerExecutionFailedException(
                    "failed",
                    new DataAccessResourceFailureException("query failed", ranOutOfTime))))
        .isEqualTo(Kind.TIMEOUT);
    assertThat(RetryPolicy.classify(new QueryTimeoutException("too slow"))).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void a_query_that_always_times_out_is_retried_only_up_to_the_contention_limit() {
    assertThat(total(policy.backOffFor(Kind.TIMEOUT)))
        .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plus(RETRY.maxInterval()));
    assertThat(retries(policy.backOffFor(Kind.UNAVAILABLE), Duration.ofDays(1)))
        .as("only a dependency away holds the partition as long as it lasts")
        .isGreaterThan(4_000);
    assertThat(retries(policy.backOffFor(Kind.OTHER), Duration.ofDays(1))).isEqualTo(4);
  }

  @Test
  void a_document_that_keeps_changing_is_contention() {
    assertThat(RetryPolicy.classify(new RetryLaterException("order busy")))
        .isEqualTo(Kind.CONTENTION);
    assertThat(RetryPolicy.classify(new OptimisticLockingFailureException("lost the race")))
        .isEqualTo(Kind.CONTENTION);
  }

  @Test
  void a_record_no_retry_can_fix_is_fatal() {
    assertThat(RetryPolicy.classify(new UnprocessableEventException("refused")))
        .isEqualTo(Kind.FATAL);
    assertThat(
            RetryPolicy.classify(
                new ListenerExecutionFailedException(
                    "failed", new DeserializationException("not JSON", new byte[0], false, null))))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void anything_else_is_other() {
    assertThat(RetryPolicy.classify(new IllegalStateException("a bug"))).isEqualTo(Kind.OTHER);
  }

  @Test
  void other_failures_get_a_few_retries_contention_two_minutes_and_an_outage_no_end() {
    assertThat(retries(policy.bounded(), Duration.ofDays(1))).isEqualTo(4);
    assertThat(total(policy.withinContentionLimit()))
        .isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plus(RETRY.maxInterval()));
    assertThat(retries(policy.untilItWorks(), Duration.ofDays(1)))
        .as("retries in a day of outage, 20 s apart at most")
        .isGreaterThan(4_000);
  }

  /** How many retries the back-off allows within {@code horizon}. */
  private static int retries(BackOff backOff, Duration horizon) {
    var execution = backOff.start();
    long waited = 0;
    int retries = 0;
    for (long next = execution.nextBackOff();
        next != BackOffExecution.STOP && waited < horizon.toMillis();
        next = execution.nextBackOff()) {
      waited += next;
      retries++;
    }
    return retries;
  }

  /** The time the back-off waits in all before it stops. */
  private static Duration total(BackOff backOff) {
    var execution = backOff.start();
    long waited = 0;
    for (long next = execution.nextBackOff();
        next != BackOffExecution.STOP;
        next = execution.nextBackOff()) {
      waited += next;
    }
    return Duration.ofMillis(waited);
  }
}
