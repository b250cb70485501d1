/**
 * What notification-service decides, as plain values and pure functions, free of Spring, Kafka,
 * MongoDB, SMTP, Micrometer and the platform (an architecture test keeps it so): which outcome an
 * order event announces ({@link dev.orderflow.notification.domain.OrderOutcome}), what the email
 * says ({@link dev.orderflow.notification.domain.EmailTemplate}), whose problem a failed send is
 * ({@link dev.orderflow.notification.domain.SendFailure}), and what follows it ({@link
 * dev.orderflow.notification.domain.AfterSend}). The package around it carries these decisions out.
 */
@NullMarked
package dev.orderflow.notification.domain;

import org.jspecify.annotations.NullMarked;
