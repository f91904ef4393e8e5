package io.hpcorchestrator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hpcorchestrator.cluster.ClusterProperties;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** .env.example documents every variable, each of which does something. */
class EnvExampleTest {

    private static final Map<String, String> DOCUMENTED = Repo.envFile(".env.example", true);

    /** The hpc.cluster.* variables .env.example documents (set or commented out). */
    static List<String> clusterVariables() {
        return DOCUMENTED.keySet().stream().filter(name -> name.startsWith("HPC_CLUSTER_")).toList();
    }

    @Test
    void everyClusterVariableBindsToAPropertyOfClusterProperties() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : clusterVariables()) {
            String value = DOCUMENTED.get(name);
            all.put(name, value.isBlank() ? "sample" : value);
            // Alone, each variable must set some property; a misspelt one sets nothing.
            assertThat(propertiesSetBy(Map.of(name, all.get(name)))).as(name + " sets a property of hpc.cluster").isPositive();
        }

        ClusterProperties properties = binder(all).bind("hpc.cluster", Bindable.of(ClusterProperties.class)).get();

        assertThat(properties.transport()).isEqualTo(ClusterProperties.Transport.SSH);
        assertThat(properties.ssh().host()).isEqualTo(DOCUMENTED.get("HPC_CLUSTER_SSH_HOST"));
        assertThat(properties.ssh().privateKey()).hasToString("/run/hpc/ssh/id_key");
        assertThat(properties.rest().apiVersion()).isEqualTo("v0.0.40");
        assertThat(properties.paths().workDir()).isEqualTo(DOCUMENTED.get("HPC_CLUSTER_PATHS_WORKDIR"));
        assertThat(properties.defaults().account()).isEqualTo(DOCUMENTED.get("HPC_CLUSTER_DEFAULTS_ACCOUNT"));
        assertThat(properties.defaults().partition()).isEqualTo(DOCUMENTED.get("HPC_CLUSTER_DEFAULTS_PARTITION"));
    }

    /** Binds hpc.cluster from these environment variables; the number of leaf properties they set. */
    private static int propertiesSetBy(Map<String, Object> environment) {
        AtomicInteger set = new AtomicInteger();
        BindHandler count = new BindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                if (context.getConfigurationProperty() != null) {
                    set.incrementAndGet();
                }
                return result;
            }
        };
        binder(environment).bind("hpc.cluster", Bindable.of(ClusterProperties.class), count);
        return set.get();
    }

    private static Binder binder(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    @Test
    void theTransportsAndEveryConnectionSettingAreDocumented() {
        assertThat(DOCUMENTED).containsKeys(
                "HPC_CLUSTER_TRANSPORT",
                "HPC_CLUSTER_SSH_HOST", "HPC_CLUSTER_SSH_PORT", "HPC_CLUSTER_SSH_USER", "HPC_SSH_KEY_FILE", "HPC_SSH_KNOWN_HOSTS_FILE",
                "HPC_CLUSTER_REST_URL", "HPC_CLUSTER_REST_APIVERSION", "HPC_CLUSTER_REST_USER", "HPC_CLUSTER_REST_TOKEN",
                "HPC_CLUSTER_REST_TOKENFILE", "HPC_CLUSTER_REST_TOKENCOMMAND", "HPC_SLURM_TOKEN_FILE",
                "HPC_CLUSTER_DEFAULTS_ACCOUNT", "HPC_CLUSTER_DEFAULTS_PARTITION", "HPC_CLUSTER_DEFAULTS_QOS",
                "HPC_SECRETS_HOST_DIR", "HPC_SECRETS_ENV_FILE", "HPC_DATABASE_URL", "HPC_UID", "HPC_GID");
        assertThat(Repo.read(".env.example")).contains("HPC_SECRET_<NAME>");
    }

    @Test
    void everyDocumentedVariableIsUsedByTheComposeFile() {
        String compose = Repo.read("docker-compose.yml");
        Set<String> used = new LinkedHashSet<>(Repo.interpolatedNames(compose));
        Repo.map(Repo.yaml("docker-compose.yml").get("services")).values()
                .forEach(service -> used.addAll(Repo.map(Repo.map(service).get("environment")).keySet()));

        assertThat(used).as("variables docker-compose.yml reads").containsAll(DOCUMENTED.keySet());
    }

    @Test
    void exampleValuesAreNotSecrets() {
        DOCUMENTED.forEach((name, value) -> {
            if (name.matches(".*(TOKEN|PASSWORD)$")) {
                assertThat(value).as(name).isEmpty();
            }
        });
        assertThat(Repo.read(".env.example")).doesNotContain("PRIVATE KEY").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
    }
}
