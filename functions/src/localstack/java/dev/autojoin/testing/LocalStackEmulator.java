package dev.autojoin.testing;

import java.net.URI;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The opt-in second emulator ({@code mvn verify -Plocalstack}): LocalStack through Testcontainers. Without a Docker
 * engine the integration tests are skipped with one line, never failed; the default build never needs Docker.
 */
public final class LocalStackEmulator {
    static final String NO_DOCKER =
            "-Plocalstack: no Docker engine is reachable here, so the integration tests are skipped (the default build uses moto)";

    private LocalStackEmulator() {}

    /** Called reflectively by {@link Emulator#shared()} when {@code autojoin.emulator=localstack}. */
    public static URI start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            System.err.println(NO_DOCKER);
            throw new TestAbortedException(NO_DOCKER);
        }
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4"));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
        return container.getEndpoint();
    }
}
