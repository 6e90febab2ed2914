package dev.wagateway.egress.tunnel;

/**
 * Told when a node's status or exit (IP, country, network) changes; the server turns this into
 * {@code egress.node.status} events. Called on the gateway's tunnel threads: return quickly.
 */
@FunctionalInterface
public interface EgressNodeListener {
  void onChange(EgressNode before, EgressNode after);
}
