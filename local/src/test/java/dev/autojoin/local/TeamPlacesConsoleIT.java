package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Naming teams where people are let in, in a browser: an approval into a chosen team, an invitation's teams shown. */
class TeamPlacesConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void admin_approvesARequestIntoAChosenTeam_andSeesTheTeamsAnInvitationNames() {
        browser.companyWithDomain("peter@gregory-co.com", "Gregory Co", "gregory-co.com", "Suggest");
        browser.openCompany("Gregory Co", "Teams");
        browser.type("New team name", "Design");
        browser.click("Create team");
        browser.see("Created Design.");

        browser.signUp("bream@gregory-co.com", true);
        browser.click("Ask to join Gregory Co");
        browser.see("Requested");

        browser.actAs("peter@gregory-co.com");
        browser.openCompany("Gregory Co", "Members & Permissions");
        WebElement request = browser.marked("email", "bream@gregory-co.com");
        request.findElement(By.tagName("summary")).click();
        WebElement design = browser.marked("approve-team", "Design");
        browser.field(design, "Approve into Design").click();
        browser.field(design, "post_jobs").click();
        browser.step("approving-into-design");
        browser.click(request, "Approve into chosen teams bream@gregory-co.com");
        browser.see("approved by peter@gregory-co.com");

        WebElement invite = browser.marked("invite-team", "Design");
        browser.field(invite, "Invitees land in Design").click();
        browser.field(invite, "hire").click();
        browser.type("Email addresses", "monica@outside-places.io");
        browser.click("Send invitations");
        browser.see("What happened to each address");
        browser.until(d ->
                browser.marked("email", "monica@outside-places.io").getText().contains("Design (hire)"));
        browser.step("invitation-names-design");

        browser.openCompany("Gregory Co", "Teams");
        assertThat(browser.marked("member", "Design/bream@gregory-co.com").getText())
                .contains("post_jobs")
                .doesNotContain("hire");
    }
}
