package dev.autojoin.domain;

import com.google.common.net.InetAddresses;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DNS name in canonical form: lower-case ASCII, at least two labels, internationalized labels only as valid
 * Punycode A-labels, never an IP literal. Whether it is registrable is {@link MailDomainPolicy}'s question.
 * Refusals carry one code per reason: {@code ip_address}, {@code single_label}, else {@code invalid_domain}.
 */
public record DomainName(String value) {
    /** An IPv4 or IPv6 address, or a bracketed domain literal such as {@code [127.0.0.1]}. */
    public static final String IP_ADDRESS = "ip_address";
    /** One label only, such as {@code localhost} or {@code com}. */
    public static final String SINGLE_LABEL = "single_label";
    /** Not a DNS name at all (characters, empty labels, lengths, bad Punycode). */
    public static final String INVALID = "invalid_domain";

    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    /**
     * DNS allows 127; no mail domain needs more than a handful, and each label is one more key in the sign-up's and
     * a claim's single BatchGetItem (at most 100 keys): refused, not truncated.
     */
    static final int MAX_LABELS = 32;

    private static final String ACE_PREFIX = "xn--";

    public DomainName {
        Refusal refusal = problemWith(value);
        if (refusal != null) {
            throw new InvalidInputException(refusal.code(), refusal.detail(), "domain");
        }
    }

    /**
     * Reads a domain exactly as typed: refuses anything not already a valid name and never trims or repairs it.
     * Upper-case ASCII letters are lower-cased, since DNS names are case-insensitive.
     */
    public static DomainName parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("domain is empty");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c > 0x7e) {
                throw invalid("domain contains a non-ASCII character; use its xn-- A-label form");
            }
            if (c < 0x20 || c == 0x7f) {
                throw invalid("domain contains a control character");
            }
        }
        return new DomainName(raw.toLowerCase(Locale.ROOT));
    }

    /** The enclosing domains, nearest first, down to the last one that still has two labels. */
    public List<DomainName> ancestors() {
        List<DomainName> result = new ArrayList<>();
        String rest = value;
        int dot = rest.indexOf('.');
        while (dot >= 0) {
            rest = rest.substring(dot + 1);
            dot = rest.indexOf('.');
            if (dot < 0) {
                break;
            }
            result.add(new DomainName(rest));
        }
        return List.copyOf(result);
    }

    /** True only for a strict subdomain at a dot boundary: {@code eng.acme.com} of {@code acme.com}. */
    public boolean isSubdomainOf(DomainName parent) {
        String suffix = parent.value;
        return value.length() > suffix.length() + 1
                && value.endsWith(suffix)
                && value.charAt(value.length() - suffix.length() - 1) == '.';
    }

    @Override
    public String toString() {
        return value;
    }

    /** Why a value is not a domain, with the code a client branches on. */
    private record Refusal(String code, String detail) {}

    private static Refusal problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return new Refusal(INVALID, "domain is empty");
        }
        if (value.length() > MAX_LENGTH) {
            return new Refusal(INVALID, "domain is longer than " + MAX_LENGTH + " characters");
        }
        if (value.startsWith("[")) {
            return new Refusal(IP_ADDRESS, "domain literals such as [127.0.0.1] are not accepted; give a domain name");
        }
        if (InetAddresses.isInetAddress(value)) {
            return new Refusal(IP_ADDRESS, "IP addresses are not accepted as domains; give a domain name");
        }
        if (value.endsWith(".")) {
            return new Refusal(INVALID, "domain must not end with a dot");
        }
        String[] labels = value.split("\\.", -1);
        for (String label : labels) {
            String labelProblem = problemWithLabel(label);
            if (labelProblem != null) {
                return new Refusal(INVALID, labelProblem);
            }
        }
        if (labels.length < 2) {
            return new Refusal(SINGLE_LABEL, "domain must have at least two labels, such as acme.com");
        }
        if (labels.length > MAX_LABELS) {
            return new Refusal(INVALID, "domain must have at most " + MAX_LABELS + " labels");
        }
        // No top-level domain is all digits: 127.1 or 10.0.0.300 is an address (or a typo of one), not a name.
        if (isAllDigits(labels[labels.length - 1])) {
            return new Refusal(IP_ADDRESS, "IP addresses are not accepted as domains; give a domain name");
        }
        return null;
    }

    private static String problemWithLabel(String label) {
        if (label.isEmpty()) {
            return "domain has an empty label (two dots in a row, or a leading dot)";
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return "domain has a label longer than " + MAX_LABEL_LENGTH + " characters";
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return "domain may contain only lower-case letters a-z, digits, hyphens and dots";
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return "a domain label must not start or end with a hyphen";
        }
        // "--" at positions 3-4 is reserved by IDNA for encodings; xn-- is the only one in use.
        if (label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-') {
            if (!label.startsWith(ACE_PREFIX)) {
                return "a domain label must not have \"--\" in its third and fourth positions unless it is xn--";
            }
            if (!isValidALabel(label)) {
                return "domain has an xn-- label that is not valid Punycode";
            }
        }
        return null;
    }

    private static boolean isValidALabel(String label) {
        String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
        if (unicode.equals(label) || !isIdna2008Shaped(unicode)) {
            return false;
        }
        try {
            return IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * java.net.IDN implements IDNA2003, which still lets symbols and emoji through ({@code xn--1ch} is "≠"). IDNA2008
     * (RFC 5892) allows only lower-case letters, digits, combining marks and hyphens, in NFC: we hold the decoded
     * label to that shape (without the full per-code-point tables, which would cost a 10 MB library).
     */
    private static boolean isIdna2008Shaped(String unicode) {
        if (!java.text.Normalizer.isNormalized(unicode, java.text.Normalizer.Form.NFC)) {
            return false;
        }
        return unicode.codePoints()
                .allMatch(cp -> cp == '-'
                        || (Character.isLetterOrDigit(cp) && Character.toLowerCase(cp) == cp)
                        || Character.getType(cp) == Character.NON_SPACING_MARK
                        || Character.getType(cp) == Character.COMBINING_SPACING_MARK);
    }

    private static boolean isAllDigits(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(INVALID, detail, "domain");
    }
}
