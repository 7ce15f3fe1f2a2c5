"""Every change a function reads reaches its "live" alias.

Expands the template with the SAM translator (the one CloudFormation runs) for a base set of parameter values, then
once per parameter with that parameter alone changed, and once per literal property changed. A function has a new
version when its AWS::Lambda::Version's logical id changed (SAM hashes the function's literal properties into it) or
when the version's Description, resolved as CloudFormation resolves it, changed (a create-only property: CloudFormation
replaces the version, which publishes a new one). Fails unless every function whose environment reads a parameter
gets a new version when it changes, and unless each description fits Lambda's 256 characters.

    python scripts/version_check.py template.yaml
"""

import copy
import json
import os
import re
import sys

from cfnlint.decode import decode
from samtranslator.parser.parser import Parser
from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.translator import Translator

PSEUDO = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::Partition": "aws",
    "AWS::StackName": "autojoin",
    "AWS::URLSuffix": "amazonaws.com",
}

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:autojoin/"

# (base, changed) for parameters with no default, or whose default cannot be changed mechanically. The base turns
# every provider on with the names docs/IDENTITY-PROVIDERS.md gives, so the descriptions' lengths are realistic.
EXAMPLES = {
    "SenderEmail": ("noreply@example.com", "hello@example.com"),
    "SenderDomain": ("example.com", "example.org"),
    "AppBaseUrl": ("https://app.example.com", "https://app.example.org"),
    "SignupWebhookSecretArn": (ARN + "signup-webhook-AbCdEf", ARN + "signup-webhook-GhIjKl"),
    "ClerkWebhookSecretArn": (ARN + "clerk-webhook-AbCdEf", ARN + "clerk-webhook-GhIjKl"),
    "WorkosWebhookSecretArn": (ARN + "workos-webhook-AbCdEf", ARN + "workos-webhook-GhIjKl"),
    "OktaHookAuthorizationSecretArn": (ARN + "okta-hook-authorization-AbCdEf", ARN + "okta-hook-authorization-GhIjKl"),
    "KeycloakWebhookSecretArn": (ARN + "keycloak-webhook-AbCdEf", ARN + "keycloak-webhook-GhIjKl"),
    "FirebaseProjectId": ("acme-prod-4821", "acme-prod-4822"),
    "FirebaseAudience": (
        "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/hooks/firebase",
        "https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/hooks/firebase",
    ),
    "JwtIssuer": ("", "https://example.us.auth0.com/"),
    "JwtAudience": ("", "my-api"),
    "EmailClaim": ("email", "https://example.com/email"),
    "EmailVerifiedClaim": ("email_verified", "https://example.com/email_verified"),
}

DESCRIPTION_LIMIT = 256


def load(path):
    template, matches = decode(path)
    if matches:
        sys.exit(f"{path}: {matches}")
    template = json.loads(json.dumps(template))
    template["Globals"]["Function"]["CodeUri"] = "s3://artifacts/functions.zip"  # as `sam package` leaves it
    return template


def changed_value(name, spec):
    if name in EXAMPLES:
        return EXAMPLES[name][1]
    if "AllowedValues" in spec:
        others = [v for v in spec["AllowedValues"] if str(v) != str(spec.get("Default"))]
        return str(others[0])
    if spec.get("Type") == "Number" and "Default" in spec:
        value = int(spec["Default"]) + 1
        if "MaxValue" in spec and value > int(spec["MaxValue"]):
            value -= 2
        return str(value)
    return None


def base_values(template):
    values = {}
    for name, spec in template["Parameters"].items():
        if name in EXAMPLES:
            values[name] = EXAMPLES[name][0]
        elif "Default" in spec:
            values[name] = str(spec["Default"])
        else:
            sys.exit(f"version_check: parameter {name} has no default: give it an example in EXAMPLES")
    return values


def translate(template, values):
    try:
        return Translator(managed_policy_map={}, sam_parser=Parser()).translate(
            sam_template=copy.deepcopy(template), parameter_values={**values, **PSEUDO}
        )
    except InvalidDocumentException as e:
        sys.exit("SAM translation failed: " + "; ".join(str(c) for c in e.causes))


