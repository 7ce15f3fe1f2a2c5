package dev.autojoin.config;

import dev.autojoin.adapter.dynamodb.DynamoDbCompanyStore;
import dev.autojoin.adapter.dynamodb.DynamoDbDomainStore;
import dev.autojoin.adapter.dynamodb.DynamoDbInvitationStore;
import dev.autojoin.adapter.dynamodb.DynamoDbMembershipStore;
import dev.autojoin.adapter.dynamodb.DynamoDbSignupLookup;
import dev.autojoin.adapter.dynamodb.SingleTable;
import dev.autojoin.adapter.ses.InvitationEmailTemplate;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.app.AcceptInvitation;
import dev.autojoin.app.Access;
import dev.autojoin.app.ClaimDomain;
import dev.autojoin.app.CompanyStore;
import dev.autojoin.app.ConfigureDomain;
import dev.autojoin.app.CreateCompany;
import dev.autojoin.app.Discover;
import dev.autojoin.app.DomainStore;
import dev.autojoin.app.EmailSender;
import dev.autojoin.app.InvitationLimits;
import dev.autojoin.app.InvitationStore;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.app.ListDomains;
import dev.autojoin.app.ListInvitations;
import dev.autojoin.app.MembershipStore;
import dev.autojoin.app.ResendInvitation;
import dev.autojoin.app.RevokeInvitation;
import dev.autojoin.app.SendInvitations;
import dev.autojoin.app.ShowCompany;
import dev.autojoin.app.ShowInvitation;
import dev.autojoin.app.ShowMe;
import dev.autojoin.app.SignupLookup;
import dev.autojoin.app.SignupWebhookVerifier;
import dev.autojoin.domain.MailDomainPolicy;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/** The composition root: clients built once per container (INIT), use cases wired by hand. */
public final class Wiring {
    private final Env env;
    private final Clock clock;
    private final MailDomainPolicy policy;
    private final CompanyStore companies;
    private final MembershipStore memberships;
    private final DomainStore domains;
    private final InvitationStore invitations;
    private final SignupLookup signupLookup;

    public Wiring(Env env, Clock clock, DynamoDbClient dynamoDb) {
        this.env = env;
        this.clock = clock;
        this.policy = MailDomainPolicy.bundled();
        SingleTable table = new SingleTable(dynamoDb, env.tableName(), env.auditRetention());
        this.companies = new DynamoDbCompanyStore(table);
        this.memberships = new DynamoDbMembershipStore(table);
        this.domains = new DynamoDbDomainStore(table);
        this.invitations = new DynamoDbInvitationStore(table);
        this.signupLookup = new DynamoDbSignupLookup(table);
    }

    /** Production wiring from the environment, for a function with the given patience. */
    public static Wiring fromEnvironment(Timeouts timeouts) {
        Env env = Env.system();
        Clock clock = env.adjustableClock() ? AdjustableClock.INSTANCE : Clock.systemUTC();
        Wiring wiring = new Wiring(env, clock, dynamoDb(env, timeouts, List.of()));
        wiring.sesTimeouts = timeouts;
        return wiring;
    }

    private Timeouts sesTimeouts = Timeouts.API;
    private EmailSender emailSender;

    /** Built on first use, which is INIT for the functions that send email. */
    public synchronized EmailSender emailSender() {
        if (emailSender == null) {
            emailSender = new SesEmailSender(ses(env, sesTimeouts, credentials(), List.of()), env.senderEmail());
        }
        return emailSender;
    }

    /** Tests and the local stack hand in a sender of their own choosing (still SES, pointed at the emulator). */
    public synchronized Wiring withEmailSender(EmailSender sender) {
        this.emailSender = sender;
        return this;
    }

    public static SesV2Client ses(
            Env env, Timeouts timeouts, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        SesV2ClientBuilder builder = SesV2Client.builder()
                .region(Region.of(env.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.socket())
                        .build())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.total())
                        .executionInterceptors(interceptors));
        env.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static DynamoDbClient dynamoDb(Env env, Timeouts timeouts, List<ExecutionInterceptor> interceptors) {
        return dynamoDb(env, timeouts, credentials(), interceptors);
    }

    public static DynamoDbClient dynamoDb(
            Env env, Timeouts timeouts, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(env.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeouts.connect())
                        .socketTimeout(timeouts.socket())
                        .build())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.total())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(timeouts.maxAttempts())
                                .build())
                        .executionInterceptors(interceptors));
        env.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Lambda's variables; SnapStart's container endpoint; system properties for the local stack. */
    static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(
                        EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build(),
                        SystemPropertyCredentialsProvider.create())
                .reuseLastProviderEnabled(true)
                .build();
    }

    public Env env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    public Access access() {
        return new Access(memberships);
    }

    public JoinOnSignup joinOnSignup() {
        return new JoinOnSignup(domains, memberships, signupLookup, invitations, policy, clock);
    }

    public SignupWebhookVerifier signupWebhookVerifier() {
        return new SignupWebhookVerifier(env.signupWebhookSecret().getBytes(StandardCharsets.UTF_8), clock);
    }

    public ShowMe showMe() {
        return new ShowMe(memberships, joinOnSignup());
    }

    public CreateCompany createCompany() {
        return new CreateCompany(companies, clock);
    }

    public ShowCompany showCompany() {
        return new ShowCompany(access(), companies);
    }

    public ClaimDomain claimDomain() {
        return new ClaimDomain(access(), domains, policy, clock);
    }

    public ConfigureDomain configureDomain() {
        return new ConfigureDomain(access(), domains, clock);
    }

    public ListDomains listDomains() {
        return new ListDomains(access(), domains);
    }

    public Discover discover() {
        return new Discover(joinOnSignup(), policy);
    }

    public SendInvitations sendInvitations() {
        return new SendInvitations(
                access(),
                companies,
                invitations,
                invitationTemplate(),
                emailSender(),
                invitationLimits(),
                random(),
                mailers(),
                clock);
    }

    public ListInvitations listInvitations() {
        return new ListInvitations(access(), invitations);
    }

    public ResendInvitation resendInvitation() {
        return new ResendInvitation(
                access(),
                companies,
                invitations,
                invitationTemplate(),
                emailSender(),
                invitationLimits(),
                random(),
                clock);
    }

    public RevokeInvitation revokeInvitation() {
        return new RevokeInvitation(access(), invitations, clock);
    }

    public ShowInvitation showInvitation() {
        return new ShowInvitation(invitations, clock);
    }

    public AcceptInvitation acceptInvitation() {
        return new AcceptInvitation(invitations, clock);
    }

    public InvitationEmailTemplate invitationTemplate() {
        return new InvitationEmailTemplate(env.appBaseUrl());
    }

    private InvitationLimits invitationLimits() {
        return new InvitationLimits(env.invitesPerCompanyPerDay(), env.invitesPerAddressPerDay());
    }

    private SecureRandom random;
    private ExecutorService mailers;

    /** Reads /dev/urandom on every call, so a SnapStart snapshot never replays its output in two containers. */
    private synchronized SecureRandom random() {
        if (random == null) {
            try {
                random = SecureRandom.getInstance("NativePRNGNonBlocking");
            } catch (NoSuchAlgorithmException notLinux) {
                random = new SecureRandom();
            }
        }
        return random;
    }

    /** A bulk invite mails several addresses at a time; idle threads end, so a frozen container holds none. */
    private synchronized ExecutorService mailers() {
        if (mailers == null) {
            int threads = env.invitesSendConcurrency();
            ThreadPoolExecutor pool =
                    new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread thread = new Thread(r, "invitation-mailer");
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            mailers = pool;
        }
        return mailers;
    }
}
