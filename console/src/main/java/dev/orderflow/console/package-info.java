/**
 * The console: the page under {@code static/}, its libraries from WebJars, and one origin for
 * everything the page calls. {@link dev.orderflow.console.ServiceRoutes} passes {@code
 * /services/<name>/**} to each service with the prefix stripped (Spring Cloud Gateway Server MVC),
 * streams event by event, and answers for a service that does not: a 503 problem naming it. The
 * page holds no address of its own and no credentials in its code; {@link
 * dev.orderflow.console.SettingsController} tells it the little it cannot know (where Jaeger is).
 * No Kafka, no MongoDB, no domain: the console only shows what the services' own APIs say.
 */
@NullMarked
package dev.orderflow.console;

import org.jspecify.annotations.NullMarked;
