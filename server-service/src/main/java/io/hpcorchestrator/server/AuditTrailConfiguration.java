package io.hpcorchestrator.server;

import io.hpcorchestrator.security.AuditConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Deploys, cancels and secret use are recorded in {@code audit_events}, readable by admins at {@code GET /api/v1/audit}. */
@Configuration(proxyBeanMethods = false)
@Import(AuditConfiguration.class)
class AuditTrailConfiguration {
}
