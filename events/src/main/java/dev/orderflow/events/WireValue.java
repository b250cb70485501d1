package dev.orderflow.events;

/**
 * A value of a closed set as it is on the wire ({@link RejectionReason}, {@link
 * CancellationReason}), read tolerantly: a value a reader does not know yet reads as the set's
 * {@code unknown}, never as a dead letter.
 */
interface WireValue {

  /** The value on the wire, e.g. {@code insufficient-stock}. */
  String wire();

  /** The value of {@code type} with this wire value; {@code unknown} for one not known here. */
  static <E extends Enum<E> & WireValue> E read(Class<E> type, String wire, E unknown) {
    for (var value : type.getEnumConstants()) {
      if (value.wire().equals(wire)) {
        return value;
      }
    }
    return unknown;
  }
}
