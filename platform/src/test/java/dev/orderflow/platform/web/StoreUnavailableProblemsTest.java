package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class StoreUnavailableProblemsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StoreUnavailableProblems problems = new StoreUnavailableProblems(meters);

  @Test
  void mongodb_that_cannot_be_reached_is_the_store_unavailable_however_wrapped() {
    var noServer = new MongoTimeoutException("Timed out while waiting for a server");

    assertThat(StoreUnavailableProblems.storeUnreachable(noServer)).isTrue();
    assertThat(
            StoreUnavailableProblems.storeUnreachable(
                new DataAccessResourceFailureException("down", noServer)))
        .isTrue();
    assertThat(
            StoreUnavailableProblems.storeUnreachable(
                new IllegalStateException(
                    "group write failed",
                    new MongoSocketOpenException("refused", new ServerAddress("localhost", 1)))))
        .isTrue();
  }

  @Test
  void a_query_out_of_time_a_broker_or_smtp_away_or_a_bug_is_not_the_store_unavailable() {
    var ranOutOfTime = new MongoExecutionTimeoutException(50, "operation exceeded time limit");

    assertThat(
            StoreUnavailableProblems.storeUnreachable(
                new DataAccessResourceFailureException("query failed", ranOutOfTime)))
        .as("the server answered: a time-out, as the retry policy says")
        .isFalse();
    assertThat(StoreUnavailableProblems.storeUnreachable(new TimeoutException("no broker")))
        .isFalse();
    assertThat(
            StoreUnavailableProblems.storeUnreachable(
                new DependencyUnavailableException("smtp down")))
        .isFalse();
    assertThat(StoreUnavailableProblems.storeUnreachable(new IllegalStateException("a bug")))
        .isFalse();
  }

  @Test
  void other_failures_and_answers_already_begun_are_left_to_the_rest_of_spring_mvc() {
    var request = new MockHttpServletRequest("GET", "/api/orders/o-1");
    var response = new MockHttpServletResponse();

    assertThat(problems.resolveException(request, response, null, new IllegalStateException("bug")))
        .isNull();
    response.setCommitted(true);
    assertThat(
            problems.resolveException(
                request, response, null, new MongoTimeoutException("no server")))
        .isNull();
    assertThat(meters.get("http.store.unavailable").counter().count()).isZero();
  }

  @Test
  void a_write_is_answered_503_saying_it_may_have_taken_effect() throws Exception {
    var request = new MockHttpServletRequest("POST", "/api/orders");
    request.addHeader("Idempotency-Key", "k-1");
    var response = new MockHttpServletResponse();

    var handled =
        problems.resolveException(
            request,
            response,
            null,
            new DataAccessResourceFailureException("down", new MongoTimeoutException("no server")));

    assertThat(handled).isNotNull();
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"type\":\"urn:orderflow:problem:store-unavailable\"")
        .contains("\"instance\":\"/api/orders\"")
        .contains("may or may not have taken effect")
        .contains("same Idempotency-Key");
    assertThat(meters.get("http.store.unavailable").counter().count()).isEqualTo(1);
  }
}
