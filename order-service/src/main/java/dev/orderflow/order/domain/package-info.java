/**
 * The Order aggregate: pure functions and immutable values, no Spring, Kafka or MongoDB (an
 * architecture test keeps it that way). {@link dev.orderflow.order.domain.Order} holds the rules;
 * everything else in the service loads events, asks the aggregate, and stores what it decided.
 */
@NullMarked
package dev.orderflow.order.domain;

import org.jspecify.annotations.NullMarked;
