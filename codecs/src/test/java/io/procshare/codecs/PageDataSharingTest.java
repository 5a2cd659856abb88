package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.wire.PageDataCodec;
import io.procshare.codecs.wire.PageDataFlyweight;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class PageDataSharingTest {

  private static PageData page(Buffer data) {
    return new PageData(7, 42, 1, PageStatus.OK, PageState.READ_WRITE, PageKind.DATA, 3, data);
  }

  @Test
  void when_pageDataIsDecoded_then_itsDataSharesMemoryWithTheNetworkBuffer() {
    Buffer network = Buffer.buffer("header").appendBuffer(Frames.encode(page(Samples.page(1))));
    PageData decoded = PageDataCodec.INSTANCE.decodeFromWire(6, network);

    network.setByte(6 + PageDataFlyweight.DATA_OFFSET + 100, (byte) 0x5A);

    assertThat(decoded.data().getByte(100)).isEqualTo((byte) 0x5A);
  }

  @Test
  void when_pageDataIsTransformedForLocalDelivery_then_itsDataIsACopy() {
    Buffer data = Samples.page(2);
    PageData sent = page(data);
    PageData delivered = PageDataCodec.INSTANCE.transform(sent);

    data.setByte(100, (byte) ~data.getByte(100));

    assertThat(delivered.data().getByte(100)).isNotEqualTo(data.getByte(100));
    assertThat(delivered.data()).isEqualTo(Samples.page(2));
  }

  @Test
  void when_pageDataIsEncoded_then_theFrameHoldsItsOwnCopyOfThePage() {
    Buffer data = Samples.page(3);
    Buffer frame = Frames.encode(page(data));

    data.setByte(0, (byte) ~data.getByte(0));

    assertThat(frame.getBuffer(PageDataFlyweight.DATA_OFFSET, frame.length())).isEqualTo(Samples.page(3));
  }

  @Test
  void when_pageDataIsBuilt_then_itTakesTheBufferWithoutCopying() {
    Buffer data = Samples.page(4);

    assertThat(page(data).data()).isSameAs(data);
  }
}
