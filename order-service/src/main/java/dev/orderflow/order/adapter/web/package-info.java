/** The HTTP API of order-service and how its refusals become problem details. */
@NullMarked
package dev.orderflow.order.adapter.web;

import org.jspecify.annotations.NullMarked;
