package dev.orderflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Which instance a call goes to, with a proxy that stands for the gateway's: it refuses the
 * connection for the addresses in {@link #down}, hangs up for those in {@link #hangingUp}, and
 * answers 200 otherwise, noting each address it was asked to call.
 */
class InstancesTest {

  private static final URI FIRST = URI.create("http://localhost:8081");
  private static final URI SECOND = URI.create("http://localhost:8181");
  private static final URI THIRD = URI.create("http://localhost:8281");

  private final List<URI> called = new ArrayList<>();
  private final Set<URI> down = new java.util.HashSet<>();
  private final Set<URI> hangingUp = new java.util.HashSet<>();

  private final HandlerFunction<ServerResponse> proxy =
      request -> {
        URI address = MvcUtils.getAttribute(request, MvcUtils.GATEWAY_REQUEST_URL_ATTR);
        called.add(address);
        if (down.contains(address)) {
          throw new ResourceAccessException(
              "I/O error", new ConnectException("Connection refused"));
        }
        if (hangingUp.contains(address)) {
          throw new ResourceAccessException(
              "I/O error", new IOException("HTTP/1.1 header parser received no bytes"));
        }
        return ServerResponse.ok().build();
      };

  private final Instances instances = new Instances(List.of(FIRST, SECOND, THIRD), proxy);

  @Test
  void a_call_goes_to_the_first_instance_while_it_answers() throws Exception {
    call();
    call();

    assertThat(called).containsExactly(FIRST, FIRST);
  }

  @Test
  void an_instance_that_refuses_is_passed_over_and_the_next_that_answers_is_kept()
      throws Exception {
    down.add(FIRST);
    down.add(SECOND);
    call();
    assertThat(called).containsExactly(FIRST, SECOND, THIRD);

    // The first is back: the console stays where it was answered, and meets no refusal on the way.
    down.clear();
    called.clear();
    call();
    assertThat(called).containsExactly(THIRD);

    // From there on in order, around to the first.
    down.add(THIRD);
    called.clear();
    call();
    assertThat(called).containsExactly(THIRD, FIRST);
  }

  @Test
  void when_no_instance_takes_the_connection_the_last_refusal_is_thrown() {
    down.addAll(List.of(FIRST, SECOND, THIRD));

    assertThatThrownBy(this::call)
        .isInstanceOf(ResourceAccessException.class)
        .hasRootCauseInstanceOf(ConnectException.class)
        .satisfies(failure -> assertThat(failure.getSuppressed()).hasSize(1));
    assertThat(called).containsExactly(FIRST, SECOND, THIRD);
  }

  @Test
  void a_call_an_instance_took_is_not_sent_to_another_whatever_became_of_it() {
    hangingUp.add(FIRST);

    assertThatThrownBy(this::call)
        .isInstanceOf(ResourceAccessException.class)
        .hasRootCauseMessage("HTTP/1.1 header parser received no bytes");
    assertThat(called).containsExactly(FIRST);
  }

  @Test
  void nothing_was_sent_only_when_the_connection_was_not_made() {
    assertThat(Instances.nothingSent(wrapped(new ConnectException("Connection refused")))).isTrue();
    assertThat(Instances.nothingSent(wrapped(new HttpConnectTimeoutException("connect timed out"))))
        .isTrue();
    assertThat(Instances.nothingSent(wrapped(new UnknownHostException("inventory-service"))))
        .isTrue();
    assertThat(Instances.nothingSent(wrapped(new IOException("Connection reset")))).isFalse();
    assertThat(Instances.nothingSent(wrapped(new java.net.http.HttpTimeoutException("timed out"))))
        .isFalse();
  }

  private static ResourceAccessException wrapped(IOException cause) {
    return new ResourceAccessException("I/O error", new IOException(cause));
  }

  private void call() throws Exception {
    instances.handle(ServerRequest.create(new MockHttpServletRequest("POST", "/api/x"), List.of()));
  }
}
