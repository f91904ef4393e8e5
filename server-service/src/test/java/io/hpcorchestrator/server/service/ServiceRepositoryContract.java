package io.hpcorchestrator.server.service;

import static io.hpcorchestrator.server.service.ServiceState.BUILDING;
import static io.hpcorchestrator.server.service.ServiceState.CANCELLED;
import static io.hpcorchestrator.server.service.ServiceState.COMPLETED;
import static io.hpcorchestrator.server.service.ServiceState.FAILED;
import static io.hpcorchestrator.server.service.ServiceState.PENDING;
import static io.hpcorchestrator.server.service.ServiceState.RUNNING;
import static io.hpcorchestrator.server.service.ServiceState.STARTING;
import static io.hpcorchestrator.server.service.ServiceState.SUBMITTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What {@link ServiceRepository} promises, run against each database the server supports. Each test gets an empty
 * database migrated by the real Flyway scripts, so the migration's portability is tested too.
 *
 * <p>The repository is used without a Spring proxy: its {@code @Transactional} does nothing here and every
 * statement commits on its own. These tests cover the SQL; atomicity comes from tests that run through Spring.
 */
abstract class ServiceRepositoryContract {

    /** Microsecond precision: what both databases keep of a {@code timestamp with time zone}. */
    static final Instant T0 = Instant.parse("2026-03-29T00:59:58.123456Z");

    ServiceRepository repository;

    /** An empty database for one test; {@link #closeDatabase()} disposes of it. */
    abstract DataSource openDatabase() throws Exception;

    abstract void closeDatabase() throws Exception;

