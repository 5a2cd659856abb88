package io.procshare.verticles.exec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementSuggestionTest {

    private static final List<ClusterNode> NODES = List.of(new ClusterNode("node1", "a"), new ClusterNode("node2", "b"));

    @Test
    void when_aPolicyIsMisspelt_then_theErrorListsThePoliciesAndTheNodesAndGuesses() {
        assertThatThrownBy(() -> Placement.parse("sprad").validate(NODES))
                .hasMessage("placement 'sprad' is not a policy (spread, spread:NAME,NAME,..., pack) and no node named "
                        + "'sprad' in the cluster (nodes: node1, node2); did you mean spread?");
    }

    @Test
    void when_aWordIsFarFromEveryPolicy_then_nothingIsGuessed() {
        assertThatThrownBy(() -> Placement.parse("node9").validate(NODES))
                .hasMessageEndingWith("(nodes: node1, node2)");
    }
}
