package io.hpcorchestrator.server.monitoring;

import io.hpcorchestrator.server.service.ServiceRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels a service's metrics and its scrape target carry. Values unknown yet are empty, which Prometheus drops. */
final class ServiceLabels {

    private ServiceLabels() {
    }

    static Map<String, String> of(ServiceRecord service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service_id", service.id());
        labels.put("recipe", service.recipeName());
        int slash = service.recipeName().indexOf('/');
        labels.put("category", slash > 0 ? service.recipeName().substring(0, slash) : "");
        labels.put("node", service.node() == null ? "" : service.node());
        labels.put("slurm_job_id", service.jobId() == null ? "" : Long.toString(service.jobId()));
        return labels;
    }
}
