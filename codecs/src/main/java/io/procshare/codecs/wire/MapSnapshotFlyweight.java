package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MapEntry;
import io.procshare.codecs.MapSnapshot;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.Shootdown;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame of a {@link MapSnapshot} (type 18). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=18, flags=0, length
 *   8        8    pid            i64
 *  16        8    version        i64  map version
 *  24        8    requestIdBase  i64
 *  32        1    shootdown      u8   0 NONE, 1 PROTECT, 2 UNMAP
 *  33        8    start          i64  shot-down range, inclusive
 *  41        8    end            i64  shot-down range, exclusive
 *  49        2    mappings.count u16 (&lt;= 4096)
 *  51      17*n   mappings       count x (start: i64, end: i64, prot: u8 0..7), in order
 * </pre>
 */
public final class MapSnapshotFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int VERSION_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_BASE_OFFSET = VERSION_OFFSET + 8;
  public static final int SHOOTDOWN_OFFSET = REQUEST_ID_BASE_OFFSET + 8;
  public static final int START_OFFSET = SHOOTDOWN_OFFSET + 1;
  public static final int END_OFFSET = START_OFFSET + 8;
  public static final int MAPPINGS_OFFSET = END_OFFSET + 8;
  public static final int ENTRY_LENGTH = 17;
  public static final int MAX_FRAME_LENGTH = MAPPINGS_OFFSET + 2 + Limits.MAPPINGS_MAX * ENTRY_LENGTH;

  private List<MapEntry> mappings;

  /** Points at the frame at {@code offset}, validating all of it. */
  public MapSnapshotFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.MAP_SNAPSHOT);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("version", VERSION_OFFSET, 8);
    r.fixed("requestIdBase", REQUEST_ID_BASE_OFFSET, 8);
    r.fixedEnum("shootdown", SHOOTDOWN_OFFSET, Shootdown::isValid, Shootdown.EXPECTED);
    r.fixed("start", START_OFFSET, 8);
    r.fixed("end", END_OFFSET, 8);
    int count = r.count("mappings.count", Limits.MAPPINGS_MAX);
    List<MapEntry> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long start = r.i64("mappings.start");
      long end = r.i64("mappings.end");
      list.add(new MapEntry(start, end, r.u8Enum("mappings.prot", MapEntry::isValidProt, MapEntry.PROT_EXPECTED)));
    }
    mappings = List.copyOf(list);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long version() { return buffer.getLong(offset + VERSION_OFFSET); }

  public long requestIdBase() { return buffer.getLong(offset + REQUEST_ID_BASE_OFFSET); }

  public byte shootdown() { return buffer.getByte(offset + SHOOTDOWN_OFFSET); }

  public long start() { return buffer.getLong(offset + START_OFFSET); }

  public long end() { return buffer.getLong(offset + END_OFFSET); }

  public List<MapEntry> mappings() { return mappings; }

  public MapSnapshot toMessage() {
    return new MapSnapshot(pid(), version(), requestIdBase(), shootdown(), start(), end(), mappings());
  }

  public static int encodedLength(MapSnapshot m) {
    return MAPPINGS_OFFSET + 2 + m.mappings().size() * ENTRY_LENGTH;
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, MapSnapshot m) {
    FrameHeader.encode(dst, MessageType.MAP_SNAPSHOT, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.version()).appendLong(m.requestIdBase()).appendByte(m.shootdown())
        .appendLong(m.start()).appendLong(m.end()).appendUnsignedShort(m.mappings().size());
    for (MapEntry e : m.mappings()) {
      dst.appendLong(e.start()).appendLong(e.end()).appendByte(e.prot());
    }
  }
}
