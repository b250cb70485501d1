package dev.orderflow.platform.kafka;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.KafkaException;

/**
 * The fault {@code dead-letter-refused} (docs/faults.md): while it is on, every dead letter this
 * instance sends is refused as a broker refuses one it will not take (an ACL that denies the write,
 * a record over a size limit), the full one and the truncated copy alike. {@link DeadLetters} then
 * does what it does with a real refusal: it skips the record with an ERROR and counts it in {@code
 * kafka_dead_letters_unpublished_total}, and the consumer carries on. Nothing reaches the broker;
 * switched off, dead letters are sent again.
 */
public final class DeadLetterRefusal {

  static final String NAME = "dead-letter-refused";

  private final Fault fault;

  public DeadLetterRefusal(Faults faults) {
    this.fault =
        faults.register(
            NAME,
            "Every dead letter is refused, also truncated, as by a broker that will not take it:"
                + " a record that fails for good is skipped and counted in"
                + " kafka_dead_letters_unpublished_total, and the consumer carries on.");
  }

  /** Refuses {@code deadLetter} while the fault is on, as a failed send does; else nothing. */
  void check(ProducerRecord<?, ?> deadLetter) {
    if (fault.active()) {
      throw new KafkaException(
          "Dead-letter publication to "
              + deadLetter.topic()
              + " refused: the fault "
              + NAME
              + " is on");
    }
  }
}
