package dev.autojoin.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.app.ConfigureDomain;
import dev.autojoin.config.Env;
import dev.autojoin.config.Wiring;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.Enrollment;
import dev.autojoin.domain.NotFoundException;
import dev.autojoin.domain.VerificationMethod;
import dev.autojoin.testing.Emulator;
import dev.autojoin.testing.TableFromTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start, whole process (issue 7, item 1): a fresh JVM that constructs the real {@code PostSignupHandler} and
 * handles one auto-join event against moto, alternated with the floor (the same JVM, flags and class path running
 * {@link EmptyHandler}), timed from outside. Every run is checked: the floor must echo its event, the cold start must
 * log {@code signup.joined} and leave the membership in the table, so a broken run cannot look fast.
 *
 * <p>System properties: {@code runs} (10), {@code warmup} (2), {@code variants} (all), {@code lambdaJar},
 * {@code benchJar}, {@code work} (a scratch directory), {@code jdk25} (a JDK 25 home, for the AOT cache).
 */
public final class ColdStart {
    static final String HANDLER = "dev.autojoin.handler.PostSignupHandler";
    static final String FLOOR = EmptyHandler.class.getName();
    static final String TABLE = "autojoin-bench";
    static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final List<String> classPath;
    private final Map<String, String> environment;
    private final Emulator emulator;
    private final Wiring wiring;
    private final String companyId;
    private final byte[] eventTemplate;

    /** One way to start the JVM: which java, which flags, and what the training run writes (if any). */
    record Variant(String name, Path java, List<String> flags, List<String> train, List<String> use, String note) {}

    /** Wall and CPU milliseconds of one process; how long its INIT and its one invoke took, as it saw them. */
    record Run(double wallMs, long cpuMs, long initMs, long invokeMs) {}

    /** The runs of one variant. */
    record Result(Variant variant, List<Run> floor, List<Run> cold) {}

    private ColdStart(Path work, List<String> classPath, Emulator emulator) throws IOException {
        this.work = work;
        this.classPath = classPath;
        this.emulator = emulator;
        emulator.resetAll(TABLE);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TABLE_NAME", TABLE);
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("SENDER_EMAIL", Emulator.SENDER);
        env.put("APP_BASE_URL", "http://localhost:3000");
        env.put("SIGNUP_WEBHOOK_SECRET", "whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMDEyMzQ1Njc4OWFi");
        this.environment = Map.copyOf(env);
        this.wiring = new Wiring(new Env(environment::get), Clock.systemUTC(), emulator.dynamoDb());
        this.companyId = seedAcmeWithAutoJoin(wiring);
        this.eventTemplate = Files.readAllBytes(
                TableFromTemplate.findRepoRoot().orElseThrow().resolve("events/cognito-post-confirmation-signup.json"));
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 10);
        int warmup = Integer.getInteger("warmup", 2);
        Path work = Path.of(System.getProperty("work", "bench/target/cold-start"));
        Files.createDirectories(work);
        List<String> classPath = List.of(require("lambdaJar"), require("benchJar"));
        Path lambdaJar = Path.of(classPath.get(0));
        String before = loadAverage();
        ColdStart bench = new ColdStart(work, classPath, Emulator.shared());

        List<Variant> variants = bench.variants(Optional.ofNullable(System.getProperty("jdk25"))
                .filter(home -> !home.isBlank())
                .map(Path::of));
        String only = System.getProperty("variants", "");
        if (!only.isBlank()) {
            List<String> wanted = Arrays.asList(only.split(","));
            variants.removeIf(v -> !wanted.contains(v.name()));
        }
        List<Result> results = new ArrayList<>();
        for (Variant variant : variants) {
            System.err.printf("cold start: %s (%d warm-up + %d runs each)%n", variant.name(), warmup, runs);
            results.add(bench.measure(variant, warmup, runs));
        }
        String after = loadAverage();

