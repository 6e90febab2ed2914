package dev.wagateway.core.message;

/**
 * A file downloaded from a URL through a session's egress.
 *
 * @param length the number of bytes written
 * @param contentType the answer's {@code Content-Type} header (parameters included), or null
 */
public record FetchedMedia(long length, String contentType) {}
