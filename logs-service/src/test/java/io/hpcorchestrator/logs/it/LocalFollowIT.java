package io.hpcorchestrator.logs.it;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Both services on the login node: jobs run as root, their files are read from the local filesystem. */
class LocalFollowIT extends FollowContract {

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        configure(registry, "local");
    }

    @Override
    String transport() {
        return "local";
    }
}
