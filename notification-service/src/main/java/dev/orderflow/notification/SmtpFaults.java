package dev.orderflow.notification;

import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.net.ConnectException;
import java.time.Duration;

/**
 * The SMTP faults an operator can switch on while the service runs ({@code PUT
 * /api/admin/faults/{name}}; docs/faults.md), as a sender standing in front of the real one. It is
 * wrapped by {@link ResilientEmailSender} like the server itself, behind the circuit breaker and
 * the time limit, so a fault is handled exactly like the real failure it imitates, and the real
 * sender knows nothing of faults.
 */
class SmtpFaults implements EmailSender {

  static final String OUTAGE = "smtp-outage";
  static final String LATENCY = "smtp-latency";
  static final String LATENCY_MS = "latencyMs";

  private final EmailSender smtp;
  private final Fault outage;
  private final Fault latency;

  SmtpFaults(Faults faults, EmailSender smtp) {
    this.smtp = smtp;
    this.outage =
        faults.register(
            OUTAGE,
            "Every email fails as if the SMTP server refused connections: the smtp circuit breaker"
                + " opens, the consumers pause, emails wait; switched off, each is sent once.");
    this.latency =
        faults.register(
            LATENCY,
            "Every email waits latencyMs before it is handed to the SMTP server; beyond the smtp"
                + " time limit the send times out and the email is deferred to the sweep.",
            Fault.Parameter.milliseconds(LATENCY_MS, 2000));
  }

  @Override
  public void send(OrderEmail email) {
    inFrontOf(email);
    smtp.send(email);
  }

  /** The faults stand in front of every email of a connection too. */
  @Override
  public Connection connect() {
    var connection = smtp.connect();
    return new Connection() {
      @Override
      public void send(OrderEmail email) {
        inFrontOf(email);
        connection.send(email);
      }

      @Override
      public void close() {
        connection.close();
      }
    };
  }

  private void inFrontOf(OrderEmail email) {
    holdUpWhileSlow(email);
    if (outage.active()) {
      throw refusedConnection(email);
    }
  }

  /** smtp-latency: a slow server, before anything reaches the real one. */
  private void holdUpWhileSlow(OrderEmail email) {
    if (!latency.active()) {
      return;
    }
    try {
      Thread.sleep(Duration.ofMillis(latency.parameter(LATENCY_MS)));
    } catch (InterruptedException e) {
      // The time limit gave up on this send: it must not reach the server after all.
      Thread.currentThread().interrupt();
      throw new SmtpUnavailableException(
          email.messageId(), "interrupted while the SMTP server was slow", e);
    }
  }

  /** smtp-outage: what the real sender reports when nothing listens on the SMTP port. */
  private static SmtpUnavailableException refusedConnection(OrderEmail email) {
    var refused = new ConnectException("Connection refused (fault " + OUTAGE + ")");
    return new SmtpUnavailableException(email.messageId(), refused.toString(), refused);
  }
}
