package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/** The Teams tab and a domain's default teams in a browser: a coworker lands in the default team, which stays. */
class TeamsConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void admin_createsATeam_makesItTheDomainsDefault_aCoworkerLandsInIt_andItCannotBeArchived() {
        browser.companyWithDomain("jared@bachmanity.com", "Bachmanity", "bachmanity.com", "Auto-join");
        browser.openCompany("Bachmanity", "Teams");
        assertThat(browser.marked("team", "General").getText()).contains("jared@bachmanity.com");
        browser.type("New team name", "Design");
        browser.click("Create team");
        browser.see("Created Design.");
        browser.marked("team", "Design");
        browser.step("team-created");

        browser.openCompany("Bachmanity", "Domains");
        WebElement card = browser.marked("domain", "bachmanity.com");
        WebElement design = browser.marked("default-team", "Design");
        browser.field(design, "Joiners land in Design").click();
        assertThat(browser.field(design, "post_jobs").isSelected())
                .as("least privilege")
                .isTrue();
        assertThat(browser.field(design, "hire").isSelected()).isFalse();
        browser.click(card, "Save bachmanity.com");
        browser.see("Saved bachmanity.com");
        browser.step("default-team-set");

        browser.signUp("big.head@bachmanity.com", true);
        browser.open("/companies");
        assertThat(browser.marked("company", "Bachmanity").getText()).contains("Design (post_jobs)");
        browser.step("coworker-in-design");

        browser.actAs("jared@bachmanity.com");
        browser.openCompany("Bachmanity", "Teams");
        assertThat(browser.marked("member", "Design/big.head@bachmanity.com").getText())
                .contains("post_jobs");
        browser.click(browser.marked("team", "Design"), "Archive Design");
        browser.see("land in this team");
        browser.step("default-team-not-archived");

        browser.click(browser.marked("team", "Design"), "Remove big.head@bachmanity.com from Design");
        browser.see("Nobody is in this team yet.");
        browser.step("member-removed");
    }

    @Test
    void admin_invitesIntoATeam_andTheInviteeLandsInItWithThoseTeamPermissionsOnly() {
        browser.signUp("monica@raviga-teams.com", true);
        browser.createCompany("Raviga Teams");
        browser.openCompany("Raviga Teams", "Teams");
        browser.type("New team name", "Design");
        browser.click("Create team");
        browser.see("Created Design.");

        browser.openCompany("Raviga Teams", "Members & Permissions");
        WebElement design = browser.marked("invite-team", "Design");
        browser.field(design, "Invitees land in Design").click();
        browser.field(design, "post_jobs").click();
        browser.type("Email addresses", "ed@outside-teams.io");
        browser.click("Send invitations");
        browser.see("What happened to each address");
        browser.step("invited-into-design");

        browser.signUp("ed@outside-teams.io", true);
        browser.open("/companies");
        assertThat(browser.marked("company", "Raviga Teams").getText()).contains("Design (post_jobs)");
        browser.step("invitee-in-design");
    }

    @Test
    void admin_archivesAndRestoresATeam_butNeverTheLastOne() {
        browser.signUp("laurie@raviga-vc.com", true);
        browser.createCompany("Raviga VC");
        browser.openCompany("Raviga VC", "Teams");
        browser.click(browser.marked("team", "General"), "Archive General");
        browser.see("at least one active team");
        browser.type("New team name", "Deals");
        browser.click("Create team");
        browser.see("Created Deals.");

        browser.click(browser.marked("team", "Deals"), "Archive Deals");
        browser.see("restorable until");
        browser.step("team-archived");
        browser.click(browser.marked("team", "Deals"), "Restore Deals");
        browser.until(d -> !browser.marked("team", "Deals").getText().contains("archived"));
        browser.step("team-restored");
    }

    @Test
    void admin_capturesADnsProvenDomain_andACoworkerCannotCreateACompany_untilItIsOff() {
        browser.signUp("russ@hanneman-capture.com", true);
        browser.createCompany("Hanneman");
        browser.openCompany("Hanneman", "Domains");
        browser.proveByDns("hanneman-capture.com");

        WebElement card = browser.marked("domain", "hanneman-capture.com");
        browser.field(card, "Auto-join").click();
        browser.field(card, "Capture hanneman-capture.com").click();
        browser.click(card, "Save hanneman-capture.com");
        browser.see("Saved hanneman-capture.com: enrollment auto_join, captured.");
        browser.step("captured");

        browser.signUp("bighead@hanneman-capture.com", true);
        browser.open("/companies");
        browser.type("Company name", "Bighetti Ventures");
        browser.click("Create company");
        browser.see("Hanneman owns hanneman-capture.com");
        browser.step("domain-captured");

        browser.actAs("russ@hanneman-capture.com");
        browser.openCompany("Hanneman", "Domains");
        WebElement again = browser.marked("domain", "hanneman-capture.com");
        browser.field(again, "Capture hanneman-capture.com").click();
        browser.click(again, "Save hanneman-capture.com");
        browser.see("Saved hanneman-capture.com: enrollment auto_join.");

        browser.actAs("bighead@hanneman-capture.com");
        browser.createCompany("Bighetti Ventures");
        browser.step("capture-off-company-created");
    }
}
