package io.hpcorchestrator.client.clientgroup;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The seed's {@code POST /api/v1/client-groups}: {@code num_clients} clients, each sending
 * {@code requests_per_second}, for {@code duration_seconds}, against a RUNNING service, from a SLURM job. It becomes
 * an open-loop benchmark at {@code num_clients * requests_per_second} Poisson arrivals with at most
 * {@code num_clients} requests in flight.
 *
 * @param serviceId         the service (its id or job id); required
 * @param numClients        default 1
 * @param requestsPerSecond per client; default 1
 * @param durationSeconds   default 60
 * @param prompts           cycled in order; default synthetic prompts of 128 words
 * @param maxTokens         per request; default 128
 * @param temperature       default 0
 * @param timeLimit         the job's time limit: minutes or a SLURM time ({@code HH:MM:SS}); default the duration plus 5 minutes
 * @param api               {@code completions} (default) or {@code chat}; not in the seed
 * @param stream            default true; not in the seed
 * @param model             default the first model the service lists; not in the seed
 */
public record ClientGroupRequest(
        String serviceId,
        Integer numClients,
        Double requestsPerSecond,
        Double durationSeconds,
        List<String> prompts,
        Integer maxTokens,
        Double temperature,
        @Schema(oneOf = {Integer.class, String.class}) Object timeLimit,
        String api,
        Boolean stream,
        String model) {
}
