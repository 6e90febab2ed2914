package dev.wagateway.core.wire;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/** Read-only, insertion-ordered view over a node's interleaved key/value array. */
final class AttributeMap extends AbstractMap<String, String> {
  private final String[] kv;

  AttributeMap(String[] kv) {
    this.kv = kv;
  }

  @Override
  public int size() {
    return kv.length >>> 1;
  }

  @Override
  public boolean isEmpty() {
    return kv.length == 0;
  }

  @Override
  public String get(Object key) {
    return BinaryNode.find(kv, key);
  }

  @Override
  public boolean containsKey(Object key) {
    return BinaryNode.find(kv, key) != null;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (int i = 0; i < kv.length; i += 2) {
      action.accept(kv[i], kv[i + 1]);
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return kv.length >>> 1;
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < kv.length;
          }

          @Override
          public Entry<String, String> next() {
            if (i >= kv.length) {
              throw new NoSuchElementException();
            }
            Entry<String, String> e = new SimpleImmutableEntry<>(kv[i], kv[i + 1]);
            i += 2;
            return e;
          }
        };
      }
    };
  }
}
