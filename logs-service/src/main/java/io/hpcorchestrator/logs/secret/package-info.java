/** The server's secret values, known here only to mask them in job output before it is stored. */
package io.hpcorchestrator.logs.secret;
