package io.hpcorchestrator.monitoring.status;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.util.HtmlUtils;

/**
 * The status page as one self-contained HTML document: styles inline, no scripts, no fonts or images from
 * anywhere, so it works on a login node without internet access. It reloads itself with a meta refresh, which
 * needs no JavaScript and keeps the data in the document itself. Every value from SLURM or the server is
 * HTML-escaped: node reasons and service reasons are free text.
 */
final class StatusPage {

    /** No scripts at all, styles inline, never framed. */
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
            header{background:#1d2733;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
            header p{margin:4px 0 0;font-size:13px;color:#c8d1dc}main{padding:8px 24px 24px}
            h2{font-size:16px;margin:20px 0 6px}.summary{font-size:13px;margin:0 0 8px;color:#4a5868}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e8ee;vertical-align:top}
            th{background:#eef2f6;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font-size:12px}.state{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:#7a8794}
            .idle,.RUNNING,.COMPLETED{background:#2e8540}.mixed,.allocated,.STARTING,.BUILDING{background:#1f6fb2}
            .PENDING,.SUBMITTING,.draining{background:#b7791f}.drained,.down,.fail,.FAILED{background:#c0392b}.CANCELLED{background:#7a8794}
            .warn{color:#c0392b;font-weight:600}.empty{color:#7a8794;font-style:italic}
            """;

    private StatusPage() {
    }

    static String render(StatusView view, Duration refresh, String transport) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(Math.max(1, refresh.toSeconds())).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>hpc-orchestrator status</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<header><h1>hpc-orchestrator status</h1><p>Cluster ")
                .append(view.clusterSampledAt() == null ? "not sampled yet" : "sampled " + TIME.format(view.clusterSampledAt()))
                .append(" over ").append(escape(transport))
                .append(view.clusterFailing() ? " <span class=\"warn\">(sampling fails; showing the last good sample)</span>" : "")
                .append(" &middot; services ")
                .append(view.servicesReadAt() == null ? "not read yet" : "read " + TIME.format(view.servicesReadAt()))
                .append(view.serverFailing() ? " <span class=\"warn\">(the server does not answer; showing the last read)</span>" : "")
                .append(" &middot; refreshes every ").append(Math.max(1, refresh.toSeconds())).append(" s</p></header>\n<main>\n");
        nodes(html, view);
        services(html, view);
        html.append("</main></body></html>\n");
        return html.toString();
    }

    private static void nodes(StringBuilder html, StatusView view) {
        html.append("<section><h2>Nodes (").append(view.nodes().size()).append(")</h2>")
                .append("<p class=\"summary\">").append(summary(view.nodeStates())).append("</p>\n");
        html.append("<table id=\"nodes\"><thead><tr><th>Node</th><th>State</th><th>Partitions</th><th class=\"num\">CPUs used</th>")
                .append("<th class=\"num\">GPUs used</th><th>Reason</th></tr></thead><tbody>\n");
        if (view.nodes().isEmpty()) {
            html.append("<tr><td colspan=\"6\" class=\"empty\">no nodes known yet</td></tr>\n");
        }
        for (StatusView.Node node : view.nodes()) {
            html.append("<tr><td><code>").append(escape(node.name())).append("</code></td><td>").append(badge(node.state()))
                    .append("</td><td>").append(escape(String.join(", ", node.partitions())))
                    .append("</td><td class=\"num\">").append(node.allocatedCpus()).append(" / ").append(node.cpus())
                    .append("</td><td class=\"num\">").append(node.allocatedGpus()).append(" / ").append(node.gpus())
                    .append("</td><td>").append(escape(node.reason())).append("</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    private static void services(StringBuilder html, StatusView view) {
        int count = view.services().size() + view.servicesHidden();
        html.append("<section><h2>Services (").append(count).append(")</h2>")
                .append("<p class=\"summary\">").append(summary(view.serviceStates())).append("</p>\n");
        html.append("<table id=\"services\"><thead><tr><th>Service</th><th>Recipe</th><th>State</th><th>Reason</th><th>Node</th>")
                .append("<th class=\"num\">Job</th><th>Endpoint</th><th>Updated</th></tr></thead><tbody>\n");
        if (view.services().isEmpty()) {
            html.append("<tr><td colspan=\"8\" class=\"empty\">no services running or recently ended</td></tr>\n");
        }
        for (StatusView.Service service : view.services()) {
            html.append("<tr id=\"").append(escape(service.id())).append("\"><td><code>").append(escape(service.id()))
                    .append("</code></td><td>").append(escape(service.recipe()))
                    .append("</td><td>").append(badge(service.status()))
                    .append("</td><td>").append(escape(service.reason()))
                    .append("</td><td>").append(escape(service.node()))
                    .append("</td><td class=\"num\">").append(service.jobId() == null ? "" : service.jobId())
                    .append("</td><td><code>").append(escape(service.endpoint()))
                    .append("</code></td><td>").append(service.updatedAt() == null ? "" : TIME.format(service.updatedAt()))
                    .append("</td></tr>\n");
        }
        if (view.servicesHidden() > 0) {
            html.append("<tr><td colspan=\"8\" class=\"empty\">and ").append(view.servicesHidden()).append(" more</td></tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    private static String summary(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "&nbsp;";
        }
        return counts.entrySet().stream().map(entry -> escape(entry.getKey()) + " " + entry.getValue()).collect(Collectors.joining(" &middot; "));
    }

    /** A state word as a coloured badge; the class is the state itself, which is escaped like any value. */
    private static String badge(String state) {
        String text = escape(state);
        return "<span class=\"state " + text + "\">" + text + "</span>";
    }

    private static String escape(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
