package dev.orderflow.devstack;

/**
 * A Spring Boot application of this repository: a service or the console. Its part name is its
 * Maven module, so its runnable jar is {@code <name>/target/<name>-<version>-exec.jar}; it is
 * extracted for class-data sharing ({@link ClassDataSharing}) and ready when its {@code
 * /actuator/health} says UP.
 */
public sealed interface Application extends Part permits Service, Console {}
