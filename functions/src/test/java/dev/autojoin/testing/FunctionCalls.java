package dev.autojoin.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.lang.reflect.Modifier;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Every AWS call the product's handlers make in this JVM, per handler class, as IAM authorizes it: {@code
 * dynamodb:GetItem table}, {@code dynamodb:Query index/GSI2}, {@code ses:SendEmail}. A transaction is authorized per
 * item ({@code TransactWriteItems} as PutItem, UpdateItem, DeleteItem, ConditionCheckItem; {@code TransactGetItems} as
 * GetItem), so it is recorded that way. The SDK adds it to every client it builds (a global interceptor, registered
 * in software/amazon/awssdk/global/handlers/execution.interceptors), so no test can forget it.
 *
 * <p>The handler is the product's concrete handler class on the calling thread's stack. A call on a thread the
 * product started (the bulk invite's mailers) belongs to the handler that was running when the thread was created;
 * calls made by the tests themselves (seeding, reading back) belong to nobody and are not recorded.
 */
public final class FunctionCalls implements ExecutionInterceptor {

    private static final ConcurrentMap<String, Set<String>> CALLS = new ConcurrentHashMap<>();
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The handler whose work a thread does; inherited by the threads it starts, marked so. */
    private static final InheritableThreadLocal<Origin> ORIGIN = new InheritableThreadLocal<>() {
        @Override
        protected Origin childValue(Origin parent) {
            return parent == null ? null : new Origin(parent.handler(), true);
        }
    };

    private record Origin(String handler, boolean inherited) {}

    /** Handler class name to the IAM actions (with their resource) its calls needed, sorted. */
    public static Map<String, Set<String>> snapshot() {
        Map<String, Set<String>> copy = new TreeMap<>();
        CALLS.forEach((handler, actions) -> copy.put(handler, new TreeSet<>(actions)));
        return copy;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        handler().ifPresent(handler -> CALLS.computeIfAbsent(handler, h -> ConcurrentHashMap.newKeySet())
                .addAll(actions(
                        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        context.request())));
    }

    private static Optional<String> handler() {
        List<Class<?>> classes = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> type != FunctionCalls.class)
                .toList());
        Optional<Class<?>> handler =
                classes.stream().filter(FunctionCalls::isHandler).reduce((inner, outer) -> outer);
        if (handler.isPresent()) {
            ORIGIN.set(new Origin(handler.get().getName(), false));
            return Optional.of(handler.get().getName());
        }
        Origin origin = ORIGIN.get();
        boolean startedByProduct = classes.stream().noneMatch(FunctionCalls::isTestClass);
        return origin != null && origin.inherited() && startedByProduct
                ? Optional.of(origin.handler())
                : Optional.empty();
    }

    private static boolean isHandler(Class<?> type) {
        return type.getPackageName().equals("dev.autojoin.handler")
                && !Modifier.isAbstract(type.getModifiers())
                && (RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                && !isTestClass(type);
    }

    private static boolean isTestClass(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().contains("test-classes");
    }

    static Set<String> actions(String service, String operation, SdkRequest request) {
        if (!"DynamoDb".equals(service)) {
            String prefix = "SesV2".equals(service) ? "ses" : service.toLowerCase(java.util.Locale.ROOT);
            // IAM has no SendMessageBatch action: SQS authorizes a batch as sqs:SendMessage.
            String action = "sqs".equals(prefix) && "SendMessageBatch".equals(operation) ? "SendMessage" : operation;
            return Set.of(prefix + ":" + action);
        }
        Set<String> actions = new TreeSet<>();
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                actions.add(
                        item.put() != null
                                ? "dynamodb:PutItem table"
                                : item.update() != null
                                        ? "dynamodb:UpdateItem table"
                                        : item.delete() != null
                                                ? "dynamodb:DeleteItem table"
                                                : "dynamodb:ConditionCheckItem table");
            }
        } else if (request instanceof TransactGetItemsRequest) {
            actions.add("dynamodb:GetItem table");
        } else if (request instanceof QueryRequest query) {
            actions.add("dynamodb:Query " + (query.indexName() == null ? "table" : "index/" + query.indexName()));
        } else if (request instanceof ScanRequest scan) {
            actions.add("dynamodb:Scan " + (scan.indexName() == null ? "table" : "index/" + scan.indexName()));
        } else {
            actions.add("dynamodb:" + operation + " table");
        }
        return actions;
    }
}
