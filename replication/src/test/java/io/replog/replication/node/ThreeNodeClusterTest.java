package io.replog.replication.node;

/** {@link ClusterFaultScenarios} with 3 nodes: a majority is 2. */
class ThreeNodeClusterTest extends ClusterFaultScenarios {
    @Override
    int size() {
        return 3;
    }
}
