package dev.wagateway.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wagateway.core.GatewayException;
import dev.wagateway.core.internal.messaging.OwnDevice;
import dev.wagateway.core.internal.store.InMemoryGatewayStore;
import dev.wagateway.core.store.DeviceCredentials;
import dev.wagateway.core.wire.Jid;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Messaging#own()} read from other threads while the actor changes the account. */
class MessagingOwnTest {
  private InMemoryGatewayStore store;
  private EventBus events;
  private Session session;

  @BeforeEach
  void setUp() {
    store = new InMemoryGatewayStore();
    events = new EventBus(16);
    session = TestSessions.create(store, events, "own-test");
  }

  @AfterEach
  void tearDown() {
    events.close();
    store.close();
  }

  private static DeviceCredentials paired(String jid, String lid) {
    return TestSessions.paired(jid, lid);
  }

  /** Sets the credentials the way the flows do: on the session's actor. */
  private void onActor(DeviceCredentials creds) throws Exception {
    session
        .call(
            () -> {
              session.creds = creds;
              return null;
            })
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void credentialsArePublishedToOtherThreads() throws Exception {
    assertTrue(
        Modifier.isVolatile(Session.class.getDeclaredField("creds").getModifiers()),
        "the send path reads the credentials off the actor");
  }

  @Test
  void followsTheAccountAsTheActorChangesIt() throws Exception {
    GatewayException unpaired = assertThrows(GatewayException.class, () -> session.messaging.own());
    assertEquals("not_paired", unpaired.code());

    onActor(paired("15550001111:7@s.whatsapp.net", "98765@lid"));
    OwnDevice first = session.messaging.own();
    assertEquals(Jid.parse("15550001111:7@s.whatsapp.net"), first.jid());
    assertEquals(Jid.parse("98765:7@lid"), first.lid(), "the LID takes our device number");
    assertSame(first, session.messaging.own(), "derived once per credentials");

    onActor(paired("15550002222:3@s.whatsapp.net", null));
    OwnDevice second = session.messaging.own();
    assertEquals(Jid.parse("15550002222:3@s.whatsapp.net"), second.jid());
    assertNull(second.lid());

    onActor(null);
    assertEquals(
        "not_paired",
        assertThrows(GatewayException.class, () -> session.messaging.own()).code(),
        "an unlinked session has no addresses, not the last ones it had");
  }

  @Test
  void readersOnOtherThreadsSeeOneWholeAccountOrTheOther() throws Exception {
    DeviceCredentials a = paired("15550001111:7@s.whatsapp.net", "98765@lid");
    DeviceCredentials b = paired("15550002222:3@s.whatsapp.net", "12345@lid");
    OwnDevice ownA =
        new OwnDevice(Jid.parse("15550001111:7@s.whatsapp.net"), Jid.parse("98765:7@lid"));
    OwnDevice ownB =
        new OwnDevice(Jid.parse("15550002222:3@s.whatsapp.net"), Jid.parse("12345:3@lid"));
    onActor(a);
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> seen = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        seen.add(
            readers.submit(
                () -> {
                  int sawB = 0;
                  for (int i = 0; i < 20_000; i++) {
                    OwnDevice own = session.messaging.own();
                    if (own.equals(ownB)) {
                      sawB++;
                    } else if (!own.equals(ownA)) {
                      throw new AssertionError("a mixed or unknown account: " + own);
                    }
                  }
                  return sawB;
                }));
      }
      for (int i = 0; i < 200; i++) {
        onActor(i % 2 == 0 ? b : a);
      }
      onActor(b);
      for (Future<Integer> f : seen) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertEquals(ownB, session.messaging.own(), "the last account the actor set");
    } finally {
      readers.shutdownNow();
      assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
