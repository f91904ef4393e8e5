package io.hpcorchestrator.server.service;

/** SLURM refused the job; the service is stored as FAILED with SLURM's message. */
public class SubmissionRejectedException extends RuntimeException {

    private final ServiceRecord service;

    public SubmissionRejectedException(ServiceRecord service, String slurmMessage) {
        super(slurmMessage);
        this.service = service;
    }

    public ServiceRecord service() {
        return service;
    }
}
