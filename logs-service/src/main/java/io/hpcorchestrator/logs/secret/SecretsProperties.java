package io.hpcorchestrator.logs.secret;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.secrets.*}, as the server reads it: a secret {@code HF_TOKEN} is the environment variable
 * {@code HPC_SECRET_HF_TOKEN} or the file {@code <dir>/HF_TOKEN}. Give the logs service the same settings as the server
 * so that every value the server can hand to a job is masked here.
 */
@ConfigurationProperties("hpc.secrets")
public record SecretsProperties(@DefaultValue("HPC_SECRET_") String environmentPrefix, Path dir) {
}
