package dev.autojoin.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crac.Resource;

/**
 * What the Lambda runtime does at a cold start, and nothing more: load the handler class by name, construct it with
 * its public no-argument constructor (INIT), hand it one event (INVOKE), print what it answered. The same for the
 * real handler and for the floor, so the difference is ours. Prints how long INIT and the invoke took and its CPU
 * time on stderr. With {@code -Dautojoin.bench.prime=true} INIT ends with the handler's SnapStart priming, so the
 * invoke is what the first request after a restore costs (minus the restore).
 */
public final class Invoke {
    private Invoke() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Invoke <handler class> <event file>");
        }
        long start = System.nanoTime();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        RequestStreamHandler handler =
                (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        if (Boolean.getBoolean("autojoin.bench.prime")) {
            prime(handler);
        }
        long initialized = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new ColdContext());
        long invoked = System.nanoTime();
        System.out.write(out.toByteArray());
        System.out.println();
        System.out.flush();
        System.err.println("init_ms=" + (initialized - start) / 1_000_000);
        System.err.println("invoke_ms=" + (invoked - initialized) / 1_000_000);
        System.err.println("cpu_ms="
                + ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .map(d -> d.toMillis())
                        .orElse(-1L));
    }

    /**
     * What SnapStart does before it takes the snapshot: run the handler's priming ({@code org.crac.Resource}). A JVM
     * without CRaC cannot checkpoint, so the resource the handler registered is called directly.
     */
    private static void prime(RequestStreamHandler handler) throws Exception {
        Field priming = handler.getClass().getDeclaredField("priming");
        priming.setAccessible(true);
        ((Resource) priming.get(handler)).beforeCheckpoint(null);
    }

    /** A fixed context: a random request id would load SecureRandom in both runs and flatter the ratio. */
    private static final class ColdContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "bench";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 4000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
