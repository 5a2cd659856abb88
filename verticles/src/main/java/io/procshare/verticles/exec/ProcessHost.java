package io.procshare.verticles.exec;

import io.procshare.codecs.ThreadStart;
import java.util.List;

/**
 * What the control part of a process needs from its node: the cluster's nodes (placement), a way
 * to start a thread on a node (clone), and a place to report the process's end. The syscall
 * control unit implements it; unit tests give a fake.
 */
public interface ProcessHost {

    /** A host without other nodes: clone fails with EAGAIN, the end is not reported. */
    ProcessHost NONE = new ProcessHost() {
        @Override
        public List<ClusterNode> nodes() {
            return List.of();
        }

        @Override
        public void startThread(ThreadStart start) {
            throw new SyscallUnavailableException("no guest front-end on this node");
        }

        @Override
        public void ended(ProcessControl process) {
        }
    };

    /** The cluster's nodes now. */
    List<ClusterNode> nodes();

    /**
     * Has {@code start.node()} start the thread, and returns once it runs; blocks the calling
     * (executor or guest) thread at most the request deadline.
     *
     * @throws SyscallUnavailableException when the node refused, is gone, or did not answer in time
     */
    void startThread(ThreadStart start);

    /** The process ended ({@link ProcessControl#exitStatus()}, {@link ProcessControl#exitMessage()}); called once. */
    void ended(ProcessControl process);
}
