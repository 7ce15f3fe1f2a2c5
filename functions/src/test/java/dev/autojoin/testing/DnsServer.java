package dev.autojoin.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real DNS server for tests and {@code ./run}: a {@code dnsmasq} child process on a free 127.0.0.1 port (UDP and
 * TCP) serving the TXT records a test publishes and answering NXDOMAIN for every other name. dnsmasq reads
 * {@code txt-record} only at start (SIGHUP re-reads hosts files, not its configuration), so each publication
 * rewrites the configuration and restarts it on the same port. Stopped by {@link #close()} or a JVM shutdown hook.
 */
public final class DnsServer implements AutoCloseable {

    static final String NOT_FOUND = "dnsmasq not found: install it with `apt-get install dnsmasq-base`"
            + " (Debian/Ubuntu; `brew install dnsmasq` on macOS)";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_STRING = 255;

    private final Path executable;
    private final Path dir;
    private final int port;
    private final Map<String, List<List<String>>> records = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::stop, "dns-server-stop");
    private Process process;

    private DnsServer(Path executable, Path dir, int port) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
    }

    /** Starts dnsmasq with no records; throws {@link IllegalStateException} saying why it could not. */
    public static DnsServer start() {
        Path executable = locate();
        try {
            DnsServer server = new DnsServer(executable, Files.createTempDirectory("dns-server-"), freePort());
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    /** What {@code DNS_RESOLVER} is set to: {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * Replaces the TXT records at {@code name} with one record per value (a value longer than 255 characters is
     * split into several character-strings, as DNS providers do); no values removes them.
     */
    public synchronized void publish(String name, List<String> values) {
        List<List<String>> split = new ArrayList<>();
        for (String value : values) {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < value.length(); i += MAX_STRING) {
                strings.add(value.substring(i, Math.min(value.length(), i + MAX_STRING)));
            }
            split.add(strings.isEmpty() ? List.of("") : strings);
        }
        publishRecords(name, split);
    }

    /** Replaces the TXT records at {@code name}; each record is given as its character-strings. */
    public synchronized void publishRecords(String name, List<List<String>> txtRecords) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        for (List<String> record : txtRecords) {
            for (String string : record) {
                if (string.length() > MAX_STRING || !string.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw new IllegalArgumentException("a character-string is printable ASCII, at most 255: " + string);
                }
            }
        }
        if (txtRecords.isEmpty()) {
            records.remove(key);
        } else {
            records.put(key, List.copyOf(txtRecords));
        }
        restart();
    }

    /** A spell during which the server is down; closing it brings the server back on the same port. */
    public interface Outage extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Stops the server until the returned outage is closed: meanwhile every lookup fails with no answer at all, as
     * when the resolver is down (the closed port refuses each query at once).
     */
    public synchronized Outage outage() {
        stop();
        return this::restart;
    }

    /** Removes every record. */
    public synchronized void clear() {
        records.clear();
        restart();
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void restart() {
        stop();
        Path config = dir.resolve("dnsmasq.conf");
        Path log = dir.resolve("dnsmasq.log");
        try {
            Files.writeString(config, configuration(), StandardCharsets.US_ASCII);
            process = new ProcessBuilder(
                            executable.toString(),
                            "--conf-file=" + config,
                            "--keep-in-foreground",
                            "--log-facility=-",
                            "--pid-file=",
                            "--user=" + System.getProperty("user.name"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
        awaitReady(log);
    }

    private String configuration() {
        StringBuilder conf = new StringBuilder();
        conf.append("port=").append(port).append('\n');
        conf.append("listen-address=127.0.0.1\n");
        conf.append("bind-interfaces\n");
        conf.append("no-resolv\nno-hosts\nno-poll\n");
        // Every name not configured here is answered locally (NXDOMAIN), never forwarded.
        conf.append("local=/#/\n");
        records.forEach((name, txtRecords) -> txtRecords.forEach(strings -> {
            conf.append("txt-record=").append(name);
            strings.forEach(s -> conf.append(",\"")
                    .append(s.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"'));
            conf.append('\n');
        }));
        return conf.toString();
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with code " + process.exitValue() + "; log " + log
                        + ":\n" + String.join("\n", tail(log)));
            }
            // Ready when it answers a query over UDP and accepts a TCP connection: the two ways lookups reach it. (A
            // TCP
            // accept alone was once taken while the UDP side did not answer yet: a lookup then met "port unreachable".)
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                org.xbill.DNS.SimpleResolver udp =
                        new org.xbill.DNS.SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                udp.setTimeout(Duration.ofMillis(300));
                udp.send(org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                        org.xbill.DNS.Name.fromConstantString("ready.invalid."),
                        org.xbill.DNS.Type.TXT,
                        org.xbill.DNS.DClass.IN)));
                if (process.isAlive()) {
                    return;
                }
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        stop();
        throw new IllegalStateException(
                "dnsmasq did not listen on " + address() + " within " + START_TIMEOUT.toSeconds() + " s; log " + log);
    }

    private synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static List<String> tail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - 20), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    /** PATH first, then the sbin directories a non-root PATH often lacks. */
    private static Path locate() {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/opt/homebrew/sbin"));
        Optional<Path> found = dirs.stream()
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "dnsmasq"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException(NOT_FOUND));
    }

    /** A port free for both TCP and UDP on 127.0.0.1. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp =
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException udpTaken) {
                // try another
            }
        }
        throw new IOException("no port free for both TCP and UDP on 127.0.0.1");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
