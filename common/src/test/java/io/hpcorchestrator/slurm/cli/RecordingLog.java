package io.hpcorchestrator.slurm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.logging.Log;

/** A log at the most verbose level that keeps every line written to it, stack traces included. */
final class RecordingLog implements Log {

    final List<String> lines = new CopyOnWriteArrayList<>();

    String text() {
        return String.join("\n", lines);
    }

    private void record(String level, Object message, Throwable t) {
        StringBuilder line = new StringBuilder(level).append(' ').append(message);
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    @Override public void trace(Object message) { record("TRACE", message, null); }
    @Override public void trace(Object message, Throwable t) { record("TRACE", message, t); }
    @Override public void debug(Object message) { record("DEBUG", message, null); }
    @Override public void debug(Object message, Throwable t) { record("DEBUG", message, t); }
    @Override public void info(Object message) { record("INFO", message, null); }
    @Override public void info(Object message, Throwable t) { record("INFO", message, t); }
    @Override public void warn(Object message) { record("WARN", message, null); }
    @Override public void warn(Object message, Throwable t) { record("WARN", message, t); }
    @Override public void error(Object message) { record("ERROR", message, null); }
    @Override public void error(Object message, Throwable t) { record("ERROR", message, t); }
    @Override public void fatal(Object message) { record("FATAL", message, null); }
    @Override public void fatal(Object message, Throwable t) { record("FATAL", message, t); }
    @Override public boolean isTraceEnabled() { return true; }
    @Override public boolean isDebugEnabled() { return true; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public boolean isFatalEnabled() { return true; }
}
