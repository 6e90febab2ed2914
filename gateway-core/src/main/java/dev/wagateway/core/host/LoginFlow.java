package dev.wagateway.core.host;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.store.StoredSession;
import dev.wagateway.core.wire.BinaryNode;
import dev.wagateway.core.wire.Jid;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a login (docs/protocol/pairing.md §6.2, §6.3): on {@code success}, note the LID
 * (and the {@code display_name} as the push name while none is known), confirm the link in the
 * session metadata, check and upload prekeys, leave passive mode, then report ready. ({@code
 * failure} is mapped by {@link StreamErrors}.)
 */
final class LoginFlow {
  private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);

  private final Session session;

  LoginFlow(Session session) {
    this.session = session;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the whenComplete callback handles each outcome
  void onSuccess(Link l, BinaryNode success) {
    DeviceCredentials creds = session.creds;
    if (creds == null || !creds.paired()) {
      log.warn("success for a device that is not paired; ignored");
      return;
    }
    String lid = success.attr("lid");
    String displayName = success.attr("display_name");
    DeviceCredentials.Account account = creds.account();
    DeviceCredentials.Account known = account;
    if (lid != null && isJid(lid)) {
      if (known.lid() == null) {
        known = known.withLid(lid);
      } else if (!lid.equals(known.lid())) {
        log.warn(
            "the LID in success differs from the one stored at pairing; keeping the stored one");
      }
    }
    if (displayName != null && !displayName.isBlank() && known.pushName() == null) {
      // the account's own name until app-state sync says otherwise
      known = known.withPushName(displayName);
    }
    if (!known.equals(account)) {
      DeviceCredentials updated = creds.withAccount(known);
      try {
        session.host.store.device(session.id).credentials().save(updated);
        session.creds = updated;
      } catch (GatewayException e) {
        log.warn("could not store the LID or name from success: {}", e.getMessage());
      }
    }
    session
        .preKeys
        .afterLogin(l)
        .handle((ignored, error) -> null)
        .thenCompose(ignored -> sendActive(l))
        .whenComplete((ignored, error) -> session.onReady(l));
  }

  /**
   * The server accepted a login with the stored pairing, so the link is confirmed: the account goes
   * into the session metadata (written with the ready status that follows at once). Until then a
   * stored pairing counts as unconfirmed, and a refused login starts pairing again.
   */
  void confirmLink() {
    DeviceCredentials.Account a = session.creds.account();
    StoredSession meta = session.meta;
    if (Objects.equals(meta.jid(), a.jid()) && Objects.equals(meta.lid(), a.lid())) {
      return;
    }
    Jid jid = Jid.parse(a.jid());
    session.meta =
        meta.withAccount(jid.user(), a.pushName(), a.jid(), a.lid(), session.now().toEpochMilli());
  }

  private java.util.concurrent.CompletableFuture<Void> sendActive(Link l) {
    String id = l.iqs.nextId();
    java.util.concurrent.CompletableFuture<Void> done =
        l.iqs
            .track(id, session.host.config.iqTimeout())
            .handle(
                (result, error) -> {
                  if (error != null) {
                    log.warn("passive/active iq failed: {}", error.toString());
                  }
                  return null;
                });
    l.send(Stanzas.active(id));
    return done;
  }

  private static boolean isJid(String text) {
    try {
      Jid.parse(text);
      return true;
    } catch (GatewayException e) {
      return false;
    }
  }
}
