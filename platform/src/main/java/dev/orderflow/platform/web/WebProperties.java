package dev.orderflow.platform.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP edge of every service.
 *
 * @param maxRequestSize the largest request body any endpoint accepts
 * @param logContextParameters query parameters put into the logging context under their own name
 *     (route variables always are: {@link RouteLogContext})
 */
@ConfigurationProperties("orderflow.web")
public record WebProperties(
    @DefaultValue("64KB") DataSize maxRequestSize,
    @DefaultValue List<String> logContextParameters) {}
