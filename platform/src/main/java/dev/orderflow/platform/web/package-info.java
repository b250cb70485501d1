/**
 * Errors as RFC 9457 problem details: 4xx for every client mistake, with enough detail to fix it;
 * 503 with {@code Retry-After} when the service's MongoDB cannot be reached, saying whether the
 * request may have taken effect.
 */
@NullMarked
package dev.orderflow.platform.web;

import org.jspecify.annotations.NullMarked;
