package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gateway's access log never holds the token of an emailed link. */
class AccessLogPathTest {

    @Test
    void tokenPathParameters_areLoggedAsTheirPlaceholder() {
        assertThat(HttpApiGateway.withoutTokens("/invites/{token}/accept", "/invites/Zm9vYmFyYmF6cXV4/accept"))
                .isEqualTo("/invites/{token}/accept");
        assertThat(HttpApiGateway.withoutTokens("/domain-verifications/{token}", "/domain-verifications/abc"))
                .isEqualTo("/domain-verifications/{token}");
    }

    @Test
    void otherPathParameters_areLoggedAsSent() {
        assertThat(HttpApiGateway.withoutTokens(
                        "/companies/{companyId}/domains/{domain}", "/companies/c1/domains/acme.com"))
                .isEqualTo("/companies/c1/domains/acme.com");
        assertThat(HttpApiGateway.withoutTokens("/files/{path+}", "/files/a/b")).isEqualTo("/files/a/b");
    }
}
