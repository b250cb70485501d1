/** The JSON form of events, shared by outboxes, producers and consumers. */
@NullMarked
package dev.orderflow.platform.json;

import org.jspecify.annotations.NullMarked;
