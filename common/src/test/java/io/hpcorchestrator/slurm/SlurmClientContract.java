package io.hpcorchestrator.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hpcorchestrator.testing.DevCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SlurmClient} transport must do against the real local cluster. Extend it once per
 * transport and return a client from {@link #client()}; the jobs it submits are cancelled after each test.
 */
public abstract class SlurmClientContract {

    protected final DevCluster cluster = DevCluster.load();
    private final List<Long> submitted = new ArrayList<>();

    /** The transport under test, connected to the local cluster. */
    protected abstract SlurmClient client();

    @AfterEach
    void cancelWhatWasSubmitted() {
        for (long id : submitted) {
            try {
                client().cancel(id);
            } catch (RuntimeException ignored) {
                // best effort: the job may be long gone
            }
        }
    }

    protected String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String script(String name, String body) {
        String out = cluster.workDir() + "/" + name + ".out";
        return "#!/bin/bash\n#SBATCH --job-name=" + name + "\n#SBATCH --partition=" + cluster.partition()
                + "\n#SBATCH --output=" + out + "\n#SBATCH --time=5\n#SBATCH --mem=64M\n" + body + "\n";
    }

    protected long submit(String name, String body, Map<String, String> environment) {
        long id = client().submit(new JobSubmission(script(name, body), name, cluster.workDir().toString(), environment));
        submitted.add(id);
        return id;
    }

    protected Optional<JobInfo> job(long id) {
        return client().jobs(List.of(id)).stream().filter(job -> job.id() == id).findFirst();
    }

    @Test
    void submitsAJobSeesItRunAndCancelsIt() {
        String name = uniqueName("contract-run");
        long id = submit(name, "sleep 300", Map.of());
        assertThat(id).isPositive();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(job(id)).hasValueSatisfying(job -> {
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.name()).isEqualTo(name);
            assertThat(job.nodes()).isNotEmpty();
            assertThat(job.batchHost()).isNotBlank();
            assertThat(job.partition()).isEqualTo(cluster.partition());
            assertThat(job.startTime()).isNotNull();
            assertThat(job.stdoutPath()).isEqualTo(cluster.workDir() + "/" + name + ".out");
        }));

        client().cancel(id);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(job(id)).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.CANCELLED)));
        client().cancel(id);
    }

    @Test
    void listsSeveralJobsInOneCallAndLeavesOutIdsSlurmDoesNotKnow() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(uniqueName("contract-many"), "sleep 300", Map.of()));
        }
        List<Long> asked = new ArrayList<>(ids);
        asked.add(999_999_999L);
        assertThat(client().jobs(asked)).extracting(JobInfo::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(client().jobs(List.of())).isEmpty();
    }

    @Test
    void findsAJobByItsName() {
        String name = uniqueName("contract-named");
        long id = submit(name, "sleep 300", Map.of());
        assertThat(client().jobsNamed(name)).extracting(JobInfo::id).containsExactly(id);
        assertThat(client().jobsNamed(uniqueName("contract-nobody"))).isEmpty();
    }

    @Test
    void listsTheWholeQueueInOneCallWithPendingReasonsAndSubmitTimes() {
        long running = submit(uniqueName("contract-queue"), "sleep 300", Map.of());
        // Waits on the first job, so it stays pending with a reason every transport reports.
        long waiting = submit(uniqueName("contract-queue"), "#SBATCH --dependency=afterok:" + running + "\nsleep 300", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JobInfo> queue = client().queue();
            assertThat(queue).filteredOn(job -> job.id() == running).singleElement()
                    .satisfies(job -> assertThat(job.state()).isEqualTo(JobState.RUNNING));
            assertThat(queue).filteredOn(job -> job.id() == waiting).singleElement().satisfies(job -> {
                assertThat(job.state()).isEqualTo(JobState.PENDING);
                assertThat(job.reason()).isEqualTo("Dependency");
                assertThat(job.partition()).isEqualTo(cluster.partition());
                assertThat(job.submitTime()).isNotNull().isBeforeOrEqualTo(java.time.Instant.now());
            });
        });
    }

    @Test
    void aJobThatExitsWithAnErrorIsFailedWithItsExitCode() {
        long id = submit(uniqueName("contract-exit"), "exit 3", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(job(id)).hasValueSatisfying(job -> {
            assertThat(job.state()).isEqualTo(JobState.FAILED);
            assertThat(job.exitCode()).isEqualTo(3);
            assertThat(job.endTime()).isNotNull();
        }));
    }

    @Test
    void theSubmissionEnvironmentReachesTheJobUnchanged() throws Exception {
        String value = "it's \"$(not)\" `run` ${HOME} \\ ünï";
        String name = uniqueName("contract-env");
        Path result = cluster.workDir().resolve(name + ".value");
        long id = submit(name, "printf '%s' \"$CONTRACT_SECRET\" > " + result, Map.of("CONTRACT_SECRET", value));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(job(id)).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETED)));
        assertThat(Files.readString(result, StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @Test
    void anUnknownPartitionIsRejectedWithSlurmsMessage() {
        String name = uniqueName("contract-bad");
        String script = "#!/bin/bash\n#SBATCH --partition=no-such-partition\n#SBATCH --output=" + cluster.workDir() + "/" + name + ".out\ntrue\n";
        assertThatThrownBy(() -> client().submit(new JobSubmission(script, name, cluster.workDir().toString(), Map.of())))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.REJECTED);
                    assertThat(e.getMessage()).containsIgnoringCase("partition");
                });
    }

    @Test
    void describesNodesWithAddressesAndPartitionsWithTheirNodes() {
        List<NodeInfo> nodes = client().nodes();
        assertThat(nodes).isNotEmpty().allSatisfy(node -> {
            assertThat(node.name()).isNotBlank();
            assertThat(node.address()).isNotBlank();
            assertThat(node.cpus()).isPositive();
            assertThat(node.states()).isNotEmpty();
            assertThat(node.partitions()).contains(cluster.partition());
        });
        assertThat(client().partitions()).anySatisfy(partition -> {
            assertThat(partition.name()).isEqualTo(cluster.partition());
            assertThat(partition.nodes()).containsExactlyInAnyOrderElementsOf(nodes.stream().map(NodeInfo::name).toList());
            assertThat(partition.totalCpus()).isPositive();
            assertThat(partition.isDefault()).isTrue();
        });
    }

    @Test
    void readsJobOutputFromAnOffsetWhereTheTransportCan() {
        if (!client().canReadFiles()) {
            assertThatThrownBy(() -> client().readFile("/etc/hostname", 0, 10)).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        String name = uniqueName("contract-read");
        long id = submit(name, "printf 'line one\\nline two\\n'", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(job(id)).hasValueSatisfying(job -> assertThat(job.state()).isEqualTo(JobState.COMPLETED)));
        String out = cluster.workDir() + "/" + name + ".out";
        assertThat(client().readFile(out, 0, 1 << 20)).hasValueSatisfying(chunk -> {
            assertThat(new String(chunk.data(), StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
            assertThat(chunk.size()).isEqualTo(18);
        });
        assertThat(client().readFile(out, 9, 4)).hasValueSatisfying(chunk -> {
            assertThat(new String(chunk.data(), StandardCharsets.UTF_8)).isEqualTo("line");
            assertThat(chunk.offset()).isEqualTo(9);
        });
        assertThat(client().readFile(out, 18, 100)).hasValueSatisfying(chunk -> assertThat(chunk.data()).isEmpty());
        assertThat(client().readFile(cluster.workDir() + "/" + uniqueName("missing") + ".out", 0, 10)).isEmpty();
    }
}
