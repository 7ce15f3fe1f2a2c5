package dev.autojoin.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autojoin.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The developer panels: what the local stack fakes for AWS (SES outbox, DNS, clock, sample events). */
class DeveloperPanelsConsoleIT {

    @RegisterExtension
    static final ConsoleBrowser browser = new ConsoleBrowser();

    @Test
    void outbox_rendersAnEmailInASandbox_andItsLinkIsFollowedInTheTab_asACoworkerWould() {
        String link = browser.baseUrl() + "/#/dev/clock";
        Emulator.shared().ses().sendEmail(email -> email.fromEmailAddress(LocalStack.SENDER_EMAIL)
                .destination(to -> to.toAddresses("pat@oceanic.com"))
                .content(content -> content.simple(message -> message.subject(s -> s.data("Your clock"))
                        .body(body -> body.html(html -> html.data("<p style=\"color:#333\">Hello Pat,</p>"
                                        + "<p><a href=\"" + link + "\">Open the clock</a></p>"
                                        + "<script>top.location.hash = '#/dev/events'</script>"))
                                .text(text -> text.data("Hello Pat,\n\nOpen the clock: " + link))))));

        browser.open("/dev/outbox");
        browser.type("Show emails to", "pat@");
        browser.marked("to", "pat@oceanic.com");
        String subject = browser.until(d ->
                d.findElement(By.cssSelector("[data-to='pat@oceanic.com'] h2")).getText());
        assertThat(subject).isEqualTo("Your clock");
        // No allow-scripts, no allow-same-origin: the email's script never runs, its links only navigate on a click.
        assertThat(browser.attributeOf("[data-to='pat@oceanic.com'] iframe", "sandbox"))
                .isEqualTo("allow-top-navigation-by-user-activation");
        browser.step("outbox");

        browser.openEmail("pat@oceanic.com");
        // The frame may be switched to before its srcdoc is parsed: wait for the link rather than race it.
        browser.until(d -> d.findElement(By.linkText("Open the clock"))).click();
        browser.driver().switchTo().defaultContent();

        browser.until(ExpectedConditions.urlToBe(link));
        assertThat(browser.heading()).isEqualTo("Clock");
        browser.step("followed-link");
    }

    @Test
    void clock_movesTheFunctionsTimeForward() {
        browser.open("/dev/clock");
        browser.see("The functions think it is");

        browser.click("+1 hour");

        browser.see("Moved forward by 1 h.");
        assertThat(browser.marked("testid", "clock-now").getText()).contains("ahead of this machine");
        browser.step("clock-advanced");
    }

    @Test
    void events_invokeAFunctionWithASampleEvent_likeSamLocalInvoke() {
        browser.open("/dev/events");
        new Select(browser.field("Sample event")).selectByValue("cognito-post-confirmation-signup.json");
        browser.until(d -> browser.field("Event").getDomProperty("value").contains("PostConfirmation_ConfirmSignUp"));
        assertThat(browser.field("Function (logical id in template.yaml)").getDomProperty("value"))
                .isEqualTo("PostSignupFunction");

        browser.click("Invoke");

        // Cognito's contract: the trigger answers the event unchanged.
        assertThat(browser.marked("testid", "invoke-output").getText())
                .contains("\"triggerSource\": \"PostConfirmation_ConfirmSignUp\"");
        browser.step("invoked");
    }

    @Test
    void dnsPanel_showsWhatTheLocalStackAnswered_neverABlankPage() {
        browser.open("/dev/dns?name=_autojoin-challenge.oceanic.com&value=challenge-value");
        assertThat(browser.field("Name").getDomProperty("value")).isEqualTo("_autojoin-challenge.oceanic.com");
        assertThat(browser.field("Values").getDomProperty("value")).isEqualTo("challenge-value");

        browser.click("Publish TXT record");

        WebElement answer = browser.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".outlet .ok, .outlet .problem")));
        assertThat(answer.getText()).startsWith("Published 1 TXT value(s) at _autojoin-challenge.oceanic.com");
        browser.step("dns-answer");
    }
}
