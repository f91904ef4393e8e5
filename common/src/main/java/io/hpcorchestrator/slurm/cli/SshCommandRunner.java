package io.hpcorchestrator.slurm.cli;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.hpcorchestrator.cluster.ClusterProperties;
import io.hpcorchestrator.render.ShellQuoting;
import io.hpcorchestrator.slurm.FileChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs SLURM commands on a login node over SSH (jsch). One session is shared by every call, each command
 * getting its own channel, because logging in costs a key exchange and login nodes ration connections; the
 * session is reopened transparently once it has dropped.
 *
 * <p>Security: the host key is verified against {@code known_hosts} unless {@code strictHostKeys} is off
 * (logged loudly); a private key that group or others can read is refused at start. Environment values (job
 * secrets) travel inside the command line as single-quoted words ({@code env 'NAME=value' sbatch ...}), which
 * needs a bash-compatible login shell, and never appear in logs or exception messages.
 */
public final class SshCommandRunner implements CommandRunner {

    /** OpenSSH allows 10 sessions per connection by default; one is kept for the sftp channel. */
    static final int MAX_CONCURRENT_COMMANDS = 8;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final int KEEPALIVE_MISSES = 3;
    private static final long POLL_MILLIS = 5;
    private static final Set<PosixFilePermission> PRIVATE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final ClusterProperties.Ssh settings;
    private final Log log;
    private final JSch jsch = new JSch();
    private final Semaphore channels = new Semaphore(MAX_CONCURRENT_COMMANDS, true);
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private final Object sessionLock = new Object();
    private final Object sftpLock = new Object();
    private Session session;
    private ChannelSftp sftp;
    private Session sftpSession;

    /** Checks the settings, the key file and the known hosts now; connects on first use. */
    public SshCommandRunner(ClusterProperties.Ssh settings) {
        this(settings, LogFactory.getLog(SshCommandRunner.class));
    }

