package dev.wagateway.core.host;

import dev.wagateway.core.internal.crypto.DeviceKeys;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.PreKeyStore;
import dev.wagateway.core.store.PreKeyStore.PreKey;
import dev.wagateway.core.wire.BinaryNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server stocked with one-time prekeys (docs/protocol/pairing.md §5): after every login
 * it asks for the count and uploads when the server or our uploaded set is below the minimum (the
 * initial amount when both are empty, else a batch); a server {@code encrypt} notification with a
 * low count triggers a batch too. Keys are stored before they are uploaded, and marked uploaded
 * when the server confirms.
 */
final class PreKeyManager {
  private static final Logger log = LoggerFactory.getLogger(PreKeyManager.class);

  private final Session session;

  PreKeyManager(Session session) {
    this.session = session;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  CompletableFuture<Void> afterLogin(Link l) {
    String id = l.iqs.nextId();
    CompletableFuture<Void> done =
        l.iqs
            .track(id, session.host.config.iqTimeout())
            .thenCompose(
                result -> {
                  int server = countOf(result.child("count"));
                  int local = store().uploadedCount();
                  int min = session.host.config.preKeyMinCount();
                  if (server >= min && local >= min) {
                    return CompletableFuture.completedFuture(null);
                  }
                  int amount =
                      server == 0 && local == 0
                          ? session.host.config.preKeyInitialCount()
                          : session.host.config.preKeyBatchSize();
                  return upload(l, amount);
                });
    done.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            log.warn("prekey check failed: {}", error.toString());
          }
        });
    l.send(Stanzas.iq(id, "encrypt", "get", BinaryNode.of("count")));
    return done;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  void onCountNotification(Link l, BinaryNode count) {
    if (countOf(count) < session.host.config.preKeyMinCount() && l.ready) {
      upload(l, session.host.config.preKeyBatchSize())
          .whenComplete(
              (ignored, error) -> {
                if (error != null) {
                  log.warn("prekey upload failed: {}", error.toString());
                }
              });
    }
  }

  /** Stores (reusing keys never uploaded first), then uploads {@code amount} prekeys. */
  CompletableFuture<Void> upload(Link l, int amount) {
    PreKeyStore keys = store();
    List<PreKey> batch = new ArrayList<>(keys.unuploaded(amount));
    if (batch.size() < amount) {
      List<PreKey> fresh =
          DeviceKeys.preKeys(
              PreKey.nextId(keys.maxId()), amount - batch.size(), session.host.config.random());
      keys.store(fresh);
      batch.addAll(fresh);
    }
    int lastId = batch.get(batch.size() - 1).id();
    String id = l.iqs.nextId();
    CompletableFuture<Void> done =
        l.iqs
            .track(id, session.host.config.iqTimeout())
            .thenAccept(
                result -> {
                  store().markUploaded(lastId);
                  log.info("uploaded {} prekeys", batch.size());
                });
    l.send(uploadStanza(id, session.creds, batch));
    return done;
  }

  /** docs/protocol/pairing.md §5.2: registration, type, identity, list of keys, signed prekey. */
  static BinaryNode uploadStanza(String id, DeviceCredentials creds, List<PreKey> batch) {
    List<BinaryNode> keys = new ArrayList<>(batch.size());
    for (PreKey key : batch) {
      keys.add(
          BinaryNode.newBuilder("key")
              .child(BinaryNode.newBuilder("id").bytes(id3(key.id())).build())
              .child(BinaryNode.newBuilder("value").bytes(key.keyPair().publicKey()).build())
              .build());
    }
    DeviceCredentials.SignedPreKey signed = creds.signedPreKey();
    return Stanzas.iq(
        id,
        "encrypt",
        "set",
        BinaryNode.newBuilder("registration").bytes(be4(creds.registrationId())).build(),
        BinaryNode.newBuilder("type").bytes(new byte[] {5}).build(),
        BinaryNode.newBuilder("identity").bytes(creds.identityKey().publicKey()).build(),
        BinaryNode.newBuilder("list").children(keys).build(),
        BinaryNode.newBuilder("skey")
            .child(BinaryNode.newBuilder("id").bytes(id3(signed.id())).build())
            .child(BinaryNode.newBuilder("value").bytes(signed.keyPair().publicKey()).build())
            .child(BinaryNode.newBuilder("signature").bytes(signed.signature()).build())
            .build());
  }

  private PreKeyStore store() {
    return session.host.store.device(session.id).preKeys();
  }

  static int countOf(BinaryNode count) {
    if (count == null) {
      return 0;
    }
    try {
      return Integer.parseInt(count.attr("value"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static byte[] id3(int id) {
    return new byte[] {(byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  static byte[] be4(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}