def evaluate(node, values):
    """An intrinsic's value as CloudFormation computes it at deploy time (the functions descriptions use)."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict) and len(node) == 1:
        ((fn, arg),) = node.items()
        if fn == "Ref":
            return {**values, **PSEUDO}[arg]
        if fn == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else arg
            names = {**values, **PSEUDO, **{k: evaluate(v, values) for k, v in variables.items()}}
            return re.sub(r"\$\{([^}!]+)\}", lambda m: names[m.group(1)], text)
        if fn == "Fn::Select":
            return evaluate(arg[1], values)[int(arg[0])] if isinstance(arg[1], dict) else evaluate(
                arg[1][int(arg[0])], values)
        if fn == "Fn::Split":
            return evaluate(arg[1], values).split(arg[0])
        if fn == "Fn::Join":
            parts = arg[1] if isinstance(arg[1], list) else evaluate(arg[1], values)
            return arg[0].join(evaluate(p, values) for p in parts)
    raise ValueError(f"cannot evaluate {node}")


def versions(cfn, values):
    """Function logical id -> (version logical id, resolved version description)."""
    found = {}
    for logical_id, resource in cfn["Resources"].items():
        if resource["Type"] != "AWS::Lambda::Version":
            continue
        function = resource["Properties"]["FunctionName"]["Ref"]
        description = resource["Properties"].get("Description")
        found[function] = (logical_id, None if description is None else evaluate(description, values))
    return found


def references(node, name):
    if isinstance(node, dict):
        if node.get("Ref") == name:
            return True
        if "Fn::Sub" in node:
            sub = node["Fn::Sub"]
            text = sub if isinstance(sub, str) else sub[0]
            if "${" + name + "}" in text:
                return True
        return any(references(v, name) for v in node.values())
    if isinstance(node, list):
        return any(references(v, name) for v in node)
    return False


def readers(cfn, name):
    """Functions whose environment (the Globals' merged in) reads the parameter."""
    return {
        logical_id
        for logical_id, resource in cfn["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Function"
        and references(resource["Properties"].get("Environment", {}), name)
    }


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    os.environ.setdefault("AWS_DEFAULT_REGION", PSEUDO["AWS::Region"])
    template = load(path)
    values = base_values(template)
    base_cfn = translate(template, values)
    base = versions(base_cfn, values)
    failures = []
    if not base:
        failures.append("no function publishes a version (AutoPublishAlias missing?)")

    for function, (_, description) in base.items():
        if description is not None and len(description) > DESCRIPTION_LIMIT:
            failures.append(f"{function}: version description is {len(description)} characters, over Lambda's "
                            f"{DESCRIPTION_LIMIT}: {description}")

    def check(label, changed_template, changed_values, must):
        after = versions(translate(changed_template, changed_values), changed_values)
        new = sorted(f for f in base if base[f] != after.get(f))
        missing = sorted(set(must) - set(new))
        print(f"{label:34} -> {', '.join(new) or '(none)'}")
        for function in missing:
            failures.append(f"{label}: {function} reads it, but its version stays {base[function][0]}"
                            f" with the same description")

    print("== a new value of each parameter, alone -> the functions that publish a new version")
    for name, spec in template["Parameters"].items():
        value = changed_value(name, spec)
        must = readers(base_cfn, name)
        if value is None:
            if must:
                failures.append(f"{name}: read by {sorted(must)}, but has no changed value in EXAMPLES")
            continue
        check(name, template, {**values, name: value}, must)

    print("== a literal property changed -> the functions that publish a new version")
    logging = copy.deepcopy(template)
    logging["Globals"]["Function"]["LoggingConfig"]["ApplicationLogLevel"] = "DEBUG"
    check("Globals LoggingConfig", logging, values, base)
    for function in base:
        for prop, change in (("Timeout", lambda t: t + 1), ("Handler", lambda h: h.replace("::", "::x"))):
            changed = copy.deepcopy(template)
            props = changed["Resources"][function]["Properties"]
            props[prop] = change(props[prop])
            check(f"{function} {prop}", changed, values, {function})

    if failures:
        print("\nFAILED: a change that would not reach the live alias")
        for failure in failures:
            print("  " + failure)
        sys.exit(1)
    print(f"\nOK: every change reaches the live alias of each of {len(base)} functions")


if __name__ == "__main__":
    main()
