package dev.orderflow.devstack.smtp;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server (GreenMail) that accepts every message and keeps it in memory: for as long as it
 * runs, or, after {@link #forgetEvery}, until the next time it forgets them all.
 */
public final class EmbeddedSmtp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);

  private final GreenMail greenMail;
  private final ScheduledExecutorService forgetting =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("smtp-forget").factory());

  private EmbeddedSmtp(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /**
   * @param port the SMTP port, or 0 for a free one
   */
  public static EmbeddedSmtp start(int port) {
    nameStreamProvider();
    var setup = new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP).dynamicPort();
    if (port != 0) {
      setup = new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP);
    }
    var greenMail = new GreenMail(setup);
    greenMail.start();
    return new EmbeddedSmtp(greenMail);
  }

  /**
   * The system property by which Jakarta Mail finds its stream provider before anything else. Mail
   * 2.1 looks the provider up again for every message GreenMail parses (jakartaee/mail-api#861),
   * and without this name each lookup is a {@code ServiceLoader} walk of the class path: half of
   * this part's CPU under load (docs/engineering/benchmarks.md). notification-service names it the
   * same way for the messages it writes ({@code SmtpEmailSender}).
   */
  static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

  /** Names the provider the class path declares, found once; a name already set is kept. */
  private static void nameStreamProvider() {
    if (System.getProperty(STREAM_PROVIDER) == null) {
      ServiceLoader.load(StreamProvider.class, EmbeddedSmtp.class.getClassLoader())
          .findFirst()
          .ifPresent(
              provider -> System.setProperty(STREAM_PROVIDER, provider.getClass().getName()));
    }
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /**
   * Drops every message received so far, each {@code period}: for a server whose mail nobody reads,
   * which would otherwise grow with every order until its heap is full.
   */
  public void forgetEvery(Duration period) {
    forgetting.scheduleAtFixedRate(
        this::forget, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void forget() {
    try {
      greenMail.purgeEmailFromAllMailboxes();
    } catch (FolderException e) {
      // Tried again next period; a failure here must not end the schedule.
      log.warn("Could not drop the received mail", e);
    }
  }

  @Override
  public void close() {
    forgetting.shutdownNow();
    greenMail.stop();
  }
}
