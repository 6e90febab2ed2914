package dev.wagateway.core.internal.store;

import dev.wagateway.core.store.AppStateKeyStore;
import dev.wagateway.core.store.CredentialStore;
import dev.wagateway.core.store.DeviceStore;
import dev.wagateway.core.store.IdentityStore;
import dev.wagateway.core.store.MessageJournalStore;
import dev.wagateway.core.store.PreKeyStore;
import dev.wagateway.core.store.ReceivedMessageStore;
import dev.wagateway.core.store.SenderKeyStore;
import dev.wagateway.core.store.SentMessageStore;
import dev.wagateway.core.store.SignalSessionStore;
import java.util.List;
import java.util.function.LongSupplier;

/** One session's view of the shared database: narrow stores, no connection of its own. */
final class SqlDeviceStore implements DeviceStore {
  /** The tables removed with the key material, each with a {@code session_id} column. */
  static final List<String> KEY_TABLES =
      List.of(
          "credentials",
          "identities",
          "prekeys",
          "prekey_counters",
          "signal_sessions",
          "sender_keys",
          "app_state_keys",
          "message_journal",
          "received_messages");

  private final String sessionId;
  private final CredentialStore credentials;
  private final IdentityStore identities;
  private final PreKeyStore preKeys;
  private final SignalSessionStore signalSessions;
  private final SenderKeyStore senderKeys;
  private final AppStateKeyStore appStateKeys;
  private final MessageJournalStore messageJournal;
  private final SentMessageStore sentMessages;
  private final ReceivedMessageStore receivedMessages;

  SqlDeviceStore(String sessionId, SqlDatabase db, LongSupplier clock) {
    this.sessionId = sessionId;
    this.credentials = new SqlCredentialStore(sessionId, db, clock);
    this.identities = new SqlIdentityStore(sessionId, db, clock);
    this.preKeys = new SqlPreKeyStore(sessionId, db, clock);
    this.signalSessions = new SqlSignalSessionStore(sessionId, db, clock);
    this.senderKeys = new SqlSenderKeyStore(sessionId, db, clock);
    this.appStateKeys = new SqlAppStateKeyStore(sessionId, db, clock);
    this.messageJournal = new SqlMessageJournalStore(sessionId, db, clock);
    this.sentMessages = new SqlSentMessageStore(sessionId, db);
    this.receivedMessages = new SqlReceivedMessageStore(sessionId, db);
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public CredentialStore credentials() {
    return credentials;
  }

  @Override
  public IdentityStore identities() {
    return identities;
  }

  @Override
  public PreKeyStore preKeys() {
    return preKeys;
  }

  @Override
  public SignalSessionStore signalSessions() {
    return signalSessions;
  }

  @Override
  public SenderKeyStore senderKeys() {
    return senderKeys;
  }

  @Override
  public AppStateKeyStore appStateKeys() {
    return appStateKeys;
  }

  @Override
  public MessageJournalStore messageJournal() {
    return messageJournal;
  }

  @Override
  public SentMessageStore sentMessages() {
    return sentMessages;
  }

  @Override
  public ReceivedMessageStore receivedMessages() {
    return receivedMessages;
  }

  @Override
  public String toString() {
    return "DeviceStore[" + sessionId + "]";
  }
}
