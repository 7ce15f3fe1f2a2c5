package dev.autojoin.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autojoin.adapter.ses.Html;
import dev.autojoin.app.ShowDomainVerification;
import dev.autojoin.domain.AutojoinException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pages an emailed domain verification link opens. HTML for browsers, JSON for the web app
 * ({@code Accept: application/json}). Never cached, never sent on as a referrer (the URL holds the token), never
 * framed, no script; everything shown is escaped.
 */
final class VerificationPages {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private VerificationPages() {}

    /** GET: what confirming would verify, with a confirm button that POSTs to this same URL. */
    static ApiResponse review(ApiRequest request, ShowDomainVerification.Page page) {
        if (wantsJson(request)) {
            return ApiResponse.json(200, json(page)).withHeader("referrer-policy", "no-referrer");
        }
        String domain = Html.escape(page.domain().value());
        String body;
        if (page.status().wire().equals("verified")) {
            body = "<h1>" + domain + " is verified</h1><p>The company account <strong>"
                    + Html.escape(page.companyName()) + "</strong> already holds " + domain
                    + ". Nothing more to do.</p>";
        } else {
            body = "<h1>Confirm " + domain + "</h1>"
                    + "<p>The company account <strong>" + Html.escape(page.companyName())
                    + "</strong> asks to verify that "
                    + "<strong>" + domain + "</strong> belongs to it. This link was sent to "
                    + Html.escape(page.sentTo().masked()) + ".</p>"
                    + "<p>Once verified, people who sign up with an address at " + domain
                    + " may be added to that company account.</p>"
                    + "<form method=\"post\"><button type=\"submit\">Confirm " + domain + "</button></form>"
                    + "<p>This link works once, until " + Html.escape(WHEN.format(page.expiresAt()))
                    + ". If you did not expect it, close this page: nothing changes unless you confirm.</p>";
        }
        return html(200, "Confirm " + domain, body);
    }

    /** POST: confirmed. */
    static ApiResponse confirmed(ApiRequest request, ShowDomainVerification.Page page) {
        if (wantsJson(request)) {
            return ApiResponse.json(200, json(page)).withHeader("referrer-policy", "no-referrer");
        }
        String domain = Html.escape(page.domain().value());
        return html(
                200,
                domain + " verified",
                "<h1>" + domain + " is verified</h1><p>Thank you. The company account <strong>"
                        + Html.escape(page.companyName()) + "</strong> now holds " + domain
                        + ". Its administrators choose who may join and how.</p>");
    }

    /** A refusal (unknown, used, expired link; domain held by another company) as a page with the same status. */
    static ApiResponse refused(ApiRequest request, AutojoinException refusal) {
        if (wantsJson(request)) {
            return Problems.from(refusal, request.requestId()).withHeader("referrer-policy", "no-referrer");
        }
        int status = Problems.status(refusal);
        return html(
                status,
                "Link not usable",
                "<h1>This link cannot be used</h1><p>" + Html.escape(refusal.getMessage()) + "</p>");
    }

    private static ObjectNode json(ShowDomainVerification.Page page) {
        ObjectNode out = Json.object();
        out.put("domain", page.domain().value());
        out.put("companyName", page.companyName());
        out.put("status", page.status().wire());
        out.put("sentTo", page.sentTo().masked());
        out.put("expiresAt", page.expiresAt().toString());
        return out;
    }

    /** Browsers send text/html first; the web app asks for JSON. */
    private static boolean wantsJson(ApiRequest request) {
        String accept = request.header("accept").orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    private static ApiResponse html(int status, String title, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        headers.put("content-security-policy", CSP);
        headers.put("x-frame-options", "DENY");
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + title + "</title>"
                + "<style>body{font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}"
                + "button{font-size:1rem;padding:.5rem 1rem}</style></head><body>" + body + "</body></html>";
        return new ApiResponse(status, headers, page);
    }
}
