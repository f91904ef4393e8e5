package io.hpcorchestrator.logs.collect;

import io.hpcorchestrator.api.server.ServiceSummary;
import java.time.Instant;
import java.util.List;

/**
 * Every service the server listed in one poll.
 *
 * @param fetchedAt when the listing finished
 */
record ServicesSnapshot(List<ServiceSummary> services, Instant fetchedAt) {
}
