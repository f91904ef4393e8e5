package io.hpcorchestrator.client.clientgroup;

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

    ClientGroupController(ClientGroupService groups) {
        this.groups = groups;
    }

    @PostMapping
    @Operation(summary = "Start a client group",
            description = "Resolves the service (it must be RUNNING) and submits a SLURM job that runs the client jar against its endpoint: "
                    + "`num_clients` clients at `requests_per_second` each for `duration_seconds`. 201 with the group, PENDING until the "
                    + "job runs. Its results, CSV and report are those of the benchmark with the same id.")
    ResponseEntity<ClientGroupView> create(@RequestBody ClientGroupRequest request) {
        ClientGroupView view = groups.create(request);
        return ResponseEntity.created(URI.create("/api/v1/client-groups/" + view.id())).body(view);
    }

    @GetMapping
    @Operation(summary = "List client groups", description = "Newest first.")
    List<ClientGroupView> list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        return groups.list(limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a client group", description = "Its job, status, progress and, once ended, a summary of its results.")
    ClientGroupView get(@PathVariable String id) {
        return groups.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a client group",
            description = "Cancels its SLURM job (scancel). The job writes the records it has before it ends; they are read back, so the "
                    + "results keep what was measured. Waits up to 15 s for that.")
    ClientGroupView cancel(@PathVariable String id) {
        return groups.cancelGroup(id);
    }
}
