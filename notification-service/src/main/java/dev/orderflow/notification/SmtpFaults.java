package dev.orderflow.notification;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The SMTP faults an operator can switch on while the service runs ({@code PUT
 * /api/admin/faults/{name}}; docs/faults.md). Both strike inside {@link EmailSender}, behind the
 * circuit breaker and the time limit, so they are handled exactly like the real failures they
 * imitate.
 */
@Component
class SmtpFaults {

  static final String OUTAGE = "smtp-outage";
  static final String LATENCY = "smtp-latency";
  static final String LATENCY_MS = "latencyMs";

  private final Fault outage;
  private final Fault latency;

  SmtpFaults(Faults faults) {
    this.outage =
        faults.register(
            OUTAGE,
            "Every email fails as if the SMTP server refused connections: the smtp circuit breaker"
                + " opens, the consumers pause, emails wait; switched off, each is sent once.");
    this.latency =
        faults.register(
            LATENCY,
            "Every email waits latencyMs before it is handed to the SMTP server; beyond the smtp"
                + " time limit the send times out and the email goes to the retry topics.",
            Fault.Parameter.milliseconds(LATENCY_MS, 2000));
  }

  boolean outage() {
    return outage.active();
  }

  /** How long each send is held up; zero while the fault is off. */
  Duration latency() {
    return latency.active() ? Duration.ofMillis(latency.parameter(LATENCY_MS)) : Duration.ZERO;
  }
}