        StringBuilder out = new StringBuilder();
        out.append("## Cold start, whole process (")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load average before ")
                .append(before)
                .append(", after ")
                .append(after)
                .append(")\n\n");
        out.append(table(results, runs));
        out.append('\n').append(bench.lean(lambdaJar, variants.isEmpty() ? null : variants.get(0)));
        System.out.println(out);
        Files.writeString(work.resolve("cold-start.md"), out.toString());
    }

    List<Variant> variants(Optional<Path> jdk25) {
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jsa = work.resolve("app-cds.jsa");
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("plain", java17, List.of(), List.of(), List.of(), "java -cp lambda.jar"));
        variants.add(new Variant("c1-serial", java17, C1_SERIAL, List.of(), List.of(), String.join(" ", C1_SERIAL)));
        variants.add(new Variant(
                "c1-serial-primed",
                java17,
                C1_SERIAL,
                List.of(),
                List.of("-Dautojoin.bench.prime=true"),
                "+ SnapStart priming run at INIT (what a restore skips; the restore itself is not measured)"));
        variants.add(new Variant(
                "appcds",
                java17,
                C1_SERIAL,
                List.of("-XX:ArchiveClassesAtExit=" + jsa),
                List.of("-XX:SharedArchiveFile=" + jsa),
                "+ AppCDS (dynamic archive of a training run)"));
        jdk25.map(home -> home.resolve("bin/java")).filter(Files::isExecutable).ifPresent(java25 -> {
            Path aot = work.resolve("app.aot");
            variants.add(new Variant("jdk25-c1-serial", java25, C1_SERIAL, List.of(), List.of(), "JDK 25, no cache"));
            variants.add(new Variant(
                    "jdk25-aot",
                    java25,
                    C1_SERIAL,
                    List.of("-XX:AOTCacheOutput=" + aot),
                    List.of("-XX:AOTCache=" + aot),
                    "JDK 25 + AOT cache (JEP 483/514/515)"));
        });
        return variants;
    }

    Result measure(Variant variant, int warmup, int runs) throws Exception {
        if (!variant.train().isEmpty()) {
            List<String> training = new ArrayList<>(variant.flags());
            training.addAll(variant.train());
            coldStart(variant.java(), training, "train-" + variant.name());
        }
        List<String> coldFlags = new ArrayList<>(variant.flags());
        coldFlags.addAll(variant.use());
        List<Run> floor = new ArrayList<>();
        List<Run> cold = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            Run f = floorRun(variant.java(), variant.flags(), variant.name() + "-floor-" + i);
            Run c = coldStart(variant.java(), coldFlags, variant.name() + "-cold-" + i);
            if (i >= warmup) {
                floor.add(f);
                cold.add(c);
            }
        }
        return new Result(variant, floor, cold);
    }

    private Run floorRun(Path java, List<String> flags, String name) throws IOException, InterruptedException {
        String sub = UUID.randomUUID().toString();
        Child process = new Child(java, flags, FLOOR, event(sub), name);
        if (!process.stdout().contains(sub)) {
            throw new IllegalStateException(name + ": the floor did not echo its event:\n" + process.describe());
        }
        return process.run();
    }

    private Run coldStart(Path java, List<String> flags, String name) throws IOException, InterruptedException {
        String sub = UUID.randomUUID().toString();
        Child process = new Child(java, flags, HANDLER, event(sub), name);
        if (!process.stdout().contains("\"event\":\"signup.joined\"")) {
            throw new IllegalStateException(name + ": the handler did not log signup.joined:\n" + process.describe());
        }
        try {
            wiring.access().requireMember(new Caller(sub, Optional.empty(), false), companyId);
        } catch (NotFoundException e) {
            throw new IllegalStateException(name + ": no membership in the table for " + sub, e);
        }
        return process.run();
    }

    /** A started-and-finished JVM: its wall time, measured here, and its CPU time, reported by itself. */
    private final class Child {
        private final List<String> command = new ArrayList<>();
        private final Path stdout;
        private final Path stderr;
        private final int exit;
        private final double wallMs;

        Child(Path java, List<String> flags, String handler, Path event, String name)
                throws IOException, InterruptedException {
            command.add(java.toString());
            command.addAll(flags);
            command.add("-cp");
            command.add(String.join(":", classPath));
            command.add(Invoke.class.getName());
            command.add(handler);
            command.add(event.toString());
            stdout = work.resolve(name + ".out");
            stderr = work.resolve(name + ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            // Lambda's own options come from the variant, never from the caller's shell.
            env.remove("JAVA_TOOL_OPTIONS");
            env.remove("_JAVA_OPTIONS");
            env.remove("JDK_JAVA_OPTIONS");
            env.putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            exit = process.waitFor();
            wallMs = (System.nanoTime() - start) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException(name + " exited with " + exit + ":\n" + describe());
            }
        }

        String stdout() {
            return read(stdout);
        }

        Run run() {
            String err = read(stderr);
            return new Run(wallMs, reported(err, "cpu_ms"), reported(err, "init_ms"), reported(err, "invoke_ms"));
        }

        String describe() {
            return String.join(" ", command) + "\n--- stdout\n" + read(stdout) + "\n--- stderr\n" + read(stderr);
        }
    }

    private Path event(String sub) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(eventTemplate);
        event.put("userName", sub);
        ((ObjectNode) event.path("request").path("userAttributes")).put("sub", sub);
        Path file = work.resolve("event-" + sub + ".json");
        Files.write(file, JSON.writeValueAsBytes(event));
        file.toFile().deleteOnExit();
        return file;
    }

    /** Acme, with a verified claim on acme.com (the sample event's domain) in auto_join. */
    static String seedAcmeWithAutoJoin(Wiring wiring) {
        Caller alice = new Caller("bench-alice", Optional.of(EmailAddress.parse("alice@acme.com")), true);
        String id = wiring.createCompany().create(alice, "Acme").id();
        wiring.claimDomain().claim(alice, id, "acme.com", VerificationMethod.parse("email"), Optional.empty());
        wiring.configureDomain()
                .configure(
                        alice,
                        id,
                        "acme.com",
                        new ConfigureDomain.Changes(
                                Optional.of(Enrollment.parse("auto_join")),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        OptionalLong.empty());
        return id;
    }

    static String table(List<Result> results, int runs) {
        StringBuilder md = new StringBuilder();
        md.append("| variant | JVM flags | floor ms, median (min–max) | cold start ms, median (min–max) "
                + "| cold ÷ floor | CPU ms floor / cold | cold: INIT / invoke ms |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            double floor = median(r.floor().stream().map(Run::wallMs).toList());
            double cold = median(r.cold().stream().map(Run::wallMs).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | **%.1f×** | %.0f / %.0f | %.0f / %.0f |%n",
                    r.variant().name(),
                    r.variant().note(),
                    floor,
                    min(r.floor()),
                    max(r.floor()),
                    cold,
                    min(r.cold()),
                    max(r.cold()),
                    cold / floor,
                    median(r.floor().stream().map(x -> (double) x.cpuMs()).toList()),
                    median(r.cold().stream().map(x -> (double) x.cpuMs()).toList()),
                    median(r.cold().stream().map(x -> (double) x.initMs()).toList()),
                    median(r.cold().stream().map(x -> (double) x.invokeMs()).toList())));
        }
        md.append(String.format(
                Locale.ROOT,
                "%n%d runs each after the warm-up, floor and cold start alternated; wall time of the whole process"
                        + " measured by the parent; CPU, INIT and invoke as the child reports them (medians). Goals: ≤ 12× with the plain jar, ≤ 6× with the shipped"
                        + " configuration.%n",
                runs));
        return md.toString();
    }

    /** What INIT loads, by origin and package, for one cold start and its floor; the jar's size. */
    String lean(Path lambdaJar, Variant variant) throws IOException, InterruptedException {
        StringBuilder md = new StringBuilder("## Lean\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Lambda jar: %s, %.1f MB (goal ≤ 20 MB)%n%n",
                lambdaJar.getFileName(),
                Files.size(lambdaJar) / 1e6));
        if (variant == null) {
            return md.toString();
        }
        Path coldLog = work.resolve("classes-cold.log");
        Path floorLog = work.resolve("classes-floor.log");
        Files.deleteIfExists(coldLog);
        Files.deleteIfExists(floorLog);
        new Child(
                variant.java(),
                List.of("-Xlog:class+load=info:file=" + floorLog),
                FLOOR,
                event(UUID.randomUUID().toString()),
                "classes-floor");
        coldStart(variant.java(), List.of("-Xlog:class+load=info:file=" + coldLog), "classes-cold");
        List<String> floor = loaded(floorLog);
        List<String> cold = loaded(coldLog);
        Map<String, Long> bySource = cold.stream()
                .collect(Collectors.groupingBy(
                        line -> line.contains("source: jrt:") || line.contains("shared objects file")
                                ? "JDK"
                                : line.contains(".jar") ? "the Lambda jar" : "generated (lambdas, proxies)",
                        TreeMap::new,
                        Collectors.counting()));
        md.append(String.format(
                Locale.ROOT,
                "Classes loaded by one cold start (%s JVM, no flags): %d; by the floor: %d. Of the cold start's: %s.%n%n",
                variant.java().getParent().getParent().getFileName(),
                cold.size(),
                floor.size(),
                bySource.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "))));
        Map<String, Long> byPackage = cold.stream()
                .filter(line -> line.contains(".jar"))
                .map(ColdStart::className)
                .collect(Collectors.groupingBy(ColdStart::packageGroup, Collectors.counting()));
        md.append("| package (from the jar) | classes |\n|---|---:|\n");
        byPackage.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> md.append("| ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(e.getValue())
                        .append(" |\n"));
        List<String> suspects = cold.stream()
                .map(ColdStart::className)
                .filter(name -> Stream.of(
                                "io.netty.",
                                "org.apache.http",
                                "software.amazon.awssdk.http.apache",
                                "software.amazon.awssdk.http.nio",
                                "software.amazon.awssdk.http.crt",
                                "javax.xml.",
                                "org.xml.",
                                "org.w3c.",
                                "com.sun.org.apache.",
                                "jdk.xml.",
                                "software.amazon.awssdk.services.sesv2.",
                                "software.amazon.awssdk.profiles.",
                                "software.amazon.awssdk.services.sts",
                                "software.amazon.awssdk.auth.credentials.ProfileCredentials",
                                "software.amazon.awssdk.auth.credentials.InstanceProfile",
                                "com.fasterxml.jackson.dataformat",
                                "software.amazon.awssdk.enhanced.dynamodb.mapper.BeanTableSchema")
                        .anyMatch(name::startsWith))
                .collect(Collectors.groupingBy(ColdStart::packageGroup, TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
        md.append("\nLoaded though a request may not need them (HTTP clients other than URLConnection, XML, SES, "
                        + "profile files, STS, bean table schemas): ")
                .append(suspects.isEmpty() ? "none" : String.join(", ", suspects))
                .append(".\n");
        return md.toString();
    }

    private static List<String> loaded(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" source: ")).toList();
        }
    }

    private static String className(String logLine) {
        String rest = logLine.substring(logLine.indexOf("] ", logLine.indexOf("[class,load]")) + 2);
        return rest.substring(0, rest.indexOf(' '));
    }

    /** A library's part: software.amazon.awssdk.core, software.amazon.awssdk.services.dynamodb, dev.autojoin.app. */
    private static String packageGroup(String className) {
        String[] parts = className.split("\\.");
        int wanted = className.startsWith("software.amazon.awssdk.services.") ? 5 : 4;
        int segments = Math.min(wanted, parts.length - 1);
        return String.join(".", Arrays.copyOf(parts, Math.max(1, segments)));
    }

    private static long reported(String stderr, String name) {
        Matcher value =
                Pattern.compile("^" + name + "=(\\d+)$", Pattern.MULTILINE).matcher(stderr);
        return value.find() ? Long.parseLong(value.group(1)) : -1;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Run> runs) {
        return runs.stream().mapToDouble(Run::wallMs).min().orElse(Double.NaN);
    }

    private static double max(List<Run> runs) {
        return runs.stream().mapToDouble(Run::wallMs).max().orElse(Double.NaN);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String require(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException(
                    "-D" + property + " must name a built jar (bench/run sets it), was " + value);
        }
        return value;
    }
}
