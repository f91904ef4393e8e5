package io.hpcorchestrator.slurm.rest;

import io.hpcorchestrator.recipe.TimeLimit;
import io.hpcorchestrator.slurm.JobSubmission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a script's {@code #SBATCH} lines the way {@code sbatch} does, because slurmrestd does not: checked
 * live on 22.05 (v0.0.38) and 24.11 (v0.0.40 to v0.0.42), a submitted script's directives are ignored and
 * only the request's {@code job} fields count. Directives end at the first line that is neither blank nor a
 * comment. An option this transport cannot translate is refused rather than dropped, so a job never runs
 * with less than it asked for.
 */
final class SbatchDirectives {

    private static final Map<Character, String> SHORT = Map.ofEntries(
            Map.entry('J', "job-name"), Map.entry('p', "partition"), Map.entry('A', "account"), Map.entry('q', "qos"),
            Map.entry('C', "constraint"), Map.entry('N', "nodes"), Map.entry('n', "ntasks"), Map.entry('c', "cpus-per-task"),
            Map.entry('t', "time"), Map.entry('D', "chdir"), Map.entry('o', "output"), Map.entry('e', "error"),
            Map.entry('i', "input"), Map.entry('d', "dependency"), Map.entry('H', "hold"), Map.entry('L', "licenses"));
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> FLAGS = List.of("exclusive", "requeue", "no-requeue", "hold");

    private SbatchDirectives() {
    }

    /**
     * The request for a submission: directives from the script, then the submission's own name and working
     * directory on top (as {@code sbatch -J -D} on the command line would), and the environment.
     *
     * @throws IllegalArgumentException naming the directive that cannot be used
     */
    static JobRequest toRequest(JobSubmission submission, Map<String, String> baseEnvironment) {
        Map<String, String> options = parse(submission.script());
        Builder job = new Builder();
        options.forEach(job::set);
        Map<String, String> environment = new LinkedHashMap<>(baseEnvironment);
        submission.environment().forEach((name, value) -> {
            // v0.0.40+ sends K=V strings: a name with '=' would silently become another variable.
            if (!VARIABLE.matcher(name).matches()) {
                throw new IllegalArgumentException("environment variable name '" + name + "' is not a shell identifier");
            }
            environment.put(name, value);
        });
        return new JobRequest(submission.script(), submission.jobName(), submission.workDir(), job.partition, job.account,
                job.qos, job.constraint, job.minNodes, job.maxNodes, job.tasks, job.tasksPerNode, job.cpusPerTask,
                job.memoryPerNodeMb, job.memoryPerCpuMb, job.gres, job.timeLimit, job.timeMinimum, job.stdout, job.stderr,
                job.stdin, job.comment, job.exclusive, job.mailTypes, job.mailUser, job.dependency, job.requeue, job.hold,
                job.reservation, job.licenses, job.nice, environment);
    }

