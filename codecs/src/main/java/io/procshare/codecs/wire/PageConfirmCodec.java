package io.procshare.codecs.wire;

import io.procshare.codecs.PageConfirm;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link PageConfirm}: the wire form is its frame ({@link PageConfirmFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class PageConfirmCodec extends FrameCodec<PageConfirm> {

  public static final PageConfirmCodec INSTANCE = new PageConfirmCodec();

  public PageConfirmCodec() {
    super(PageConfirm.class, PageConfirmFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(PageConfirm message) {
    return PageConfirmFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, PageConfirm message) {
    PageConfirmFlyweight.encode(dst, message);
  }

  @Override
  public PageConfirm decode(Buffer src, int offset) {
    return new PageConfirmFlyweight().wrap(src, offset).toMessage();
  }
}
