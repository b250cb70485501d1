package dev.orderflow.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what an SMTP server received. The server is shared by every test of the JVM, so tests pick
 * their own emails out by {@code Message-ID} (one per order and kind).
 */
final class ReceivedEmails {

  private ReceivedEmails() {}

  static List<MimeMessage> withMessageId(List<MimeMessage> received, String messageId) {
    return received.stream().filter(message -> messageId.equals(messageIdOf(message))).toList();
  }

  static String messageIdOf(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> recipientsOf(MimeMessage message) {
    try {
      return Arrays.stream(message.getAllRecipients())
          .map(address -> ((InternetAddress) address).getAddress())
          .toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String subjectOf(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String textOf(MimeMessage message) {
    try {
      return ((String) message.getContent()).replace("\r\n", "\n");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
