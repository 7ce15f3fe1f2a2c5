package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Invitations in a browser: the admin invites, the invitee opens the email in the outbox, follows it and accepts. */
class InviteConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void invitee_followsTheLinkInTheEmail_andAcceptsIntoTheCompany() {
        // Carol is already a user: someone who signs up later joins through post-signup, without the link.
        browser.signUp("carol@contractors.io", true);
        browser.signUp("ann@hooli.com", true);
        browser.createCompany("Hooli");
        browser.openCompany("Hooli", "Members & Permissions");

        browser.type("Email addresses", "carol@contractors.io");
        browser.click("Send invitations");

        browser.see("What happened to each address");
        browser.marked("email", "carol@contractors.io");
        browser.see("pending");
        // Found afresh: the list re-renders once the invitations are read back, which replaces the row found above.
        assertThat(browser.marked("email", "carol@contractors.io").getText()).contains("carol@contractors.io");
        browser.step("invited");

        // The invitation's email is queued; the stack's sender function mails it within a moment.
        browser.until(d -> LocalApi.shared().get("/_local/outbox", null).body().contains("carol@contractors.io"));
        browser.actAs("carol@contractors.io");
        browser.open("/dev/outbox");
        browser.type("Show emails to", "carol@");
        browser.marked("to", "carol@contractors.io");
        browser.step("invitation-email");
        // Found afresh: the filter above re-renders the list, which replaces the element found before it.
        browser.openEmail("carol@contractors.io");
        browser.driver().findElement(By.cssSelector("a[href*='/invites/']")).click();
        browser.driver().switchTo().defaultContent();

        browser.until(ExpectedConditions.urlContains("/invites/"));
        browser.step("invitation-page");
        // The page changes nothing; its "sign in to accept" leads to the console (README: /#/accept-invite?token=).
        browser.driver()
                .findElement(By.cssSelector("a[href*='#/accept-invite?token=']"))
                .click();
        assertThat(browser.heading()).isEqualTo("Accept an invitation");
        assertThat(browser.marked("testid", "invite-company").getText()).isEqualTo("Hooli");
        browser.step("accept-page");

        browser.click("Accept invitation");

        assertThat(browser.marked("testid", "accepted").getText()).contains("You joined Hooli as member.");
        browser.step("accepted");
        browser.open("/companies");
        assertThat(browser.marked("company", "Hooli").getText()).contains("member");

        browser.actAs("ann@hooli.com");
        browser.openCompany("Hooli", "Members & Permissions");
        assertThat(browser.marked("email", "carol@contractors.io").getText()).contains("invited by ann@hooli.com");
        browser.step("admin-sees-provenance");
    }

    @Test
    void admin_revokesAPendingInvitation() {
        browser.signUp("gina@hooli-labs.com", true);
        browser.createCompany("Hooli Labs");
        browser.openCompany("Hooli Labs", "Members & Permissions");
        browser.type("Email addresses", "dan@contractors.io");
        browser.click("Send invitations");
        browser.see("What happened to each address");

        browser.click(browser.marked("email", "dan@contractors.io"), "Revoke dan@contractors.io");

        browser.see("revoked");
        browser.step("revoked");
    }
}
