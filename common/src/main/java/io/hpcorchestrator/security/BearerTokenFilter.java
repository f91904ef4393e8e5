package io.hpcorchestrator.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} of a known caller, health probes and the
 * {@linkplain SecurityProperties#openPaths() open paths} (the API's description) excepted.
 * The scrape token reads the Prometheus paths only; the suite's own services only read. Refusals carry a problem
 * detail that says nothing about why a token was refused. The caller is left in the request for
 * {@link Caller} parameters and in the log context as {@code user}.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Supplier<TokenRegistry> tokens;
    private final SecurityProperties properties;

    public BearerTokenFilter(Supplier<TokenRegistry> tokens, SecurityProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean reading = READ_METHODS.contains(request.getMethod());
        // On an open path a token is optional; one that is sent is checked like anywhere else.
        if (isHealth(path) || (reading && request.getHeader("Authorization") == null && properties.isOpenPath(path))) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = tokens.get().authenticate(bearer(request)).orElse(null);
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hpc-orchestrator\"");
            problem(response, 401, "Unauthorized", "a valid bearer token is required");
            return;
        }
        if ((caller.role() == Role.SCRAPE && !(reading && properties.isScrapePath(path))) || (caller.role() == Role.SERVICE && !reading)) {
            problem(response, 403, "Forbidden", "the " + caller.role().label() + " role may not " + request.getMethod() + " " + path);
            return;
        }
        long limit = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > limit) {
            problem(response, 413, "Content Too Large", "the request body is larger than " + limit + " bytes");
            return;
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        MDC.put("user", caller.name());
        try {
            chain.doFilter(new LimitedBody(request, limit), response);
        } finally {
            MDC.remove("user");
        }
    }

    /** Health stays open so that load balancers, compose and SLURM-side probes need no token. */
    private static boolean isHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    /**
     * Answers with an RFC 9457 problem detail, for refusals made before a request reaches Spring MVC (whose
     * exception handlers write the others).
     */
    public static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JsonMapper.shared().writeValueAsBytes(problem));
    }

    /** A body sent without a length (chunked) is cut off at the limit: reading past it fails. */
    private static final class LimitedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }

    /** Reading a request body beyond {@code hpc.security.max-body-size}. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }
    }
}
