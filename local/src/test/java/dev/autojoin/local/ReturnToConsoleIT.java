package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The place the accept-invite page remembers (in sessionStorage) while someone signs in leads back into the console
 * only: a stored value that would leave it (another site, a protocol-relative or a javascript: URL) is ignored.
 */
class ReturnToConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    private static final List<String> HOSTILE = List.of(
            "https://evil.example/",
            "//evil.example/",
            "javascript:alert(document.domain)",
            "data:text/html,hello",
            "#//evil.example",
            "#/\\evil.example",
            "#/\\/evil.example",
            "#/javascript:alert(1)",
            " #/companies",
            "#/companies\n//evil.example",
            "#/companies\u0000",
            "/#/companies",
            "#companies",
            "#",
            "",
            "#/" + "a".repeat(3000));
    private static final List<String> OWN = List.of("#/companies", "#/accept-invite?token=Ab3_-xY9");

    @Test
    void takeReturn_answersOnlyTheConsolesOwnPages_andForgetsWhatItWasGiven() {
        browser.open("/register");
        List<String> values = new ArrayList<>(HOSTILE);
        values.addAll(OWN);

        Object taken = browser.driver()
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "import('/console/api.js').then(api => done(arguments[0].map(value => {"
                                + "  sessionStorage.setItem('autojoin.returnTo', value);"
                                + "  return [api.takeReturn(), sessionStorage.getItem('autojoin.returnTo')];"
                                + "}))).catch(e => done(String(e)));",
                        values);

        assertThat(taken).isInstanceOf(List.class);
        List<?> answers = (List<?>) taken;
        for (int i = 0; i < values.size(); i++) {
            List<?> answer = (List<?>) answers.get(i);
            String expected = OWN.contains(values.get(i)) ? values.get(i) : null;
            assertThat(answer.get(0)).as("takeReturn() of %s", values.get(i)).isEqualTo(expected);
            assertThat(answer.get(1))
                    .as("what stays stored after %s", values.get(i))
                    .isNull();
        }
    }

    @Test
    void aHostileReturnStoredBeforeSigningUp_offersNoLinkOffTheConsole() {
        List<String> stored = List.of("javascript:alert(document.domain)", "https://evil.example/#/companies");
        for (int i = 0; i < stored.size(); i++) {
            String hostile = stored.get(i);
            WebElement outcome = signUpWith("rhea" + i + "@return-co.com", hostile);

            assertThat(outcome.findElements(By.linkText("Continue where you were")))
                    .as("a link for %s", hostile)
                    .isEmpty();
            assertThat(outcome.findElements(By.cssSelector("a[href]")))
                    .allSatisfy(a -> assertThat(a.getDomAttribute("href")).startsWith("#/"));
        }
        browser.step("no-link-off-the-console");
    }

    @Test
    void switchingUserOnTheAcceptInvitePage_leadsBackToIt() {
        browser.signUp("rory@return-co.com", true);
        browser.driver().executeScript("sessionStorage.clear()");
        browser.open("/accept-invite?token=Ab3_-xY9");

        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("main .card a[href='#/users']")))
                .click();
        browser.click("Act as rory@return-co.com");

        browser.until(ExpectedConditions.urlToBe(browser.baseUrl() + "/#/accept-invite?token=Ab3_-xY9"));
        assertThat(browser.heading()).isEqualTo("Accept an invitation");
        browser.step("back-on-accept-invite");
    }

    /** Signs up on the register page with {@code stored} as the remembered return; answers the outcome. */
    private static WebElement signUpWith(String email, String stored) {
        browser.typeEmailOnRegister(email);
        WebElement verified = browser.field("Email verified");
        if (!verified.isSelected()) {
            verified.click();
        }
        browser.driver().executeScript("sessionStorage.setItem('autojoin.returnTo', arguments[0])", stored);
        browser.click("Sign up");
        return browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=outcome]")));
    }
}
