package io.procshare.verticles.exec;

import io.procshare.codecs.SyscallReply;

/** Where an executor sends the outcome of one forwarded request (a bus message, or a test's probe). */
public interface ReplyTarget {

    void reply(SyscallReply reply);

    /** Fails the request with one of the {@link ForwardProtocol} codes. */
    void fail(int code, String message);
}
