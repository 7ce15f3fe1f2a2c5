package dev.autojoin.domain;

import com.google.common.net.InternetDomainName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Says whether a domain could belong to one company: never a public suffix or a free or disposable mail provider.
 * Lists match whole names only (the domain or an ancestor down to its registrable domain), never by string suffix.
 */
public final class MailDomainPolicy {
    /** What a domain is, for claiming and auto-join. */
    public enum Kind {
        /** May be claimed by a company. */
        COMPANY,
        /** A provider anyone can sign up at, such as gmail.com. */
        FREE_MAIL,
        /** A throwaway-inbox provider, such as mailinator.com. */
        DISPOSABLE,
        /** A suffix under which others register names, such as com, co.uk or github.io. */
        PUBLIC_SUFFIX,
        /** Not under any suffix on the Public Suffix List (unknown or reserved TLD, such as .test or .local). */
        NOT_REGISTRABLE
    }

    private static final String RESOURCE_DIR = "/maildomains/";

    private final Predicate<String> freeMail;
    private final Predicate<String> disposable;

    /** Uses the lists bundled in the jar, read on first use. */
    public MailDomainPolicy() {
        this.freeMail = domain -> BundledFreeMail.LIST.contains(domain);
        this.disposable = domain -> BundledDisposable.LIST.contains(domain);
    }

    /** Uses the given domain lists (any case) instead of the bundled ones. */
    public MailDomainPolicy(Set<String> freeMailDomains, Set<String> disposableDomains) {
        DomainList free = DomainList.of(freeMailDomains);
        DomainList throwaway = DomainList.of(disposableDomains);
        this.freeMail = free::contains;
        this.disposable = throwaway::contains;
    }

    /** The process-wide policy over the bundled lists. */
    public static MailDomainPolicy bundled() {
        return Shared.INSTANCE;
    }

    /** Entries in the bundled free-mail list; the first call loads it, so a handler's init phase can pay for it. */
    public static int bundledFreeMailCount() {
        return BundledFreeMail.LIST.size();
    }

    /** Entries in the bundled disposable list; the first call loads it, so a handler's init phase can pay for it. */
    public static int bundledDisposableCount() {
        return BundledDisposable.LIST.size();
    }

    public Kind classify(DomainName domain) {
        InternetDomainName name;
        try {
            name = InternetDomainName.from(domain.value());
        } catch (IllegalArgumentException e) {
            // Guava refuses a few names we accept (a TLD starting with a digit); no such TLD is delegated.
            return Kind.NOT_REGISTRABLE;
        }
        if (name.isPublicSuffix()) {
            return Kind.PUBLIC_SUFFIX;
        }
        if (!name.isUnderPublicSuffix()) {
            return Kind.NOT_REGISTRABLE;
        }
        List<String> candidates =
                listedCandidates(domain, name.topPrivateDomain().toString());
        if (candidates.stream().anyMatch(freeMail)) {
            return Kind.FREE_MAIL;
        }
        if (candidates.stream().anyMatch(disposable)) {
            return Kind.DISPOSABLE;
        }
        return Kind.COMPANY;
    }

    /**
     * The domain one registers at a registrar: {@code acme.com} for {@code eng.acme.com}, {@code acme.co.uk} for
     * {@code www.acme.co.uk}, {@code acme.github.io} for itself.
     *
     * @throws DomainNotAllowedException {@code public_suffix} or {@code not_registrable} when there is none
     */
    public DomainName registrable(DomainName domain) {
        InternetDomainName name;
        try {
            name = InternetDomainName.from(domain.value());
        } catch (IllegalArgumentException e) {
            throw notRegistrable(domain);
        }
        if (name.isPublicSuffix()) {
            throw publicSuffix(domain);
        }
        if (!name.isUnderPublicSuffix()) {
            throw notRegistrable(domain);
        }
        return new DomainName(name.topPrivateDomain().toString());
    }

    /** Refuses a domain no company may claim; returns quietly for a company domain. */
    public void requireClaimable(DomainName domain) {
        switch (classify(domain)) {
            case COMPANY -> {
                return;
            }
            case PUBLIC_SUFFIX -> throw publicSuffix(domain);
            case NOT_REGISTRABLE -> throw notRegistrable(domain);
            case FREE_MAIL -> throw new DomainNotAllowedException(
                    "free_email_domain", domain + " belongs to a free email provider where anyone can get an address");
            case DISPOSABLE -> throw new DomainNotAllowedException(
                    "disposable_email_domain",
                    domain + " belongs to a disposable email provider where anyone can get an address");
            default -> throw new IllegalStateException("unhandled kind of domain");
        }
    }

    /** The domain itself and each ancestor down to its registrable domain: the names a list entry must equal. */
    private static List<String> listedCandidates(DomainName domain, String registrable) {
        List<String> candidates = new ArrayList<>();
        candidates.add(domain.value());
        if (!domain.value().equals(registrable)) {
            for (DomainName ancestor : domain.ancestors()) {
                candidates.add(ancestor.value());
                if (ancestor.value().equals(registrable)) {
                    break;
                }
            }
        }
        return candidates;
    }

    private static DomainNotAllowedException publicSuffix(DomainName domain) {
        return new DomainNotAllowedException(
                "public_suffix",
                domain + " is a public suffix under which anyone can register names; use your own domain");
    }

    private static DomainNotAllowedException notRegistrable(DomainName domain) {
        return new DomainNotAllowedException(
                "not_registrable",
                domain + " is not under a known public top-level domain, so it cannot be registered");
    }

    /** A sorted array searched by bisection: about half the memory of a HashSet for 10^5 short strings. */
    private static final class DomainList {
        private final String[] sorted;

        private DomainList(String[] sorted) {
            this.sorted = sorted;
        }

        static DomainList of(Collection<String> domains) {
            String[] entries = domains.stream()
                    .map(d -> d.toLowerCase(Locale.ROOT))
                    .distinct()
                    .toArray(String[]::new);
            Arrays.sort(entries);
            return new DomainList(entries);
        }

        static DomainList load(String fileName) {
            String path = RESOURCE_DIR + fileName;
            List<String> entries = new ArrayList<>();
            try (InputStream in = MailDomainPolicy.class.getResourceAsStream(path)) {
                if (in == null) {
                    // Without the list every free-mail domain would pass as a company: refuse to start.
                    throw new IllegalStateException("missing classpath resource " + path);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String entry = line.strip();
                    if (!entry.isEmpty() && entry.charAt(0) != '#') {
                        entries.add(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            String[] sorted = entries.toArray(String[]::new);
            // TimSort is linear on the already sorted file; the appended supplement is the only unsorted run.
            Arrays.sort(sorted);
            return new DomainList(sorted);
        }

        boolean contains(String domain) {
            return Arrays.binarySearch(sorted, domain) >= 0;
        }

        int size() {
            return sorted.length;
        }
    }

    private static final class BundledFreeMail {
        static final DomainList LIST = DomainList.load("free.txt");
    }

    private static final class BundledDisposable {
        static final DomainList LIST = DomainList.load("disposable.txt");
    }

    private static final class Shared {
        static final MailDomainPolicy INSTANCE = new MailDomainPolicy();
    }
}
