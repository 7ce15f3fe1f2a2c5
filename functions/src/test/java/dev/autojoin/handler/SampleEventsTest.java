package dev.autojoin.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import dev.autojoin.domain.MailFeedback;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every sample event of events/ (the files {@code sam local invoke} sends) loads as the aws-lambda-java-events type
 * its handler takes, through aws-lambda-java-tests and so through the Lambda runtime's own serialization: the samples
 * cannot drift from what the handlers accept.
 */
class SampleEventsTest {
    private static final Set<String> ROUTES = Stream.of(
                    SettingsHandler.ROUTES, DomainsHandler.ROUTES, InvitesHandler.ROUTES, SignupWebhookHandler.ROUTES)
            .flatMap(Set::stream)
            .collect(Collectors.toSet());

    @ParameterizedTest
    @Events(
            events = {
                @Event("../events/cognito-post-confirmation-signup.json"),
                @Event("../events/cognito-post-confirmation-forgot-password.json"),
                @Event("../events/cognito-post-confirmation-unverified.json"),
                @Event("../events/cognito-post-confirmation-gmail.json")
            },
            type = CognitoUserPoolPostConfirmationEvent.class)
    void cognitoSamples_arePostConfirmationEvents_withStringAttributes(CognitoUserPoolPostConfirmationEvent event) {
        assertThat(event.getTriggerSource()).startsWith("PostConfirmation_");
        assertThat(event.getUserPoolId()).isNotBlank();
        assertThat(event.getRequest().getUserAttributes())
                .containsKeys("sub", "email", "email_verified")
                .containsEntry("sub", event.getUserName());
        assertThat(event.getRequest().getUserAttributes().get("email_verified")).isIn("true", "false");
    }

    @ParameterizedTest
    @Events(
            events = {
                @Event("../events/http-get-me.json"),
                @Event("../events/http-post-companies.json"),
                @Event("../events/http-post-invites.json"),
                @Event("../events/http-get-invites.json"),
                @Event("../events/http-post-invite-resend.json"),
                @Event("../events/http-delete-invite.json"),
                @Event("../events/http-get-invite-page.json"),
                @Event("../events/http-head-invite-page.json"),
                @Event("../events/http-post-invite-accept.json"),
                @Event("../events/signup-webhook.json")
            },
            type = APIGatewayV2HTTPEvent.class)
    void httpSamples_arePayload2Events_ofARouteAHandlerServes(APIGatewayV2HTTPEvent event) {
        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(ROUTES).contains(event.getRouteKey());
        assertThat(event.getRequestContext().getRouteKey()).isEqualTo(event.getRouteKey());
        assertThat(event.getRequestContext().getHttp().getMethod() + " ")
                .isEqualTo(event.getRouteKey().substring(0, event.getRouteKey().indexOf(' ') + 1));
        assertThat(event.getRequestContext().getRequestId()).isNotBlank();
        assertThat(event.getHeaders()).isNotEmpty();
    }

    @ParameterizedTest
    @Events(
            events = {@Event("../events/scheduled-recheck.json"), @Event("../events/eventbridge-scheduled.json")},
            type = ScheduledEvent.class)
    void scheduleSamples_areEventBridgeScheduledEvents(ScheduledEvent event) {
        assertThat(event.getSource()).isEqualTo("aws.events");
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getTime()).isNotNull();
        assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:");
    }

    @ParameterizedTest
    @Events(
            events = {
                @Event("../events/sns-ses-bounce.json"),
                @Event("../events/sns-ses-transient-bounce.json"),
                @Event("../events/sns-ses-complaint.json")
            },
            type = SNSEvent.class)
    void snsSamples_holdOneSesFeedbackRecord_thatTheFeedbackHandlerReads(SNSEvent event) {
        assertThat(event.getRecords()).hasSize(1);
        SNSEvent.SNSRecord record = event.getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:sns");
        assertThat(record.getSNS().getTimestamp()).isNotNull();

        MailFeedbackEvents.Parsed parsed =
                MailFeedbackEvents.parse(record, record.getSNS().getTopicArn());

        assertThat(parsed).isInstanceOf(MailFeedbackEvents.Feedback.class);
        assertThat(((MailFeedbackEvents.Feedback) parsed).feedback().recipients())
                .isNotEmpty();
    }

    @Test
    void everyFileInEvents_isLoadedAsItsTypeByOneOfTheseTests() throws IOException {
        Set<String> loaded = new HashSet<>();
        for (Method method : SampleEventsTest.class.getDeclaredMethods()) {
            Events events = method.getAnnotation(Events.class);
            if (events != null) {
                Arrays.stream(events.events())
                        .map(e -> Path.of(e.value()).getFileName().toString())
                        .forEach(loaded::add);
            }
        }
        Set<String> files;
        try (Stream<Path> listed = Files.list(TestStack.repo().resolve("events"))) {
            files = listed.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .collect(Collectors.toSet());
        }

        assertThat(loaded).isEqualTo(files);
    }

    @Test
    void theTransientBounceSample_isFeedbackThatSuppressesNothing() {
        SNSEvent event = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadSNSEvent(
                "../events/sns-ses-transient-bounce.json");
        SNSEvent.SNSRecord record = event.getRecords().get(0);

        MailFeedback feedback = ((MailFeedbackEvents.Feedback)
                        MailFeedbackEvents.parse(record, record.getSNS().getTopicArn()))
                .feedback();

        assertThat(feedback.suppresses()).isFalse();
    }
}
