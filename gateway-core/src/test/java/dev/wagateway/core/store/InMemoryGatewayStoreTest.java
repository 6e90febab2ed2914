package dev.wagateway.core.store;

/** Runs the store contract against {@link InMemoryGatewayStore}. */
class InMemoryGatewayStoreTest extends GatewayStoreContract {
  @Override
  protected GatewayStore newStore() {
    return new InMemoryGatewayStore();
  }
}
