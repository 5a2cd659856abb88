package io.procshare.codecs.wire;

import io.procshare.codecs.PageForward;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link PageForward}: the wire form is its frame ({@link PageForwardFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class PageForwardCodec extends FrameCodec<PageForward> {

  public static final PageForwardCodec INSTANCE = new PageForwardCodec();

  public PageForwardCodec() {
    super(PageForward.class, PageForwardFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(PageForward message) {
    return PageForwardFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, PageForward message) {
    PageForwardFlyweight.encode(dst, message);
  }

  @Override
  public PageForward decode(Buffer src, int offset) {
    return new PageForwardFlyweight().wrap(src, offset).toMessage();
  }
}
