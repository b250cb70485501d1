package dev.orderflow.platform.kafka;

/**
 * The dead letter holds only the start of its record (the broker refused the whole one): sending it
 * back would publish a fragment. The whole record is still in its topic, at the offset the dead
 * letter names.
 */
public class TruncatedDeadLetterException extends RuntimeException {

  public TruncatedDeadLetterException(String id) {
    super(
        "Dead letter "
            + id
            + " holds only the start of its record and cannot be sent back; the whole record is"
            + " in its topic, at the offset its kafka_dlt-original-* headers name");
  }
}
