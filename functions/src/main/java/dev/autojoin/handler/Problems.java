package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.domain.AutojoinException;
import dev.autojoin.domain.ConflictException;
import dev.autojoin.domain.DependencyUnavailableException;
import dev.autojoin.domain.DomainCapturedException;
import dev.autojoin.domain.ForbiddenException;
import dev.autojoin.domain.GoneException;
import dev.autojoin.domain.InvalidInputException;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.PayloadTooLargeException;
import dev.autojoin.domain.PreconditionFailedException;
import dev.autojoin.domain.PreconditionRequiredException;
import dev.autojoin.domain.RateLimitedException;
import dev.autojoin.domain.UnauthenticatedException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place that turns errors into RFC 9457 problem documents. */
final class Problems {
    private static final String RETRY_AFTER_SECONDS = "2";

    private Problems() {}

    static ApiResponse from(Throwable error, String requestId) {
        if (error instanceof AutojoinException known) {
            int status = status(known);
            ObjectNode document = document(status, title(status), known.getMessage(), known.code(), known.field());
            if (known instanceof DomainCapturedException captured) {
                // The company to join instead: the answer offers it.
                document.putObject("company").put("id", captured.companyId()).put("name", captured.companyName());
            }
            ApiResponse response = ApiResponse.problem(status, document);
            if (known instanceof RateLimitedException limited) {
                Log.metric(requestId, Metric.RATE_LIMIT_REFUSALS);
                return response.withHeader("retry-after", Long.toString(limited.retryAfterSeconds()));
            }
            return status == 503 ? response.withHeader("retry-after", RETRY_AFTER_SECONDS) : response;
        }
        if (error instanceof SdkException) {
            // DynamoDB or SES slow, throttling or down: the caller may retry; nothing internal is said.
            ObjectNode line = Log.line("WARN", requestId, "dependency.unavailable");
            line.put("error", error.getClass().getSimpleName());
            Log.write(line);
            return ApiResponse.problem(
                            503,
                            document(
                                    503,
                                    title(503),
                                    "A service we depend on did not answer; try again shortly.",
                                    "service_unavailable",
                                    null))
                    .withHeader("retry-after", RETRY_AFTER_SECONDS);
        }
        ObjectNode line = Log.line("ERROR", requestId, "request.failed");
        line.put("error", error.getClass().getName());
        line.put("message", String.valueOf(error.getMessage()));
        Log.write(line);
        return ApiResponse.problem(
                500,
                document(
                        500,
                        title(500),
                        "Something went wrong on our side (request " + requestId + ").",
                        "internal_error",
                        null));
    }

    static ApiResponse of(int status, String code, String detail) {
        return ApiResponse.problem(status, document(status, title(status), detail, code, null));
    }

    static int status(AutojoinException e) {
        if (e instanceof PayloadTooLargeException) {
            return 413;
        }
        if (e instanceof InvalidInputException) {
            return 400;
        }
        if (e instanceof UnauthenticatedException) {
            return 401;
        }
        if (e instanceof ForbiddenException) {
            return 403;
        }
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof ConflictException) {
            return 409;
        }
        if (e instanceof GoneException) {
            return 410;
        }
        if (e instanceof PreconditionFailedException) {
            return 412;
        }
        if (e instanceof RateLimitedException) {
            return 429;
        }
        if (e instanceof PreconditionRequiredException) {
            return 428;
        }
        if (e instanceof DependencyUnavailableException) {
            return 503;
        }
        return 500;
    }

    private static ObjectNode document(int status, String title, String detail, String code, String field) {
        ObjectNode problem = Json.object();
        problem.put("type", "https://autojoin.dev/problems/" + code.replace('_', '-'));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        if (field != null) {
            problem.put("field", field);
        }
        return problem;
    }

    private static String title(int status) {
        switch (status) {
            case 400:
                return "Bad request";
            case 401:
                return "Not signed in";
            case 403:
                return "Not allowed";
            case 404:
                return "Not found";
            case 409:
                return "Conflict";
            case 410:
                return "Gone";
            case 412:
                return "Precondition failed";
            case 413:
                return "Payload too large";
            case 428:
                return "Precondition required";
            case 429:
                return "Too many requests";
            case 503:
                return "Service unavailable";
            default:
                return "Internal error";
        }
    }
}
