package io.replog.replication.node;

/** {@link ClusterFaultScenarios} with 5 nodes: a majority is 3, so two nodes may fail or be cut off. */
class FiveNodeClusterTest extends ClusterFaultScenarios {
    @Override
    int size() {
        return 5;
    }
}
