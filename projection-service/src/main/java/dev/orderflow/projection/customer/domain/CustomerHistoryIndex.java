package dev.orderflow.projection.customer.domain;

import dev.orderflow.projection.domain.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which hours a customer placed orders in, and how many in each: enough to tell which hour buckets
 * hold a given page of the history without reading any other. Counts only grow (an order never
 * leaves its bucket), so an update keeps the larger of the stored and the new count, and a repeated
 * or late update can never shrink it.
 */
public record CustomerHistoryIndex(String customerId, Map<String, Integer> ordersByHour) {

  public CustomerHistoryIndex {
    ordersByHour = Map.copyOf(ordersByHour);
  }

  public static CustomerHistoryIndex empty(String customerId) {
    return new CustomerHistoryIndex(customerId, Map.of());
  }

  public long total() {
    return ordersByHour.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** This index with at least {@code count} orders in {@code hour}; itself if it had that many. */
  public CustomerHistoryIndex withAtLeast(String hour, int count) {
    if (ordersByHour.getOrDefault(hour, 0) >= count) {
      return this;
    }
    var next = new TreeMap<>(ordersByHour);
    next.put(hour, count);
    return new CustomerHistoryIndex(customerId, next);
  }

  /**
   * The hour buckets that hold page {@code page} of {@code size} orders, in list order, and how
   * many orders of the first of them come before the page.
   */
  public Slice slice(int page, int size, boolean newestFirst) {
    Comparator<String> order = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
    var hours = new ArrayList<>(ordersByHour.keySet());
    hours.sort(order);
    long start = (long) page * size;
    long end = start + size;
    long seen = 0;
    var selected = new ArrayList<String>();
    long skipInFirst = 0;
    for (var hour : hours) {
      long count = ordersByHour.getOrDefault(hour, 0);
      if (seen + count > start && seen < end) {
        if (selected.isEmpty()) {
          skipInFirst = start - seen;
        }
        selected.add(hour);
      }
      seen += count;
    }
    return new Slice(selected, (int) skipInFirst);
  }

  /** Which buckets to read for a page, and how many of the first bucket's orders to skip. */
  public record Slice(List<String> hours, int skipInFirst) {

    public Slice {
      hours = List.copyOf(hours);
    }

    /** The page, given the buckets' orders in the slice's hour order. */
    public Page<OrderSummary> page(
        List<CustomerHour> buckets, int page, int size, long total, boolean newestFirst) {
      var orders = new ArrayList<OrderSummary>();
      for (var bucket : buckets) {
        var inBucket = new ArrayList<>(bucket.orders());
        inBucket.sort(newestFirst ? OrderSummary.NEWEST_FIRST : OrderSummary.OLDEST_FIRST);
        orders.addAll(inBucket);
      }
      var from = Math.min(skipInFirst, orders.size());
      var to = Math.min(from + size, orders.size());
      return new Page<>(orders.subList(from, to), page, size, total);
    }
  }
}
