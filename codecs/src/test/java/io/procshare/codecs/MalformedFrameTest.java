package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.procshare.codecs.wire.FrameHeader;
import io.procshare.codecs.wire.MapSnapshotFlyweight;
import io.procshare.codecs.wire.PageDataCodec;
import io.procshare.codecs.wire.PageDataFlyweight;
import io.procshare.codecs.wire.PageRequestCodec;
import io.procshare.codecs.wire.PageRequestFlyweight;
import io.procshare.codecs.wire.ProcessOutputFlyweight;
import io.procshare.codecs.wire.ProcessSubmitFlyweight;
import io.procshare.codecs.wire.StatusReplyFlyweight;
import io.procshare.codecs.wire.SyscallRequestFlyweight;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedFrameTest {

  static Stream<ProcshareMessage> typical() {
    return Samples.typical().stream();
  }

  private static FrameDecodeException decodeFailure(Buffer frame) {
    return catchThrowableOfType(FrameDecodeException.class, () -> Frames.decode(frame));
  }

  private static void assertRejected(Buffer frame, String field, int offset, long value) {
    FrameDecodeException e = decodeFailure(frame);
    assertThat(e).as("decoding must fail").isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.value()).isEqualTo(value);
    assertThat(e).hasMessageStartingWith("bad frame: field '" + field + "' at offset " + offset + " has value " + value);
  }

  private static Buffer pageRequestFrame() {
    return Frames.encode(new PageRequest(7, 42, "node-a", Access.READ, 1, 1));
  }

  private static Buffer pageDataFrame(byte kind, Buffer data) {
    return Frames.encode(new PageData(7, 42, 1, PageStatus.OK, PageState.READ_ONLY, kind, 1, data));
  }

  /** A copy of {@code frame} with its length field set to its size. */
  private static Buffer withLengthFixed(Buffer frame) {
    Buffer copy = frame.copy();
    copy.setInt(FrameHeader.LENGTH_OFFSET, copy.length());
    return copy;
  }

  @ParameterizedTest
  @MethodSource("typical")
  void shouldRejectEveryTruncationOfAValidFrame(ProcshareMessage message) {
    Buffer frame = Frames.encode(message);
    for (int k = 0; k < frame.length(); k++) {
      FrameDecodeException e = decodeFailure(frame.getBuffer(0, k));
      assertThat(e).as("prefix of %d bytes", k).isNotNull();
      if (k < 1) {
        assertThat(e.field()).isEqualTo("version");
      } else if (k < 2) {
        assertThat(e.field()).isEqualTo("type");
      } else if (k < 4) {
        assertThat(e.field()).isEqualTo("flags");
      } else {
        assertThat(e.field()).isEqualTo("length");
        assertThat(e.offset()).isEqualTo(FrameHeader.LENGTH_OFFSET);
        if (k >= FrameHeader.HEADER_LENGTH) {
          assertThat(e.value()).isEqualTo(frame.length());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("typical")
  void shouldRejectEveryTruncationWhoseLengthFieldAgrees(ProcshareMessage message) {
    Buffer frame = Frames.encode(message);
    for (int k = FrameHeader.HEADER_LENGTH; k < frame.length(); k++) {
      FrameDecodeException e = decodeFailure(withLengthFixed(frame.getBuffer(0, k)));
      assertThat(e).as("frame cut to %d bytes", k).isNotNull();
      assertThat(e.expected()).as("frame cut to %d bytes: %s", k, e.getMessage()).contains("truncated");
      assertThat(e.offset()).isBetween(FrameHeader.HEADER_LENGTH, k);
      assertThat(e.value()).isLessThan(k);
    }
  }

  @Test
  void shouldRejectTruncatedPageFrameNamingTheFieldItStopsIn() {
    Buffer cut = withLengthFixed(pageRequestFrame().getBuffer(0, PageRequestFlyweight.PAGE_OFFSET + 3));

    assertRejected(cut, "page", PageRequestFlyweight.PAGE_OFFSET, 3);
  }

  @Test
  void shouldRejectPageDataOf4095Bytes() {
    Buffer frame = pageDataFrame(PageKind.DATA, Samples.page(1));
    Buffer bad = withLengthFixed(frame.getBuffer(0, frame.length() - 1));
    bad.setInt(PageDataFlyweight.DATA_LENGTH_OFFSET, Limits.PAGE_SIZE - 1);

    assertRejected(bad, "data.length", PageDataFlyweight.DATA_LENGTH_OFFSET, 4095);
    assertThat(decodeFailure(bad)).hasMessage(
        "bad frame: field 'data.length' at offset 43 has value 4095 (expected 4096)");
  }

  @Test
  void shouldRejectPageBytesWhenKindSaysThereAreNone() {
    Buffer frame = pageDataFrame(PageKind.DATA, Samples.page(1));
    frame.setByte(PageDataFlyweight.KIND_OFFSET, PageKind.ZERO_FILL);

    assertRejected(frame, "data.length", PageDataFlyweight.DATA_LENGTH_OFFSET, 4096);
  }

  @Test
  void shouldRejectAFrameLongerThanItsTypeAllows() {
    Buffer frame = pageRequestFrame();
    frame.setInt(FrameHeader.LENGTH_OFFSET, PageRequestFlyweight.MAX_FRAME_LENGTH + 1);

    assertRejected(frame, "length", FrameHeader.LENGTH_OFFSET, PageRequestFlyweight.MAX_FRAME_LENGTH + 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 7})
  void shouldRejectALengthShorterThanTheHeader(int length) {
    Buffer frame = pageRequestFrame();
    frame.setInt(FrameHeader.LENGTH_OFFSET, length);

    assertRejected(frame, "length", FrameHeader.LENGTH_OFFSET, length);
  }

  @Test
  void shouldRejectALengthBeyondTheBytesAvailable() {
    Buffer frame = pageRequestFrame();
    frame.setInt(FrameHeader.LENGTH_OFFSET, frame.length() + 1);

    assertRejected(frame, "length", FrameHeader.LENGTH_OFFSET, frame.length() + 1);
  }

  @Test
  void shouldRejectTrailingBytesInsideTheDeclaredLength() {
    Buffer frame = withLengthFixed(pageRequestFrame().appendByte((byte) 0));

    assertRejected(frame, "length", FrameHeader.LENGTH_OFFSET, frame.length());
  }

  @Test
  void shouldRejectBytesAfterTheFrameWhenDecodingARawFrame() {
    Buffer frame = pageRequestFrame();
    int length = frame.length();

    assertRejected(frame.appendByte((byte) 0), "length", FrameHeader.LENGTH_OFFSET, length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 255})
  void shouldRejectAnUnknownVersion(int version) {
    Buffer frame = pageRequestFrame();
    frame.setUnsignedByte(FrameHeader.VERSION_OFFSET, (short) version);

    assertRejected(frame, "version", FrameHeader.VERSION_OFFSET, version);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 19, 128, 255})
  void shouldRejectAnUnknownType(int type) {
    Buffer frame = pageRequestFrame();
    frame.setUnsignedByte(FrameHeader.TYPE_OFFSET, (short) type);

    assertRejected(frame, "type", FrameHeader.TYPE_OFFSET, type);
  }

  @Test
  void when_aCodecIsGivenAnotherTypesFrame_then_itRejectsTheType() {
    FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
        () -> PageDataCodec.INSTANCE.decodeFromWire(0, pageRequestFrame()));

    assertThat(e.field()).isEqualTo("type");
    assertThat(e.value()).isEqualTo(MessageType.PAGE_REQUEST);
    assertThat(e.expected()).isEqualTo(Integer.toString(MessageType.PAGE_DATA));
  }

  @Test
  void shouldRejectNonZeroFlags() {
    Buffer frame = pageRequestFrame();
    frame.setUnsignedShort(FrameHeader.FLAGS_OFFSET, 0x8000);

    assertRejected(frame, "flags", FrameHeader.FLAGS_OFFSET, 0x8000);
  }

  @Test
  void shouldRejectAnUnknownAccess() {
    Buffer frame = pageRequestFrame();
    frame.setByte(PageRequestFlyweight.ACCESS_OFFSET, (byte) 3);

    assertRejected(frame, "access", PageRequestFlyweight.ACCESS_OFFSET, 3);
  }

  @Test
  void shouldRejectAnUnknownPageStatus() {
    Buffer frame = pageDataFrame(PageKind.ZERO_FILL, Buffer.buffer());
    frame.setByte(PageDataFlyweight.STATUS_OFFSET, (byte) -1);

    assertRejected(frame, "status", PageDataFlyweight.STATUS_OFFSET, 255);
  }

  @Test
  void shouldRejectAnOkPageWithoutAGrant() {
    Buffer frame = pageDataFrame(PageKind.ZERO_FILL, Buffer.buffer());
    frame.setByte(PageDataFlyweight.GRANT_OFFSET, PageState.NONE);

    assertRejected(frame, "grant", PageDataFlyweight.GRANT_OFFSET, 0);
  }

  @Test
  void shouldRejectAnUnknownPageKind() {
    Buffer frame = pageDataFrame(PageKind.ZERO_FILL, Buffer.buffer());
    frame.setByte(PageDataFlyweight.KIND_OFFSET, (byte) 4);

    assertRejected(frame, "kind", PageDataFlyweight.KIND_OFFSET, 4);
  }

  @Test
  void shouldRejectAnUnknownConfirmedState() {
    Buffer frame = Frames.encode(new PageConfirm(1, 2, 3, "n", PageState.READ_ONLY));
    frame.setByte(32, (byte) 0);

    assertRejected(frame, "state", 32, 0);
  }

  @Test
  void shouldRejectAnUnknownOutputStream() {
    Buffer frame = Frames.encode(new ProcessOutput(1, ProcessStream.STDOUT, Buffer.buffer("x")));
    frame.setByte(ProcessOutputFlyweight.STREAM_OFFSET, (byte) 0);

    assertRejected(frame, "stream", ProcessOutputFlyweight.STREAM_OFFSET, 0);
  }

  @Test
  void shouldRejectANegativeBufferLength() {
    Buffer frame = Frames.encode(new ProcessOutput(1, ProcessStream.STDOUT, Buffer.buffer("x")));
    frame.setInt(ProcessOutputFlyweight.BYTES_LENGTH_OFFSET, -1);

    assertRejected(frame, "bytes.length", ProcessOutputFlyweight.BYTES_LENGTH_OFFSET, -1);
  }

  @Test
  void shouldRejectANodeIdLongerThan255Bytes() {
    Buffer frame = pageRequestFrame();
    frame.setUnsignedShort(PageRequestFlyweight.REQUESTER_OFFSET, 256);

    assertRejected(frame, "requester.length", PageRequestFlyweight.REQUESTER_OFFSET, 256);
  }

  /** Bad UTF-8 in the 6-byte requester "node-a": byte sequences and the index of the bad byte. */
  static Stream<Object[]> badUtf8() {
    return Stream.of(
        new Object[] {new byte[] {'n', (byte) 0xC3, '(', 'd', 'e', 'a'}, 1},         // bad continuation
        new Object[] {new byte[] {'n', 'o', (byte) 0xC0, (byte) 0x80, 'e', 'a'}, 2}, // overlong NUL
        new Object[] {new byte[] {'n', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'e', 'a'}, 1}, // surrogate
        new Object[] {new byte[] {'n', 'o', 'd', 'e', '-', (byte) 0xE2}, 5},          // cut sequence
        new Object[] {new byte[] {(byte) 0xFF, 'o', 'd', 'e', '-', 'a'}, 0});         // never valid
  }

  @ParameterizedTest
  @MethodSource("badUtf8")
  void shouldRejectMalformedUtf8AtTheBadByte(byte[] requester, int badIndex) {
    Buffer frame = pageRequestFrame();
    int start = PageRequestFlyweight.REQUESTER_OFFSET + 2;
    frame.setBytes(start, requester);

    assertRejected(frame, "requester", start + badIndex, requester[badIndex] & 0xFF);
  }

  @Test
  void shouldReportOffsetsRelativeToTheFrameStart() {
    Buffer wire = Buffer.buffer("prefix").appendBuffer(pageRequestFrame());
    wire.setByte(6 + PageRequestFlyweight.ACCESS_OFFSET, (byte) 9);

    FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
        () -> PageRequestCodec.INSTANCE.decodeFromWire(6, wire));

    assertThat(e.field()).isEqualTo("access");
    assertThat(e.offset()).isEqualTo(PageRequestFlyweight.ACCESS_OFFSET);
  }

  @Test
  void shouldRejectMoreThan64Segments() {
    Buffer frame = Frames.encode(new SyscallRequest(1, 2, 3, 4, new long[6], 0, List.of()));
    frame.setUnsignedShort(SyscallRequestFlyweight.INPUT_OFFSET, 65);

    assertRejected(frame, "input.count", SyscallRequestFlyweight.INPUT_OFFSET, 65);
  }

  @Test
  void shouldRejectMoreThan16MiBOfShippedBytesInAll() {
    Buffer frame = Frames.encode(new SyscallRequest(1, 2, 3, 4, new long[6], 0,
        List.of(new ShippedBytes(0, Buffer.buffer(new byte[Limits.SHIPPED_MAX_BYTES])))));
    frame.setUnsignedShort(SyscallRequestFlyweight.INPUT_OFFSET, 2);
    frame.appendLong(0).appendInt(1).appendByte((byte) 1);
    frame.setInt(FrameHeader.LENGTH_OFFSET, frame.length());
    int secondLength = frame.length() - 5;

    assertRejected(frame, "input.length", secondLength, 1);
  }

  @Test
  void shouldRejectMoreThan4096Args() {
    Buffer frame = Frames.encode(new ProcessSubmit("t", List.of(), 1, "spread", "c", Buffer.buffer()));
    int countOffset = ProcessSubmitFlyweight.TASK_OFFSET + 3;
    frame.setUnsignedShort(countOffset, Limits.SUBMIT_MAX_ARGS + 1);

    assertRejected(frame, "args.count", countOffset, Limits.SUBMIT_MAX_ARGS + 1);
  }

  @Test
  void shouldRejectMoreThan1024Counters() {
    Buffer frame = Frames.encode(new StatusReply("", "", "", "", "", 0, Map.of()));
    int countOffset = StatusReplyFlyweight.NAME_OFFSET + 5 * 2;
    frame.setUnsignedShort(countOffset, Limits.COUNTERS_MAX + 1);

    assertRejected(frame, "counters.count", countOffset, Limits.COUNTERS_MAX + 1);
  }

  @Test
  void shouldRejectADuplicateCounterKey() {
    Buffer frame = Frames.encode(new StatusReply("", "", "", "", "", 0, Map.of("faults", 1L)));
    int entry = frame.length() - (2 + 6 + 8);
    frame.appendBuffer(frame.getBuffer(entry, frame.length()));
    frame.setUnsignedShort(entry - 2, 2);
    frame.setInt(FrameHeader.LENGTH_OFFSET, frame.length());

    assertRejected(frame, "counters.key", entry + 16, 1);
  }

  @Test
  void when_aFrameIsGarbage_then_decodeThrowsOnlyFrameDecodeException() {
    java.util.Random random = new java.util.Random(42);
    List<Buffer> frames = new ArrayList<>();
    for (ProcshareMessage m : Samples.typical()) {
      frames.add(Frames.encode(m));
    }
    for (int i = 0; i < 20_000; i++) {
      Buffer frame = frames.get(i % frames.size()).copy();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        frame.setByte(random.nextInt(frame.length()), (byte) random.nextInt());
      }
      try {
        ProcshareMessage decoded = Frames.decode(frame);
        assertThat(Frames.decode(Frames.encode(decoded))).isEqualTo(decoded);
      } catch (FrameDecodeException expected) {
        assertThat(expected.field()).isNotBlank();
      }
    }
  }

  @Test
  void when_encodingARecordWithAnUnpairedSurrogate_then_theRecordRejectsIt() {
    assertThatThrownBy(() -> new InvalidateAck(1, 2, 3, "a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node");
    assertThat("a\uD800b".getBytes(StandardCharsets.UTF_8)).hasSize(3);
  }

  private static Buffer mapSnapshotFrame() {
    return Frames.encode(new MapSnapshot(7, 2, 0, Shootdown.UNMAP, 0x1000, 0x2000,
        List.of(new MapEntry(0x3000, 0x5000, (byte) 3))));
  }

  @Test
  void shouldRejectAnUnknownShootdownKind() {
    Buffer frame = mapSnapshotFrame();
    frame.setByte(MapSnapshotFlyweight.SHOOTDOWN_OFFSET, (byte) 3);

    assertRejected(frame, "shootdown", MapSnapshotFlyweight.SHOOTDOWN_OFFSET, 3);
  }

  @Test
  void shouldRejectAMappingWithUnknownProtectionBits() {
    Buffer frame = mapSnapshotFrame();
    int prot = MapSnapshotFlyweight.MAPPINGS_OFFSET + 2 + 16;
    frame.setByte(prot, (byte) 8);

    assertRejected(frame, "mappings.prot", prot, 8);
  }

  @Test
  void shouldRejectMoreThan4096Mappings() {
    Buffer frame = mapSnapshotFrame();
    frame.setUnsignedShort(MapSnapshotFlyweight.MAPPINGS_OFFSET, 4097);

    assertRejected(frame, "mappings.count", MapSnapshotFlyweight.MAPPINGS_OFFSET, 4097);
  }

  @Test
  void shouldRejectAMappingCountThatPromisesMoreEntriesThanTheFrameHolds() {
    Buffer frame = mapSnapshotFrame();
    frame.setUnsignedShort(MapSnapshotFlyweight.MAPPINGS_OFFSET, 2);

    FrameDecodeException e = decodeFailure(frame);
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("mappings.start");
    assertThat(e.offset()).isEqualTo(MapSnapshotFlyweight.MAPPINGS_OFFSET + 2 + MapSnapshotFlyweight.ENTRY_LENGTH);
  }

  @Test
  void when_aMapRecordHasBadValues_then_itIsRejected() {
    assertThatThrownBy(() -> new MapEntry(0, 0x1000, (byte) 9)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prot");
    assertThatThrownBy(() -> new MapSnapshot(1, 1, 0, (byte) 5, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shootdown");
    assertThatThrownBy(() -> new MapRequest(1, 1, "n".repeat(256))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node");
  }
}
