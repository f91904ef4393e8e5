package io.hpcorchestrator.simulator;

/**
 * A request vLLM would refuse, with the status and error type vLLM uses; rendered as
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;

    private ApiException(int status, String type, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequestError", null, message);
    }

    static ApiException badRequest(String param, String message) {
        return new ApiException(400, "BadRequestError", param, message);
    }

    static ApiException modelNotFound(String model) {
        return new ApiException(404, "NotFoundError", "model", "The model `" + model + "` does not exist.");
    }

    int status() {
        return status;
    }

    OpenAiJson.ErrorResponse body() {
        return new OpenAiJson.ErrorResponse(new OpenAiJson.ErrorInfo(getMessage(), type, param, status));
    }
}
