package io.hpcorchestrator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.hpcorchestrator.api.server.ServerApiClient;
import io.hpcorchestrator.api.server.ServiceSummary;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.Role;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceIdsTest {

    private static final String ID = "svc-00000000a11c";
    private static final Caller ALICE = new Caller("alice", Role.USER);
    private static final Caller BOB = new Caller("bob", Role.USER);
    private static final Caller ADMIN = new Caller("root", Role.ADMIN);

    private final LogStore store = mock(LogStore.class);
    private final ServerApiClient server = mock(ServerApiClient.class);
    private final ServiceIds ids = new ServiceIds(store, server);

    @Test
    void aStoredServiceIsItsOwnersAndAnAdminsOnly() {
        Instant now = Instant.now();
        when(store.findService(ID)).thenReturn(Optional.of(new LoggedService(ID, 7L, "n", "tests/n", "RUNNING", null,
                LoggedService.COLLECTING, now, now, "alice")));
        assertThat(ids.resolve(ID, ALICE).serviceId()).isEqualTo(ID);
        assertThat(ids.resolve(ID, ADMIN).serviceId()).isEqualTo(ID);
        assertThatThrownBy(() -> ids.resolve(ID, BOB)).isInstanceOf(UnknownServiceException.class).hasMessage("no service " + ID);
    }

    @Test
    void aServiceOnlyTheServerKnowsYetIsItsOwnersToo() {
        when(store.findService(ID)).thenReturn(Optional.empty());
        when(server.getService(ID)).thenReturn(new ServiceSummary(ID, null, "n", "tests/n", "PENDING", null, null, null, null, null, null,
                null, null, null, null, null, null, "alice"));
        assertThat(ids.resolve(ID, ALICE).owner()).isEqualTo("alice");
        assertThatThrownBy(() -> ids.resolve(ID, BOB)).isInstanceOf(UnknownServiceException.class).hasMessage("no service " + ID);
    }

    @Test
    void aServiceWithoutOwnerIsAnAdminsOnly() {
        Instant now = Instant.now();
        when(store.findServiceByJobId(7L)).thenReturn(Optional.of(new LoggedService(ID, 7L, "n", "tests/n", "RUNNING", null,
                LoggedService.COLLECTING, now, now, null)));
        assertThat(ids.resolve("7", ADMIN).serviceId()).isEqualTo(ID);
        assertThatThrownBy(() -> ids.resolve("7", ALICE)).isInstanceOf(UnknownServiceException.class).hasMessage("no service 7");
    }
}
