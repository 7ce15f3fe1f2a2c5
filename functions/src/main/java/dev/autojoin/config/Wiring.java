package dev.autojoin.config;

import dev.autojoin.adapter.dns.DnsJavaResolver;
import dev.autojoin.adapter.dynamodb.DynamoDbAuditLog;
import dev.autojoin.adapter.dynamodb.DynamoDbCompanyAdmins;
import dev.autojoin.adapter.dynamodb.DynamoDbCompanyStore;
import dev.autojoin.adapter.dynamodb.DynamoDbDomainStore;
import dev.autojoin.adapter.dynamodb.DynamoDbHookDeliveries;
import dev.autojoin.adapter.dynamodb.DynamoDbInvitationStore;
import dev.autojoin.adapter.dynamodb.DynamoDbJoinRequestStore;
import dev.autojoin.adapter.dynamodb.DynamoDbMembershipStore;
import dev.autojoin.adapter.dynamodb.DynamoDbNotificationOutbox;
import dev.autojoin.adapter.dynamodb.DynamoDbRateLimiter;
import dev.autojoin.adapter.dynamodb.DynamoDbSignupLookup;
import dev.autojoin.adapter.dynamodb.DynamoDbSuppressionList;
import dev.autojoin.adapter.dynamodb.DynamoDbTeamStore;
import dev.autojoin.adapter.dynamodb.SingleTable;
import dev.autojoin.adapter.ses.DomainEmailTemplates;
import dev.autojoin.adapter.ses.InvitationEmailTemplate;
import dev.autojoin.adapter.ses.SesEmailSender;
import dev.autojoin.adapter.ses.SesSendingQuota;
import dev.autojoin.adapter.sqs.SqsInvitationQueue;
import dev.autojoin.app.AcceptInvitation;
import dev.autojoin.app.Access;
import dev.autojoin.app.AnswerOffer;
import dev.autojoin.app.AuditLog;
import dev.autojoin.app.ChangeMember;
import dev.autojoin.app.ChangeTeam;
import dev.autojoin.app.ChangeTeamMember;
import dev.autojoin.app.CheckDomain;
import dev.autojoin.app.ClaimDomain;
import dev.autojoin.app.CompanyAdmins;
import dev.autojoin.app.CompanyStore;
import dev.autojoin.app.ConfigureDomain;
import dev.autojoin.app.ConfirmDomainVerification;
import dev.autojoin.app.CreateCompany;
import dev.autojoin.app.CreateTeam;
import dev.autojoin.app.DecideJoinRequest;
import dev.autojoin.app.Discover;
import dev.autojoin.app.DnsResolver;
import dev.autojoin.app.DomainMail;
import dev.autojoin.app.DomainStore;
import dev.autojoin.app.EmailSender;
import dev.autojoin.app.InvitationLimits;
import dev.autojoin.app.InvitationQueue;
import dev.autojoin.app.InvitationStore;
import dev.autojoin.app.JoinOnSignup;
import dev.autojoin.app.JoinRequestStore;
import dev.autojoin.app.ListDomains;
import dev.autojoin.app.ListInvitations;
import dev.autojoin.app.ListJoinRequests;
import dev.autojoin.app.ListMembers;
import dev.autojoin.app.ListPeopleOutside;
import dev.autojoin.app.ListTeams;
import dev.autojoin.app.MailInvitation;
import dev.autojoin.app.MembershipStore;
import dev.autojoin.app.NotificationOutbox;
import dev.autojoin.app.PropagateCompanyNames;
import dev.autojoin.app.RateLimiter;
import dev.autojoin.app.ReadAudit;
import dev.autojoin.app.ReceiveSignup;
import dev.autojoin.app.RecheckDomains;
import dev.autojoin.app.RecordMailFeedback;
import dev.autojoin.app.ReleaseDomain;
import dev.autojoin.app.RemoveMember;
import dev.autojoin.app.RequestToJoin;
import dev.autojoin.app.ResendInvitation;
import dev.autojoin.app.RevokeInvitation;
import dev.autojoin.app.SendInvitations;
import dev.autojoin.app.SendJoinDigests;
import dev.autojoin.app.SendPace;
import dev.autojoin.app.ShowCompany;
import dev.autojoin.app.ShowDomainVerification;
import dev.autojoin.app.ShowInvitation;
import dev.autojoin.app.ShowMe;
import dev.autojoin.app.SignupLookup;
import dev.autojoin.app.SuppressionCheckedSender;
import dev.autojoin.app.SuppressionList;
import dev.autojoin.app.SweepInvitationOutbox;
import dev.autojoin.app.TeamStore;
import dev.autojoin.app.TellShadowCompanies;
import dev.autojoin.app.UpdateSettings;
import dev.autojoin.domain.MailDomainPolicy;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The composition root: clients built once per container (INIT), use cases wired by hand. */
public final class Wiring {
    private final Env env;
    private final Clock clock;
    private final MailDomainPolicy policy;
    private final CompanyStore companies;
    private final TeamStore teams;
    private final MembershipStore memberships;
    private final DomainStore domains;
    private final CompanyAdmins companyAdmins;
    private final RateLimiter rateLimiter;
    private final DomainMail domainMail = new DomainEmailTemplates();
    private Timeouts sesTimeouts = Timeouts.API;
    private EmailSender emailSender;
    private final JoinRequestStore joinRequests;
    private final AuditLog auditLog;
    private final NotificationOutbox outbox;
    private final InvitationStore invitations;
    private final SignupLookup signupLookup;
    private final SuppressionList suppressions;
    private final SingleTable table;
    private SecretsManagerClient secretsManager;

