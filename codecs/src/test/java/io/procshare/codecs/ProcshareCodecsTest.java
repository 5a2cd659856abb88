package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcshareCodecsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void when_listed_then_everyMessageTypeHasOneCodecInIdOrder() {
    List<CodecRegistration<?>> all = ProcshareCodecs.all();

    assertThat(all).hasSize(MessageType.LAST);
    for (int i = 0; i < all.size(); i++) {
      MessageCodec<?, ?> codec = all.get(i).codec();
      assertThat(codec.name()).isEqualTo("procshare." + all.get(i).type().getSimpleName());
      assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
      assertThat(codec).isSameAs(MessageType.codec(i + 1));
    }
    assertThat(Samples.typical()).extracting(Object::getClass)
        .containsExactlyElementsOf(all.stream().map(CodecRegistration::type).toList());
  }

  @Test
  void when_maxFrameLengthsAreAsDocumented_then_theyMatch() {
    int mib = 1 << 20;
    int[] documented = {298, 290, 4143, 290, 289, 289, 16 * mib + 858, 16 * mib + 814, 289, 8511, 285,
        64 * mib + 16 * mib + 20504, mib + 21, 4118, 17, 288027, 281, 69683};

    for (int id = MessageType.FIRST; id <= MessageType.LAST; id++) {
      assertThat(MessageType.codec(id).maxFrameLength()).as("type %d", id).isEqualTo(documented[id - 1]);
    }
  }

  @Test
  void when_registeredOnAnEventBus_then_aLocalPageDataArrivesAsACopy() throws Exception {
    ProcshareCodecs.registerAll(vertx.eventBus());
    Buffer data = Samples.page(9);
    PageData sent = new PageData(1, 2, 3, PageStatus.OK, PageState.READ_ONLY, PageKind.DATA, 4, data);
    CompletableFuture<PageData> received = new CompletableFuture<>();
    vertx.eventBus().<PageData>consumer("procshare.test.page", m -> received.complete(m.body()))
        .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    vertx.eventBus().send("procshare.test.page", sent);
    PageData delivered = received.get(10, TimeUnit.SECONDS);

    assertThat(delivered).isEqualTo(sent);
    assertThat(delivered.data()).isNotSameAs(data);
  }
}
