#!/usr/bin/env node
// Sends one signed sign-up delivery in an identity provider's own format to the stack's hook, and prints the answer.
// For trying the hooks on ./run (docs/IDENTITY-PROVIDERS.md, "Try it on ./run"); Node 18 or newer, no dependencies.
//
//   node scripts/send-hook.mjs PROVIDER EMAIL [--unverified] [--sub ID] [--id DELIVERY_ID] [--event EVENT]
//                              [--url http://localhost:3000]
//
// PROVIDER: signup clerk workos okta keycloak firebase. The payload starts from the provider's sample in
// events/providers/ with the user id, email, verified flag and delivery id replaced; it is signed with the secret in
// the env var the stack reads (SIGNUP_WEBHOOK_SECRET, CLERK_WEBHOOK_SECRET, WORKOS_WEBHOOK_SECRET,
// OKTA_HOOK_AUTHORIZATION, KEYCLOAK_WEBHOOK_SECRET), or ./run's default when it is unset.
//   --event   clerk, workos: user.created (default) | user.updated; keycloak: verify-email (default) | register;
//             okta: user.lifecycle.create (default) | user.lifecycle.activate | verification (the one-time GET)
//   --id      the delivery id (svix-id, webhook-id, WorkOS event id, Okta uuid, Keycloak uid, Firebase event_id):
//             the same --id twice is the same delivery, answered {"outcome":"duplicate"}; without it, a fresh one
//   --sub     the user id; by default one derived from the email, so the same person gets the same id
// Okta sends no verified flag: the stack decides (OKTA_EMAILS_VERIFIED), so --unverified changes nothing there.
// Keycloak's flag is the event: --unverified means --event register. Exits 1 unless the answer is 2xx.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

const DEFAULT_SECRETS = {
    SIGNUP_WEBHOOK_SECRET: "whsec_c2FtcGxlLXNpZ251cC1zZWNyZXQtMDEyMzQ1Njc4OWFi",
    CLERK_WEBHOOK_SECRET: "whsec_c2FtcGxlLWNsZXJrLXNlY3JldC0wMTIzNDU2Nzg5YWJj",
    WORKOS_WEBHOOK_SECRET: "sample-workos-secret",
    OKTA_HOOK_AUTHORIZATION: "sample-okta-authorization",
    KEYCLOAK_WEBHOOK_SECRET: "sample-keycloak-secret",
};
const EVENTS = {
    signup: [],
    clerk: ["user.created", "user.updated"],
    workos: ["user.created", "user.updated"],
    okta: ["user.lifecycle.create", "user.lifecycle.activate", "verification"],
    keycloak: ["verify-email", "register"],
    firebase: [],
};

const options = parse(process.argv.slice(2));
const delivery = await build(options);
const response = await fetch(options.url + delivery.path, {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
});
console.log(`${delivery.method} ${delivery.path} (delivery id ${delivery.id}) -> ${response.status}`);
const answer = await response.text();
if (answer) {
    console.log(answer);
}
process.exitCode = response.ok ? 0 : 1;

function parse(args) {
    const usage = "usage: node scripts/send-hook.mjs signup|clerk|workos|okta|keycloak|firebase EMAIL [--unverified]"
        + " [--sub ID] [--id DELIVERY_ID] [--event EVENT] [--url http://localhost:3000]";
    const positional = [];
    const options = { verified: true, url: "http://localhost:3000" };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--unverified") {
            options.verified = false;
        } else if (["--sub", "--id", "--event", "--url"].includes(arg) && i + 1 < args.length) {
            options[arg.slice(2)] = args[++i];
        } else if (arg.startsWith("--")) {
            fail(`unknown or incomplete option ${arg}\n${usage}`);
        } else {
            positional.push(arg);
        }
    }
    const [provider, email] = positional;
    if (positional.length !== 2 || !(provider in EVENTS)) {
        fail(usage);
    }
    if (options.event !== undefined && !EVENTS[provider].includes(options.event)) {
        fail(`--event for ${provider}: ${EVENTS[provider].join(" | ") || "none"}`);
    }
    if (provider === "keycloak" && options.event === undefined && !options.verified) {
        options.event = "register";
    }
    options.event ??= EVENTS[provider][0];
    options.url = options.url.replace(/\/+$/, "");
    return { ...options, provider, email };
}

