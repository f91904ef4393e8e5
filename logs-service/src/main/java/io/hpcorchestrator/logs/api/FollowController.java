package io.hpcorchestrator.logs.api;

import io.hpcorchestrator.logs.LogsProperties;
import io.hpcorchestrator.logs.store.LogStore;
import io.hpcorchestrator.logs.store.LoggedService;
import io.hpcorchestrator.logs.store.Stream;
import io.hpcorchestrator.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/logs")
@Tag(name = "logs")
class FollowController {

    private static final Pattern EVENT_ID = Pattern.compile("0|[1-9][0-9]{0,17}");

    private final LogStore store;
    private final ServiceIds ids;
    private final LogFollowers followers;
    private final LogsProperties.Query limits;

    FollowController(LogStore store, ServiceIds ids, LogFollowers followers, LogsProperties properties) {
        this.store = store;
        this.ids = ids;
        this.limits = properties.query();
        this.followers = followers;
    }

    @GetMapping("/{serviceId}/follow")
    @Operation(summary = "Follow a service's lines live (server-sent events)",
            description = "Each new line is an event whose `id` is the line id and whose `data` is the line as JSON. Without "
                    + "`Last-Event-ID` the stream starts with the last `tail` lines (none by default); with it, right after that "
                    + "line, so a reconnecting client misses nothing and sees nothing twice. Once the job has ended and its "
                    + "output is fully collected, an `end` event closes the stream. Another user's service is not found, as an "
                    + "unknown one.")
    SseEmitter follow(Caller caller, @PathVariable String serviceId, @RequestParam(defaultValue = "all") String stream,
            @RequestParam(defaultValue = "0") int tail,
            @Parameter(description = "the id of the last event received; browsers send it when they reconnect")
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        ServiceIds.validate(serviceId);
        Stream streams = Streams.parse(stream);
        if (tail < 0 || tail > limits.maxTail()) {
            throw new InvalidRequestException("tail", "must be 0 to " + limits.maxTail());
        }
        if (lastEventId != null && !EVENT_ID.matcher(lastEventId.strip()).matches()) {
            throw new InvalidRequestException("Last-Event-ID", "must be a line id from this stream");
        }
        LoggedService service = ids.resolve(serviceId, caller);
        long cursor;
        if (lastEventId != null) {
            cursor = Long.parseLong(lastEventId.strip());
        } else if (tail > 0) {
            cursor = store.nthNewestId(service.serviceId(), streams, tail).orElse(1) - 1;
        } else {
            cursor = store.lastLineIdForReaders();
        }
        return followers.open(service.serviceId(), streams, cursor);
    }
}
