package dev.wagateway.server.internal.http;

import dev.wagateway.server.internal.error.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a whole request body without blocking: each run takes the chunks that have arrived and asks
 * Jetty to run it again when more come, so a slow client holds no thread while it trickles.
 * Completes {@code done} with the bytes, or with the over-size error past {@code maxBytes}.
 */
final class BodyReader implements Runnable {
  private final Request request;
  private final long maxBytes;
  private final CompletableFuture<byte[]> done;
  private final Supplier<ApiException> tooLarge;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  BodyReader(
      Request request,
      long maxBytes,
      CompletableFuture<byte[]> done,
      Supplier<ApiException> tooLarge) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.done = done;
    this.tooLarge = tooLarge;
  }

  @Override
  public void run() {
    while (!done.isDone()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      try {
        if (Content.Chunk.isFailure(chunk)) {
          done.completeExceptionally(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (out.size() + (long) bytes.remaining() > maxBytes) {
          done.completeExceptionally(tooLarge.get());
          return;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        out.write(copy, 0, copy.length);
        if (chunk.isLast()) {
          done.complete(out.toByteArray());
          return;
        }
      } finally {
        chunk.release();
      }
    }
  }
}
