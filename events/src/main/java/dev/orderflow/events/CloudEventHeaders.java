package dev.orderflow.events;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding (binary mode): the body is the
 * event JSON, the context attributes travel as {@code ce_}-prefixed headers, so a broker tool can
 * route or inspect a record without parsing it.
 */
public final class CloudEventHeaders {

  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String TYPE = "ce_type";
  public static final String SOURCE = "ce_source";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CONTENT_TYPE = "content-type";

  public static final String SPEC_VERSION_VALUE = "1.0";
  public static final String JSON = "application/json";

  private CloudEventHeaders() {}

  /** The CloudEvents {@code source} of a service, e.g. {@code /orderflow/order-service}. */
  public static String sourceOf(String serviceName) {
    return "/orderflow/" + serviceName;
  }
}
