package dev.wagateway.egress;

import dev.wagateway.core.EgressChoice;
import dev.wagateway.core.EgressKind;
import dev.wagateway.core.GatewayException;
import dev.wagateway.core.GatewayException.EgressUnavailableException;
import dev.wagateway.core.SessionInfo;
import dev.wagateway.core.transport.Egress;
import dev.wagateway.core.transport.EgressResolver;
import dev.wagateway.egress.tunnel.EgressNode;
import dev.wagateway.egress.tunnel.EgressNodeRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session host's {@link EgressResolver}: turns a session's egress choice into the {@link
 * Egress} its next connection goes through, failing closed.
 *
 * <ul>
 *   <li>{@code external} (also when no choice was made): the {@link ProxyPool}'s sticky proxy for
 *       the session's country. The country is the choice's explicit {@code country}; else it is
 *       derived ({@link CountryResolver}) from, in order, the linked account's number (once
 *       paired), the number of a pending phone-code pairing request, and the number of the
 *       session's sender ({@link SenderPhones}). When the country changes (the account linked from
 *       another country than the sender's), the pool re-matches the session to a proxy of the new
 *       country on its next connect and stores the move. A choice naming a proxy id pins that proxy
 *       of the pool.
 *   <li>{@code android}: the named node's {@link dev.wagateway.egress.tunnel.AndroidEgress}. The
 *       node must exist in the session's organisation and not be revoked; an offline node makes the
 *       connect fail ({@code egress node ... is offline}) so the session retries with back-off
 *       until the agent is back.
 *   <li>{@code direct}: refused. No session ever connects from the gateway's own address.
 * </ul>
 *
 * <p>A refusal here is a {@link EgressUnavailableException}: the session fails with lastError
 * {@code egress_unavailable: <message>} and waits (status failed) until it is started again. A
 * failure while connecting (proxy auth refused, unreachable, timeout, node offline) reaches the
 * session as a disconnect with {@code egress_unavailable: <message>} and a reconnect with back-off.
 */
public final class EgressRouter implements EgressResolver {
  private static final Pattern COUNTRY = Pattern.compile("[a-z]{2}");

  private final ProxyPool pool;
  private final EgressNodeRegistry nodes;
  private final SenderPhones senderPhones;

