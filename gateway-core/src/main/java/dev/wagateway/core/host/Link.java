package dev.wagateway.core.host;

import dev.wagateway.core.internal.pairing.CodePairing;
import dev.wagateway.core.transport.CloseReason;
import dev.wagateway.core.transport.WaConnection;
import dev.wagateway.core.wire.BinaryNode;
import java.io.IOException;

/**
 * One connection of a session and everything that lives only as long as it: the iq tracker, the QR
 * rotation, a phone-code pairing in progress, the keepalive, and why it ended. Confined to the
 * session's executor; callbacks from a link that is no longer current are ignored.
 */
final class Link {
  final Session session;
  final int generation;
  final IqTracker iqs;
  final KeepAlive keepAlive;
  WaConnection connection;
  QrDisplay qr;
  boolean refsReceived;
  CodePairing codePairing;
  byte[] derivedAdvSecret;
  boolean ready;
  Disconnect cause;

  Link(Session session, int generation) {
    this.session = session;
    this.generation = generation;
    this.iqs =
        new IqTracker(
            session.host.config.random().nextInt(),
            session.host.config.random().nextInt(),
            session.actor,
            session.host.config.scheduler());
    this.keepAlive = new KeepAlive(session, this);
  }

  /** Sends a node; false when the connection has ended. */
  boolean send(BinaryNode node) {
    WaConnection c = connection;
    if (c == null || c.state() != WaConnection.State.OPEN) {
      return false;
    }
    try {
      return c.send(node);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Stops timers and fails waiting requests; the connection itself is closed by the caller. */
  void dispose() {
    keepAlive.stop();
    if (qr != null) {
      qr.stop();
    }
    iqs.failAll(new IOException("the connection ended"));
    derivedAdvSecret = null;
    codePairing = null;
  }

  /** A listener that posts every callback to the session's executor. */
  WaConnection.Listener listener() {
    return new WaConnection.Listener() {
      @Override
      public void onOpen() {
        session.actor.execute(
            () -> {
              if (session.link == Link.this) {
                session.onOpen(Link.this);
              }
            });
      }

      @Override
      public void onNode(BinaryNode node) {
        session.actor.execute(
            () -> {
              if (session.link == Link.this) {
                session.onNode(Link.this, node);
              }
            });
      }

      @Override
      public void onClosed(CloseReason reason) {
        session.actor.execute(() -> session.onClosed(Link.this, reason));
      }
    };
  }
}
