/**
 * Deployed services: the record of each deployment (desired and observed state), its storage, the deploy
 * and cancel verbs, and the HTTP API over them.
 */
package io.hpcorchestrator.server.service;
