package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Auto-join seen in a browser: an admin sets it up in the console, a coworker registers and is in the company. */
class AutoJoinConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void coworker_landsInTheCompanyAtRegistration_afterTheAdminClaimedTheDomainAndTurnedAutoJoinOn() {
        assertThat(browser.typeEmailOnRegister("ada@initech.com"))
                .isEqualTo("No company uses initech.com yet: you can create one after signing up.");
        assertThat(browser.signUp("ada@initech.com", true)).contains("You are not in any company yet.");
        browser.createCompany("Initech");
        browser.openCompany("Initech", "Domains");
        browser.claimDomain("initech.com");
        WebElement card = browser.marked("domain", "initech.com");
        assertThat(card.findElement(By.cssSelector("[data-testid=domain-status]"))
                        .getText())
                .isEqualTo("verified");
        assertThat(card.getText()).contains("proven by an admin's own verified email at the domain");
        browser.step("domain-claimed");
        browser.setEnrollment("initech.com", "Auto-join");
        browser.step("auto-join-on");

        assertThat(browser.typeEmailOnRegister("bob@initech.com"))
                .isEqualTo("Your coworkers at initech.com already use this product — you will join automatically.");
        browser.step("coworker-detected");
        assertThat(browser.signUp("bob@initech.com", true)).contains("You joined Initech as member.");

        browser.open("/companies");
        WebElement initech = browser.marked("company", "Initech");
        assertThat(initech.getText()).contains("member", "post_jobs");
        browser.step("coworker-companies");

        browser.actAs("ada@initech.com");
        assertThat(browser.marked("company", "Initech").getText()).contains("owner");
    }

    @Test
    void coworker_isOfferedAskToJoin_whenTheDomainIsInSuggestMode() {
        browser.signUp("ursula@umbrella.com", true);
        browser.createCompany("Umbrella");
        browser.openCompany("Umbrella", "Domains");
        browser.claimDomain("umbrella.com");
        browser.setEnrollment("umbrella.com", "Suggest");
        browser.step("suggest-on");

        assertThat(browser.typeEmailOnRegister("uma@umbrella.com"))
                .isEqualTo("Your coworkers at umbrella.com already use this product — you can ask to join.");
        String outcome = browser.signUp("uma@umbrella.com", true);

        assertThat(outcome).contains("Your coworkers use Umbrella.").doesNotContain("You joined");
        assertThat(browser.button(browser.driver(), "Ask to join Umbrella").isDisplayed())
                .isTrue();
        browser.open("/companies");
        assertThat(browser.marked("company", "Umbrella").getText()).contains("suggest", "Ask to join");
        browser.step("suggestion");
    }

    @Test
    void unverifiedEmail_isNeverJoinedAutomatically_evenWhenAutoJoinIsOn() {
        browser.signUp("wanda@wonka.com", true);
        browser.createCompany("Wonka");
        browser.openCompany("Wonka", "Domains");
        browser.claimDomain("wonka.com");
        browser.setEnrollment("wonka.com", "Auto-join");

        String outcome = browser.signUp("slugworth@wonka.com", false);

        assertThat(outcome)
                .contains("Your email is not verified, so no company was joined automatically.")
                .doesNotContain("You joined");
        browser.step("unverified-outcome");
    }
}
