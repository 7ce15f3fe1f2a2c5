package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.local.SamTemplate.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable(List.of(
            new Route("ANY", "/companies/{companyId}/domains/{domain}", "Any", false),
            new Route("PATCH", "/companies/{companyId}/domains/{domain}", "Patch", false),
            new Route("POST", "/companies/{companyId}/domains/{domain}/check", "Check", false),
            new Route("GET", "/companies/{companyId}", "Company", false),
            new Route("GET", "/companies/mine", "Mine", false)));

    @Test
    void exactMethod_beatsAny() {
        assertThat(table.match("PATCH", "/companies/c1/domains/acme.com"))
                .hasValueSatisfying(m -> assertThat(m.route().functionId()).isEqualTo("Patch"));
        assertThat(table.match("DELETE", "/companies/c1/domains/acme.com"))
                .hasValueSatisfying(m -> assertThat(m.route().functionId()).isEqualTo("Any"));
    }

    @Test
    void literalSegment_beatsParameter() {
        assertThat(table.match("GET", "/companies/mine"))
                .hasValueSatisfying(m -> assertThat(m.route().functionId()).isEqualTo("Mine"));
    }

    @Test
    void parameters_areDecodedAndNamed() {
        assertThat(table.match("POST", "/companies/c%201/domains/acme.com/check"))
                .hasValueSatisfying(m -> assertThat(m.pathParameters())
                        .containsEntry("companyId", "c 1")
                        .containsEntry("domain", "acme.com"));
    }

    @Test
    void parameter_matchesExactlyOneNonEmptySegment() {
        assertThat(table.match("GET", "/companies/")).isEmpty();
        assertThat(table.match("GET", "/companies/c1/extra")).isEmpty();
        assertThat(table.match("GET", "/companies/c1/")).isEmpty();
    }
}
