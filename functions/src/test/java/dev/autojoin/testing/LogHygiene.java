package dev.autojoin.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Run by the build after every test (exec-maven-plugin, phase verify): fails when any captured log line holds a JWT,
 * something shaped like a raw 256-bit token, or an email address that is not masked ({@code b***@acme.com}).
 */
public final class LogHygiene {
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    /** 43 base64url characters mixing digits and both cases: what 32 random bytes look like, not an identifier. */
    static final Pattern RAW_TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9_-])(?=[A-Za-z_-]*[0-9])(?=[a-z0-9_-]*[A-Z])(?=[A-Z0-9_-]*[a-z])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_=-])");

    static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+*'-]+)@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    static final Pattern MASKED_LOCAL = Pattern.compile(".\\*\\*\\*");

    private LogHygiene() {}

    public static void main(String[] args) throws IOException {
        Path directory = args.length > 0 ? Path.of(args[0]) : LogCapture.DIRECTORY;
        if (!Files.isDirectory(directory)) {
            System.out.println("log hygiene: no captured logs under " + directory);
            return;
        }
        List<String> findings = new ArrayList<>();
        int lines = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lines++;
                    problem(line).ifPresent(p -> findings.add(file.getFileName() + ": " + p));
                }
            }
        }
        if (!findings.isEmpty()) {
            findings.stream().limit(20).forEach(f -> System.out.println("log hygiene: " + f));
            throw new IllegalStateException(findings.size() + " log line(s) leak a token, a JWT or an email address");
        }
        System.out.println("log hygiene: " + lines + " captured lines, no token, JWT or unmasked email");
    }

    /** What is wrong with a line, described without repeating the secret itself. */
    static java.util.Optional<String> problem(String line) {
        if (JWT.matcher(line).find()) {
            return java.util.Optional.of("a JWT");
        }
        if (RAW_TOKEN.matcher(line).find()) {
            return java.util.Optional.of("a 43-character base64url token");
        }
        Matcher email = EMAIL.matcher(line);
        while (email.find()) {
            if (!MASKED_LOCAL.matcher(email.group(1)).matches()) {
                return java.util.Optional.of(
                        "an unmasked email address at " + email.group().replaceAll(".*@", "@"));
            }
        }
        return java.util.Optional.empty();
    }
}
