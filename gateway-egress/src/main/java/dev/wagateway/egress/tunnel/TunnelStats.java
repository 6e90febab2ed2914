package dev.wagateway.egress.tunnel;

/**
 * A live tunnel's figures.
 *
 * @param bufferedBytes bytes received from the agent and not yet read by sessions
 * @param maxBufferedBytes the highest {@code bufferedBytes} since the tunnel came up (bounded by
 *     the connection window)
 */
public record TunnelStats(int openStreams, long bufferedBytes, long maxBufferedBytes) {}
