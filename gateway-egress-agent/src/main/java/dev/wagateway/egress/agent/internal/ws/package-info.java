/**
 * The agent's WebSocket client (client role of RFC 6455 over an OkHttp-configured socket, no
 * extensions) and {@code Rfc6455}, the opcodes, close codes and primitives both roles share.
 *
 * <p>Internal: no compatibility promise. Named friend: gateway-egress, whose server-role framing
 * ({@code dev.wagateway.egress.internal.ws.AgentWebSocketFrames}) uses {@code Rfc6455}. Nothing
 * else outside gateway-egress-agent may import it.
 */
package dev.wagateway.egress.agent.internal.ws;
