package io.hpcorchestrator.slurm.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A token kept in a file that something else renews (a cron job running {@code scontrol token}); re-read
 * whenever the file's modification time or size changes, so a renewal is picked up without a restart.
 */
final class FileTokenSource implements TokenSource {

    private static final Log log = LogFactory.getLog(FileTokenSource.class);

    private final Path file;
    private FileTime readMtime;
    private long readSize = -1;
    private String token;

    FileTokenSource(Path file) {
        this.file = file;
    }

    @Override
    public synchronized String token() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (token == null || !attributes.lastModifiedTime().equals(readMtime) || attributes.size() != readSize) {
                String read = Jwt.clean(Files.readString(file, StandardCharsets.UTF_8));
                if (read.isEmpty()) {
                    throw new IllegalStateException("token file " + file + " is empty");
                }
                token = read;
                readMtime = attributes.lastModifiedTime();
                readSize = attributes.size();
                log.info("read slurmrestd token from " + file + " (expires "
                        + Jwt.expiry(token).map(Object::toString).orElse("unknown") + ")");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FileTokenSource[" + file + "]";
    }
}
