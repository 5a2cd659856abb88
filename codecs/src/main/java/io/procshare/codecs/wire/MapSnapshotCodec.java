package io.procshare.codecs.wire;

import io.procshare.codecs.MapSnapshot;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link MapSnapshot}: the wire form is its frame ({@link MapSnapshotFlyweight}).
 * Holds no buffer (the mappings are an immutable list), so local delivery passes the message itself.
 */
public final class MapSnapshotCodec extends FrameCodec<MapSnapshot> {

  public static final MapSnapshotCodec INSTANCE = new MapSnapshotCodec();

  public MapSnapshotCodec() {
    super(MapSnapshot.class, MapSnapshotFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(MapSnapshot message) {
    return MapSnapshotFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, MapSnapshot message) {
    MapSnapshotFlyweight.encode(dst, message);
  }

  @Override
  public MapSnapshot decode(Buffer src, int offset) {
    return new MapSnapshotFlyweight().wrap(src, offset).toMessage();
  }
}
