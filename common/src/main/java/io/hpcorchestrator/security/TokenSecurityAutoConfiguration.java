package io.hpcorchestrator.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer tokens on every web service of the suite, on as soon as {@code common} is on the class path: there is no
 * switch to turn them off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
public class TokenSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenSecurityAutoConfiguration.class);

    @Bean
    TokenSource tokenSource(Environment environment) {
        String file = environment.getProperty("HPC_TOKENS_FILE");
        TokenSource tokens = new TokenSource(environment.getProperty("HPC_TOKENS"), file == null || file.isBlank() ? null : Path.of(file),
                Clock.systemUTC());
        if (tokens.get().size() == 0) {
            log.warn("no tokens configured (HPC_TOKENS, HPC_TOKENS_FILE): every request but health will be refused; see docs/security.md");
        } else {
            log.info("{} token(s) accepted", tokens.get().size());
        }
        return tokens;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(TokenSource tokens, SecurityProperties properties) {
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(new BearerTokenFilter(tokens, properties));
        // Before everything that could answer on its own (actuator, error pages, observation of the response).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** {@code HPC_SERVICE_TOKEN}, or the first line of the file {@code HPC_SERVICE_TOKEN_FILE} names (not seen by {@code docker inspect}). */
    @Bean
    OutboundToken outboundToken(Environment environment) throws java.io.IOException {
        String file = environment.getProperty("HPC_SERVICE_TOKEN_FILE");
        if (file != null && !file.isBlank()) {
            try {
                return new OutboundToken(java.nio.file.Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").strip());
            } catch (java.io.IOException e) {
                throw new java.io.IOException("HPC_SERVICE_TOKEN_FILE " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new OutboundToken(environment.getProperty("HPC_SERVICE_TOKEN"));
    }

    @Bean
    WebMvcConfigurer callerArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class OpenApiDocumentation {

        static {
            // The caller comes from the token, not from the request: not a parameter users see.
            SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        }

        @Bean
        OpenApiCustomizer bearerTokens() {
            return openApi -> {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents().addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A token from HPC_TOKENS or HPC_TOKENS_FILE; see docs/security.md"));
                openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
            };
        }
    }
}
