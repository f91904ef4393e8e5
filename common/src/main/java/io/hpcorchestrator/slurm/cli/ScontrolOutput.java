package io.hpcorchestrator.slurm.cli;

import io.hpcorchestrator.slurm.Hostlist;
import io.hpcorchestrator.slurm.JobInfo;
import io.hpcorchestrator.slurm.JobState;
import io.hpcorchestrator.slurm.NodeInfo;
import io.hpcorchestrator.slurm.PartitionInfo;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser for what the SLURM commands print: {@code scontrol show job|node|partition --oneliner} and
 * {@code sbatch --parsable}. Both CLI transports use it; only how the commands run differs.
 *
 * <p>{@code scontrol -o} prints one record per line as {@code Key=value} pairs separated by spaces, but some
 * values hold spaces themselves: a job's name, comment and paths, a node's {@code OS} and {@code Reason}. So a
 * pair ends where the next {@code Key=} begins, and inside those free-text values only a key SLURM really
 * prints ends the value, and only where it is not repeated later on the line: a comment reading
 * {@code "x StdOut=/etc/passwd"} stays a comment, because the real {@code StdOut=} follows it.
 *
 * <p>Times are read in the zone the commands ran with ({@link CliSlurmClient} runs them with {@code TZ=UTC0},
 * so a login node's local zone cannot shift them).
 */
public final class ScontrolOutput {

    private static final Pattern KEY = Pattern.compile("(?:^|(?<=\\s))([A-Za-z_][A-Za-z0-9_:/.()\\-]*)=");
    private static final Pattern PARSABLE_JOB_ID = Pattern.compile("^(\\d+)(?:;.*)?$");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

    private static final Set<String> JOB_KEYS = Set.of("JobId", "ArrayJobId", "ArrayTaskId", "ArrayTaskThrottle",
            "HetJobId", "HetJobOffset", "HetJobIdSet", "JobName", "UserId", "GroupId", "MCS_label", "Priority", "Nice",
            "Account", "QOS", "WCKey", "JobState", "Reason", "Dependency", "Requeue", "Restarts", "BatchFlag", "Reboot",
            "ExitCode", "DerivedExitCode", "RunTime", "TimeLimit", "TimeMin", "SubmitTime", "EligibleTime",
            "AccrueTime", "StartTime", "EndTime", "Deadline", "PreemptEligibleTime", "PreemptTime", "SuspendTime",
            "SecsPreSuspend", "LastSchedEval", "Scheduler", "ResizeTime", "Partition", "AllocNode:Sid", "ReqNodeList",
            "ExcNodeList", "NodeList", "SchedNodeList", "BatchHost", "NumNodes", "NumCPUs", "NumTasks", "CPUs/Task",
            "ReqB:S:C:T", "TRES", "ReqTRES", "AllocTRES", "Socks/Node", "NtasksPerN:B:S:C", "CoreSpec", "ThreadSpec",
            "JOB_GRES", "MinCPUsNode", "MinMemoryNode", "MinMemoryCPU", "MinTmpDiskNode", "Features", "Prefer",
            "ClusterFeatures", "BatchFeatures", "DelayBoot", "Reservation", "OverSubscribe", "Contiguous", "Licenses",
            "LicensesAlloc", "Network", "Command", "WorkDir", "AdminComment", "SystemComment", "Comment", "Extra",
            "StdErr", "StdIn", "StdOut", "BurstBuffer", "BurstBufferState", "CpuFreqMin", "CpuFreqMax", "CpuFreqGov",
            "Power", "TresBind", "TresFreq", "CpusPerTres", "MemPerTres", "TresPerJob", "TresPerNode", "TresPerSocket",
            "TresPerTask", "NtasksPerTRES", "MailUser", "MailType", "Container", "ContainerID", "SelinuxContext",
            "KillOInInvalidDependent", "Switches", "Wait-for-Switch", "ResvPorts", "Profile", "FedOrigin",
            "FedViableSiblings", "FedActiveSiblings", "OOMKillStep", "CronJob", "CrontabSpec", "Cluster",
            "SegmentSize", "StepMgrEnabled", "ResvName");
    private static final Set<String> JOB_FREE_TEXT = Set.of("JobName", "Comment", "AdminComment", "SystemComment",
            "Extra", "Command", "WorkDir", "StdErr", "StdIn", "StdOut", "MailUser", "Container");

    private static final Set<String> NODE_KEYS = Set.of("NodeName", "Arch", "CpuBind", "CoresPerSocket", "CPUAlloc",
            "CPUEfctv", "CPUTot", "CPULoad", "AvailableFeatures", "ActiveFeatures", "Gres", "GresDrain", "GresUsed",
            "NodeAddr", "NodeHostName", "Port", "Version", "OS", "RealMemory", "AllocMem", "FreeMem", "Sockets",
            "Boards", "CoreSpecCount", "CPUSpecList", "MemSpecLimit", "State", "ThreadsPerCore", "TmpDisk", "Weight",
            "Owner", "MCS_label", "NextState", "Partitions", "BootTime", "SlurmdStartTime", "LastBusyTime",
            "ResumeAfterTime", "CfgTRES", "AllocTRES", "CapWatts", "CurrentWatts", "AveWatts", "LowestJoules",
            "ConsumedJoules", "ExtSensorsJoules", "ExtSensorsWatts", "ExtSensorsTemp", "Reason", "Comment", "Extra",
            "InstanceId", "InstanceType", "Topology", "ReservationName");
    private static final Set<String> NODE_FREE_TEXT = Set.of("OS", "Reason", "Comment", "Extra");

    private static final Set<String> PARTITION_KEYS = Set.of("PartitionName", "AllowGroups", "AllowAccounts",
            "AllowQos", "AllocNodes", "Alternate", "Default", "QoS", "DefaultTime", "DenyAccounts", "DenyQos",
            "DisableRootJobs", "ExclusiveUser", "ExclusiveTopo", "GraceTime", "Hidden", "MaxNodes", "MaxTime",
            "MinNodes", "LLN", "MaxCPUsPerNode", "MaxCPUsPerSocket", "Nodes", "NodeSets", "PriorityJobFactor",
            "PriorityTier", "RootOnly", "ReqResv", "OverSubscribe", "OverTimeLimit", "PreemptMode", "State",
            "TotalCPUs", "TotalNodes", "SelectTypeParameters", "JobDefaults", "DefMemPerNode", "DefMemPerCPU",
            "MaxMemPerNode", "MaxMemPerCPU", "TRES", "TRESBillingWeights", "PowerDownOnIdle", "ResumeTimeout",
            "SuspendTimeout", "SuspendTime", "CpuBind");

    private final ZoneId zone;

    /** @param zone the time zone the commands printed their times in */
    public ScontrolOutput(ZoneId zone) {
        this.zone = zone;
    }

    public static ScontrolOutput utc() {
        return new ScontrolOutput(ZoneOffset.UTC);
    }

    /** {@code scontrol show job --oneliner}, with or without job ids. */
    public List<JobInfo> jobs(String output) {
        return records(output, "JobId", JOB_KEYS, JOB_FREE_TEXT).stream().map(this::job).toList();
    }

    /** {@code scontrol show node --oneliner}. */
    public List<NodeInfo> nodes(String output) {
        return records(output, "NodeName", NODE_KEYS, NODE_FREE_TEXT).stream().map(ScontrolOutput::node).toList();
    }

    /** {@code scontrol show partition --oneliner}. */
    public List<PartitionInfo> partitions(String output) {
        return records(output, "PartitionName", PARTITION_KEYS, Set.of()).stream().map(ScontrolOutput::partition).toList();
    }

    /** {@code sbatch --parsable}: {@code 123} or, on a federation, {@code 123;cluster}. */
    public static long submittedJobId(String output) {
        List<String> lines = output.strip().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (!lines.isEmpty()) {
            Matcher matcher = PARSABLE_JOB_ID.matcher(lines.get(lines.size() - 1));
            if (matcher.matches()) {
                return Long.parseLong(matcher.group(1));
            }
        }
        throw new IllegalArgumentException("sbatch printed no job id: '" + output.strip() + "'");
    }

    /**
     * A SLURM duration ({@code MM}, {@code MM:SS}, {@code HH:MM:SS}, {@code D-HH}, {@code D-HH:MM},
     * {@code D-HH:MM:SS}) in whole minutes, seconds rounded up; null for {@code UNLIMITED} and friends.
     */
    public static Integer minutes(String duration) {
        String value = present(duration);
        if (value == null || Set.of("UNLIMITED", "INFINITE", "NONE", "NOT_SET").contains(value.toUpperCase(Locale.ROOT))) {
            return null;
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a SLURM duration: '" + duration + "'");
        }
        long days = number(matcher.group(1));
        long[] parts = {number(matcher.group(2)), number(matcher.group(3)), number(matcher.group(4))};
        long seconds;
        if (matcher.group(1) != null) {
            seconds = days * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2];
        } else if (matcher.group(4) != null) {
            seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
        } else {
            seconds = parts[0] * 60 + parts[1];
        }
        return Math.toIntExact((seconds + 59) / 60);
    }

    /** A time as SLURM prints it ({@code 2026-11-26T14:46:00}); null for {@code Unknown}, {@code None}, {@code N/A}. */
    public Instant time(String text) {
        String value = present(text);
        if (value == null || Set.of("Unknown", "None", "N/A").contains(value)) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a SLURM time: '" + text + "' (is SLURM_TIME_FORMAT set?)", e);
        }
    }

    private JobInfo job(Map<String, String> record) {
        JobState state = JobState.parse(record.get("JobState"));
        Integer exitCode = null;
        Integer signal = null;
        String exit = present(record.get("ExitCode"));
        if (state.isFinished() && exit != null) {
            String[] codeAndSignal = exit.split(":", 2);
            exitCode = Integer.valueOf(codeAndSignal[0]);
            int signalNumber = codeAndSignal.length > 1 ? Integer.parseInt(codeAndSignal[1]) : 0;
            signal = signalNumber == 0 ? null : signalNumber;
        }
        return new JobInfo(
                Long.parseLong(record.get("JobId")),
                record.get("JobName"),
                userName(record.get("UserId")),
                state,
                reason(record.get("Reason")),
                exitCode,
                signal,
                present(record.get("Partition")),
                Hostlist.expand(present(record.get("NodeList"))),
                present(record.get("BatchHost")),
                present(record.get("Comment")),
                present(record.get("WorkDir")),
                present(record.get("StdOut")),
                present(record.get("StdErr")),
                time(record.get("SubmitTime")),
                // For a pending job StartTime is the scheduler's forecast and EndTime for a running one its
                // time limit: neither has happened, so neither is reported.
                state == JobState.PENDING ? null : time(record.get("StartTime")),
                state.isFinished() ? time(record.get("EndTime")) : null);
    }

    private static NodeInfo node(Map<String, String> record) {
        return new NodeInfo(
                record.get("NodeName"),
                present(record.get("NodeAddr")),
                present(record.get("NodeHostName")),
                states(record.get("State")),
                integer(record.get("CPUTot")),
                integer(record.get("CPUAlloc")),
                longValue(record.get("RealMemory")),
                longValue(record.get("AllocMem")),
                orEmpty(record.get("Gres")),
                orEmpty(record.get("GresUsed")),
                list(record.get("Partitions")),
                present(record.get("Reason")));
    }

    private static PartitionInfo partition(Map<String, String> record) {
        return new PartitionInfo(
                record.get("PartitionName"),
                present(record.get("State")),
                Hostlist.expand(present(record.get("Nodes"))),
                integer(record.get("TotalCPUs")),
                minutes(record.get("MaxTime")),
                "YES".equalsIgnoreCase(record.get("Default")));
    }

    /**
     * {@code IDLE+DRAIN} becomes {@code [IDLE, DRAIN]}; the trailing {@code *} SLURM uses for a node that does
     * not respond becomes the flag it stands for.
     */
    static List<String> states(String state) {
        String value = present(state);
        if (value == null) {
            return List.of();
        }
        List<String> states = new ArrayList<>();
        boolean notResponding = false;
        for (String part : value.toUpperCase(Locale.ROOT).split("\\+")) {
            String flag = part.strip();
            if (flag.endsWith("*")) {
                notResponding = true;
                flag = flag.substring(0, flag.length() - 1);
            }
            if (!flag.isEmpty() && !states.contains(flag)) {
                states.add(flag);
            }
        }
        if (notResponding && !states.contains("NOT_RESPONDING")) {
            states.add("NOT_RESPONDING");
        }
        return List.copyOf(states);
    }

    /**
     * Splits {@code --oneliner} output into records of {@code key -> value}. A record starts at a line that
     * begins with {@code firstKey=}; other lines (a value with a line break, or {@code No jobs in the system})
     * continue the current record or are ignored before the first one.
     */
    static List<Map<String, String>> records(String output, String firstKey, Set<String> knownKeys, Set<String> freeText) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(firstKey + "=")) {
                lines.add(line);
            } else if (!lines.isEmpty() && !line.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n" + line);
            }
        }
        return lines.stream().map(line -> pairs(line, knownKeys, freeText)).toList();
    }

    private record Candidate(String key, int keyStart, int valueStart) {
    }

    private static Map<String, String> pairs(String line, Set<String> knownKeys, Set<String> freeText) {
        List<Candidate> candidates = new ArrayList<>();
        Matcher matcher = KEY.matcher(line);
        while (matcher.find()) {
            candidates.add(new Candidate(matcher.group(1), matcher.start(1), matcher.end()));
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        int i = 0;
        while (i < candidates.size()) {
            Candidate current = candidates.get(i);
            int next = i + 1;
            while (next < candidates.size()
                    && !endsValue(candidates, next, current.key(), knownKeys, freeText.contains(current.key()), pairs)) {
                next++;
            }
            int valueEnd = next < candidates.size() ? candidates.get(next).keyStart() : line.length();
            pairs.putIfAbsent(current.key(), line.substring(current.valueStart(), valueEnd).strip());
            i = next;
        }
        return pairs;
    }

    private static boolean endsValue(List<Candidate> candidates, int index, String currentKey, Set<String> knownKeys,
                                     boolean currentIsFreeText, Map<String, String> seen) {
        String key = candidates.get(index).key();
        if (!currentIsFreeText) {
            return true;
        }
        if (!knownKeys.contains(key) || key.equals(currentKey) || seen.containsKey(key)) {
            return false;
        }
        for (int later = index + 1; later < candidates.size(); later++) {
            if (candidates.get(later).key().equals(key)) {
                return false;
            }
        }
        return true;
    }

    private static String userName(String userId) {
        String value = present(userId);
        if (value == null) {
            return null;
        }
        int paren = value.indexOf('(');
        return paren > 0 ? value.substring(0, paren) : value;
    }

    private static String reason(String reason) {
        String value = present(reason);
        return value == null || value.equals("None") ? null : value;
    }

    /** The value, or null when SLURM printed nothing, {@code (null)} or {@code N/A}. */
    private static String present(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() || stripped.equals("(null)") || stripped.equals("N/A") ? null : stripped;
    }

    private static String orEmpty(String value) {
        String present = present(value);
        return present == null ? "" : present;
    }

    private static List<String> list(String value) {
        String present = present(value);
        return present == null ? List.of() : Arrays.stream(present.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int integer(String value) {
        String present = present(value);
        return present == null ? 0 : Integer.parseInt(present);
    }

    private static long longValue(String value) {
        String present = present(value);
        return present == null ? 0 : Long.parseLong(present);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