    public Wiring(Env env, Clock clock, DynamoDbClient dynamoDb) {
        this.env = env;
        this.clock = clock;
        this.policy = MailDomainPolicy.bundled();
        SingleTable table = new SingleTable(dynamoDb, env.tableName(), env.auditRetention());
        this.table = table;
        this.companies = new DynamoDbCompanyStore(table);
        this.teams = new DynamoDbTeamStore(table);
        this.memberships = new DynamoDbMembershipStore(table);
        this.domains = new DynamoDbDomainStore(table);
        this.rateLimiter = new DynamoDbRateLimiter(table, clock);
        this.companyAdmins = new DynamoDbCompanyAdmins(table);
        this.joinRequests = new DynamoDbJoinRequestStore(table);
        this.auditLog = new DynamoDbAuditLog(table);
        this.outbox = new DynamoDbNotificationOutbox(table);
        this.invitations = new DynamoDbInvitationStore(table);
        this.signupLookup = new DynamoDbSignupLookup(table);
        this.suppressions = new DynamoDbSuppressionList(table);
    }

    /** Production wiring from the environment, for a function with the given patience. */
    public static Wiring fromEnvironment(Timeouts timeouts) {
        Env env = Env.system();
        Clock clock = env.adjustableClock() ? AdjustableClock.INSTANCE : Clock.systemUTC();
        Wiring wiring = new Wiring(env, clock, dynamoDb(env, timeouts, List.of()));
        wiring.sesTimeouts = timeouts;
        return wiring;
    }

    /** Built on first use, which is INIT for the functions that send email. */
    public synchronized EmailSender emailSender() {
        if (emailSender == null) {
            emailSender = new SesEmailSender(
                    ses(env, sesTimeouts, credentials(), List.of()), env.senderEmail(), env.sesConfigurationSet());
        }
        return emailSender;
    }

    /** Notices and digests to admins: skips suppressed addresses (invitations and links check in their own write). */
    public EmailSender notificationSender() {
        return new SuppressionCheckedSender(emailSender(), suppressions);
    }

    /** Tests and the local stack hand in a sender of their own choosing (still SES, pointed at the emulator). */
    public synchronized Wiring withEmailSender(EmailSender sender) {
        this.emailSender = sender;
        return this;
    }

    public static SesV2Client ses(
            Env env, Timeouts timeouts, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        return build(SesV2Client.builder(), env, timeouts, credentials, interceptors, lightweightHttp(timeouts));
    }

    public static DynamoDbClient dynamoDb(Env env, Timeouts timeouts, List<ExecutionInterceptor> interceptors) {
        return dynamoDb(env, timeouts, credentials(), interceptors);
    }

    public static DynamoDbClient dynamoDb(
            Env env, Timeouts timeouts, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        return build(DynamoDbClient.builder(), env, timeouts, credentials, interceptors, lightweightHttp(timeouts));
    }

    /** The production client over another HTTP client: the benchmarks answer DynamoDB in process. */
    public static DynamoDbClient dynamoDb(
            Env env,
            Timeouts timeouts,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors,
            SdkHttpClient http) {
        return build(DynamoDbClient.builder(), env, timeouts, credentials, interceptors, http);
    }

