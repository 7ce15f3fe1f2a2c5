package dev.autojoin.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.autojoin.handler.InvocationContext;
import dev.autojoin.local.SamTemplate.FunctionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The template's functions run in this JVM. Each keeps one handler instance, built on first use (its INIT) and then
 * reused like a warm container; like a container it serves one invocation at a time. A {@code RequestHandler} gets
 * its event decoded, and its answer encoded, by the Lambda runtime's own serialization; a
 * {@code RequestStreamHandler} gets the bytes.
 */
final class Functions {

    /** The handler threw, or could not be built, or the event is not of its type; the message names the function. */
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

    /**
     * The function as an SQS event source invokes it: the event encoded, and the batch response decoded, by the Lambda
     * runtime's own serialization.
     */
    Function<SQSEvent, SQSBatchResponse> sqsHandler(String logicalId) {
        ClassLoader loader = getClass().getClassLoader();
        PojoSerializer<SQSEvent> in = LambdaEventSerializers.serializerFor(SQSEvent.class, loader);
        PojoSerializer<SQSBatchResponse> out = LambdaEventSerializers.serializerFor(SQSBatchResponse.class, loader);
        return event -> {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            in.toJson(event, encoded);
            return out.fromJson(new ByteArrayInputStream(invoke(logicalId, encoded.toByteArray())));
        };
    }

    /** One invocation, bytes in and out, as the runtime drives a handler of either kind. */
    private interface Invocation {
        void run(byte[] event, ByteArrayOutputStream output, Context context) throws Exception;
    }

    private final class Container {
        private final FunctionSpec spec;
        private Invocation handler;

        Container(FunctionSpec spec) {
            this.spec = spec;
        }

        synchronized byte[] invoke(byte[] event) {
            if (handler == null) {
                handler = newHandler();
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            InvocationContext context = new InvocationContext(
                    UUID.randomUUID().toString(), spec.logicalId(), region, spec.timeout(), spec.memoryMb());
            try {
                handler.run(event, output, context);
            } catch (Exception | Error e) {
                throw new InvocationException(spec.logicalId() + " (" + spec.handlerClass() + ") threw " + e, e);
            }
            return output.toByteArray();
        }

        private Invocation newHandler() {
            Object instance;
            try {
                instance = Class.forName(spec.handlerClass())
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (InvocationTargetException e) {
                throw new InvocationException(
                        spec.logicalId() + ": INIT failed in " + spec.handlerClass() + ": " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new InvocationException(
                        spec.logicalId() + ": cannot load handler " + spec.handlerClass() + ": " + e, e);
            }
            if (instance instanceof RequestStreamHandler streamHandler) {
                return (event, output, context) ->
                        streamHandler.handleRequest(new ByteArrayInputStream(event), output, context);
            }
            if (instance instanceof RequestHandler<?, ?> typed) {
                return typed(typed);
            }
            throw new InvocationException(
                    spec.logicalId() + ": " + spec.handlerClass() + " is no RequestHandler or RequestStreamHandler",
                    null);
        }

        @SuppressWarnings("unchecked")
        private Invocation typed(RequestHandler<?, ?> handler) {
            Class<?>[] types = requestHandlerTypes(handler.getClass());
            ClassLoader loader = handler.getClass().getClassLoader();
            PojoSerializer<Object> input =
                    (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(types[0], loader);
            PojoSerializer<Object> output =
                    (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(types[1], loader);
            RequestHandler<Object, Object> call = (RequestHandler<Object, Object>) handler;
            return (event, out, context) ->
                    output.toJson(call.handleRequest(input.fromJson(new ByteArrayInputStream(event)), context), out);
        }

        /** RequestHandler's type arguments (their raw classes), looked up as the runtime does: superclasses too. */
        private Class<?>[] requestHandlerTypes(Class<?> handler) {
            for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
                for (Type implemented : type.getGenericInterfaces()) {
                    if (implemented instanceof ParameterizedType parameterized
                            && parameterized.getRawType() == RequestHandler.class) {
                        Type[] arguments = parameterized.getActualTypeArguments();
                        return new Class<?>[] {raw(arguments[0]), raw(arguments[1])};
                    }
                }
            }
            throw new InvocationException(
                    spec.logicalId() + ": " + handler.getName() + " names no RequestHandler type arguments", null);
        }

        private Class<?> raw(Type type) {
            if (type instanceof Class<?> plain) {
                return plain;
            }
            if (type instanceof ParameterizedType parameterized) {
                return (Class<?>) parameterized.getRawType();
            }
            throw new InvocationException(spec.logicalId() + ": cannot decode into " + type, null);
        }
    }
}
