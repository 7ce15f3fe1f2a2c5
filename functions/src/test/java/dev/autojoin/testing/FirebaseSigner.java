package dev.autojoin.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Google's side of a Firebase Auth blocking function, on this machine: an RSA key with a self-signed X.509
 * certificate (made by the JDK's keytool), published as Google publishes its own ({@code {"<kid>": "<PEM>"}}), and
 * the {@code beforeCreate} tokens it signs. Tests and the local stack point {@code FIREBASE_CERTS_URL} at it.
 */
public final class FirebaseSigner {
    private final String keyId = UUID.randomUUID().toString();
    private final PrivateKey privateKey;
    private final String certificatePem;

    private FirebaseSigner(PrivateKey privateKey, String certificatePem) {
        this.privateKey = privateKey;
        this.certificatePem = certificatePem;
    }

    /** A new key and certificate (keytool takes about a second). */
    public static FirebaseSigner generate() {
        try {
            Path dir = Files.createTempDirectory("firebase-signer");
            Path store = dir.resolve("key.p12");
            String keytool =
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(
                            keytool,
                            "-genkeypair",
                            "-alias",
                            "google",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-sigalg",
                            "SHA256withRSA",
                            "-dname",
                            "CN=securetoken.system.gserviceaccount.com",
                            "-validity",
                            "30",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            "changeit",
                            "-keypass",
                            "changeit")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, "changeit".toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("google", "changeit".toCharArray());
            Certificate certificate = keys.getCertificate("google");
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.delete(store);
            Files.delete(dir);
            return new FirebaseSigner(key, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** The certificates document, as Google serves it. */
    public String certificates() {
        return "{\"" + keyId + "\":\"" + certificatePem.replace("\n", "\\n") + "\"}";
    }

    /** Serves {@link #certificates()} at the returned URL (127.0.0.1, a free port) with a one-hour max-age. */
    public URI serve() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.createContext("/certs", exchange -> {
                byte[] body = certificates().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
                exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600, must-revalidate");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(null);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs {@code claims} with this key, its key id in the header. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The token of a {@code beforeCreate} call as Identity Platform sends it (claims after its published sample). */
    public String beforeCreate(
            String projectId,
            String audience,
            String eventId,
            String uid,
            String email,
            boolean verified,
            Instant now) {
        return sign(new JWTClaimsSet.Builder()
                .issuer("https://securetoken.google.com/" + projectId)
                .audience(audience)
                .subject(uid)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("event_id", eventId)
                .claim("event_type", "beforeCreate")
                .claim("sign_in_method", "password")
                .claim(
                        "user_record",
                        email == null
                                ? Map.of("uid", uid)
                                : Map.of("uid", uid, "email", email, "email_verified", verified))
                .build());
    }
}
