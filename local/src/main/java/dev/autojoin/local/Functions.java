package dev.autojoin.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.autojoin.local.SamTemplate.FunctionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The template's functions run in this JVM. Each keeps one handler instance, built on first use (its INIT) and then
 * reused like a warm container; like a container it serves one invocation at a time.
 */
final class Functions {

    /** The handler threw, or could not be built; the message names the function. */
    static final class InvocationException extends RuntimeException {
        InvocationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, FunctionSpec> specs;
    private final String region;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();

    Functions(Map<String, FunctionSpec> specs, String region) {
        this.specs = Map.copyOf(specs);
        this.region = region;
    }

    Optional<FunctionSpec> spec(String logicalId) {
        return Optional.ofNullable(specs.get(logicalId));
    }

    /** The handler's raw output for a raw event; unknown ids are the caller's to check with {@link #spec}. */
    byte[] invoke(String logicalId, byte[] event) {
        FunctionSpec spec = spec(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in template.yaml"));
        return containers.computeIfAbsent(logicalId, id -> new Container(spec)).invoke(event);
    }

    private final class Container {
        private final FunctionSpec spec;
        private RequestStreamHandler handler;

        Container(FunctionSpec spec) {
            this.spec = spec;
        }

        synchronized byte[] invoke(byte[] event) {
            if (handler == null) {
                handler = newHandler();
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            LocalContext context = new LocalContext(UUID.randomUUID().toString(), spec, region);
            try {
                handler.handleRequest(new ByteArrayInputStream(event), output, context);
            } catch (Exception | Error e) {
                throw new InvocationException(spec.logicalId() + " (" + spec.handlerClass() + ") threw " + e, e);
            }
            return output.toByteArray();
        }

        private RequestStreamHandler newHandler() {
            try {
                Object instance = Class.forName(spec.handlerClass())
                        .getDeclaredConstructor()
                        .newInstance();
                if (instance instanceof RequestStreamHandler streamHandler) {
                    return streamHandler;
                }
                throw new InvocationException(
                        spec.logicalId() + ": " + spec.handlerClass() + " is not a RequestStreamHandler", null);
            } catch (InvocationTargetException e) {
                throw new InvocationException(
                        spec.logicalId() + ": INIT failed in " + spec.handlerClass() + ": " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new InvocationException(
                        spec.logicalId() + ": cannot load handler " + spec.handlerClass() + ": " + e, e);
            }
        }
    }
}
