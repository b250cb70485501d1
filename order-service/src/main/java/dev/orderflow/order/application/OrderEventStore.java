package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the events of each order are kept: the only state of order-service. Appends are atomic and
 * optimistic: an append succeeds only if no other append to the same order happened since the
 * stream was loaded. An order's first commit is stored as awaiting its decision: the saga
 * deadline's reminder ({@link PendingOrders}), written in the same insert as the order.
 */
public interface OrderEventStore {

  /** Every event of the order, oldest first; an empty stream if there is no such order. */
  OrderStream load(String orderId);

  /** A stream known to be new (its id was just generated), without reading the store. */
  OrderStream startStream(String orderId);

  /**
   * Stores {@code events} after the last event of {@code stream}, in one atomic write, and has them
   * published afterwards.
   *
   * @return false, storing nothing, if another append to the order came first since {@code stream}
   *     was loaded: the caller loads it again and decides again
   */
  boolean append(OrderStream stream, List<OrderEvent> events);

  /**
   * The streams of many orders, read together (one query where the store can): what a batch of
   * commands loads instead of one {@link #load} each. An order that does not exist has an empty
   * stream.
   */
  default Map<String, OrderStream> loadAll(Collection<String> orderIds) {
    var streams = new LinkedHashMap<String, OrderStream>();
    for (var orderId : orderIds) {
      streams.put(orderId, load(orderId));
    }
    return streams;
  }

  /**
   * The streams of orders whose placement was answered by inventory, so whose {@code OrderPlaced}
   * is published (what a batch of saga replies loads): as {@link #loadAll}, except that a stream
   * this process placed and has not appended to since may be answered as it was written, without a
   * read, its placement counted published. Such a stream may be out of date (another process
   * appended since): an append after it then stores nothing and returns false, as after any load,
   * and its caller loads again. Answered that way once per placement; a second call reads.
   */
  default Map<String, OrderStream> loadReplied(Collection<String> orderIds) {
    return loadAll(orderIds);
  }

  /**
   * An append made ready to be stored later by {@link #appendAll}, with what it takes from the
   * current context (the trace it is made in), as {@link #append} would take it now.
   */
  default PreparedAppend prepare(OrderStream stream, List<OrderEvent> events) {
    return new Deferred(stream, events);
  }

  /**
   * Stores many prepared appends, each to a different order, with one write where the store can;
   * each is stored or not as {@link #append} would be, and those stored are published afterwards,
   * in the order given.
   *
   * @return the indexes (in {@code appends}) of those that stored nothing because another append to
   *     their order came first: their callers load and decide again
   */
  default Set<Integer> appendAll(List<PreparedAppend> appends) {
    var lost = new java.util.HashSet<Integer>();
    for (int i = 0; i < appends.size(); i++) {
      var append = (Deferred) appends.get(i);
      if (!append(append.stream(), append.events())) {
        lost.add(i);
      }
    }
    return Set.copyOf(lost);
  }

  /** An append made ready by {@link #prepare}; opaque here, like {@link StreamRevision}. */
  interface PreparedAppend {}

  /** What the default {@link #prepare} keeps: the append itself, made at {@link #appendAll}. */
  record Deferred(OrderStream stream, List<OrderEvent> events) implements PreparedAppend {}
}
