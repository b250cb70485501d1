package dev.orderflow.events;

import java.util.Objects;

/**
 * A Kafka topic and the events it carries. Its dead-letter topic, where records that could not be
 * handled end up with the cause in their headers, is the name plus {@code .DLT}.
 */
public record Topic<E extends DomainEvent>(String name, Class<E> eventType) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(eventType, "eventType");
  }

  public String deadLetter() {
    return deadLetterOf(name);
  }

  /** The dead-letter topic of any topic: its name plus {@code .DLT}. */
  public static String deadLetterOf(String topic) {
    return topic + ".DLT";
  }

  @Override
  public String toString() {
    return name;
  }
}
