package io.hpcorchestrator.monitoring.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeStateAndGresTest {

    @Test
    void nodeStatesReadLikeSinfo() {
        assertThat(NodeState.of(List.of("IDLE"))).isEqualTo("idle");
        assertThat(NodeState.of(List.of("MIXED"))).isEqualTo("mixed");
        assertThat(NodeState.of(List.of("ALLOCATED", "COMPLETING"))).isEqualTo("allocated");
        assertThat(NodeState.of(List.of("IDLE", "DRAIN"))).isEqualTo("drained");
        assertThat(NodeState.of(List.of("MIXED", "DRAIN"))).isEqualTo("draining");
        assertThat(NodeState.of(List.of("ALLOCATED", "DRAIN"))).isEqualTo("draining");
        assertThat(NodeState.of(List.of("DOWN", "DRAIN", "NOT_RESPONDING"))).isEqualTo("down");
        assertThat(NodeState.of(List.of("IDLE", "NOT_RESPONDING"))).isEqualTo("idle");
        assertThat(NodeState.of(List.of("drained"))).isEqualTo("drained");
        assertThat(NodeState.of(List.of("FUTURE"))).isEqualTo("future");
        assertThat(NodeState.of(List.of("IDLE", "FAIL"))).isEqualTo("fail");
        assertThat(NodeState.of(List.of())).isEqualTo("unknown");
        assertThat(NodeState.of(List.of("WEIRD-ONE"))).isEqualTo("weird_one");
    }

    @Test
    void gpusAreCountedFromGresWhateverItsSpelling() {
        assertThat(Gres.gpus("gpu:a100:4")).isEqualTo(4);
        assertThat(Gres.gpus("gpu:4(S:0-1)")).isEqualTo(4);
        assertThat(Gres.gpus("gpu:a100:4(S:0-1),shard:8")).isEqualTo(4);
        assertThat(Gres.gpus("gpu:a100:2,gpu:v100:1")).isEqualTo(3);
        assertThat(Gres.gpus("gpu:a100:1(IDX:0-1,3),gpu:v100:0(IDX:N/A)")).isEqualTo(1);
        assertThat(Gres.gpus("gres/gpu:2")).isEqualTo(2);
        assertThat(Gres.gpus("gpu:a100")).isEqualTo(1);
        assertThat(Gres.gpus("shard:8")).isZero();
        assertThat(Gres.gpus("")).isZero();
        assertThat(Gres.gpus(null)).isZero();
    }
}
