package io.procshare.verticles.exec;

import io.procshare.codecs.SyscallReply;
import io.vertx.core.Context;
import io.vertx.core.eventbus.Message;

/** A {@link ReplyTarget} that answers a bus message on the verticle's context, whatever thread completes it. */
final class MessageTarget implements ReplyTarget {

    private final Message<?> message;
    private final Context context;

    MessageTarget(Message<?> message, Context context) {
        this.message = message;
        this.context = context;
    }

    @Override
    public void reply(SyscallReply reply) {
        context.runOnContext(v -> message.reply(reply));
    }

    @Override
    public void fail(int code, String why) {
        context.runOnContext(v -> message.fail(code, why));
    }
}
