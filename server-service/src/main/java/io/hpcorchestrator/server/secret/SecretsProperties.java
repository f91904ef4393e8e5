package io.hpcorchestrator.server.secret;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hpc.secrets.*}: where secret values come from. A recipe's secret {@code HF_TOKEN} is read from the
 * environment variable {@code HPC_SECRET_HF_TOKEN}, or from the file {@code <dir>/HF_TOKEN}. The prefix keeps
 * the server's own environment (its SLURM token, for one) out of reach of recipe authors.
 */
@ConfigurationProperties("hpc.secrets")
public record SecretsProperties(@DefaultValue("HPC_SECRET_") String environmentPrefix, Path dir) {
}
