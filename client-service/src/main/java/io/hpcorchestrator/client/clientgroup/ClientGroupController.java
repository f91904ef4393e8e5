package io.hpcorchestrator.client.clientgroup;

import io.hpcorchestrator.client.web.AuditedCalls;
import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/client-groups")
@Tag(name = "client groups", description = "The seed's client groups: a benchmark run as a SLURM job near the service")
class ClientGroupController {

    private final ClientGroupService groups;
    private final AuditedCalls audited;

    ClientGroupController(ClientGroupService groups, AuditedCalls audited) {
        this.groups = groups;
        this.audited = audited;
    }

    @PostMapping
    @Operation(summary = "Start a client group",
            description = "Resolves the service (it must be RUNNING) and submits a SLURM job that runs the client jar against its endpoint: "
                    + "`num_clients` clients at `requests_per_second` each for `duration_seconds`. 201 with the group, PENDING until the "
                    + "job runs. Its results, CSV and report are those of the benchmark with the same id. A service of another user "
                    + "is unknown (400); 429 when the caller already has `hpc.limits.active-client-groups-per-user` queued or running.")
    ResponseEntity<ClientGroupView> create(Caller caller, @RequestBody ClientGroupRequest request) {
        String service = request == null || request.serviceId() == null ? "(no service)" : "service " + request.serviceId();
        ClientGroupView view = audited.run(caller, "client-group.create", service, () -> groups.create(request, caller),
                created -> new AuditedCalls.Entry(created.id(), "job " + created.jobId() + " against " + service));
        return ResponseEntity.created(URI.create("/api/v1/client-groups/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List client groups", description = "The caller's own (an admin's: everyone's), newest first.")
    List<ClientGroupView> list(Caller caller, @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        return groups.list(limit, offset, caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a client group", description = "Its job, status, progress and, once ended, a summary of its results.")
    ClientGroupView get(Caller caller, @PathVariable String id) {
        return groups.get(id, caller);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a client group",
            description = "Cancels its SLURM job (scancel). The job writes the records it has before it ends; they are read back, so the "
                    + "results keep what was measured. Waits up to 15 s for that.")
    ClientGroupView cancel(Caller caller, @PathVariable String id) {
        return audited.run(caller, "client-group.delete", id, () -> groups.cancelGroup(id, caller),
                view -> new AuditedCalls.Entry(id, "status " + view.status()));
    }
}
