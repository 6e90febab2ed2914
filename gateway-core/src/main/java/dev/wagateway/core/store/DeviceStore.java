package dev.wagateway.core.store;

/**
 * The key material of one hosted session (one linked device), as a set of narrow stores in the
 * manner of whatsmeow's store interfaces. Outside a transaction every call commits by itself;
 * inside {@link GatewayStore#inTransaction} all calls on the handed-in {@code DeviceStore} commit
 * or roll back together.
 */
public interface DeviceStore {
  /** The session id this store belongs to. */
  String sessionId();

  CredentialStore credentials();

  IdentityStore identities();

  PreKeyStore preKeys();

  SignalSessionStore signalSessions();

  SenderKeyStore senderKeys();

  AppStateKeyStore appStateKeys();
}
