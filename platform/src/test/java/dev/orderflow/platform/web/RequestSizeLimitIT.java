package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The tests run with {@code orderflow.web.max-request-size=1KB}. */
class RequestSizeLimitIT extends PlatformTestSupport {

  @Autowired MockMvc mvc;
  @Autowired MeterRegistry meters;

  @Test
  void a_body_over_the_limit_is_refused_with_413_and_counted() throws Exception {
    var before = tooLarge();

    mvc.perform(post("/echo").contentType(MediaType.TEXT_PLAIN).content("x".repeat(1025)))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:request-too-large"));

    assertThat(tooLarge()).isEqualTo(before + 1);
  }

  @Test
  void a_body_within_the_limit_passes() throws Exception {
    var before = tooLarge();

    mvc.perform(post("/echo").contentType(MediaType.TEXT_PLAIN).content("x".repeat(1024)))
        .andExpect(status().isOk());

    assertThat(tooLarge()).isEqualTo(before);
  }

  private double tooLarge() {
    return meters.get("http.requests.too.large").counter().count();
  }
}
