package dev.autojoin.adapter.dns;

import dev.autojoin.app.DnsResolver;
import dev.autojoin.domain.DnsLookupFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * TXT lookups with dnsjava: one query straight to the resolver (no search list, no cache, so a record just
 * published is seen at once), retried over TCP when the UDP answer comes back truncated.
 */
public final class DnsJavaResolver implements DnsResolver {
    private static final int ATTEMPTS = 2;

    private final Resolver resolver;

    DnsJavaResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /** {@code host:port} (or {@code [v6]:port}) when given, else the system's resolvers (/etc/resolv.conf). */
    public static DnsJavaResolver of(Optional<String> hostPort, Duration timeout) {
        Resolver resolver;
        if (hostPort.isPresent()) {
            resolver = new SimpleResolver(socketAddress(hostPort.get()));
        } else {
            resolver = new ExtendedResolver();
        }
        resolver.setTimeout(timeout);
        return new DnsJavaResolver(resolver);
    }

    @Override
    public List<String> txt(String name) {
        Name qname;
        try {
            qname = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
        Message response = send(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)), name);
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsLookupFailedException(name, new IOException("rcode " + Rcode.string(rcode)));
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        Set<Name> owners = aliases(qname, answers);
        List<String> values = new ArrayList<>();
        for (Record record : answers) {
            if (record instanceof TXTRecord txt && owners.contains(record.getName())) {
                values.add(joined(txt));
            }
        }
        return List.copyOf(values);
    }

    private Message send(Message query, String name) {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return resolver.send(query);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new DnsLookupFailedException(name, last);
    }

    /** The queried name and every name a CNAME chain in the answer leads to (a delegated challenge record). */
    private static Set<Name> aliases(Name qname, List<Record> answers) {
        Set<Name> owners = new HashSet<>();
        owners.add(qname);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Record record : answers) {
                if (record instanceof CNAMERecord cname
                        && owners.contains(cname.getName())
                        && owners.add(cname.getTarget())) {
                    grew = true;
                }
            }
        }
        return owners;
    }

    /** A TXT record is a list of character-strings of at most 255 bytes; its value is their concatenation. */
    private static String joined(TXTRecord txt) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            value.writeBytes(part);
        }
        // Latin-1 maps every byte to one char, so a non-ASCII byte can never turn into an ASCII token.
        return value.toString(StandardCharsets.ISO_8859_1);
    }

    private static InetSocketAddress socketAddress(String hostPort) {
        String value = hostPort.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalStateException("DNS_RESOLVER must be host:port, such as 127.0.0.1:53, not " + hostPort);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("DNS_RESOLVER must end in a port number, not " + hostPort);
        }
        try {
            return new InetSocketAddress(java.net.InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("DNS_RESOLVER host " + host + " does not resolve", e);
        }
    }
}
