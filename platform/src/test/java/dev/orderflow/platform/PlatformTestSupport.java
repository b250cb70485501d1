package dev.orderflow.platform;

import dev.orderflow.devstack.EmbeddedStack;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the platform integration tests: one application context on the embedded stack of this
 * JVM, with short sweep and retry intervals so that tests wait for seconds, not minutes.
 */
@SpringBootTest(
    classes = PlatformTestApplication.class,
    properties = {
      "orderflow.outbox.sweep-interval=300ms",
      "orderflow.outbox.sweep-grace=100ms",
      "orderflow.kafka.retry.attempts=2",
      "orderflow.kafka.retry.initial-interval=50ms",
      "orderflow.kafka.retry.contention-limit=3s",
      "orderflow.admin.user=" + PlatformTestSupport.ADMIN,
      "orderflow.admin.password=" + PlatformTestSupport.PASSWORD,
      "orderflow.web.max-request-size=1KB",
      "orderflow.faults.poison-record.topic=orders.events"
    })
@AutoConfigureMockMvc
@AutoConfigureMetrics
public abstract class PlatformTestSupport {

  protected static final String ADMIN = "admin";
  protected static final String PASSWORD = "s3cret-enough";

  @DynamicPropertySource
  static void embeddedStack(DynamicPropertyRegistry registry) {
    EmbeddedStack.shared().springProperties("platform").forEach((k, v) -> registry.add(k, () -> v));
  }
}
