package dev.wagateway.core.host;

import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.GatewayStore;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.transport.LoopbackOnlyEgress;
import java.net.URI;
import java.security.SecureRandom;

/** Session objects for unit tests: never connected (the endpoint is a closed loopback port). */
final class TestSessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestSessions() {}

  /** A session {@code id} over {@code store}, not started; close {@code events} when done. */
  static Session create(GatewayStore store, EventBus events, String id) {
    SessionHostConfig config =
        SessionHostConfig.builder()
            .store(store)
            .egressResolver(s -> LoopbackOnlyEgress.instance())
            .endpoint(URI.create("ws://127.0.0.1:9/ws/chat"))
            .trustedRootKey(new byte[32])
            .build();
    return new Session(new HostContext(config, events), StoredSession.create(id, "org", 0L), false);
  }

  /** Fresh credentials linked to the account {@code jid} (and {@code lid}, may be null). */
  static DeviceCredentials paired(String jid, String lid) {
    return DeviceKeys.credentials(RANDOM)
        .withAccount(new DeviceCredentials.Account(jid, lid, null, null, new byte[] {1}));
  }
}
