package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

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

        assertThat(browser.typeEmailOnRegister("bob@gmail.com"))
                .isEqualTo(
                        "gmail.com is a personal email provider: sign up with your work email to find your company.");
        assertThat(browser.typeEmailOnRegister("bob@initech.com"))
                .isEqualTo("Your coworkers at initech.com already use this product — you will join automatically.");
        browser.step("coworker-detected");
        assertThat(browser.signUp("bob@initech.com", true)).contains("You joined Initech as member.");

        browser.open("/companies");
        WebElement initech = browser.marked("company", "Initech");
        assertThat(initech.getText()).contains("member");
        browser.step("coworker-companies");

        browser.actAs("ada@initech.com");
        assertThat(browser.marked("company", "Initech").getText()).contains("owner");
        browser.openCompany("Initech", "Members & Permissions");
        browser.see("joined automatically via initech.com");
        browser.step("admin-members-tab");
    }

    @Test
    void coworker_isOfferedAskToJoin_whenTheDomainIsInSuggestMode() {
        browser.companyWithDomain("ursula@umbrella.com", "Umbrella", "umbrella.com", "Suggest");
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
        browser.companyWithDomain("wanda@wonka.com", "Wonka", "wonka.com", "Auto-join");

        String outcome = browser.signUp("slugworth@wonka.com", false);

        assertThat(outcome)
                .contains("Your email is not verified, so no company was joined automatically.")
                .doesNotContain("You joined");
        browser.step("unverified-outcome");
    }

    @Test
    void register_worksWithTheKeyboardAlone() {
        browser.open("/register");
        browser.driver().navigate().refresh();
        Actions keyboard = new Actions(browser.driver());

        keyboard.sendKeys(Keys.TAB).perform();
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
        keyboard.sendKeys(Keys.ENTER).sendKeys(Keys.TAB).perform();
        WebElement email = browser.driver().switchTo().activeElement();
        assertThat(email).isEqualTo(browser.field("Work email"));
        keyboard.sendKeys("kim@keyboard-co.com")
                .sendKeys(Keys.TAB)
                .sendKeys(Keys.SPACE)
                .perform();
        assertThat(browser.field("Email verified").isSelected()).isFalse();
        keyboard.sendKeys(Keys.SPACE).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();

        assertThat(browser.marked("testid", "outcome").getText()).contains("Signed up as kim@keyboard-co.com");
        assertThat(browser.field("Email verified").isSelected()).isTrue();
        browser.step("signed-up-by-keyboard");
    }
}
