package dev.orderflow.devstack.smtp;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** An SMTP server (GreenMail) that accepts every message and keeps it in memory. */
public final class EmbeddedSmtp implements AutoCloseable {

  private final GreenMail greenMail;

  private EmbeddedSmtp(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /**
   * @param port the SMTP port, or 0 for a free one
   */
  public static EmbeddedSmtp start(int port) {
    var setup = new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP).dynamicPort();
    if (port != 0) {
      setup = new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP);
    }
    var greenMail = new GreenMail(setup);
    greenMail.start();
    return new EmbeddedSmtp(greenMail);
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
