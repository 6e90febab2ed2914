/**
 * The tunnel protocol both sides speak (docs/egress-tunnel.md): the binary frame and its types
 * ({@code Frame}, {@code ResetCode}), the control frames' JSON ({@code Json}), close codes, the
 * node-key signatures ({@code NodeKeys}) and the stream multiplexer with its flow control ({@code
 * StreamMux}). It lives here, in the agent's module, because the agent can't depend on the gateway;
 * the gateway side reuses it instead of a copy.
 *
 * <p>Internal: no compatibility promise. Named friend: gateway-egress ({@code
 * dev.wagateway.egress.tunnel}, {@code dev.wagateway.egress.internal.tunnel}), the gateway side of
 * the same tunnel. Nothing else outside gateway-egress-agent may import it.
 */
package dev.wagateway.egress.agent.internal.tunnel;
