package io.procshare.verticles.exec;

import io.procshare.codecs.SyscallReply;

/**
 * The outcome of one forwarded request, kept by {@link ExactlyOnce} so that every re-send of it gets
 * the same answer: a reply, or a failure with one of the {@link ForwardProtocol} codes (a home error,
 * a call cut short by exit_group). A failure that were not kept would make the re-send stale, and
 * the issuer, which ignores stale answers, would wait out its silence deadline instead of hearing
 * the real error (issue 13, finding 1).
 */
sealed interface Outcome {

    /** Sends this outcome to {@code target}; nothing when it is null (nobody waits). */
    void deliver(ReplyTarget target);

    record Replied(SyscallReply reply) implements Outcome {
        @Override
        public void deliver(ReplyTarget target) {
            if (target != null) {
                target.reply(reply);
            }
        }
    }

    record Failed(int code, String message) implements Outcome {
        @Override
        public void deliver(ReplyTarget target) {
            if (target != null) {
                target.fail(code, message);
            }
        }
    }
}
