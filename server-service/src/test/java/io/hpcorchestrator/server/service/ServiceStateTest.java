package io.hpcorchestrator.server.service;

import static io.hpcorchestrator.server.service.ServiceState.BUILDING;
import static io.hpcorchestrator.server.service.ServiceState.CANCELLED;
import static io.hpcorchestrator.server.service.ServiceState.COMPLETED;
import static io.hpcorchestrator.server.service.ServiceState.FAILED;
import static io.hpcorchestrator.server.service.ServiceState.PENDING;
import static io.hpcorchestrator.server.service.ServiceState.RUNNING;
import static io.hpcorchestrator.server.service.ServiceState.STARTING;
import static io.hpcorchestrator.server.service.ServiceState.SUBMITTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceStateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SUBMITTING, PENDING", "SUBMITTING, FAILED", "SUBMITTING, CANCELLED", "SUBMITTING, STARTING",
            "PENDING, BUILDING", "PENDING, STARTING", "PENDING, RUNNING", "PENDING, COMPLETED", "PENDING, FAILED", "PENDING, CANCELLED",
            "BUILDING, STARTING", "BUILDING, RUNNING", "BUILDING, FAILED", "BUILDING, CANCELLED", "BUILDING, COMPLETED",
            "STARTING, RUNNING", "STARTING, FAILED", "STARTING, CANCELLED", "STARTING, COMPLETED",
            "RUNNING, COMPLETED", "RUNNING, FAILED", "RUNNING, CANCELLED"})
    void forwardEdgesAreAllowed(ServiceState from, ServiceState to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING, SUBMITTING", "BUILDING, PENDING", "STARTING, BUILDING", "STARTING, PENDING", "RUNNING, STARTING",
            "RUNNING, PENDING", "RUNNING, BUILDING", "PENDING, PENDING", "RUNNING, RUNNING"})
    void backwardEdgesAndSelfLoopsAreNot(ServiceState from, ServiceState to) {
        assertThat(from.canMoveTo(to)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "FAILED", "CANCELLED"})
    void terminalStatesHaveNoWayOut(ServiceState terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (ServiceState next : ServiceState.values()) {
            assertThat(terminal.canMoveTo(next)).as("%s -> %s", terminal, next).isFalse();
        }
    }

    @Test
    void onlyAllocatedStatesAreOnANode() {
        assertThat(List.of(ServiceState.values())).filteredOn(ServiceState::isOnNode).containsExactly(BUILDING, STARTING, RUNNING);
        assertThat(List.of(SUBMITTING, PENDING, RUNNING)).noneMatch(ServiceState::isTerminal);
        assertThat(List.of(COMPLETED, FAILED, CANCELLED)).allMatch(ServiceState::isTerminal);
    }
}
