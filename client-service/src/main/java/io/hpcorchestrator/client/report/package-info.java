/**
 * What a benchmark gives back besides its JSON results: the per-request CSV and a self-contained HTML report whose
 * charts are inline SVG (no scripts, no fonts, nothing fetched), so it can be mailed or archived as one file.
 */
package io.hpcorchestrator.client.report;
