package io.hpcorchestrator.monitoring;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** Injected rather than read statically, so tests can fix the time queue waits and ages are measured against. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
