package io.procshare.node;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.procshare.verticles.memory.NodeMembership;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@link NodeMembership} from Hazelcast: a member that leaves is reported by its Vert.x node id (the
 * member attribute {@code __vertx.nodeId}). A listener of our own, beside the one Vert.x's cluster
 * manager registers for itself.
 */
final class HazelcastMembership implements NodeMembership {

    private final HazelcastInstance hazelcast;

    HazelcastMembership(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The members now, by name and Vert.x node id (members that have not set both yet are left out). */
    java.util.List<io.procshare.verticles.exec.ClusterNode> nodes() {
        java.util.List<io.procshare.verticles.exec.ClusterNode> out = new java.util.ArrayList<>();
        for (var m : hazelcast.getCluster().getMembers()) {
            String id = m.getAttribute(HazelcastSetup.VERTX_NODE_ID_ATTRIBUTE);
            String name = m.getAttribute(HazelcastSetup.NAME_ATTRIBUTE);
            if (id != null && name != null) {
                out.add(new io.procshare.verticles.exec.ClusterNode(name, id));
            }
        }
        return out;
    }

    @Override
    public AutoCloseable onNodeLost(Consumer<String> listener) {
        UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String nodeId = event.getMember().getAttribute(HazelcastSetup.VERTX_NODE_ID_ATTRIBUTE);
                if (nodeId != null) {
                    listener.accept(nodeId);
                }
            }
        });
        return () -> {
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(id);
            }
        };
    }
}