    /** With the log to write to, so tests can read everything this runner and jsch log. */
    SshCommandRunner(ClusterProperties.Ssh settings, Log log) {
        this.settings = settings;
        this.log = log;
        jsch.setInstanceLogger(new JschLog(log));
        require(settings.host(), "hpc.cluster.ssh.host");
        require(settings.user(), "hpc.cluster.ssh.user");
        if (settings.privateKey() == null) {
            throw new IllegalStateException("hpc.cluster.ssh.private-key is not set");
        }
        checkPrivateKey(settings.privateKey());
        try {
            jsch.addIdentity(settings.privateKey().toString());
        } catch (JSchException e) {
            throw new IllegalStateException("cannot load the private key " + settings.privateKey() + ": " + e.getMessage(), e);
        }
        if (settings.strictHostKeys()) {
            if (settings.knownHosts() == null || !Files.isReadable(settings.knownHosts())) {
                throw new IllegalStateException("hpc.cluster.ssh.known-hosts must name a readable known_hosts file"
                        + " when host keys are checked (it is " + settings.knownHosts() + ")");
            }
        } else {
            log.warn("SSH HOST KEY CHECKING IS OFF (hpc.cluster.ssh.strict-host-keys=false): the identity of "
                    + endpoint() + " is not verified, so whoever can intercept the connection can pose as the login"
                    + " node and read the job secrets sent to it. Put its key in a known_hosts file and turn checking on.");
        }
        if (settings.knownHosts() != null && Files.isReadable(settings.knownHosts())) {
            try {
                jsch.setKnownHosts(settings.knownHosts().toString());
            } catch (JSchException e) {
                throw new IllegalStateException("cannot read known hosts " + settings.knownHosts() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Refuses a key file that anyone but its owner can read, as OpenSSH does. */
    static void checkPrivateKey(Path key) {
        if (!Files.isRegularFile(key)) {
            throw new IllegalStateException("the SSH private key " + key + " does not exist or is not a file");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
            if (!PRIVATE.containsAll(permissions)) {
                throw new IllegalStateException("the SSH private key " + key + " is accessible by group or others ("
                        + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + key);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to compare against.
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the permissions of the SSH private key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandResult run(Command command) {
        Duration timeout = command.timeout() != null ? command.timeout() : settings.commandTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        acquireChannel(command, timeout);
        try {
            return execute(command, timeout, deadline);
        } finally {
            channels.release();
        }
    }

    private CommandResult execute(Command command, Duration timeout, long deadline) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ChannelExec channel = openExec(command, stdout, stderr);
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    stop(channel);
                    throw new CommandException(command.program() + " did not finish within " + timeout + " on " + endpoint());
                }
                Thread.sleep(POLL_MILLIS);
            }
            int exitCode = channel.getExitStatus();
            if (exitCode < 0) {
                throw new CommandException(channel.getSession().isConnected()
                        ? command.program() + " on " + endpoint() + " ended without an exit status (killed by a signal?)"
                        : "the connection to " + endpoint() + " ended before " + command.program() + " did");
            }
            return new CommandResult(exitCode, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(channel);
            throw new CommandException("interrupted while " + command.program() + " ran on " + endpoint(), e);
        } catch (JSchException e) {
            throw new CommandException("lost track of " + command.program() + " on " + endpoint() + ": " + e.getMessage(), e);
        } finally {
            channel.disconnect();
        }
    }

    /** Closing the channel alone would leave the remote command running until it next writes. */
    private static void stop(ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception e) {
            // Best effort: servers may refuse signal requests; the channel is closed next anyway.
        }
    }

    /**
     * Opens the command's channel, reconnecting once when the shared session turns out to have died under the
     * attempt: the command's request went down with the connection, so it did not start. (Only a connection
     * dying between sshd receiving the request and confirming it could run a command twice; a submission has
     * a unique job name, by which the caller finds such a job again.)
     */
    private ChannelExec openExec(Command command, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr) {
        log.debug("running " + command.argv() + " on " + endpoint()
                + (command.environment().isEmpty() ? "" : " with variables " + command.environment().keySet()));
        JSchException failure = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Session current = session();
            try {
                ChannelExec channel = (ChannelExec) current.openChannel("exec");
                channel.setCommand(commandLine(command).getBytes(StandardCharsets.UTF_8));
                channel.setInputStream(new ByteArrayInputStream(command.stdin()));
                channel.setOutputStream(stdout, true);
                channel.setErrStream(stderr, true);
                channel.connect(connectTimeoutMillis());
                return channel;
            } catch (JSchException e) {
                failure = e;
                if (current.isConnected()) {
                    break;
                }
                log.info("SSH session to " + endpoint() + " dropped; reconnecting");
            }
        }
        throw new CommandException("could not start " + command.program() + " on " + endpoint() + ": " + failure.getMessage(), failure);
    }

    /**
     * The line the login shell runs: every word single-quoted by the project's one quoting function, the
     * environment passed through {@code env} so it reaches only this command.
     */
    static String commandLine(Command command) {
        StringBuilder line = new StringBuilder();
        if (!command.environment().isEmpty()) {
            line.append("env");
            for (Map.Entry<String, String> variable : command.environment().entrySet()) {
                line.append(' ').append(ShellQuoting.quote(variable.getKey() + "=" + variable.getValue()));
            }
            line.append(' ');
        }
        return line.append(command.argv().stream().map(ShellQuoting::quote).collect(Collectors.joining(" "))).toString();
    }

    @Override
    public Optional<FileChunk> readFile(String path, long offset, int maxBytes) {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative");
        }
        synchronized (sftpLock) {
            ChannelSftp channel = sftp();
            try {
                SftpATTRS attributes = channel.stat(path);
                long size = attributes.getSize();
                int length = (int) Math.max(0, Math.min(maxBytes, size - offset));
                byte[] data = new byte[length];
                int read = 0;
                if (length > 0) {
                    try (InputStream in = channel.get(path, null, offset)) {
                        read = in.readNBytes(data, 0, length);
                    }
                }
                return Optional.of(new FileChunk(offset, read == length ? data : Arrays.copyOf(data, read), size));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return Optional.empty();
                }
                throw new CommandException("could not read " + path + " on " + endpoint() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                channel.disconnect();
                throw new CommandException("could not read " + path + " on " + endpoint() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Forwards a local port on 127.0.0.1 to {@code remoteHost:remotePort} as the login node sees it, through
     * the shared session.
     */
    public PortForward forward(String remoteHost, int remotePort) {
        Session current = session();
        try {
            int localPort = current.setPortForwardingL("127.0.0.1", 0, remoteHost, remotePort);
            log.debug("forwarding 127.0.0.1:" + localPort + " to " + remoteHost + ":" + remotePort + " through " + endpoint());
            return new SessionPortForward(current, localPort);
        } catch (JSchException e) {
            throw new CommandException("could not forward a port to " + remoteHost + ":" + remotePort + " through "
                    + endpoint() + ": " + e.getMessage(), e);
        }
    }

    /** How many SSH sessions this runner has opened: one, unless sessions dropped. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    @Override
    public String transport() {
        return "ssh";
    }

    @Override
    public void close() {
        synchronized (sftpLock) {
            if (sftp != null) {
                sftp.disconnect();
                sftp = null;
            }
        }
        synchronized (sessionLock) {
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }

    @Override
    public String toString() {
        return "SshCommandRunner[" + endpoint() + "]";
    }

    private Session session() {
        synchronized (sessionLock) {
            if (session == null || !session.isConnected()) {
                session = connect();
            }
            return session;
        }
    }

    private Session connect() {
        try {
            Session fresh = jsch.getSession(settings.user(), settings.host(), settings.port());
            fresh.setConfig("StrictHostKeyChecking", settings.strictHostKeys() ? "yes" : "no");
            fresh.setConfig("PreferredAuthentications", "publickey");
            fresh.setServerAliveInterval((int) KEEPALIVE.toMillis());
            fresh.setServerAliveCountMax(KEEPALIVE_MISSES);
            fresh.connect(connectTimeoutMillis());
            sessionsOpened.incrementAndGet();
            log.info("SSH session to " + endpoint() + " open (host key " + fresh.getHostKey().getFingerPrint(jsch) + ")");
            return fresh;
        } catch (JSchException e) {
            throw new CommandException(explain(e), e);
        }
    }

    private String explain(JSchException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("reject HostKey")) {
            return "the host key of " + endpoint() + " is not in " + settings.knownHosts()
                    + " (hpc.cluster.ssh.known-hosts): refusing to connect to a host that cannot be verified";
        }
        if (message.startsWith("HostKey has been changed")) {
            return "the host key of " + endpoint() + " differs from the one in " + settings.knownHosts()
                    + ": refusing to connect (the key changed, or someone is intercepting the connection)";
        }
        if (message.equals("Auth fail") || message.startsWith("Auth fail")) {
            return "SSH login as " + settings.user() + " on " + endpoint() + " with key " + settings.privateKey() + " was refused";
        }
        return "cannot connect to " + endpoint() + ": " + message;
    }

    private ChannelSftp sftp() {
        Session current = session();
        if (sftp != null && sftp.isConnected() && sftpSession == current) {
            return sftp;
        }
        if (sftp != null) {
            sftp.disconnect();
        }
        try {
            ChannelSftp channel = (ChannelSftp) current.openChannel("sftp");
            channel.connect(connectTimeoutMillis());
            sftp = channel;
            sftpSession = current;
            return channel;
        } catch (JSchException e) {
            throw new CommandException("could not open sftp on " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    private void acquireChannel(Command command, Duration timeout) {
        try {
            if (!channels.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CommandException(command.program() + " waited " + timeout + " for a free SSH channel to " + endpoint());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while waiting to run " + command.program(), e);
        }
    }

    private int connectTimeoutMillis() {
        return Math.toIntExact(settings.connectTimeout().toMillis());
    }

    private String endpoint() {
        return settings.user() + "@" + settings.host() + ":" + settings.port();
    }

    private static void require(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is not set");
        }
    }

    /** jsch's own messages, at debug level except its warnings and errors. */
    private record JschLog(Log log) implements com.jcraft.jsch.Logger {

        @Override
        public boolean isEnabled(int level) {
            return level >= WARN ? log.isWarnEnabled() : log.isDebugEnabled();
        }

        @Override
        public void log(int level, String message) {
            if (level >= ERROR) {
                log.error("jsch: " + message);
            } else if (level == WARN) {
                log.warn("jsch: " + message);
            } else {
                log.debug("jsch: " + message);
            }
        }
    }

    private static final class SessionPortForward implements PortForward {

        private final Session session;
        private final int localPort;

        SessionPortForward(Session session, int localPort) {
            this.session = session;
            this.localPort = localPort;
        }

        @Override
        public int localPort() {
            return localPort;
        }

        @Override
        public boolean isOpen() {
            try {
                return session.isConnected() && Arrays.stream(session.getPortForwardingL())
                        .anyMatch(forward -> forward.startsWith(localPort + ":"));
            } catch (JSchException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                if (session.isConnected()) {
                    session.delPortForwardingL("127.0.0.1", localPort);
                }
            } catch (JSchException e) {
                // Already gone with its session.
            }
        }

        @Override
        public String toString() {
            return "PortForward[127.0.0.1:" + localPort + "]";
        }
    }
}
