package io.hpcorchestrator.logs.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Both services outside the cluster: jobs run as the cluster's test user, their files are read over sftp. */
class SshFollowIT extends FollowContract {

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        configure(registry, "ssh");
    }

    @Override
    String transport() {
        return "ssh";
    }
}
