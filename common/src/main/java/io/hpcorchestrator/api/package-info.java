/**
 * Types for calling the suite's own HTTP APIs from its other services: one {@code @HttpExchange} interface per
 * service and records holding only the fields callers use, so a service can add fields without breaking them.
 */
package io.hpcorchestrator.api;
