package io.hpcorchestrator.monitoring.services;

import io.hpcorchestrator.security.BearerTokenFilter;
import io.hpcorchestrator.security.Caller;
import io.hpcorchestrator.security.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * This service's metrics name every service ({@code hpc_service_state{service_id=...}}): a user reading them would
 * learn of other users' services. They are for Prometheus (the scrape token), admins and the suite's services; a
 * user reads their own services on {@code /api/v1/status}. Runs after the bearer token filter, which has put the
 * caller in the request.
 */
@Component
class MetricsAccessFilter extends OncePerRequestFilter {

    static final String METRICS = "/actuator/prometheus";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).equals(METRICS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BearerTokenFilter.CALLER_ATTRIBUTE) instanceof Caller caller && caller.role() == Role.USER) {
            BearerTokenFilter.problem(response, 403, "Forbidden", "the metrics name every user's services: they are for Prometheus and admins");
            return;
        }
        chain.doFilter(request, response);
    }
}
