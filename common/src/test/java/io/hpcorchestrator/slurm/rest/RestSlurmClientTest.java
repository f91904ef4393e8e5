package io.hpcorchestrator.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobSubmission;
import io.hpcorchestrator.slurm.SlurmException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RestSlurmClientTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjIwMDAwMDAwMDB9.c2ln";
    private static final String SCRIPT = "#!/bin/bash\n#SBATCH --partition=debug\n#SBATCH --output=/w/%j.out\n#SBATCH --time=5\ntrue\n";

    private final StubSlurmrestd stub = new StubSlurmrestd();

    @AfterEach
    void stop() {
        stub.close();
    }

    private RestSlurmClient client(String version) {
        return client(version, stub.url());
    }

    private static RestSlurmClient client(String version, URI url) {
        return new RestSlurmClient(url, "hpcuser", new StaticTokenSource(TOKEN), RestApi.forVersion(version),
                Duration.ofSeconds(5), "debug", HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    private static JobSubmission submission() {
        return new JobSubmission(SCRIPT, "svc-1", "/w", Map.of("HF_TOKEN", "hf_secret_value"));
    }

    @Test
    void submitsOnePostWithHeadersVersionedPathAndTranslatedDirectives() {
        stub.answer(200, Captured.text("v0.0.40", "submit.json"));
        long id = client("v0.0.40").submit(submission());

        assertThat(id).isEqualTo(6);
        assertThat(stub.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/slurm/v0.0.40/job/submit");
            assertThat(request.header("X-SLURM-USER-NAME")).isEqualTo("hpcuser");
            assertThat(request.header("X-SLURM-USER-TOKEN")).isEqualTo(TOKEN);
            JsonNode job = Json.MAPPER.readTree(request.body()).get("job");
            assertThat(job.get("name").asString()).isEqualTo("svc-1");
            assertThat(job.get("partition").asString()).isEqualTo("debug");
            assertThat(job.get("standard_output").asString()).isEqualTo("/w/%j.out");
            assertThat(job.get("current_working_directory").asString()).isEqualTo("/w");
            assertThat(job.get("environment").toString())
                    .contains("PATH=" + RestSlurmClient.DEFAULT_PATH, "USER=hpcuser", "HF_TOKEN=hf_secret_value");
        });
    }

    @Test
    void aHeldJobThatSlurmReportsAsAnErrorBesideItsIdIsStillSubmitted() {
        // slurmrestd 22.05 answers a --hold submission with error 2042 and the id of the job it created.
        stub.answer(200, "{\"job_id\": 41, \"step_id\": \"BATCH\", \"errors\": [{\"error_number\": 2042, "
                + "\"error\": \"Job is in held state, pending scheduler release\"}], \"warnings\": []}");
        assertThat(client("v0.0.38").submit(submission())).isEqualTo(41);
    }

    @Test
    void slurmsRefusalIsRejectedWithSlurmsMessage() {
        for (String version : List.of("v0.0.38", "v0.0.40", "v0.0.41", "v0.0.42")) {
            stub.answer(500, Captured.text(version, "submit-bad-partition.json"));
            assertKind(() -> client(version).submit(submission()), SlurmException.Kind.REJECTED, "Invalid partition name specified");
        }
    }

    @Test
    void aDirectiveTheTransportCannotTranslateIsRejectedBeforeAnyRequest() {
        JobSubmission array = new JobSubmission("#!/bin/bash\n#SBATCH --array=1-3\ntrue\n", "a", "/w", Map.of());
        assertKind(() -> client("v0.0.40").submit(array), SlurmException.Kind.REJECTED, "--array");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void tokenFailuresAreUnavailableAndSayTheTokenWasRejected() {
        stub.answer(401, "Authentication failure");
        assertKind(() -> client("v0.0.38").nodes(), SlurmException.Kind.UNAVAILABLE, "token");
        stub.answer(500, Captured.text("v0.0.38", "jobs-bad-token.json"));
        assertKind(() -> client("v0.0.38").jobs(List.of(1L)), SlurmException.Kind.UNAVAILABLE, "token");
        stub.answer(511, Captured.text("v0.0.40", "jobs-bad-token.json"));
        assertKind(() -> client("v0.0.40").jobs(List.of(1L)), SlurmException.Kind.UNAVAILABLE, "rejected the token");
        stub.answer(200, Captured.text("v0.0.40", "jobs-bad-token.json"));
        assertKind(() -> client("v0.0.40").jobs(List.of(1L)), SlurmException.Kind.UNAVAILABLE, "Protocol authentication error");
    }

    @Test
    void serverFailuresWithoutErrorsAreUnavailable() {
        stub.answer(503, "busy");
        assertKind(() -> client("v0.0.40").partitions(), SlurmException.Kind.UNAVAILABLE, "503");
        stub.answer(404, "");
        assertKind(() -> client("v0.0.41").nodes(), SlurmException.Kind.UNAVAILABLE, "v0.0.41");
        stub.answer(200, "<html>proxy page</html>");
        assertKind(() -> client("v0.0.40").nodes(), SlurmException.Kind.UNAVAILABLE, "not JSON");
        stub.answer(400, "Unable to parse URL path.");
        assertKind(() -> client("v0.0.40").nodes(), SlurmException.Kind.REJECTED, "Unable to parse URL path.");
    }

    @Test
    void anUnreachableDaemonIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RestSlurmClient client = client("v0.0.40", URI.create("http://127.0.0.1:" + port));
        assertKind(() -> client.jobs(List.of(1L)), SlurmException.Kind.UNAVAILABLE, "cannot reach slurmrestd");
    }

    @Test
    void readsAllJobsInOneCallAndKeepsTheOnesAskedFor() {
        stub.answer(200, Captured.text("v0.0.42", "jobs.json"));
        List<JobInfo> jobs = client("v0.0.42").jobs(List.of(10L, 12L, 999_999L));
        assertThat(jobs).extracting(JobInfo::id).containsExactlyInAnyOrder(10L, 12L);
        assertThat(client("v0.0.42").jobsNamed("capture-ok-v0.0.42")).extracting(JobInfo::id).containsExactly(12L);
        assertThat(client("v0.0.42").jobs(List.of())).isEmpty();
        assertThat(stub.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/slurm/v0.0.42/jobs");
        });
    }

    @Test
    void theQueueIsEveryListedJobFromOneRequest() {
        stub.answer(200, Captured.text("v0.0.42", "jobs.json"));
        assertThat(client("v0.0.42").queue()).hasSize(12).extracting(JobInfo::id).contains(10L, 12L);
        assertThat(stub.requests()).singleElement().satisfies(request -> assertThat(request.path()).isEqualTo("/slurm/v0.0.42/jobs"));
    }

    @Test
    void cancellingAJobSlurmNoLongerKnowsIsNotAnError() {
        stub.answer(500, Captured.text("v0.0.38", "cancel-unknown.json"));
        client("v0.0.38").cancel(99_999_999L);
        stub.answer(404, Captured.text("v0.0.40", "cancel-unknown.json"));
        client("v0.0.40").cancel(99_999_999L);
        assertThat(stub.requests()).extracting(StubSlurmrestd.Request::method).containsOnly("DELETE");
        assertThat(stub.requests()).extracting(StubSlurmrestd.Request::path)
                .containsExactly("/slurm/v0.0.38/job/99999999", "/slurm/v0.0.40/job/99999999");
    }

    @Test
    void secretsStayOutOfErrorsAndToString() {
        stub.answer(500, Captured.text("v0.0.40", "submit-bad-partition.json"));
        RestSlurmClient client = client("v0.0.40");
        assertThatThrownBy(() -> client.submit(submission())).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain("hf_secret_value").doesNotContain(TOKEN));
        assertThat(client.toString()).doesNotContain(TOKEN).contains("v0.0.40");
    }

    @Test
    void creationFailsClearlyForAnUnsupportedVersionOrMissingSettings() {
        assertThatThrownBy(() -> RestSlurmClient.create(properties("v0.0.39", "u", "t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v0.0.39").hasMessageContaining("v0.0.38, v0.0.40, v0.0.41, v0.0.42");
        assertThatThrownBy(() -> RestSlurmClient.create(properties("v0.0.40", null, "t"))).hasMessageContaining("rest.user");
        assertThatThrownBy(() -> RestSlurmClient.create(properties("v0.0.40", "u", null))).hasMessageContaining("token");
        assertThat(RestSlurmClient.create(properties("v0.0.42", "u", "t")).transport()).isEqualTo("rest");
    }

    private static ClusterProperties properties(String version, String user, String token) {
        ClusterProperties.Rest rest = new ClusterProperties.Rest(URI.create("http://127.0.0.1:6820"), version, user, token,
                null, null, Duration.ofHours(1), Duration.ofSeconds(2));
        return new ClusterProperties(ClusterProperties.Transport.REST, rest, null, null, null, null, List.of());
    }

    private static void assertKind(ThrowingCallable call, SlurmException.Kind kind, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(text);
            assertThat(e.transport()).isEqualTo("rest");
        });
    }
}
