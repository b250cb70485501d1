package dev.orderflow.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sender the {@code From} address of every email
 */
@ConfigurationProperties("orderflow.notification")
record NotificationProperties(@DefaultValue("orders@orderflow.dev") String sender) {}
