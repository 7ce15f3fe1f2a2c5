package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * Shadow companies in a browser: the capturing admin sees who at the domain is outside the company, and the owner of
 * a company founded there earlier is offered the capturing company, not moved into it, and joins it with one click.
 */
class CaptureConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void theAdminSeesTheShadowCompany_andItsOwnerIsOffered_andJoinsKeepingTheirCompany() {
        browser.signUp("dave@shadow-console.com", true);
        browser.createCompany("Dave's Studio");
        browser.signUp("alice@shadow-console.com", true);
        browser.createCompany("Acme Console");
        browser.openCompany("Acme Console", "Domains");
        browser.proveByDns("shadow-console.com");
        WebElement card = browser.marked("domain", "shadow-console.com");
        browser.field(card, "Auto-join").click();
        browser.field(card, "Capture shadow-console.com").click();
        browser.click(card, "Save shadow-console.com");
        browser.see("Saved shadow-console.com: enrollment auto_join, captured.");

        browser.openCompany("Acme Console", "Domains");
        WebElement outside = browser.marked("outside", "dave@shadow-console.com");
        assertThat(outside.getText()).contains("Dave's Studio", "owner");
        browser.step("people-outside");

        browser.actAs("dave@shadow-console.com");
        browser.open("/companies");
        WebElement offer = browser.marked("offer", "Acme Console");
        assertThat(offer.getText()).contains("Acme Console now manages your email domain");
        assertThat(browser.marked("company", "Dave's Studio").getText()).contains("owner");
        browser.step("offered");
        browser.click(offer, "Join Acme Console");
        browser.see("You joined Acme Console");
        browser.marked("company", "Acme Console");
        assertThat(browser.marked("company", "Dave's Studio").getText()).contains("owner");
        browser.step("joined-keeping-own-company");

        browser.actAs("alice@shadow-console.com");
        browser.openCompany("Acme Console", "Domains");
        browser.see("Everyone at shadow-console.com we know of is in this company.");
    }
}
