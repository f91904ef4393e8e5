package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import io.hpcorchestrator.slurm.SlurmClient;
import io.hpcorchestrator.slurm.SlurmException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@link SlurmClient} over slurmrestd with a JWT. Every verb is one HTTP request to
 * {@code <url>/slurm/<api-version>/...}; the version's {@link RestApi} adapter shapes bodies and answers.
 *
 * <p>{@code jobs(ids)} and {@code jobsNamed} read the whole job list ({@code GET jobs}) and filter it ({@code queue}
 * is that list unfiltered):
 * neither v0.0.38 nor v0.0.40-42 accepts several ids in {@code job/{id}} (checked: "Unable to parse URL
 * path"), and one unknown id there fails the whole request, while the list answers every id at once.
 *
 * <p>slurmrestd ignores {@code #SBATCH} lines, so {@link #submit} translates them into job fields
 * ({@link SbatchDirectives}). The job's environment is PATH, USER (ch-run refuses to start without it) and
 * the submission's variables; their values are never logged.
 *
 * <p>Answers are checked in a fixed order: the HTTP status for authentication (401, 403, 511), then
 * {@code errors[]} (SLURM's own refusals become {@code REJECTED} with SLURM's text; protocol and
 * communication errors, including a refused token, {@code UNAVAILABLE}), then any other failing status;
 * {@code warnings[]} are logged.
 */
public final class RestSlurmClient implements SlurmClient {

    private static final Log log = LogFactory.getLog(RestSlurmClient.class);
    private static final String TRANSPORT = "rest";
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** 2017 "Invalid job id specified" (forgotten), 2021 "Job/step already completing or completed". */
    private static final Set<Integer> CANCEL_DONE = Set.of(2017, 2021);
    /**
     * slurmrestd 22.05 reports "Job is in held state" (2042) as an error beside the id of the job it did create;
     * 24.11 reports it as a warning. Either way the job exists and must be tracked, not called a rejection.
     */
    private static final Set<Integer> SUBMITTED_ANYWAY = Set.of(2042);

    private final URI base;
    private final String user;
    private final TokenSource tokens;
    private final RestApi api;
    private final Duration timeout;
    private final String defaultPartition;
    private final HttpClient http;

    RestSlurmClient(URI url, String user, TokenSource tokens, RestApi api, Duration timeout, String defaultPartition,
            HttpClient http) {
        String text = url.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.user = Objects.requireNonNull(user, "user");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.api = Objects.requireNonNull(api, "api");
        this.timeout = timeout;
        this.defaultPartition = defaultPartition;
        this.http = http;
    }

    /**
     * A client for {@code hpc.cluster.rest.*}; fails at start when the version is unsupported or the user or
     * token is missing, rather than on the first request.
     */
    public static RestSlurmClient create(ClusterProperties properties) {
        return create(properties, Clock.systemUTC());
    }

    static RestSlurmClient create(ClusterProperties properties, Clock clock) {
        ClusterProperties.Rest rest = properties.rest();
        RestApi api = RestApi.forVersion(rest.apiVersion());
        if (rest.user() == null || rest.user().isBlank()) {
            throw new IllegalArgumentException("hpc.cluster.rest.user is required: the SLURM user the token belongs to");
        }
        if (rest.url() == null) {
            throw new IllegalArgumentException("hpc.cluster.rest.url is required");
        }
        String partition = properties.defaults() == null ? null : properties.defaults().partition();
        HttpClient http = HttpClient.newBuilder()
                // slurmrestd speaks HTTP/1.1 only; no h2c upgrade attempts.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(rest.timeout())
                .build();
        return new RestSlurmClient(rest.url(), rest.user(), TokenSource.from(rest, clock), api, rest.timeout(),
                partition == null || partition.isBlank() ? null : partition, http);
    }

    @Override
    public long submit(JobSubmission submission) {
        JobRequest request;
        Object body;
        try {
            request = SbatchDirectives.toRequest(submission, baseEnvironment());
            body = api.submitBody(request);
        } catch (IllegalArgumentException e) {
            throw SlurmException.rejected(TRANSPORT, e.getMessage());
        }
        JsonNode answer = send("POST", "job/submit", body, SUBMITTED_ANYWAY);
        long id = api.submittedJobId(answer);
        log.info("submitted job " + id + " (" + submission.jobName() + ") through slurmrestd " + api.version());
        return id;
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.put("USER", user);
        return environment;
    }

    @Override
    public List<JobInfo> jobs(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<Long> wanted = new HashSet<>(ids);
        return api.jobs(send("GET", "jobs", null, Set.of())).stream().filter(job -> wanted.contains(job.id())).toList();
    }

    @Override
    public List<JobInfo> jobsNamed(String name) {
        return api.jobs(send("GET", "jobs", null, Set.of())).stream().filter(job -> name.equals(job.name())).toList();
    }

    @Override
    public List<JobInfo> queue() {
        return api.jobs(send("GET", "jobs", null, Set.of()));
    }

    @Override
    public void cancel(long jobId) {
        send("DELETE", "job/" + jobId, null, CANCEL_DONE);
    }

    @Override
    public List<NodeInfo> nodes() {
        return api.nodes(send("GET", "nodes", null, Set.of()));
    }

    @Override
    public List<PartitionInfo> partitions() {
        return api.partitions(send("GET", "partitions", null, Set.of()), defaultPartition);
    }

    @Override
    public String transport() {
        return TRANSPORT;
    }

    /** One request, its answer checked; errors numbered in {@code tolerated} count as success. */
    private JsonNode send(String method, String path, Object body, Set<Integer> tolerated) {
        URI uri = URI.create(base + "/slurm/" + api.version() + "/" + path);
        String token;
        try {
            token = tokens.token();
        } catch (RuntimeException e) {
            throw SlurmException.unavailable(TRANSPORT, "no slurmrestd token: " + e.getMessage(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("X-SLURM-USER-NAME", user)
                .header("X-SLURM-USER-TOKEN", token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        }
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw SlurmException.unavailable(TRANSPORT, "slurmrestd at " + base + " did not answer " + method + " " + path
                    + " within " + timeout, e);
        } catch (IOException e) {
            throw SlurmException.unavailable(TRANSPORT, "cannot reach slurmrestd at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SlurmException.unavailable(TRANSPORT, "interrupted while calling slurmrestd", e);
        }
        if (log.isDebugEnabled()) {
            log.debug(method + " " + uri.getPath() + " -> " + response.statusCode() + " in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
        return check(method + " " + path, response.statusCode(), response.body(), tolerated);
    }

    private JsonNode check(String what, int status, String text, Set<Integer> tolerated) {
        if (status == 401 || status == 403 || status == 511) {
            throw SlurmException.unavailable(TRANSPORT, "slurmrestd rejected the token for user " + user + " (HTTP " + status
                    + (status == 401 ? ": no or unreadable token" : "") + "); renew it or check hpc.cluster.rest.token*", null);
        }
        JsonNode body = parse(text);
        List<SlurmError> errors = SlurmError.errors(body);
        List<SlurmError> failing = errors.stream().filter(e -> !tolerated.contains(e.number())).toList();
        for (SlurmError warning : SlurmError.warnings(body)) {
            log.warn("slurmrestd warning on " + what + ": " + warning.message());
        }
        if (!failing.isEmpty()) {
            throw classify(what, status, failing);
        }
        if (errors.isEmpty() && (status < 200 || status >= 300)) {
            String detail = body == null ? firstLine(text) : "no errors[] in the answer";
            if (status >= 500 || status == 404) {
                throw SlurmException.unavailable(TRANSPORT, "slurmrestd answered HTTP " + status + " to " + what + ": " + detail
                        + (status == 404 ? " (does it serve API " + api.version() + "?)" : ""), null);
            }
            throw SlurmException.rejected(TRANSPORT, "slurmrestd refused " + what + " (HTTP " + status + "): " + detail);
        }
        if (body == null) {
            throw SlurmException.unavailable(TRANSPORT, "slurmrestd answered " + what + " with something that is not JSON: "
                    + firstLine(text), null);
        }
        return body;
    }

    private SlurmException classify(String what, int status, List<SlurmError> errors) {
        String messages = errors.stream().map(SlurmError::message).distinct().collect(Collectors.joining("; "));
        if (errors.stream().anyMatch(e -> e.number() == 1007)) {
            return SlurmException.unavailable(TRANSPORT, "slurmctld rejected the token for user " + user + " (" + messages
                    + "); renew it or check hpc.cluster.rest.token*", null);
        }
        if (status >= 500 && errors.stream().allMatch(SlurmError::isUnspecified)) {
            // Slurm 22.05 reports a token slurmctld refused as an unspecified error with HTTP 500.
            return SlurmException.unavailable(TRANSPORT, "slurmrestd failed " + what + " without a reason (HTTP " + status
                    + ": " + messages + "); on Slurm 22.05 this is how a rejected or expired token for user " + user
                    + " looks", null);
        }
        if (errors.stream().anyMatch(SlurmError::isCommunication)) {
            return SlurmException.unavailable(TRANSPORT, "slurmrestd could not talk to slurmctld: " + messages, null);
        }
        return SlurmException.rejected(TRANSPORT, "SLURM refused " + what + ": " + messages);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(empty answer)";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null) {
            message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return "RestSlurmClient[" + base + ", " + api.version() + ", user=" + user + "]";
    }
}
