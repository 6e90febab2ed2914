package dev.wagateway.core.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.wire.WireException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Random byte streams cut into random chunks: the decoder returns frames or throws {@link
 * WireException}, nothing else, and never holds more than one capped frame. Tries default to 200;
 * raise them with {@code -Dwagateway.fuzz.tries=N}.
 */
@AddLifecycleHook(
    value = FrameDecoderFuzzTest.Tries.class,
    propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class FrameDecoderFuzzTest {
  private static final int CAP = 4096;

  /** Sets the number of tries from {@code wagateway.fuzz.tries} (default 200). */
  static final class Tries implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      context.attributes().setTries(Integer.getInteger("wagateway.fuzz.tries", 200));
      return property.execute();
    }
  }

  @Property
  void arbitraryBytesOnlyEverFailAsWireException(
      @ForAll("streams") byte[] stream, @ForAll("cuts") List<Integer> cuts) {
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(CAP);
    try {
      for (byte[] chunk : split(stream, cuts)) {
        decoder.feed(chunk);
        assertTrue(decoder.buffered() <= CAP + FrameCodec.HEADER_LENGTH);
      }
    } catch (WireException e) {
      assertEquals("frame_too_large", e.code());
    }
  }

  @Property
  void wellFormedFramesSurviveAnyChunking(
      @ForAll("payloads") List<byte[]> payloads, @ForAll("cuts") List<Integer> cuts)
      throws WireException {
    byte[] stream = new byte[0];
    for (byte[] p : payloads) {
      stream = FrameCodecTest.concat(stream, FrameCodec.frame(p));
    }
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(CAP);
    List<byte[]> out = new ArrayList<>();
    for (byte[] chunk : split(stream, cuts)) {
      out.addAll(decoder.feed(chunk));
    }
    assertEquals(payloads.size(), out.size());
    for (int i = 0; i < payloads.size(); i++) {
      assertArrayEquals(payloads.get(i), out.get(i));
    }
    assertEquals(0, decoder.buffered());
  }

  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * CAP);
    // Mostly small declared lengths, so that streams hold real frames, plus oversized ones.
    Arbitrary<byte[]> framed =
        Arbitraries.integers()
            .between(0, CAP + 64)
            .flatMap(
                len ->
                    Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(Math.min(len + 8, 2 * CAP))
                        .map(
                            body ->
                                FrameCodecTest.concat(
                                    new byte[] {
                                      (byte) (len >>> 16), (byte) (len >>> 8), len.byteValue()
                                    },
                                    body)))
            .list()
            .ofMaxSize(6)
            .map(parts -> FrameCodecTest.concat(parts.toArray(new byte[0][])));
    return Arbitraries.oneOf(random, framed);
  }

  @Provide
  Arbitrary<List<byte[]>> payloads() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(CAP).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 3 * CAP).list().ofMaxSize(10);
  }

  private static List<byte[]> split(byte[] stream, List<Integer> cuts) {
    List<Integer> points = new ArrayList<>();
    for (int c : cuts) {
      points.add(Math.min(c, stream.length));
    }
    points.sort(Integer::compare);
    List<byte[]> chunks = new ArrayList<>();
    int from = 0;
    for (int p : points) {
      chunks.add(Arrays.copyOfRange(stream, from, p));
      from = p;
    }
    chunks.add(Arrays.copyOfRange(stream, from, stream.length));
    return chunks;
  }
}
