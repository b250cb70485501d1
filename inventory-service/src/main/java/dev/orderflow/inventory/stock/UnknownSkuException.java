package dev.orderflow.inventory.stock;

/** No stock was ever set for the sku. */
public class UnknownSkuException extends RuntimeException {

  public UnknownSkuException(String sku) {
    super("No stock is known for sku " + sku);
  }
}
