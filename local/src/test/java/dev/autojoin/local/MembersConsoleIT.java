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
        browser.companyWithDomain("richard@piedpiper.com", "Pied Piper", "piedpiper.com", "Auto-join");
        browser.signUp("dinesh@piedpiper.com", true);

        browser.actAs("richard@piedpiper.com");
        browser.openCompany("Pied Piper", "Members & Permissions");
        WebElement dinesh = browser.marked("email", "dinesh@piedpiper.com");
        assertThat(dinesh.getText()).contains("joined automatically via piedpiper.com");
        assertThat(browser.field(dinesh, "pay").isSelected()).isFalse();
        browser.step("members");

        browser.field(dinesh, "pay").click();
        browser.click(dinesh, "Save dinesh@piedpiper.com");
        browser.see("Saved:");
        browser.step("saved");

        browser.driver().navigate().refresh();
        assertThat(browser.field(browser.marked("email", "dinesh@piedpiper.com"), "pay")
                        .isSelected())
                .isTrue();
        browser.actAs("dinesh@piedpiper.com");
        assertThat(browser.marked("company", "Pied Piper").getText()).contains("pay");
        browser.step("member-has-pay");
    }

    @Test
    void admin_approvesAJoinRequest_fromACoworkerInSuggestMode() {
        browser.companyWithDomain("erlich@aviato.com", "Aviato", "aviato.com", "Suggest");
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
    void admin_savesSettings_resendsAndRevokesAnInvitation_andDeclinesARequest() {
        browser.signUp("gavin@hooli-xyz.com", true);
        browser.createCompany("Hooli XYZ");
        browser.openCompany("Hooli XYZ", "Settings");
        new org.openqa.selenium.support.ui.Select(browser.field("Email the admins about")).selectByValue("none");
        browser.click("Save settings");
        browser.see("Settings saved.");
        browser.step("settings-saved");

        browser.openCompany("Hooli XYZ", "Domains");
        browser.claimDomain("hooli-xyz.com");
        browser.setEnrollment("hooli-xyz.com", "Suggest");
        browser.signUp("denpok@hooli-xyz.com", true);
        browser.click("Ask to join Hooli XYZ");
        browser.see("Requested");

        browser.actAs("gavin@hooli-xyz.com");
        browser.openCompany("Hooli XYZ", "Members & Permissions");
        browser.type("Email addresses", "peter@outside-xyz.io");
        browser.click("Send invitations");
        browser.see("What happened to each address");
        // The first email leaves the queue (the sender function mails it) before the admin resends.
        browser.until(d -> LocalApi.shared().get("/_local/outbox", null).body().contains("peter@outside-xyz.io"));
        browser.click(browser.marked("email", "peter@outside-xyz.io"), "Resend to peter@outside-xyz.io");
        browser.until(
                d -> LocalApi.shared().get("/_local/outbox", null).body().split("peter@outside-xyz.io", -1).length > 2);
        browser.click(browser.marked("email", "peter@outside-xyz.io"), "Revoke peter@outside-xyz.io");
        browser.until(
                d -> browser.marked("email", "peter@outside-xyz.io").getText().contains("revoked"));
        browser.step("invitation-revoked");

        browser.click(browser.marked("email", "denpok@hooli-xyz.com"), "Decline denpok@hooli-xyz.com");
        // The list holds pending requests: a declined one leaves it.
        browser.see("Nobody is waiting");
        browser.step("request-declined");
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