async function build({ provider, email, verified, sub, id, event }) {
    const hash = createHash("sha256").update(email.toLowerCase()).digest("hex");
    switch (provider) {
        case "signup": {
            id ??= "msg_" + randomBytes(16).toString("base64url");
            const body = JSON.stringify({ sub: sub ?? `local|${hash.slice(0, 24)}`, email, emailVerified: verified });
            return post("/hooks/signup", id, body, standardWebhooks("webhook", secret("SIGNUP_WEBHOOK_SECRET"), id, body));
        }
        case "clerk": {
            id ??= "msg_" + randomBytes(20).toString("base64url");
            const payload = sample(event === "user.updated" ? "clerk-user-updated" : "clerk-user-created");
            const now = Date.now();
            payload.timestamp = now;
            payload.data.id = sub ?? `user_${hash.slice(0, 27)}`;
            payload.data.updated_at = now;
            const address = payload.data.email_addresses.find((a) => a.id === payload.data.primary_email_address_id);
            address.email_address = email;
            address.verification.status = verified ? "verified" : "unverified";
            const body = JSON.stringify(payload);
            return post("/hooks/clerk", id, body, standardWebhooks("svix", secret("CLERK_WEBHOOK_SECRET"), id, body));
        }
        case "workos": {
            id ??= "event_" + randomBytes(13).toString("hex").toUpperCase();
            const payload = sample(event === "user.updated" ? "workos-user-updated" : "workos-user-created");
            payload.id = id;
            payload.created_at = new Date().toISOString();
            payload.data.id = sub ?? `user_${hash.slice(0, 26).toUpperCase()}`;
            payload.data.email = email;
            payload.data.email_verified = verified;
            const body = JSON.stringify(payload);
            const t = Date.now().toString();
            const v1 = createHmac("sha256", secret("WORKOS_WEBHOOK_SECRET")).update(`${t}.${body}`).digest("hex");
            return post("/hooks/workos", id, body, { "WorkOS-Signature": `t=${t}, v1=${v1}` });
        }
        case "okta": {
            const authorization = { Authorization: secret("OKTA_HOOK_AUTHORIZATION") };
            if (event === "verification") {
                id ??= randomBytes(30).toString("base64url");
                return {
                    method: "GET",
                    path: "/hooks/okta",
                    id,
                    headers: { ...authorization, "X-Okta-Verification-Challenge": id },
                };
            }
            id ??= randomUUID();
            const payload = sample(
                event === "user.lifecycle.activate" ? "okta-user-lifecycle-activate" : "okta-user-lifecycle-create");
            payload.eventId = randomUUID();
            payload.eventTime = new Date().toISOString();
            const logEvent = payload.data.events[0];
            logEvent.uuid = id;
            logEvent.published = payload.eventTime;
            const target = logEvent.target.find((t) => t.type === "User");
            target.id = sub ?? `00u${hash.slice(0, 17)}`;
            target.alternateId = email;
            if (!verified) {
                console.error("note: Okta sends no verified flag; the stack's OKTA_EMAILS_VERIFIED decides");
            }
            return post("/hooks/okta", id, JSON.stringify(payload), authorization);
        }
        case "keycloak": {
            id ??= randomUUID();
            const payload = sample(event === "register" ? "keycloak-register" : "keycloak-verify-email");
            payload.uid = id;
            payload.id = randomUUID();
            payload.time = Date.now();
            payload.authDetails.userId = sub ?? uuid(hash);
            payload.authDetails.username = email;
            payload.details.email = email;
            if ("username" in payload.details) {
                payload.details.username = email;
            }
            const body = JSON.stringify(payload);
            const signature = createHmac("sha256", secret("KEYCLOAK_WEBHOOK_SECRET")).update(body).digest("hex");
            return post("/hooks/keycloak", id, body, { "X-Keycloak-Signature": signature });
        }
        case "firebase": {
            id ??= randomBytes(15).toString("base64url");
            const uid = sub ?? hash.slice(0, 28);
            // The local stack's stand-in for Google: it signs a beforeCreate token with the key it serves as
            // /_local/firebase/certs, which the stack's FIREBASE_CERTS_URL points at.
            const minted = await fetch(`${options.url}/_local/firebase/token`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ uid, email, emailVerified: verified, eventId: id }),
            });
            if (!minted.ok) {
                fail(`POST /_local/firebase/token -> ${minted.status} ${await minted.text()}`);
            }
            const { jwt } = await minted.json();
            const claims = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
            if (options.id !== undefined && claims.event_id !== options.id) {
                console.error(`note: the local token service chose event_id ${claims.event_id}, not --id`);
            }
            return post("/hooks/firebase", claims.event_id, JSON.stringify({ data: { jwt } }), {});
        }
    }
}

function post(path, id, body, headers) {
    return { method: "POST", path, id, body, headers: { "content-type": "application/json", ...headers } };
}

/** Standard Webhooks' (and Svix's) headers: base64 HMAC-SHA256 of "id.timestamp.body" keyed by the whsec_ secret. */
function standardWebhooks(prefix, secret, id, body) {
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
    return {
        [`${prefix}-id`]: id,
        [`${prefix}-timestamp`]: timestamp,
        [`${prefix}-signature`]: `v1,${signature}`,
    };
}

/** The provider's payload from its sample event (an API Gateway event whose body is what the provider sends). */
function sample(name) {
    const event = JSON.parse(readFileSync(new URL(`../events/providers/${name}.json`, import.meta.url), "utf8"));
    return JSON.parse(event.body);
}

function secret(name) {
    return process.env[name] || DEFAULT_SECRETS[name];
}

function uuid(hex) {
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fail(message) {
    console.error(message);
    process.exit(2);
}
