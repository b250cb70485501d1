/** The HTTP API of order-service and how its refusals become problem details. */
package dev.orderflow.order.adapter.web;
