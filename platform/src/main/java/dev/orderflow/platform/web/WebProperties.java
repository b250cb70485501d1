package dev.orderflow.platform.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP edge of every service.
 *
 * @param maxRequestSize the largest request body any endpoint accepts
 * @param logContext what a request is about, put into the logging context under its own name: a
 *     route variable or query parameter of each name ({@link RouteLogContext})
 */
@ConfigurationProperties("orderflow.web")
public record WebProperties(
    @DefaultValue("64KB") DataSize maxRequestSize, @DefaultValue List<String> logContext) {}
