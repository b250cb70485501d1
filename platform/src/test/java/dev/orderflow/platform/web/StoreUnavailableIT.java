package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Requests that need MongoDB while the fault {@code db-outage} makes it unreachable. */
@ExtendWith(OutputCaptureExtension.class)
class StoreUnavailableIT extends PlatformTestSupport {

  @Autowired MockMvc mvc;
  @Autowired MeterRegistry meters;

  @AfterEach
  void switchOff() throws Exception {
    outage(false);
  }

  @Test
  void while_mongodb_is_out_a_read_is_a_503_problem_with_retry_after_and_counted()
      throws Exception {
    var id = UUID.randomUUID().toString();
    mvc.perform(put("/stored/" + id)).andExpect(status().isOk());
    outage(true);
    var counted = storeUnavailable();
    var observed = answered("GET", "/stored/{id}", "503");

    mvc.perform(get("/stored/" + id))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:store-unavailable"))
        .andExpect(jsonPath("$.title").value("Store unavailable"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.instance").value("/stored/" + id))
        .andExpect(jsonPath("$.detail").value(containsString("not carried out")));

    assertThat(storeUnavailable()).as("http_store_unavailable_total").isEqualTo(counted + 1);
    assertThat(answered("GET", "/stored/{id}", "503"))
        .as(
            "http_server_requests_seconds_count{method=\"GET\",uri=\"/stored/{id}\",status=\"503\"}")
        .isEqualTo(observed + 1);
  }

  @Test
  void a_write_may_have_taken_effect_and_is_sent_again_with_its_idempotency_key() throws Exception {
    outage(true);

    mvc.perform(put("/stored/" + UUID.randomUUID()).header("Idempotency-Key", "k-1"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:store-unavailable"))
        .andExpect(jsonPath("$.detail").value(containsString("may or may not have taken effect")))
        .andExpect(jsonPath("$.detail").value(containsString("with the same Idempotency-Key")));
    mvc.perform(put("/stored/" + UUID.randomUUID()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.detail").value(containsString("may or may not have taken effect")))
        .andExpect(jsonPath("$.detail").value(containsString("check first whether it did")));
  }

  @Test
  void each_request_answered_503_is_logged_once_as_a_warning_without_its_stack_trace(
      CapturedOutput output) throws Exception {
    var id = UUID.randomUUID().toString();
    outage(true);

    mvc.perform(put("/stored/" + id)).andExpect(status().isServiceUnavailable());

    var lines = output.getOut().lines().toList();
    var logged =
        lines.stream()
            .filter(line -> line.contains("PUT /stored/" + id + " answered 503"))
            .toList();
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst())
        .contains("WARN")
        .contains("store-unavailable")
        .contains("MongoTimeoutException");
    var next = lines.indexOf(logged.getFirst()) + 1;
    if (next < lines.size()) {
      assertThat(lines.get(next))
          .as("no stack trace after the line")
          .doesNotStartWith("\tat ")
          .doesNotStartWith("org.springframework.dao.")
          .doesNotStartWith("com.mongodb.");
    }
  }

  @Test
  void switched_off_the_same_requests_are_handled_again() throws Exception {
    var id = UUID.randomUUID().toString();
    outage(true);
    mvc.perform(put("/stored/" + id)).andExpect(status().isServiceUnavailable());

    outage(false);

    mvc.perform(put("/stored/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id));
    mvc.perform(get("/stored/" + id))
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.id").value(id));
  }

  private void outage(boolean on) throws Exception {
    var request =
        on
            ? put("/api/admin/faults/db-outage")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true}")
            : delete("/api/admin/faults/db-outage");
    mvc.perform(request.with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(on));
  }

  private double storeUnavailable() {
    return meters.get("http.store.unavailable").counter().count();
  }

  private long answered(String method, String uri, String status) {
    return meters
        .find("http.server.requests")
        .tag("method", method)
        .tag("uri", uri)
        .tag("status", status)
        .timers()
        .stream()
        .mapToLong(timer -> timer.count())
        .sum();
  }
}
