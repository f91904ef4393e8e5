/**
 * Storage of collected lines and of how far each job output file has been read (H2 or PostgreSQL, schema by
 * Flyway). One collector writes; the API reads. Line ids are handed out by the writer in commit order.
 */
package io.hpcorchestrator.logs.store;
