package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.GatewayStoreContract;

/** Runs the store contract against {@link InMemoryGatewayStore}. */
class InMemoryGatewayStoreTest extends GatewayStoreContract {
  @Override
  protected GatewayStore newStore() {
    return new InMemoryGatewayStore();
  }
}
