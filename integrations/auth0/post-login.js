// Auth0 Post Login Action: reports a user to the auto-join product once their email is verified, which for a
// database sign-up happens after registration (post-user-registration.js reported them unverified, and unverified
// joins nobody). Same secrets and signature as post-user-registration.js; an Action is one file, so its few lines of
// signing are repeated here. Add it to the Login flow after deploying.
//
// A login is never held up or refused for it: one attempt of at most 3 s, failures logged. The user's app_metadata
// remembers the (user, email) pair reported, so later logins send nothing; GET /me repairs anything missed.
const crypto = require("node:crypto");

const TIMEOUT_MS = 3000;

exports.onExecutePostLogin = async (event, api) => {
    const user = event.user;
    if (!user.email || user.email_verified !== true) {
        return;
    }
    if (!event.secrets.AUTOJOIN_HOOK_URL || !event.secrets.AUTOJOIN_WEBHOOK_SECRET) {
        console.error("autojoin: set the secrets AUTOJOIN_HOOK_URL and AUTOJOIN_WEBHOOK_SECRET");
        return;
    }
    // Stable per user and address: a retry after a lost answer is the same delivery; a new address is a new one.
    const reported = digest(`${user.user_id}\n${user.email}`);
    if ((user.app_metadata || {}).autojoin_reported === reported) {
        return;
    }
    const id = "auth0-verified-" + reported;
    const body = JSON.stringify({ sub: user.user_id, email: user.email, emailVerified: true });
    try {
        const response = await fetch(event.secrets.AUTOJOIN_HOOK_URL, {
            method: "POST",
            headers: { "content-type": "application/json", ...sign(event.secrets.AUTOJOIN_WEBHOOK_SECRET, id, body) },
            body,
            signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.ok) {
            api.user.setAppMetadata("autojoin_reported", reported);
        } else {
            console.error(`autojoin: ${id} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
        }
    } catch (unreachable) {
        console.error(`autojoin: ${id} not delivered: ${unreachable.name}: ${unreachable.message}`);
    }
};

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
