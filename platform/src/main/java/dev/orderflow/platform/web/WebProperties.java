package dev.orderflow.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize the largest request body any endpoint accepts
 */
@ConfigurationProperties("orderflow.web")
public record WebProperties(@DefaultValue("64KB") DataSize maxRequestSize) {}
