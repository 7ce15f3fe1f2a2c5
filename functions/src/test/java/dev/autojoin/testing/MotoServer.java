package dev.autojoin.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code moto_server} child process (DynamoDB + SES v2 on one port) bound to 127.0.0.1 on a free port, with its
 * memory capped. Stopped by {@link #close()} or, at the latest, by a JVM shutdown hook.
 */
public final class MotoServer implements AutoCloseable {

    static final String NOT_FOUND = "moto_server not found on PATH or in .venv: install it with"
            + " `pipx install 'moto[server]>=5,<6'` (or `scripts/prerequisites --install moto`), or set"
            + " AWS_ENDPOINT_URL to a running emulator";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final long DEFAULT_MEMORY_MB = 2048;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::stop, "moto-server-stop");

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto and returns once it answers; throws {@link IllegalStateException} saying why it could not. */
    public static MotoServer start() {
        Path executable = locate();
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-server-", ".log");
            // exec keeps moto at the PID we hold; "$0" avoids quoting the path. ulimit may fail (macOS): moto still
            // runs.
            String script = "ulimit -v " + memoryLimitMb() * 1024 + "; exec \"$0\" -H 127.0.0.1 -p " + port;
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script, executable.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // glibc reserves an arena per thread (64 MB of address space each): without this cap, many threads on a
            // many-core machine can hit the ulimit above while using little memory.
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment()
                    .put("PYTHONPATH", pythonPath(builder.environment().get("PYTHONPATH")));
            Process process = builder.start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start moto_server " + executable, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * A folder holding the harness's {@code sitecustomize.py}, ahead of whatever PYTHONPATH held: moto's
     * TransactWriteItems copies the table once per transaction instead of once per action (same semantics, bulk writes
     * that do not slow with the table); moto's record of every model instance it ever made holds them weakly (it kept
     * every item of every transaction's rollback copy: memory grew by the table's size per transaction);
     * {@code /moto-api/data.json?service=ses} answers one service; {@code AUTOJOIN_SES_SENT_KEPT}, when set, keeps
     * only that many of the newest sent emails.
     */
    private static String pythonPath(String existing) throws IOException {
        Path folder = Files.createTempDirectory("moto-site-");
        try (var in = MotoServer.class.getResourceAsStream("/moto/sitecustomize.py")) {
            if (in == null) {
                throw new IllegalStateException("moto/sitecustomize.py is missing from the test harness");
            }
            Files.copy(in, folder.resolve("sitecustomize.py"));
        }
        folder.toFile().deleteOnExit();
        folder.resolve("sitecustomize.py").toFile().deleteOnExit();
        return existing == null || existing.isBlank()
                ? folder.toString()
                : folder + java.io.File.pathSeparator + existing;
    }

    /** Drops every table, identity and sent email (POST /moto-api/reset). */
    public void reset() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw failure("start was interrupted");
            }
            sleep(100);
        }
        close();
        throw failure("did not answer GET /moto-api/ within " + START_TIMEOUT.toSeconds() + " s");
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(
                "moto_server at " + endpoint + " " + what + "; log " + log + ":\n" + String.join("\n", logTail()));
    }

    private List<String> logTail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - 20), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto_server at " + endpoint + " did not answer; log " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto_server", e);
        }
    }

    /** PATH first, then the repository's .venv (where `scripts/prerequisites --install` puts it). */
    private static Path locate() {
        Path inVenv = TableFromTemplate.findRepoRoot()
                .orElseGet(() -> Path.of("").toAbsolutePath())
                .resolve(".venv/bin/moto_server");
        return Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .filter(dir -> !dir.isBlank())
                                .map(dir -> Path.of(dir, "moto_server")),
                        Stream.of(inVenv))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(NOT_FOUND));
    }

    private static long memoryLimitMb() {
        String configured = System.getenv("MOTO_MEMORY_MB");
        if (configured == null || configured.isBlank()) {
            return DEFAULT_MEMORY_MB;
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("MOTO_MEMORY_MB must be a number of megabytes, was: " + configured);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
