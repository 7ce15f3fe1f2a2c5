package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/** Members & Permissions in a browser: provenance, permission changes, join requests, the audit log. */
class MembersConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void admin_changesAMembersPermissions_andTheMemberHasThem() {
        browser.signUp("richard@piedpiper.com", true);
        browser.createCompany("Pied Piper");
        browser.openCompany("Pied Piper", "Domains");
        browser.claimDomain("piedpiper.com");
        browser.setEnrollment("piedpiper.com", "Auto-join");
        browser.signUp("dinesh@piedpiper.com", true);

        browser.actAs("richard@piedpiper.com");
        browser.openCompany("Pied Piper", "Members & Permissions");
        WebElement dinesh = browser.marked("email", "dinesh@piedpiper.com");
        assertThat(dinesh.getText()).contains("joined automatically via piedpiper.com");
        assertThat(browser.field(dinesh, "hire").isSelected()).isFalse();
        browser.step("members");

        browser.field(dinesh, "hire").click();
        browser.click(dinesh, "Save dinesh@piedpiper.com");
        browser.see("Saved:");
        browser.step("saved");

        browser.driver().navigate().refresh();
        assertThat(browser.field(browser.marked("email", "dinesh@piedpiper.com"), "hire")
                        .isSelected())
                .isTrue();
        browser.actAs("dinesh@piedpiper.com");
        assertThat(browser.marked("company", "Pied Piper").getText()).contains("hire");
        browser.step("member-has-hire");
    }

    @Test
    void admin_approvesAJoinRequest_fromACoworkerInSuggestMode() {
        browser.signUp("erlich@aviato.com", true);
        browser.createCompany("Aviato");
        browser.openCompany("Aviato", "Domains");
        browser.claimDomain("aviato.com");
        browser.setEnrollment("aviato.com", "Suggest");
        browser.signUp("jian@aviato.com", true);

        browser.click("Ask to join Aviato");
        browser.see("Requested");
        browser.step("asked");

        browser.actAs("erlich@aviato.com");
        browser.openCompany("Aviato", "Members & Permissions");
        browser.click(browser.marked("email", "jian@aviato.com"), "Approve jian@aviato.com");

        browser.see("approved by erlich@aviato.com");
        browser.step("approved");
    }

    @Test
    void audit_listsTheDomainClaim() {
        browser.signUp("monica@raviga.com", true);
        browser.createCompany("Raviga");
        browser.openCompany("Raviga", "Domains");
        browser.claimDomain("raviga.com");

        browser.openCompany("Raviga", "Audit");

        browser.see("domain.claimed");
        browser.step("audit");
    }
}
