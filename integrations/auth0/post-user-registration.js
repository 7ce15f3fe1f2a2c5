// Auth0 Post User Registration Action: tells the auto-join product about each new user, signed with Standard
// Webhooks (https://www.standardwebhooks.com). Paste into Actions > Library > Create Action > Post User
// Registration (runtime Node 22; Node 18 or newer works), add the two secrets, deploy, and add it to the flow:
//
//   AUTOJOIN_HOOK_URL       https://<api>/hooks/signup
//   AUTOJOIN_WEBHOOK_SECRET whsec_... (the value stored in the stack's SignupWebhookSecretArn secret)
//
// No npm dependencies: global fetch and node:crypto only. The action cannot block or undo a sign-up (Auth0 runs it
// asynchronously), so a failure is logged and left to GET /me, which joins the user on their first call with a
// verified email. A database sign-up is usually unverified here; post-login.js reports it once it is verified.
const crypto = require("node:crypto");

const ATTEMPTS = 3;
const TIMEOUT_MS = 5000;

exports.onExecutePostUserRegistration = async (event, api) => {
    const user = event.user;
    if (!user.email) {
        return; // a phone-only sign-up: nothing to join by
    }
    const body = JSON.stringify({ sub: user.user_id, email: user.email, emailVerified: user.email_verified === true });
    // The same id on every attempt, so the product counts a retry as the same delivery.
    const id = "auth0-registration-" + digest(user.user_id);
    await deliver(event.secrets, id, body);
};

async function deliver(secrets, id, body) {
    if (!secrets.AUTOJOIN_HOOK_URL || !secrets.AUTOJOIN_WEBHOOK_SECRET) {
        console.error("autojoin: set the secrets AUTOJOIN_HOOK_URL and AUTOJOIN_WEBHOOK_SECRET");
        return;
    }
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let retry;
        try {
            const response = await fetch(secrets.AUTOJOIN_HOOK_URL, {
                method: "POST",
                headers: { "content-type": "application/json", ...sign(secrets.AUTOJOIN_WEBHOOK_SECRET, id, body) },
                body,
                signal: AbortSignal.timeout(TIMEOUT_MS),
            });
            if (response.ok) {
                return;
            }
            // 503 (and other 5xx) means "deliver it again"; a 4xx will answer the same however often it is sent.
            retry = response.status >= 500;
            console.error(`autojoin: ${id} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
        } catch (unreachable) {
            retry = true;
            console.error(`autojoin: ${id} not delivered: ${unreachable.name}: ${unreachable.message}`);
        }
        if (!retry || attempt === ATTEMPTS) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 3 ** (attempt - 1)));
    }
}

/** Standard Webhooks' headers: base64 HMAC-SHA256 of "id.timestamp.body", keyed by the secret after whsec_. */
function sign(secret, id, body) {
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const signature = crypto.createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
    return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}

function digest(text) {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 32);
}
