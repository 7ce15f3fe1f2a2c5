package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Proving a domain from the console: a DNS TXT record published in the local DNS, or a link emailed to the domain. */
class DomainProofConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void admin_provesOwnershipWithADnsRecord_publishedInTheLocalDns() {
        browser.signUp("dwight@schrute-farms.com", true);
        browser.createCompany("Dunder Mifflin");
        browser.openCompany("Dunder Mifflin", "Domains");
        browser.type("Domain", "dundermifflin.com");
        browser.field("DNS TXT record").click();
        browser.click("Claim domain");
        browser.see("Claimed dundermifflin.com: pending.");
        WebElement card = browser.marked("domain", "dundermifflin.com");
        String value =
                card.findElement(By.cssSelector("[data-testid=dns-value]")).getText();
        assertThat(card.getText()).contains("_autojoin-challenge.dundermifflin.com", "TXT");
        browser.step("dns-record-shown");

        card.findElement(By.linkText("Publish it in the local DNS")).click();
        assertThat(browser.heading()).isEqualTo("DNS records");
        assertThat(browser.field("Values").getDomProperty("value")).isEqualTo(value);
        browser.click("Publish TXT record");
        browser.see("Published 1 TXT value(s) at _autojoin-challenge.dundermifflin.com.");
        browser.step("published");

        browser.driver().navigate().back();
        browser.click("Check dundermifflin.com now");

        browser.see("Checked dundermifflin.com");
        assertThat(browser.marked("domain", "dundermifflin.com")
                        .findElement(By.cssSelector("[data-testid=domain-status]"))
                        .getText())
                .isEqualTo("verified");
        browser.step("verified-by-dns");
    }

    @Test
    void admin_provesAffiliationWithALinkEmailedToTheDomain_followedFromTheOutbox() {
        browser.signUp("art@vandelay.com", true);
        browser.createCompany("Vandelay");
        browser.openCompany("Vandelay", "Domains");
        browser.type("Domain", "vandelay-industries.com");
        browser.type("Verification email (optional)", "kramer@vandelay-industries.com");
        browser.click("Claim domain");
        browser.see("Claimed vandelay-industries.com: pending.");
        browser.step("link-sent");

        browser.open("/dev/outbox");
        browser.type("Show emails to", "kramer@");
        browser.marked("to", "kramer@vandelay-industries.com");
        browser.openEmail("kramer@vandelay-industries.com");
        browser.driver()
                .findElement(By.cssSelector("a[href*='/domain-verifications/']"))
                .click();
        browser.driver().switchTo().defaultContent();
        browser.until(ExpectedConditions.urlContains("/domain-verifications/"));
        browser.step("verification-page");
        // The page changes nothing until its own confirm button is pressed (mail scanners follow links).
        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("form button[type=submit]")))
                .click();
        // Wait for the POST's answer before navigating on: leaving earlier races the form's own navigation.
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("h1"), "vandelay-industries.com is verified"));
        browser.step("confirmed");

        browser.openCompany("Vandelay", "Domains");
        assertThat(browser.marked("domain", "vandelay-industries.com")
                        .findElement(By.cssSelector("[data-testid=domain-status]"))
                        .getText())
                .isEqualTo("verified");
        browser.step("verified-by-link");
    }
}
