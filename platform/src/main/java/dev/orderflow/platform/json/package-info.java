/** The JSON form of events, shared by outboxes, producers and consumers. */
package dev.orderflow.platform.json;