  private EgressRouter(Builder b) {
    this.pool = b.pool;
    this.nodes = b.nodes;
    this.senderPhones = b.senderPhones;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The phone number of an API sender, from whoever keeps senders (the server). */
  @FunctionalInterface
  public interface SenderPhones {
    /** The sender's number in E.164 (with or without {@code +}), if it has one. */
    Optional<String> phoneOf(String orgId, String senderId);
  }

  @Override
  public Egress resolve(SessionInfo session) {
    return resolve(session, null);
  }

  @Override
  public Egress resolve(SessionInfo session, String pairingPhone) {
    Objects.requireNonNull(session, "session");
    EgressChoice choice = session.egress();
    EgressKind kind = choice == null ? EgressKind.EXTERNAL : choice.kind();
    return switch (kind) {
      case DIRECT ->
          throw new EgressUnavailableException(
              "direct egress is refused: sessions connect only through a proxy (external) or an"
                  + " egress node (android)",
              null);
      case ANDROID -> android(session, choice.nodeId());
      case EXTERNAL -> external(session, choice, pairingPhone);
    };
  }

  /**
   * The country the session's exit should be in, as {@link #resolve} decides it: explicit, else the
   * linked number's, else the pending pairing number's, else the sender's number's.
   *
   * @throws EgressUnavailableException when none of them gives a country
   */
  public String countryOf(SessionInfo session, String pairingPhone) {
    EgressChoice choice = session.egress();
    if (choice != null && choice.country() != null) {
      String c = choice.country().toLowerCase(Locale.ROOT);
      if (!COUNTRY.matcher(c).matches()) {
        throw new EgressUnavailableException(
            "the session's egress country is not an ISO 3166 alpha-2 code", null);
      }
      return c;
    }
    if (session.identity() != null) {
      return derive(session.identity().phone(), "the linked number");
    }
    if (pairingPhone != null) {
      return derive(pairingPhone, "the pairing-code number");
    }
    if (senderPhones != null && session.senderId() != null) {
      Optional<String> phone = senderPhones.phoneOf(session.orgId(), session.senderId());
      if (phone.isPresent()) {
        return derive(phone.get(), "the number of sender " + session.senderId());
      }
    }
    throw new EgressUnavailableException(
        "no country for the session's proxy: set egress.country, give its sender a phone number"
            + " or pair it with a phone code",
        null);
  }

  /** Which proxy the session is assigned to now, if it has one. */
  public Optional<ProxyEndpoint> assignment(String sessionId) {
    return pool == null ? Optional.empty() : pool.assignment(sessionId);
  }

  /** Forgets the session's proxy assignment: call it when the session is deleted. */
  public void release(String sessionId) {
    if (pool != null) {
      pool.release(sessionId);
    }
  }

  private Egress android(SessionInfo session, String nodeId) {
    if (nodes == null) {
      throw new EgressUnavailableException("no Android egress nodes on this gateway", null);
    }
    if (nodeId == null || nodeId.isBlank()) {
      throw new EgressUnavailableException("android egress needs an egress node id", null);
    }
    EgressNode node =
        nodes
            .find(nodeId)
            .filter(n -> n.orgId().equals(session.orgId()))
            .orElseThrow(
                () ->
                    new EgressUnavailableException(
                        "egress node " + nodeId + " does not exist in the session's organisation",
                        null));
    if (node.status() == EgressNode.Status.REVOKED) {
      throw new EgressUnavailableException("egress node " + nodeId + " is revoked", null);
    }
    return nodes.egress(nodeId);
  }

  private Egress external(SessionInfo session, EgressChoice choice, String pairingPhone) {
    if (pool == null) {
      throw new EgressUnavailableException("no egress proxies are configured", null);
    }
    if (choice != null && choice.nodeId() != null) {
      ProxyEndpoint pinned =
          pool.proxies().stream()
              .filter(p -> p.id().equals(choice.nodeId()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new EgressUnavailableException(
                          "proxy " + choice.nodeId() + " is not configured", null));
      return Egresses.of(pinned);
    }
    String country = countryOf(session, pairingPhone);
    if (pool.proxies().stream().noneMatch(p -> country.equals(p.country()))) {
      throw new EgressUnavailableException("no proxy configured for country " + country, null);
    }
    return pool.egressFor(session.id(), country);
  }

  private static String derive(String phone, String whose) {
    try {
      return CountryResolver.countryOf(phone);
    } catch (GatewayException e) {
      throw new EgressUnavailableException(
          "can't derive a country from " + whose + ": " + e.getMessage(), null);
    }
  }

  /** Configures an {@link EgressRouter}; every part is optional, missing parts refuse. */
  public static final class Builder {
    private ProxyPool pool;
    private EgressNodeRegistry nodes;
    private SenderPhones senderPhones;

    private Builder() {}

    /** The managed proxies for {@code external} sessions. */
    public Builder pool(ProxyPool pool) {
      this.pool = Objects.requireNonNull(pool, "pool");
      return this;
    }

    /** The Android egress nodes for {@code android} sessions. */
    public Builder nodes(EgressNodeRegistry nodes) {
      this.nodes = Objects.requireNonNull(nodes, "nodes");
      return this;
    }

    /** Where a sender's phone number comes from, to derive an unpaired session's country. */
    public Builder senderPhones(SenderPhones senderPhones) {
      this.senderPhones = Objects.requireNonNull(senderPhones, "senderPhones");
      return this;
    }

    public EgressRouter build() {
      return new EgressRouter(this);
    }
  }
}