    /** Flyway settings particular to the database, e.g. the schema to migrate. */
    FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource);
    }

    /** Called after a test changed the JVM's default time zone, for drivers that cache it. */
    void defaultTimeZoneChanged() {
    }

    @BeforeEach
    void migrate() throws Exception {
        DataSource dataSource = openDatabase();
        flyway(dataSource).load().migrate();
        repository = new ServiceRepository(JdbcClient.create(dataSource));
    }

    @AfterEach
    void dispose() throws Exception {
        closeDatabase();
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A service with every column set, text with quotes, newlines and non-ASCII characters. */
    static ServiceRecord full(String id) {
        String suffix = id.substring(id.indexOf('-') + 1);
        return new ServiceRecord(id, "examples/http-echo", "http-echo-" + suffix, 4_000_000_000L + suffix.hashCode() % 1000,
                RUNNING, "Ready after 12 s: probe /health answered 200", "{\"port\":\"auto\",\"note\":\"ünïcödé ✓\"}",
                "#!/bin/bash\n#SBATCH --job-name=http-echo-" + suffix + "\necho 'it''s \"quoted\"'\n",
                "/work/http-echo-%j.out", "/work/http-echo-%j.err", "/work/" + suffix, "/health", 8080, "node-7", "10.77.0.7",
                20017, 3, true, "key-" + suffix, "a".repeat(64), at(0), at(5), at(1), at(2), at(3), at(4), 0);
    }

    /** A service as first stored: every optional column null. */
    static ServiceRecord fresh(String id, Instant createdAt) {
        String suffix = id.substring(id.indexOf('-') + 1);
        return new ServiceRecord(id, "examples/http-echo", "http-echo-" + suffix, null, SUBMITTING, null, "{}", "#!/bin/bash\n",
                "/work/out", "/work/err", "/work", null, null, null, null, null, null, false, null, null, createdAt, createdAt,
                null, null, null, null, 0);
    }

    private ServiceRecord stored(String id) {
        return repository.findById(id).orElseThrow();
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void insertedServiceComesBackWithEveryFieldAsWritten() {
        ServiceRecord service = full("svc-000000000001");

        repository.insert(service);

        assertThat(repository.findById(service.id())).contains(service);
    }

    @Test
    void optionalFieldsStoredAsNullComeBackAsNull() {
        ServiceRecord service = fresh("svc-000000000001", T0);

        repository.insert(service);

        assertThat(repository.findById(service.id())).contains(service);
    }

    @Test
    void timestampsKeepMicrosecondsAndDropNanoseconds() {
        Instant withNanos = Instant.parse("2026-07-01T10:20:30.123456789Z");
        ServiceRecord service = fresh("svc-000000000001", withNanos);

        repository.insert(service);

        // Both databases round to the microsecond, as do their drivers; 789 ns rounds up.
        Instant expected = Instant.parse("2026-07-01T10:20:30.123457Z");
        assertThat(stored(service.id()).createdAt()).isEqualTo(expected);
        assertThat(repository.transitions(service.id())).singleElement()
                .extracting(ServiceTransition::at).isEqualTo(expected);
    }

    @Test
    void timestampsAreInstantsWhateverTheOffsetTheyWereWrittenIn() {
        // The epoch, the far future, and both sides of Europe's daylight-saving changes, in whatever zone the JVM
        // runs (UTC in CI; the test below forces one with daylight saving).
        List<Instant> instants = List.of(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2026-03-29T00:30:00Z"),
                Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2199-12-31T23:59:59.999999Z"));
        for (int i = 0; i < instants.size(); i++) {
            repository.insert(fresh("svc-00000000000" + i, instants.get(i)));
        }

        for (int i = 0; i < instants.size(); i++) {
            assertThat(stored("svc-00000000000" + i).createdAt()).as("instant %d", i).isEqualTo(instants.get(i));
        }
    }

    @Test
    void timestampsSurviveTheDaylightSavingOverlapOfTheJvmsTimeZone() throws Exception {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            defaultTimeZoneChanged();
            closeDatabase();
            migrate();
            // 02:30 local twice: first in summer time (+02), then in winter time (+01).
            Instant summer = Instant.parse("2026-10-25T00:30:00Z");
            Instant winter = Instant.parse("2026-10-25T01:30:00Z");
            repository.insert(fresh("svc-000000000001", summer));
            repository.insert(fresh("svc-000000000002", winter));

            assertThat(stored("svc-000000000001").createdAt()).isEqualTo(summer);
            assertThat(stored("svc-000000000002").createdAt()).isEqualTo(winter);
            assertThat(repository.transitions("svc-000000000002")).singleElement().extracting(ServiceTransition::at)
                    .isEqualTo(winter);
        } finally {
            TimeZone.setDefault(original);
            defaultTimeZoneChanged();
        }
    }

    @Test
    void findByIdOfAnUnknownServiceIsEmpty() {
        repository.insert(full("svc-000000000001"));

        assertThat(repository.findById("svc-999999999999")).isEmpty();
    }

    @Test
    void findByJobIdFindsTheServiceOfThatJobOnly() {
        ServiceRecord one = full("svc-000000000001");
        ServiceRecord two = full("svc-000000000002");
        repository.insert(one);
        repository.insert(two);
        repository.insert(fresh("svc-000000000003", T0));

        assertThat(repository.findByJobId(two.jobId())).contains(two);
        assertThat(repository.findByJobId(one.jobId())).contains(one);
        assertThat(repository.findByJobId(1L)).isEmpty();
    }

    @Test
    void findByIdempotencyKeyFindsTheServiceWithThatKeyOnly() {
        ServiceRecord one = full("svc-000000000001");
        ServiceRecord two = full("svc-000000000002");
        repository.insert(one);
        repository.insert(two);

        assertThat(repository.findByIdempotencyKey("key-000000000002")).contains(two);
        assertThat(repository.findByIdempotencyKey("KEY-000000000002")).as("keys are case-sensitive").isEmpty();
        assertThat(repository.findByIdempotencyKey("key-unknown")).isEmpty();
    }

    // ---------------------------------------------------------------- uniqueness

    @Test
    void aSecondServiceWithTheSameJobNameIsADuplicateKey() {
        repository.insert(fresh("svc-000000000001", T0));
        ServiceRecord sameName = withJobName(fresh("svc-000000000002", T0), "http-echo-000000000001");

        assertThatThrownBy(() -> repository.insert(sameName)).isInstanceOf(DuplicateKeyException.class);
        assertThat(repository.findById(sameName.id())).isEmpty();
        assertThat(repository.transitions(sameName.id())).isEmpty();
    }

    @Test
    void aSecondServiceWithTheSameIdempotencyKeyIsADuplicateKey() {
        repository.insert(full("svc-000000000001"));
        ServiceRecord sameKey = withIdempotencyKey(fresh("svc-000000000002", T0), "key-000000000001");

        assertThatThrownBy(() -> repository.insert(sameKey)).isInstanceOf(DuplicateKeyException.class);
        assertThat(repository.findById(sameKey.id())).isEmpty();
    }

    @Test
    void aSecondServiceWithTheSameJobIdIsADuplicateKey() {
        ServiceRecord first = full("svc-000000000001");
        repository.insert(first);
        ServiceRecord other = fresh("svc-000000000002", T0);
        repository.insert(other);

        assertThatThrownBy(() -> repository.insert(fresh("svc-000000000003", T0).withJob(first.jobId(), at(1))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> repository.update(other, other.withJob(first.jobId(), at(1))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(stored(other.id())).isEqualTo(other);
    }

    @Test
    void aSecondServiceWithTheSameIdIsADuplicateKey() {
        repository.insert(fresh("svc-000000000001", T0));
        ServiceRecord sameId = withJobName(fresh("svc-000000000001", at(1)), "http-echo-other");

        assertThatThrownBy(() -> repository.insert(sameId)).isInstanceOf(DuplicateKeyException.class);
        assertThat(repository.transitions("svc-000000000001")).hasSize(1);
    }

    @Test
    void servicesWithoutJobIdOrIdempotencyKeyDoNotCollide() {
        repository.insert(fresh("svc-000000000001", T0));
        repository.insert(fresh("svc-000000000002", T0));

        assertThat(repository.count()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- optimistic updates

    @Test
    void updateFromTheCurrentVersionWritesTheChangesAndBumpsTheVersion() {
        ServiceRecord current = fresh("svc-000000000001", T0);
        repository.insert(current);
        ServiceRecord next = current.withJob(4242, at(1)).withStatus(STARTING, "WaitingForReadiness", at(2))
                .withEndpoint("node-1", "fd00::1", 20001, at(3)).withExitCode(137).withCancelRequested(at(4));

        Optional<ServiceRecord> written = repository.update(current, next);

        ServiceRecord expected = new ServiceRecord(next.id(), next.recipeName(), next.jobName(), 4242L, STARTING,
                "WaitingForReadiness", next.config(), next.script(), next.stdoutPath(), next.stderrPath(), next.workDir(),
                next.healthPath(), next.fixedPort(), "node-1", "fd00::1", 20001, 137, true, null, null, T0, at(4), at(1),
                at(2), null, null, 1);
        assertThat(written).contains(expected);
        assertThat(stored(current.id())).isEqualTo(expected);
        assertThat(repository.update(expected, expected.withStatus(RUNNING, "Ready", at(5))))
                .hasValueSatisfying(again -> assertThat(again.version()).isEqualTo(2));
    }

    @Test
    void updateFromAStaleVersionReturnsEmptyAndChangesNothing() {
        ServiceRecord original = fresh("svc-000000000001", T0);
        repository.insert(original);
        ServiceRecord winner = repository.update(original, original.withJob(4242, at(1))).orElseThrow();

        Optional<ServiceRecord> lost = repository.update(original, original.withStatus(CANCELLED, "Cancelled by user", at(2)));

        assertThat(lost).isEmpty();
        assertThat(stored(original.id())).isEqualTo(winner);
        assertThat(repository.transitions(original.id())).extracting(ServiceTransition::to).containsExactly(SUBMITTING);
    }

    @Test
    void updateOfAServiceThatIsNotStoredReturnsEmpty() {
        ServiceRecord ghost = fresh("svc-000000000001", T0);

        assertThat(repository.update(ghost, ghost.withStatus(FAILED, "gone", at(1)))).isEmpty();
        assertThat(repository.transitions(ghost.id())).isEmpty();
    }

    @Test
    void updateLeavesWhatWasDeployedAsItWas() {
        ServiceRecord current = full("svc-000000000001");
        repository.insert(current);
        ServiceRecord rewritten = new ServiceRecord(current.id(), "other/recipe", "other-name", current.jobId(), current.status(),
                current.reason(), "{\"changed\":true}", "#!/bin/sh\n", "/x.out", "/x.err", "/x", "/other", 1, current.node(),
                current.address(), current.port(), current.exitCode(), current.cancelRequested(), "other-key", "b".repeat(64),
                at(-100), at(6), current.submittedAt(), current.startedAt(), current.readyAt(), current.endedAt(),
                current.version());

        ServiceRecord written = repository.update(current, rewritten).orElseThrow();

        assertThat(written).isEqualTo(new ServiceRecord(current.id(), current.recipeName(), current.jobName(), current.jobId(),
                current.status(), current.reason(), current.config(), current.script(), current.stdoutPath(), current.stderrPath(),
                current.workDir(), current.healthPath(), current.fixedPort(), current.node(), current.address(), current.port(),
                current.exitCode(), current.cancelRequested(), current.idempotencyKey(), current.requestHash(),
                current.createdAt(), at(6), current.submittedAt(), current.startedAt(), current.readyAt(), current.endedAt(), 1));
    }

    // ---------------------------------------------------------------- transitions

    @Test
    void insertRecordsTheFirstStateAsATransitionFromNothing() {
        ServiceRecord service = full("svc-000000000001");

        repository.insert(service);

        assertThat(repository.transitions(service.id()))
                .containsExactly(new ServiceTransition(null, RUNNING, service.reason(), service.createdAt()));
    }

    @Test
    void aStatusChangeRecordsFromToReasonAndTime() {
        ServiceRecord current = fresh("svc-000000000001", T0);
        repository.insert(current);

        repository.update(current, current.withStatus(PENDING, "Resources", at(7))).orElseThrow();

        assertThat(repository.transitions(current.id())).containsExactly(
                new ServiceTransition(null, SUBMITTING, null, T0),
                new ServiceTransition(SUBMITTING, PENDING, "Resources", at(7)));
    }

    @Test
    void changesThatKeepTheStatusRecordNoTransition() {
        ServiceRecord current = fresh("svc-000000000001", T0);
        repository.insert(current);

        ServiceRecord v1 = repository.update(current, current.withJob(4242, at(1))).orElseThrow();
        ServiceRecord v2 = repository.update(v1, v1.withReason("Priority", at(2))).orElseThrow();
        ServiceRecord v3 = repository.update(v2, v2.withEndpoint("node-1", "10.0.0.1", 20000, at(3))).orElseThrow();
        repository.update(v3, v3.withCancelRequested(at(4))).orElseThrow();

        assertThat(repository.transitions(current.id())).containsExactly(new ServiceTransition(null, SUBMITTING, null, T0));
    }

    @Test
    void transitionsComeInTheOrderTheyHappenedAndOnlyForTheirService() {
        ServiceRecord service = fresh("svc-000000000001", T0);
        ServiceRecord bystander = fresh("svc-000000000002", T0);
        repository.insert(service);
        repository.insert(bystander);

        ServiceRecord current = service;
        // Equal timestamps on purpose: the order must not depend on the clock.
        for (ServiceState next : List.of(PENDING, BUILDING, STARTING, RUNNING, FAILED)) {
            current = repository.update(current, current.withStatus(next, "to " + next, at(9))).orElseThrow();
            repository.update(stored(bystander.id()), stored(bystander.id()).withReason("tick", at(9))).orElseThrow();
        }

        assertThat(repository.transitions(service.id())).containsExactly(
                new ServiceTransition(null, SUBMITTING, null, T0),
                new ServiceTransition(SUBMITTING, PENDING, "to PENDING", at(9)),
                new ServiceTransition(PENDING, BUILDING, "to BUILDING", at(9)),
                new ServiceTransition(BUILDING, STARTING, "to STARTING", at(9)),
                new ServiceTransition(STARTING, RUNNING, "to RUNNING", at(9)),
                new ServiceTransition(RUNNING, FAILED, "to FAILED", at(9)));
        assertThat(repository.transitions(bystander.id())).hasSize(1);
        assertThat(repository.transitions("svc-999999999999")).isEmpty();
    }

    // ---------------------------------------------------------------- listings

    @Test
    void findActiveReturnsExactlyTheServicesNotInATerminalStateOldestFirst() {
        ServiceState[] states = ServiceState.values();
        // Stored newest first, so the expected order is not merely the insertion order.
        for (int i = states.length - 1; i >= 0; i--) {
            repository.insert(fresh("svc-00000000000" + i, at(i)).withStatus(states[i], null, at(i)));
        }

        assertThat(repository.findActive()).extracting(ServiceRecord::status)
                .containsExactly(SUBMITTING, PENDING, BUILDING, STARTING, RUNNING);
        assertThat(Arrays.stream(states).filter(s -> !s.isTerminal())).containsExactly(SUBMITTING, PENDING, BUILDING, STARTING,
                RUNNING);
    }

    @Test
    void findActiveIsEmptyWhenEverythingHasEnded() {
        for (ServiceState terminal : List.of(COMPLETED, FAILED, CANCELLED)) {
            repository.insert(fresh("svc-" + terminal.name().toLowerCase(), T0).withStatus(terminal, "done", at(1)));
        }

        assertThat(repository.findActive()).isEmpty();
        assertThat(repository.count()).isEqualTo(3);
    }

    @Test
    void findAllListsNewestFirstAndPagesWithLimitAndOffset() {
        for (int i = 0; i < 5; i++) {
            repository.insert(fresh("svc-00000000000" + i, at(i)));
        }

        assertThat(repository.findAll(100, 0)).extracting(ServiceRecord::id).containsExactly("svc-000000000004",
                "svc-000000000003", "svc-000000000002", "svc-000000000001", "svc-000000000000");
        assertThat(repository.findAll(2, 0)).extracting(ServiceRecord::id).containsExactly("svc-000000000004", "svc-000000000003");
        assertThat(repository.findAll(2, 2)).extracting(ServiceRecord::id).containsExactly("svc-000000000002", "svc-000000000001");
        assertThat(repository.findAll(2, 4)).extracting(ServiceRecord::id).containsExactly("svc-000000000000");
        assertThat(repository.findAll(2, 5)).isEmpty();
        assertThat(repository.count()).isEqualTo(5);
    }

    @Test
    void findAllBreaksTiesOfCreationTimeById() {
        for (String id : List.of("svc-00000000000b", "svc-00000000000c", "svc-00000000000a")) {
            repository.insert(fresh(id, T0));
        }

        assertThat(repository.findAll(10, 0)).extracting(ServiceRecord::id)
                .containsExactly("svc-00000000000a", "svc-00000000000b", "svc-00000000000c");
    }

    @Test
    void anOwnersListingIsFilteredBeforePagingSoEveryPageIsFull() {
        for (int i = 0; i < 6; i++) {
            repository.insert(withOwner(fresh("svc-00000000000" + i, at(i)), i % 2 == 0 ? "alice" : "bob"));
        }
        repository.insert(fresh("svc-0000000000ff", at(10)));

        assertThat(repository.findAll(Optional.of("alice"), 2, 0)).extracting(ServiceRecord::id)
                .containsExactly("svc-000000000004", "svc-000000000002");
        assertThat(repository.findAll(Optional.of("alice"), 2, 2)).extracting(ServiceRecord::id).containsExactly("svc-000000000000");
        assertThat(repository.findAll(Optional.of("bob"), 10, 0)).extracting(ServiceRecord::owner).containsOnly("bob").hasSize(3);
        assertThat(repository.findAll(Optional.empty(), 10, 0)).as("everyone's, and the one nobody owns").hasSize(7);
        assertThat(repository.findById("svc-000000000004").orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void activeServicesAreCountedPerOwner() {
        repository.insert(withOwner(fresh("svc-000000000001", at(1)), "alice"));
        repository.insert(withOwner(fresh("svc-000000000002", at(2)), "alice"));
        repository.insert(withOwner(fresh("svc-000000000003", at(3)), "bob"));
        ServiceRecord ended = stored("svc-000000000002");
        repository.update(ended, ended.withStatus(ServiceState.CANCELLED, "CancelledByUser", at(4)));

        assertThat(repository.countActive("alice")).isEqualTo(1);
        assertThat(repository.countActive("bob")).isEqualTo(1);
        assertThat(repository.countActive("carol")).isZero();
    }

    @Test
    void inferenceServicesAreListedPerOwner() {
        repository.insert(withOwner(fresh("svc-000000000001", at(1)), "alice"));
        ServiceRecord inference = withOwner(fresh("svc-000000000002", at(2)), "alice");
        repository.insert(new ServiceRecord(inference.id(), "inference/vllm", "vllm-000000000002", null, SUBMITTING, null, "{}", "#!/bin/bash\n",
                "/work/out", "/work/err", "/work", null, null, null, null, null, null, false, null, null, at(2), at(2),
                null, null, null, null, 0, null, "alice"));

        assertThat(repository.findByCategory("inference", Optional.of("alice"), 10)).extracting(ServiceRecord::id)
                .containsExactly("svc-000000000002");
        assertThat(repository.findByCategory("inference", Optional.of("bob"), 10)).isEmpty();
        assertThat(repository.findByCategory("inference", Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void anEmptyDatabaseHasNothingToList() {
        assertThat(repository.findAll(10, 0)).isEmpty();
        assertThat(repository.findActive()).isEmpty();
        assertThat(repository.count()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    static ServiceRecord withJobName(ServiceRecord s, String jobName) {
        return new ServiceRecord(s.id(), s.recipeName(), jobName, s.jobId(), s.status(), s.reason(), s.config(), s.script(),
                s.stdoutPath(), s.stderrPath(), s.workDir(), s.healthPath(), s.fixedPort(), s.node(), s.address(), s.port(),
                s.exitCode(), s.cancelRequested(), s.idempotencyKey(), s.requestHash(), s.createdAt(), s.updatedAt(),
                s.submittedAt(), s.startedAt(), s.readyAt(), s.endedAt(), s.version());
    }

    static ServiceRecord withOwner(ServiceRecord s, String owner) {
        return new ServiceRecord(s.id(), s.recipeName(), s.jobName(), s.jobId(), s.status(), s.reason(), s.config(), s.script(),
                s.stdoutPath(), s.stderrPath(), s.workDir(), s.healthPath(), s.fixedPort(), s.node(), s.address(), s.port(),
                s.exitCode(), s.cancelRequested(), s.idempotencyKey(), s.requestHash(), s.createdAt(), s.updatedAt(),
                s.submittedAt(), s.startedAt(), s.readyAt(), s.endedAt(), s.version(), s.metricsPath(), owner);
    }

    static ServiceRecord withIdempotencyKey(ServiceRecord s, String key) {
        return new ServiceRecord(s.id(), s.recipeName(), s.jobName(), s.jobId(), s.status(), s.reason(), s.config(), s.script(),
                s.stdoutPath(), s.stderrPath(), s.workDir(), s.healthPath(), s.fixedPort(), s.node(), s.address(), s.port(),
                s.exitCode(), s.cancelRequested(), key, s.requestHash(), s.createdAt(), s.updatedAt(), s.submittedAt(),
                s.startedAt(), s.readyAt(), s.endedAt(), s.version());
    }
}
