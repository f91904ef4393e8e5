package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.store.LineScope;
import io.hpcorchestrator.logs.store.LogLine;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.Stream;
import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/logs")
@Tag(name = "logs", description = "Job output of deployed services, collected through the SLURM transport")
class LogsController {

    private static final int MAX_QUERY_LENGTH = BoundedRegex.MAX_PATTERN_LENGTH;
    private static final int MAX_PAGE_SIZE = 500;

    private final LogStore store;
    private final ServiceIds ids;
    private final LogQueries queries;
    private final LogsProperties.Query limits;

    LogsController(LogStore store, ServiceIds ids, LogQueries queries, LogsProperties properties) {
        this.store = store;
        this.ids = ids;
        this.queries = queries;
        this.limits = properties.query();
    }

    @GetMapping("/services")
    @Operation(summary = "Services with their log sizes",
            description = "The caller's services (every service for an admin) the server listed, most recently seen first, with "
                    + "what is stored of each output file and when its last line was collected.")
    List<ServiceLogsView> services(Caller caller, @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit", "must be 1 to 1000");
        }
        if (offset < 0) {
            throw new InvalidRequestException("offset", "must be 0 or more");
        }
        return store.listServices(caller.ownerFilter().orElse(null), limit, offset).stream().map(ServiceLogsView::of).toList();
    }

    @GetMapping("/search")
    @Operation(summary = "Search lines across services",
            description = "Lines of the caller's services (every service's for an admin) containing `q` (or matching it as a Java "
                    + "regular expression with `regex=true`), newest first, a page at a time. Regular expressions run within a time "
                    + "budget and a cap on lines tried; `limited` says when they stopped early.")
    SearchView search(Caller caller, @Parameter(description = "substring, or regular expression with regex=true") @RequestParam String q,
            @RequestParam(defaultValue = "false") boolean regex, @RequestParam(defaultValue = "all") String stream,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        query(q);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("size", "must be 1 to " + MAX_PAGE_SIZE);
        }
        if (page < 0 || (long) (page + 1) * size > limits.maxResultWindow()) {
            throw new InvalidRequestException("page", "must be 0 or more, with (page + 1) * size at most " + limits.maxResultWindow());
        }
        Stream streams = Streams.parse(stream);
        LogQueries.Found found = queries.newest(caller.ownerFilter().map(LineScope::ownedBy).orElse(LineScope.EVERYONE), streams, 0, q, regex,
                page * size, size + 1);
        boolean hasMore = found.lines().size() > size;
        List<LogLine> lines = hasMore ? found.lines().subList(0, size) : found.lines();
        return new SearchView(q, regex, stream, page, size, List.copyOf(lines), hasMore, found.limited(), found.scanned());
    }

    @GetMapping("/{serviceId}")
    @Operation(summary = "Read a service's lines",
            description = "The last `tail` lines of the service's stdout, stderr or both, oldest first, optionally only those "
                    + "collected from `since` on and those containing `q` (a Java regular expression with `regex=true`, run within a "
                    + "time budget and a cap on lines tried). `service_id` is the service id or its SLURM job id. Another user's "
                    + "service is not found, as an unknown one.")
    LinesView lines(Caller caller, @PathVariable String serviceId, @RequestParam(defaultValue = "all") String stream,
            @RequestParam(defaultValue = "100") int tail,
            @Parameter(description = "ISO-8601 time, e.g. 2026-11-26T14:00:00Z") @RequestParam(required = false) String since,
            @RequestParam(required = false) String q, @RequestParam(defaultValue = "false") boolean regex) {
        ServiceIds.validate(serviceId);
        Stream streams = Streams.parse(stream);
        if (tail < 1 || tail > limits.maxTail()) {
            throw new InvalidRequestException("tail", "must be 1 to " + limits.maxTail());
        }
        if (q != null) {
            query(q);
        }
        Instant from = since == null ? null : time(since);
        LoggedService service = ids.resolve(serviceId, caller);
        long fromId = from == null ? 0 : store.firstIdCollectedFrom(from).orElse(Long.MAX_VALUE);
        LogQueries.Found found = queries.newest(LineScope.of(service.serviceId()), streams, fromId, q, regex, 0, tail);
        return new LinesView(service.serviceId(), service.jobId(), stream, ServiceLogsView.lower(service.collectionState()),
                LogQueries.oldestFirst(found.lines()), found.limited(), found.scanned());
    }

    private static void query(String q) {
        if (q.isEmpty() || q.length() > MAX_QUERY_LENGTH) {
            throw new InvalidRequestException("q", "must be 1 to " + MAX_QUERY_LENGTH + " characters");
        }
    }

    static Instant time(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("since", "must be an ISO-8601 time with an offset, e.g. 2026-11-26T14:00:00Z");
        }
    }
}
