package io.hpcorchestrator.security;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Imported by the services that keep an audit trail; each creates {@code audit_events} in its own migrations
 * (see {@code docs/security.md} for the table).
 */
@Configuration(proxyBeanMethods = false)
@Import(AuditController.class)
public class AuditConfiguration {

    @Bean
    AuditLog auditLog(JdbcClient jdbc, org.springframework.beans.factory.ObjectProvider<Clock> clock) {
        return new AuditLog(jdbc, clock.getIfAvailable(Clock::systemUTC));
    }
}
