/** The recipe catalog over HTTP: listing, reading and dry-run rendering of recipes. */
package io.hpcorchestrator.server.recipe;