    private static SdkHttpClient lightweightHttp(Timeouts timeouts) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                .socketTimeout(timeouts.socket())
                .build();
    }

    /** Every client alike: explicit region and credentials, the one lightweight HTTP client, bounded patience. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder,
            Env env,
            Timeouts timeouts,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors,
            SdkHttpClient http) {
        builder.region(Region.of(env.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
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

    /** The memberships, for tests that wire a use case around a store of their own. */
    public MembershipStore membershipStore() {
        return memberships;
    }

    public TeamStore teamStore() {
        return teams;
    }

    public Access access() {
        return new Access(memberships);
    }

    public JoinOnSignup joinOnSignup() {
        return new JoinOnSignup(domains, memberships, teams, signupLookup, invitations, policy, clock);
    }

    public ReceiveSignup receiveSignup() {
        return new ReceiveSignup(joinOnSignup(), new DynamoDbHookDeliveries(table, clock));
    }

    /**
     * A hook's secret by its variable: empty when unset (the provider is off). A Secrets Manager ARN, as
     * template.yaml passes, is read from Secrets Manager (each call reads it afresh: the caller caches); any other
     * value is the secret itself, as the local stack sets it.
     */
    public Optional<Supplier<String>> secret(String name) {
        return env.optional(name).map(value -> {
            if (!value.startsWith("arn:")) {
                return () -> value;
            }
            return () -> secretsManager().getSecretValue(r -> r.secretId(value)).secretString();
        });
    }

    private synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager = secretsManager(env, credentials());
        }
        return secretsManager;
    }

    public static SecretsManagerClient secretsManager(Env env, AwsCredentialsProvider credentials) {
        return build(
                SecretsManagerClient.builder(),
                env,
                Timeouts.TRIGGER,
                credentials,
                List.of(),
                lightweightHttp(Timeouts.TRIGGER));
    }

    /** Tests hand in a client with the emulator's credentials. */
    public synchronized Wiring withSecretsManager(SecretsManagerClient client) {
        this.secretsManager = client;
        return this;
    }

    public ShowMe showMe() {
        return new ShowMe(memberships, joinOnSignup(), teams);
    }

    public AnswerOffer answerOffer() {
        return new AnswerOffer(memberships, joinOnSignup(), clock);
    }

    public CreateCompany createCompany() {
        return new CreateCompany(companies, rateLimiter, env.companiesPerUserPerDay(), joinOnSignup(), clock);
    }

    public ShowCompany showCompany() {
        return new ShowCompany(companies);
    }

    public ClaimDomain claimDomain() {
        return new ClaimDomain(
                access(),
                domains,
                policy,
                domainMail,
                emailSender(),
                env.appBaseUrl().toString(),
                env.verificationRules(),
                rateLimiter,
                clock);
    }

    /** Lookups give up after 2 s per attempt, so a check answers well inside the function's timeout. */
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(2);

    private DnsResolver dnsResolver;

    /** Built on first use (INIT of the domains function): DNS_RESOLVER when set, else the system's resolvers. */
    public synchronized DnsResolver dnsResolver() {
        if (dnsResolver == null) {
            dnsResolver = DnsJavaResolver.of(env.dnsResolver(), DNS_TIMEOUT);
        }
        return dnsResolver;
    }

    public CheckDomain checkDomain() {
        return new CheckDomain(
                access(),
                domains,
                dnsResolver(),
                companyAdmins,
                notificationSender(),
                domainMail,
                env.verificationRules(),
                clock,
                rateLimiter,
                env.domainChecksPerMinute());
    }

    public RecheckDomains recheckDomains() {
        return new RecheckDomains(
                domains,
                dnsResolver(),
                companyAdmins,
                notificationSender(),
                domainMail,
                env.verificationRules(),
                clock);
    }

    public ReleaseDomain releaseDomain() {
        return new ReleaseDomain(access(), domains, clock);
    }

    public ShowDomainVerification showDomainVerification() {
        return new ShowDomainVerification(domains, clock);
    }

    public ConfirmDomainVerification confirmDomainVerification() {
        return new ConfirmDomainVerification(domains, clock);
    }

    public ConfigureDomain configureDomain() {
        return new ConfigureDomain(access(), domains, teams, clock);
    }

    public ListPeopleOutside listPeopleOutside() {
        return new ListPeopleOutside(access(), domains, memberships);
    }

    public ListDomains listDomains() {
        return new ListDomains(access(), domains, clock);
    }

    public Discover discover() {
        return new Discover(joinOnSignup(), policy, rateLimiter, env.discoveryPerClientPerMinute());
    }

    public UpdateSettings updateSettings() {
        return new UpdateSettings(access(), companies, clock);
    }

    public ListTeams listTeams() {
        return new ListTeams(access(), teams, clock);
    }

    public CreateTeam createTeam() {
        return new CreateTeam(access(), teams, clock);
    }

    public ChangeTeam changeTeam() {
        return new ChangeTeam(teams, clock);
    }

    public ChangeTeamMember changeTeamMember() {
        return new ChangeTeamMember(teams, clock);
    }

    public ListMembers listMembers() {
        return new ListMembers(access(), memberships);
    }

    public ChangeMember changeMember() {
        return new ChangeMember(access(), memberships, clock);
    }

    public RemoveMember removeMember() {
        return new RemoveMember(access(), memberships, joinOnSignup(), clock);
    }

    public RequestToJoin requestToJoin() {
        return new RequestToJoin(joinRequests, clock);
    }

    public ListJoinRequests listJoinRequests() {
        return new ListJoinRequests(access(), joinRequests);
    }

    public DecideJoinRequest decideJoinRequest() {
        return new DecideJoinRequest(joinRequests, domains, companies, teams, clock);
    }

    public ReadAudit readAudit() {
        return new ReadAudit(access(), auditLog);
    }

    /** Builds the email sender on first use. */
    public SendJoinDigests sendJoinDigests() {
        return new SendJoinDigests(outbox, companies, companyAdmins, notificationSender(), env.appBaseUrl(), clock);
    }

    public TellShadowCompanies tellShadowCompanies() {
        return new TellShadowCompanies(
                domains, memberships, companyAdmins, notificationSender(), domainMail, env.appBaseUrl(), clock);
    }

    public PropagateCompanyNames propagateCompanyNames() {
        return new PropagateCompanyNames(companies);
    }

    public SendInvitations sendInvitations() {
        return new SendInvitations(
                access(), companies, teams, invitations, invitationQueue(), invitationLimits(), random(), clock);
    }

    private InvitationQueue invitationQueue;

    /** Built on first use, which is INIT for the functions that enqueue (invites, housekeeping). */
    public synchronized InvitationQueue invitationQueue() {
        if (invitationQueue == null) {
            invitationQueue = new SqsInvitationQueue(
                    build(
                            SqsClient.builder(),
                            env,
                            sesTimeouts,
                            credentials(),
                            List.of(),
                            lightweightHttp(sesTimeouts)),
                    env.invitationQueueUrl());
        }
        return invitationQueue;
    }

    /** Tests hand in a queue of their own choosing (still SQS, pointed at the emulator, or one that fails). */
    public synchronized Wiring withInvitationQueue(InvitationQueue queue) {
        this.invitationQueue = queue;
        return this;
    }

    public SweepInvitationOutbox sweepInvitationOutbox() {
        return new SweepInvitationOutbox(invitations, invitationQueue(), clock);
    }

    /**
     * The sender's use case, paced at {@code ratePerSecond} (all containers together: each takes its share), with a
     * pace of its own, so build it once per container.
     */
    public MailInvitation mailInvitation(double ratePerSecond) {
        SendPace pace = SendPace.sleeping(ratePerSecond / env.invitationMailConcurrency(), clock);
        return new MailInvitation(invitations, invitationTemplate(), emailSender(), pace, random(), clock);
    }

    /** The SES account's MaxSendRate, when SES answers GetAccount (read at the sender's INIT). */
    public OptionalDouble sesAccountMaxSendRate() {
        return SesSendingQuota.maxSendRate(ses(env, sesTimeouts, credentials(), List.of()));
    }

    public ListInvitations listInvitations() {
        return new ListInvitations(access(), invitations);
    }

    public ResendInvitation resendInvitation() {
        return new ResendInvitation(invitations, invitationQueue(), invitationLimits(), random(), clock);
    }

    public RevokeInvitation revokeInvitation() {
        return new RevokeInvitation(invitations, clock);
    }

    public ShowInvitation showInvitation() {
        return new ShowInvitation(invitations, clock);
    }

    public AcceptInvitation acceptInvitation() {
        return new AcceptInvitation(invitations, memberships, teams, clock);
    }

    public RecordMailFeedback recordMailFeedback() {
        return new RecordMailFeedback(suppressions, invitations, memberships, clock);
    }

    public InvitationEmailTemplate invitationTemplate() {
        return new InvitationEmailTemplate(env.appBaseUrl());
    }

    private InvitationLimits invitationLimits() {
        return new InvitationLimits(env.invitesPerCompanyPerDay(), env.invitesPerAddressPerDay());
    }

    private SecureRandom random;

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
}
