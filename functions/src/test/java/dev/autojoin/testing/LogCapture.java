package dev.autojoin.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps a copy of everything the test JVM prints (every log line of every handler) under {@code target/test-logs},
 * where {@link LogHygiene} reads it after the suite: logs must never hold a token, a JWT or a full email address.
 */
public final class LogCapture implements LauncherSessionListener {
    static final Path DIRECTORY = Path.of(System.getProperty("autojoin.testLogs", "target/test-logs"));

    private PrintStream originalOut;
    private PrintStream originalErr;
    private OutputStream file;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            Files.createDirectories(DIRECTORY);
            file = new FileOutputStream(
                    DIRECTORY.resolve(ProcessHandle.current().pid() + ".log").toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Tee(originalOut, file), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, file), true, StandardCharsets.UTF_8));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
        try {
            file.close();
        } catch (IOException ignored) {
            // The copy is best effort; the suite's own result does not depend on it.
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream copy;

        Tee(OutputStream console, OutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            console.flush();
            copy.flush();
        }
    }
}
