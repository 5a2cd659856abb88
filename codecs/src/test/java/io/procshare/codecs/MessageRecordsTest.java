package io.procshare.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

  @Test
  void when_syscallArgsAreNotSix_then_theRequestIsRejected() {
    assertThatThrownBy(() -> new SyscallRequest(1, 2, 3, 4, new long[5], 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("args");
  }

  @Test
  void when_argsArrayIsMutatedAfterwards_then_theRequestIsUnchanged() {
    long[] args = {1, 2, 3, 4, 5, 6};
    SyscallRequest request = new SyscallRequest(1, 2, 3, 4, args, 0, List.of());
    args[0] = 99;
    request.args()[1] = 99;

    assertThat(request.args()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void when_twoRequestsHaveEqualArgs_then_theyAreEqualWithEqualHashCodes() {
    SyscallRequest a = new SyscallRequest(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 6}, 0,
        List.of(new ShippedBytes(8, Buffer.buffer("abc"))));
    SyscallRequest b = new SyscallRequest(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 6}, 0,
        List.of(new ShippedBytes(8, Buffer.buffer("abc"))));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new SyscallRequest(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 7}, 0, a.input()));
    assertThat(a.toString()).contains("[1, 2, 3, 4, 5, 6]").contains("<3 bytes>");
  }

  @Test
  void when_theInputListIsMutatedAfterwards_then_theRequestIsUnchanged() {
    List<ShippedBytes> input = new ArrayList<>();
    input.add(new ShippedBytes(8, Buffer.buffer("abc")));
    SyscallRequest request = new SyscallRequest(1, 2, 3, 4, new long[6], 0, input);
    input.clear();

    assertThat(request.input()).hasSize(1);
    assertThatThrownBy(() -> request.input().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void when_moreThan64SegmentsAreShipped_then_theReplyIsRejected() {
    List<ShippedBytes> segments = new ArrayList<>();
    for (int i = 0; i <= Limits.SHIPPED_MAX_SEGMENTS; i++) {
      segments.add(new ShippedBytes(i, Buffer.buffer()));
    }
    assertThatThrownBy(() -> new SyscallReply(1, 2, 3, 0, 0, segments))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65 segments");
  }

  @Test
  void when_pageDataOfKindDataIsNot4096Bytes_then_itIsRejected() {
    assertThatThrownBy(() -> new PageData(1, 2, 3, PageStatus.OK, PageState.READ_ONLY, PageKind.DATA, 0,
        Buffer.buffer(new byte[4095])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4095");
    assertThatThrownBy(() -> new PageData(1, 2, 3, PageStatus.OK, PageState.READ_ONLY, PageKind.ZERO_FILL, 0,
        Buffer.buffer(new byte[1])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void when_anEnumByteIsOutOfRange_then_theRecordIsRejected() {
    assertThatThrownBy(() -> new PageRequest(1, 2, "n", (byte) 0, 3, 4)).hasMessageContaining("access");
    assertThatThrownBy(() -> new PageConfirm(1, 2, 3, "n", PageState.NONE)).hasMessageContaining("state");
    assertThatThrownBy(() -> new ProcessOutput(1, (byte) 3, Buffer.buffer())).hasMessageContaining("stream");
    assertThatThrownBy(() -> new PageData(1, 2, 3, PageStatus.OK, PageState.NONE, PageKind.NONE, 0,
        Buffer.buffer())).hasMessageContaining("grant");
  }

  @Test
  void when_aNodeIdIsLongerThan255Bytes_then_theRecordIsRejected() {
    assertThatThrownBy(() -> new Invalidate(1, 2, 3, "é".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 UTF-8 bytes");
  }

  @Test
  void when_countersAreGiven_then_theirOrderIsKeptAndTheCopyIsUnmodifiable() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("z", 1L);
    counters.put("a", 2L);
    StatusReply reply = new StatusReply("n", "id", "c", "b", "nio", 0, counters);
    counters.put("m", 3L);

    assertThat(reply.counters().keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> reply.counters().put("q", 1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Frames.decode(Frames.encode(reply)) instanceof StatusReply r
        && List.copyOf(r.counters().keySet()).equals(List.of("z", "a"))).isTrue();
  }

  @Test
  void when_aMessageHoldsAPage_then_toStringShowsItsSizeNotItsBytes() {
    PageData page = new PageData(1, 2, 3, PageStatus.OK, PageState.READ_ONLY, PageKind.DATA, 0, Samples.page(1));

    assertThat(page.toString()).contains("data=<4096 bytes>").hasSizeLessThan(200);
  }
}
