package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Every error from the API shows as its problem's title and detail, never as a blank screen. */
class ErrorsConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void claimingAFreeMailDomain_showsTheProblemTitleAndDetail() {
        browser.signUp("olive@oceanic.com", true);
        browser.createCompany("Oceanic");
        browser.openCompany("Oceanic", "Domains");

        browser.type("Domain", "gmail.com");
        browser.click("Claim domain");

        WebElement problem = browser.problem();
        assertThat(title(problem)).isEqualTo("Bad request");
        assertThat(detail(problem))
                .isEqualTo("gmail.com belongs to a free email provider where anyone can get an address");
        assertThat(problem.getText()).contains("HTTP 400", "free_email_domain", "field: domain");
        browser.step("free-mail-refused");
    }

    @Test
    void registeringAnEmailTwice_showsTheIdentityProvidersProblem() {
        browser.signUp("otto@oceanic.com", true);

        browser.typeEmailOnRegister("OTTO@oceanic.com");
        browser.click("Sign up");

        WebElement problem = browser.problem();
        assertThat(title(problem)).isEqualTo("Conflict");
        assertThat(detail(problem)).contains("already exists");
        browser.step("already-registered");
    }

    @Test
    void aTokenTheAuthorizerRefuses_showsWhyAndHowToGetAFreshOne() {
        browser.open("/register");
        browser.driver()
                .executeScript("sessionStorage.setItem('autojoin.session', JSON.stringify({sub: 'nobody', "
                        + "email: 'nobody@oceanic.com', token: 'not-a-jwt'}))");

        browser.open("/companies");

        WebElement problem = browser.problem();
        assertThat(title(problem)).isEqualTo("Unauthorized");
        assertThat(detail(problem)).contains("Switch user to get a fresh one");
        assertThat(problem.getText()).contains("HTTP 401");
        browser.step("token-refused");
    }

    @Test
    void anInvitationLinkTheApiDoesNotKnow_showsTheApisAnswer() {
        browser.signUp("oscar@oceanic.com", true);

        browser.open("/accept-invite?token=no-such-token");

        WebElement problem = browser.problem();
        assertThat(title(problem)).isNotBlank();
        assertThat(detail(problem)).isNotBlank();
        browser.step("unknown-invitation");
    }

    private static String title(WebElement problem) {
        return problem.findElement(By.cssSelector(".problem-title")).getText();
    }

    private static String detail(WebElement problem) {
        return problem.findElement(By.cssSelector(".problem-detail")).getText();
    }
}
