package dev.wagateway.core.store;

/**
 * The key material of one hosted session (one linked device), as a set of narrow stores in the
 * manner of whatsmeow's store interfaces. A view, not a resource: it holds no connection, so get
 * one per session (or per call) from {@link GatewayStore#device} freely.
 *
 * <p>Outside a transaction every call commits by itself (a multi-row call such as {@link
 * PreKeyStore#store} commits all its rows or none). Inside {@link GatewayStore#inTransaction} all
 * calls made on that thread, through the handed-in store or any other view of the same {@link
 * GatewayStore}, commit or roll back together, and reads see the transaction's own writes. Byte
 * arrays are copied in and out. Blank addresses or ids, null or empty keys are rejected with {@link
 * dev.wagateway.core.GatewayException.ValidationException}; storage failures are {@link
 * dev.wagateway.core.GatewayException.StoreException}.
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

  /** Plaintexts kept until a redelivery after a crash can no longer happen. */
  MessageJournalStore messageJournal();

  /** Records of the messages this session sent; kept across a logout, removed with the session. */
  SentMessageStore sentMessages();

  /** Keys (author, chat, id) of the messages this session received; go with the key material. */
  ReceivedMessageStore receivedMessages();
}
