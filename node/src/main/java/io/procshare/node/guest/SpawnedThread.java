package io.procshare.node.guest;

/**
 * A thread started with {@link Guest#spawn}; pass it to {@link Guest#join} once. It is plain data
 * (tid and the guest address of its control block), so any thread of the process may join it.
 *
 * @param tid     the thread's gtid (its Linux tid)
 * @param control guest address of its control block: the child-tid word at +0 (cleared and woken
 *                at exit, as glibc's pthread join waits on it), its exit status at +8
 */
public record SpawnedThread(long tid, long control) {
}
