package dev.orderflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A switch for SMTP failures that tests flip inside the one shared application context: while it is
 * on for a recipient, emails to that recipient go to a port where nothing listens and fail as in a
 * real outage (connection refused); every other email still reaches the shared SMTP server. Scoped
 * to recipients so that a test's outage never touches the emails of another.
 */
public final class SmtpOutage {

  private final Set<String> recipients = ConcurrentHashMap.newKeySet();

  public void startFor(String recipient) {
    recipients.add(recipient);
  }

  public void endFor(String recipient) {
    recipients.remove(recipient);
  }

  boolean affects(MimeMessage message) {
    try {
      var to = message.getAllRecipients();
      return to != null
          && Arrays.stream(to)
              .map(address -> ((InternetAddress) address).getAddress())
              .anyMatch(recipients::contains);
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
