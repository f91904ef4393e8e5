/** Secrets named by recipes: looked up on the server, handed to jobs in their submission environment, masked elsewhere. */
package io.hpcorchestrator.server.secret;
