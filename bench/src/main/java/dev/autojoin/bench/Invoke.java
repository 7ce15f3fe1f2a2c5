package dev.autojoin.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.autojoin.handler.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        handler.handleRequest(
                new ByteArrayInputStream(event),
                out,
                new InvocationContext("cold-start", "bench", "us-east-1", Duration.ofSeconds(4), 1024));
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
}
