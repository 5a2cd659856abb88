package io.procshare.verticles.memory.coherence;

import io.procshare.codecs.Access;
import io.procshare.codecs.Limits;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message of the page coherence protocol (DESIGN §5), sans-IO: no Vert.x type inside. Each record
 * maps field for field onto the wire record of the same name in {@code io.procshare.codecs}
 * ({@code PageRequest}, {@code PageForward}, {@code PageData}, {@code PageConfirm},
 * {@code Invalidate}, {@code InvalidateAck}); byte-valued fields use the codecs' constants
 * ({@link Access}, {@link PageState}, {@link PageStatus}, {@link PageKind}). The only difference is
 * that {@link Data} holds its page as a {@code byte[]} rather than a Buffer; the verticle converts
 * at the edge ({@code io.procshare.verticles.memory.CoherenceWire}).
 *
 * <p>Which side handles a message follows from its type: {@link Request}, {@link Confirm} and
 * {@link InvalidateAck} go to the {@link PageManager} on the home; {@link Forward},
 * {@link Invalidate} and {@link Data} go to the {@link PageNode} of the addressed node.
 */
public sealed interface CoherenceMessage {

    /** Process id. */
    long pid();

    /** Virtual page number (guest address / 4096). */
    long page();

    /** Faulting node to manager: "I need {@code page} for {@code access}". */
    record Request(long pid, long page, String requester, byte access, long requestId, long mapVersion)
            implements CoherenceMessage {
        public Request {
            Objects.requireNonNull(requester, "requester");
            checkAccess(access);
        }
    }

    /** Manager to owner: "send {@code page} to {@code requester}" (downgrade for READ, give up for WRITE). */
    record Forward(long pid, long page, String requester, byte access, long requestId) implements CoherenceMessage {
        public Forward {
            Objects.requireNonNull(requester, "requester");
            checkAccess(access);
        }
    }

    /**
     * Owner or manager to requester: the page, the grant alone, or the reason there is none. {@code data}
     * is {@link Limits#PAGE_SIZE} bytes for kind DATA and empty otherwise; nobody mutates it after
     * construction (receivers copy it into their frame), so duplicates may share it.
     */
    record Data(long pid, long page, long requestId, byte status, byte grant, byte kind, long pageVersion,
                byte[] data) implements CoherenceMessage {

        private static final byte[] EMPTY = new byte[0];

        public Data {
            Objects.requireNonNull(data, "data");
            int expected = kind == PageKind.DATA ? Limits.PAGE_SIZE : 0;
            if (data.length != expected) {
                throw new IllegalArgumentException("data is " + data.length + " bytes, expected " + expected
                        + " for kind " + kind);
            }
            if (status == PageStatus.OK && !PageState.isValid(grant)) {
                throw new IllegalArgumentException("grant is " + grant + " for status OK, expected "
                        + PageState.EXPECTED);
            }
        }

        /** A grant that carries no bytes: ZERO_FILL or OWNERSHIP_ONLY. */
        public static Data grantWithoutData(long pid, long page, long requestId, byte grant, byte kind,
                                            long pageVersion) {
            return new Data(pid, page, requestId, PageStatus.OK, grant, kind, pageVersion, EMPTY);
        }

        /** A refusal: status SEGV or FAILED, nothing granted. */
        public static Data refusal(long pid, long page, long requestId, byte status) {
            return new Data(pid, page, requestId, status, PageState.NONE, PageKind.NONE, 0, EMPTY);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && pid == d.pid && page == d.page && requestId == d.requestId
                    && status == d.status && grant == d.grant && kind == d.kind && pageVersion == d.pageVersion
                    && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pid, page, requestId, status, grant, kind, pageVersion);
        }

        @Override
        public String toString() {
            return "Data[page=" + page + ", requestId=" + requestId + ", status=" + status + ", grant=" + grant
                    + ", kind=" + kind + ", pageVersion=" + pageVersion + ", data=<" + data.length + " bytes>]";
        }
    }

    /** Requester to manager: the page is installed in {@code state}; the manager may serve the next request. */
    record Confirm(long pid, long page, long requestId, String node, byte state) implements CoherenceMessage {
        public Confirm {
            Objects.requireNonNull(node, "node");
        }
    }

    /** Manager to a copy holder: drop the copy, {@code newOwner} is about to write. */
    record Invalidate(long pid, long page, long requestId, String newOwner) implements CoherenceMessage {
        public Invalidate {
            Objects.requireNonNull(newOwner, "newOwner");
        }
    }

    /** Holder to manager: the copy is gone (and no access to it is in flight). */
    record InvalidateAck(long pid, long page, long requestId, String node) implements CoherenceMessage {
        public InvalidateAck {
            Objects.requireNonNull(node, "node");
        }
    }

    private static void checkAccess(byte access) {
        if (!Access.isValid(access)) {
            throw new IllegalArgumentException("access is " + access + ", expected " + Access.EXPECTED);
        }
    }
}