    /** Long option name to value (empty for flags), in script order; a later directive wins, as in sbatch. */
    static Map<String, String> parse(String script) {
        Map<String, String> options = new LinkedHashMap<>();
        String[] lines = script.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("#!")) {
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("#SBATCH")) {
                continue;
            }
            List<String> words = words(line.substring("#SBATCH".length()));
            for (int w = 0; w < words.size(); w++) {
                String word = words.get(w);
                String name;
                String value;
                if (word.startsWith("--")) {
                    int equals = word.indexOf('=');
                    name = equals < 0 ? word.substring(2) : word.substring(2, equals);
                    if (equals >= 0) {
                        value = word.substring(equals + 1);
                    } else if (FLAGS.contains(name)) {
                        value = "";
                    } else if (w + 1 < words.size()) {
                        value = words.get(++w);
                    } else {
                        throw new IllegalArgumentException("#SBATCH --" + name + " needs a value");
                    }
                } else if (word.startsWith("-") && word.length() >= 2) {
                    name = SHORT.get(word.charAt(1));
                    if (name == null) {
                        throw new IllegalArgumentException("#SBATCH " + word + " is not supported by the rest transport; use the long option");
                    }
                    if (FLAGS.contains(name)) {
                        value = "";
                    } else if (word.length() > 2) {
                        value = word.substring(2).startsWith("=") ? word.substring(3) : word.substring(2);
                    } else if (w + 1 < words.size()) {
                        value = words.get(++w);
                    } else {
                        throw new IllegalArgumentException("#SBATCH " + word + " needs a value");
                    }
                } else {
                    throw new IllegalArgumentException("cannot read #SBATCH line: " + line);
                }
                options.put(name, value);
            }
        }
        return options;
    }

    /** Whitespace-separated words, quotes grouping, a word starting with '#' ending the line (sbatch's rules). */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in #SBATCH line: " + text.strip());
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Collects option values into typed fields. */
    private static final class Builder {
        String partition;
        String account;
        String qos;
        String constraint;
        Integer minNodes;
        Integer maxNodes;
        Integer tasks;
        Integer tasksPerNode;
        Integer cpusPerTask;
        Long memoryPerNodeMb;
        Long memoryPerCpuMb;
        String gres;
        Integer timeLimit;
        Integer timeMinimum;
        String stdout;
        String stderr;
        String stdin;
        String comment;
        boolean exclusive;
        List<String> mailTypes = List.of();
        String mailUser;
        String dependency;
        Boolean requeue;
        boolean hold;
        String reservation;
        String licenses;
        Integer nice;

        void set(String option, String value) {
            switch (option) {
                // The submission's own name and directory win, as sbatch's command line would.
                case "job-name", "chdir" -> { }
                case "partition" -> partition = value;
                case "account" -> account = value;
                case "qos" -> qos = value;
                case "constraint" -> constraint = value;
                case "nodes" -> nodes(value);
                case "ntasks" -> tasks = count(option, value);
                case "ntasks-per-node" -> tasksPerNode = count(option, value);
                case "cpus-per-task" -> cpusPerTask = count(option, value);
                case "mem" -> memoryPerNodeMb = megabytes(option, value);
                case "mem-per-cpu" -> memoryPerCpuMb = megabytes(option, value);
                case "gres" -> gres = value;
                case "time" -> timeLimit = minutes(option, value);
                case "time-min" -> timeMinimum = minutes(option, value);
                case "output" -> stdout = value;
                case "error" -> stderr = value;
                case "input" -> stdin = value;
                case "comment" -> comment = value;
                case "exclusive" -> {
                    if (!value.isEmpty()) {
                        throw new IllegalArgumentException("#SBATCH --exclusive=" + value + " is not supported by the rest transport; use --exclusive");
                    }
                    exclusive = true;
                }
                case "mail-type" -> mailTypes = Arrays.stream(value.split(",")).map(t -> t.strip().toUpperCase(Locale.ROOT)).toList();
                case "mail-user" -> mailUser = value;
                case "dependency" -> dependency = value;
                case "requeue" -> requeue = true;
                case "no-requeue" -> requeue = false;
                case "hold" -> hold = true;
                case "reservation" -> reservation = value;
                case "licenses" -> licenses = value;
                case "nice" -> nice = value.isEmpty() ? 100 : Integer.parseInt(value);
                default -> throw new IllegalArgumentException("#SBATCH --" + option
                        + " is not supported by the rest transport (slurmrestd ignores #SBATCH lines, so each option is translated)");
            }
        }

        private void nodes(String value) {
            String[] range = value.split("-", 2);
            minNodes = count("nodes", range[0]);
            maxNodes = range.length > 1 ? count("nodes", range[1]) : minNodes;
        }

        private static int count(String option, String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("#SBATCH --" + option + "=" + value + " is not a positive number");
        }

        /** sbatch's sizes: a number with an optional K, M (the default), G or T suffix. */
        private static long megabytes(String option, String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            if (v.endsWith("B")) {
                v = v.substring(0, v.length() - 1);
            }
            long factorKb = 1024;
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            switch (unit) {
                case 'K' -> factorKb = 1;
                case 'M' -> factorKb = 1024;
                case 'G' -> factorKb = 1024L * 1024;
                case 'T' -> factorKb = 1024L * 1024 * 1024;
                default -> unit = ' ';
            }
            String digits = unit == ' ' ? v : v.substring(0, v.length() - 1);
            try {
                long kb = Long.parseLong(digits) * factorKb;
                if (kb >= 0) {
                    return (kb + 1023) / 1024;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("#SBATCH --" + option + "=" + value + " is not a memory size");
        }

        /** Whole minutes, seconds rounded up as sbatch does; -1 for UNLIMITED. */
        private static int minutes(String option, String value) {
            String v = value.strip().toUpperCase(Locale.ROOT);
            if (v.equals("UNLIMITED") || v.equals("INFINITE") || v.equals("-1")) {
                return -1;
            }
            Optional<TimeLimit> limit = TimeLimit.parse(v);
            if (limit.isEmpty()) {
                throw new IllegalArgumentException("#SBATCH --" + option + "=" + value + " is not a SLURM time");
            }
            return (int) ((limit.get().seconds() + 59) / 60);
        }
    }
}
